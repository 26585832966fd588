"""The texts of the programmes hub that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import (
    INTRO,
    SUBJECT,
    Placeholder,
    TextField,
    editable_texts,
    mail_text,
)

COHORT = Placeholder("hold", "cohort.name", _("holdets navn"), "Aspirant 2027")
PERSON = Placeholder(
    "deltager", "enrolment.person.full_name", _("den indstilledes navn"), "Anna Jensen"
)


def register() -> None:
    """Register the subject and intro of the session invitation (new, changed, cancelled,
    withdrawn) and the two waiting-list mails as editable texts (issue #16 §1, §3)."""
    editable_texts.register(
        mail_text(
            key="mail.programmes.session",
            order=5,
            title=_("Invitation til mødegang"),
            template="programmes/email/session",
            description=_(
                "Kalenderinvitationen til en mødegang; også når den ændres eller aflyses, og når "
                "en deltager forlader holdet."
            ),
            fields=(
                SUBJECT,
                TextField(
                    "subject_changed", _("Emnelinje, når mødegangen er ændret"), subject=True
                ),
                TextField(
                    "subject_cancelled", _("Emnelinje, når mødegangen er aflyst"), subject=True
                ),
                TextField(
                    "subject_withdrawn",
                    _("Emnelinje, når deltageren ikke længere er på holdet"),
                    subject=True,
                ),
                INTRO,
                TextField("intro_changed", _("Indledning, når mødegangen er ændret")),
                TextField("intro_cancelled", _("Indledning, når mødegangen er aflyst")),
                TextField(
                    "intro_withdrawn", _("Indledning, når deltageren ikke længere er på holdet")
                ),
            ),
            placeholders=(
                Placeholder("tema", "session.theme", _("mødegangens tema"), "Netværksmøde"),
                Placeholder(
                    "dato",
                    "session.starts_at",
                    _("mødegangens dato"),
                    "1. marts 2027",
                    date_format="DATE_FORMAT",
                ),
            ),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.programmes.waitlisted",
            order=6,
            title=_("Indstilling sat på venteliste"),
            template="programmes/email/waitlisted",
            description=_(
                "Sendes til den, der indstillede, når holdet er fuldt og indstillingen kommer på "
                "venteliste."
            ),
            placeholders=(COHORT, PERSON),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.programmes.waitlist_place",
            order=7,
            title=_("Plads fra ventelisten"),
            template="programmes/email/waitlist_place",
            description=_(
                "Sendes til deltageren og til den, der indstillede, når en plads fra ventelisten "
                "er givet."
            ),
            fields=(
                SUBJECT,
                TextField("subject_other", _("Emnelinje til den, der indstillede"), subject=True),
                INTRO,
                TextField("intro_other", _("Indledning til den, der indstillede")),
            ),
            placeholders=(COHORT, PERSON),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.programmes.persons_deactivated",
            order=8,
            title=_("Deltagere ikke længere aktive i organisationen"),
            template="programmes/email/persons_deactivated",
            description=_(
                "Sendes til holdets konsulent, når en fuld indlæsning af organisationen gør "
                "deltagere inaktive; mailen lister deltagerne (emnelinjen nævner ingen navne)."
            ),
        )
    )
