"""The texts of visits that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import (
    INTRO,
    SUBJECT,
    Placeholder,
    TextField,
    editable_texts,
    mail_text,
)


def register() -> None:
    """Register the subject and intro of every job-visit mail (wrap-up, partner, a visit booked or
    cancelled, a visit missing before the wrap-up, reopening asked for, reopened) as editable
    texts (issue #16 §1)."""
    editable_texts.register(
        mail_text(
            key="mail.visits.wrap_up",
            order=50,
            title=_("Fælles opsamling på jobbesøg"),
            template="visits/email/wrap_up",
            description=_("Sendes til to besøgspar og konsulenterne, når opsamlingen er booket."),
            placeholders=(
                Placeholder("sted", "group.place", _("opsamlingens sted"), sample="Mødelokale 2"),
            ),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.visits.partner",
            order=45,
            title=_("Din makker til jobbesøg"),
            template="visits/email/partner",
            description=_("Sendes til besøgsparret, når konsulenten har dannet parrene."),
            fields=(
                SUBJECT,
                INTRO,
                TextField("intro_many", _("Indledning, når der er flere makkere")),
            ),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.visits.visit",
            order=46,
            title=_("Jobbesøg aftalt"),
            template="visits/email/visit",
            description=_("Kalenderinvitationen til et jobbesøg; også når det aflyses."),
            fields=(
                SUBJECT,
                TextField("subject_cancelled", _("Emnelinje, når besøget er aflyst"), subject=True),
                INTRO,
                TextField("intro_cancelled", _("Indledning, når besøget er aflyst")),
            ),
            placeholders=(
                Placeholder(
                    "emne",
                    "invitation.summary",
                    _("besøgets titel i kalenderen"),
                    "Jobbesøg 1 hos Lars Holm",
                ),
            ),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.visits.missing_visit",
            order=47,
            title=_("Påmindelse: jobbesøg før opsamlingen"),
            template="visits/email/missing_visit",
            description=_(
                "Sendes før den fælles opsamling, når et besøg endnu ikke er markeret gennemført."
            ),
            placeholders=(
                Placeholder(
                    "tidspunkt",
                    "group.starts_at",
                    _("opsamlingens tidspunkt"),
                    "mandag 1. marts 2027 kl. 09:00",
                    date_format="WEEKDAY_DATETIME_FORMAT",
                ),
            ),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.visits.reopen_request",
            order=48,
            title=_("Ønske om at genåbne et jobbesøg"),
            template="visits/email/reopen_request",
            description=_(
                "Sendes til konsulenterne, når et besøgspar beder om at genåbne et besøg."
            ),
            placeholders=(
                Placeholder("par", "pair.number", _("besøgsparrets nummer"), "2"),
                Placeholder("hold", "cohort.name", _("holdets navn"), "Aspirant 2027"),
            ),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.visits.reopened",
            order=49,
            title=_("Jobbesøg genåbnet"),
            template="visits/email/reopened",
            description=_("Sendes til besøgsparret, når konsulenten har genåbnet et besøg."),
            placeholders=(Placeholder("besøg", "visit.label", _("besøgets navn"), "Jobbesøg 1"),),
        )
    )
