"""What 'Leder på spring' (seed 002, lederafklaringsforløb) needs beyond cohorts and sessions.

- `PreStartMailing` (+ `MailingAttachment`, `MailingDelivery`): seed 002 §1 "Cirka 14 dage før
  kursusstart modtager du pr. mail nogle artikler samt et link til besvarelse af JTI analysen."
- `JtiRecord`: the participant has answered the JTI analysis (seed 002 §1, §5 day 2). The type
  itself lives on `Enrolment.jti_type` (only with consent; the grouping app's form).
- `Homework` / `HomeworkStatus`: homework per teaching day (seed 002 §1 "forskellige
  hjemmeopgaver"), some of them tasks for the network group (§6).
- `LeaderTalk` / `LeaderTalkFeedback`: seed 002 §5, day 5 "Dernæst leverer hver deltager et
  forberedt lederindlæg, hvor formålet er at træne kommunikativ gennemslagskraft. Deltagerne
  gives struktureret feedback og feedforward."
"""

from __future__ import annotations

from pathlib import Path

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.core.storage import MediaStorage as _MediaStorage
from lederspor.programmes.models import Cohort, Enrolment, Session

#: largest article file a consultant may upload, in bytes (10 MB)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: article file types: PDF and Word
ATTACHMENT_EXTENSIONS = ("pdf", "docx")


# kept importable here: migration 0001 refers to lederspor.clarification.models.MediaStorage
MediaStorage = _MediaStorage


class PreStartMailing(VersionedModel, BaseModel):
    """The mail sent `days_before` days before the cohort starts (07:00 local time) to every
    enrolled participant: the consultant's text, the JTI link, article links and files.

    `scheduled_for`: when the send task is due (recomputed on every change of the mailing or the
    cohort's start date). `sent_at`: when it first went out. `version`: optimistic locking
    (`core.concurrency`); `mailing_update` requires it (the cohort's consultants share the page).
    Rescheduling after a moved start and sending do not bump it: they change no field the form
    edits.
    """

    stale_subject = _("Mailen")

    cohort = models.OneToOneField(
        Cohort, verbose_name=_("hold"), on_delete=models.CASCADE, related_name="prestart_mailing"
    )
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    jti_url = models.URLField(_("link til JTI-analysen"), max_length=500, blank=True)
    article_links = models.TextField(
        _("links til artikler"),
        blank=True,
        help_text=_("Ét link pr. linje. Skriv evt. en titel foran linket: Titel | https://…"),
    )
    days_before = models.PositiveSmallIntegerField(_("antal dage før kursusstart"), default=14)
    scheduled_for = models.DateTimeField(_("planlagt til"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail før kursusstart")
        verbose_name_plural = _("mails før kursusstart")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__lte=120), name="mailing_days_before_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.cohort})"

    def links(self) -> list[tuple[str, str]]:
        """The article links as (title, url) pairs; the title is the url when none is given."""
        pairs = []
        for line in self.article_links.splitlines():
            line = line.strip()
            if not line:
                continue
            title, sep, url = line.rpartition("|")
            url = url.strip()
            pairs.append(((title.strip() if sep else "") or url, url))
        return pairs


def _attachment_path(instance: MailingAttachment, filename: str) -> str:
    return f"mailings/{instance.mailing.cohort_id}/{filename}"


class MailingAttachment(BaseModel):
    """An article (PDF or Word file) of the mailing: attached to the mail (up to 20 MB in all,
    `notifications.services.MAX_ATTACHMENTS_BYTES`) and also linked through an access-checked
    download view."""

    mailing = models.ForeignKey(
        PreStartMailing,
        verbose_name=_("mail"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(
        _("fil"),
        upload_to=_attachment_path,
        storage=MediaStorage(),
        max_length=300,
        validators=[FileExtensionValidator(list(ATTACHMENT_EXTENSIONS))],
    )
    size = models.PositiveIntegerField(_("størrelse (bytes)"), default=0)

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikler")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        """The stored file's name without its folder."""
        return Path(self.file.name or "").name


class MailingDelivery(BaseModel):
    """The mailing was queued to one participant (at most once: unique per mailing and
    enrolment)."""

    mailing = models.ForeignKey(
        PreStartMailing,
        verbose_name=_("mail"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="prestart_deliveries",
    )
    email = models.ForeignKey(
        "notifications.OutgoingEmail",
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("udsendelse")
        verbose_name_plural = _("udsendelser")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "enrolment"], name="mailing_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mailing} → {self.enrolment}"


class JtiRecord(BaseModel):
    """The participant has answered the JTI analysis (Jungs Type Indikator, seed 002 §1)."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("deltagelse"), on_delete=models.CASCADE, related_name="jti"
    )
    answered_at = models.DateTimeField(_("JTI-analysen besvaret"))

    class Meta:
        verbose_name = _("JTI-besvarelse")
        verbose_name_plural = _("JTI-besvarelser")

    def __str__(self) -> str:
        return f"JTI {self.enrolment}"


class Homework(BaseModel):
    """A homework task (*hjemmeopgave*) for a teaching day, set by the cohort's consultants.

    `is_network_group_task`: solved together in the network group (seed 002 §6 "Der bliver
    bestemte opgaver, som I skal løse i netværksgrupperne.").
    """

    session = models.ForeignKey(
        Session,
        verbose_name=_("undervisningsdag"),
        on_delete=models.CASCADE,
        related_name="homework",
    )
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("beskrivelse"), blank=True)
    is_network_group_task = models.BooleanField(_("løses i netværksgruppen"), default=False)

    class Meta:
        verbose_name = _("hjemmeopgave")
        verbose_name_plural = _("hjemmeopgaver")
        ordering = ["session__starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class HomeworkStatus(BaseModel):
    """A participant has done a homework task (the row exists = done)."""

    homework = models.ForeignKey(
        Homework,
        verbose_name=_("hjemmeopgave"),
        on_delete=models.CASCADE,
        related_name="statuses",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="homework_statuses",
    )
    done_at = models.DateTimeField(_("udført"))

    class Meta:
        verbose_name = _("status for hjemmeopgave")
        verbose_name_plural = _("status for hjemmeopgaver")
        constraints = [
            models.UniqueConstraint(fields=["homework", "enrolment"], name="homework_status_once"),
        ]

    def __str__(self) -> str:
        return f"{self.homework} – {self.enrolment}"


class LeaderTalk(VersionedModel, BaseModel):
    """A participant's prepared leader talk (*lederindlæg*, seed 002 §5 day 5), one per
    enrolment; `session` is the teaching day it is delivered on.

    `version`: optimistic locking (`core.concurrency`); the participant and the cohort's
    consultants edit the same talk, and `leader_talk_update` requires it.
    """

    stale_subject = _("Lederindlægget")

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="leader_talk",
    )
    title = models.CharField(_("titel på lederindlægget"), max_length=200)
    session = models.ForeignKey(
        Session,
        verbose_name=_("holdes på"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader_talks",
    )

    class Meta:
        verbose_name = _("lederindlæg")
        verbose_name_plural = pgettext_lazy("plural", "lederindlæg")
        ordering = ["enrolment__person__first_name", "pk"]

    def __str__(self) -> str:
        return self.title


#: the aspects of structured feedback on a leader talk, from seed 002 §5 day 5: "Her arbejdes med
#: gennemslagskraft, formidling og feedback som ledelsesredskaber." (field prefix, Danish label)
TALK_ASPECTS = (
    ("impact", _("Kommunikativ gennemslagskraft")),
    ("delivery", _("Formidling")),
    ("overall", _("Samlet indtryk")),
)


class LeaderTalkFeedback(VersionedModel, BaseModel):
    """Structured feedback (what worked well) and feedforward (what to try next time) on a
    talk from one peer on the same cohort, per aspect of `TALK_ASPECTS`. One per peer per talk,
    editable by its author; `version`: optimistic locking (`core.concurrency`, e.g. the author's
    second tab), `talk_feedback_update` requires it."""

    stale_subject = _("Din feedback")

    talk = models.ForeignKey(
        LeaderTalk,
        verbose_name=_("lederindlæg"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    author = models.ForeignKey(
        Enrolment,
        verbose_name=_("givet af"),
        on_delete=models.CASCADE,
        related_name="talk_feedback_given",
    )
    impact_feedback = models.TextField(_("Det virkede godt"), blank=True)
    impact_feedforward = models.TextField(_("Prøv næste gang"), blank=True)
    delivery_feedback = models.TextField(_("Det virkede godt"), blank=True)
    delivery_feedforward = models.TextField(_("Prøv næste gang"), blank=True)
    overall_feedback = models.TextField(_("Det virkede godt"), blank=True)
    overall_feedforward = models.TextField(_("Prøv næste gang"), blank=True)

    class Meta:
        verbose_name = _("feedback på lederindlæg")
        verbose_name_plural = _("feedback på lederindlæg")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "author"], name="talk_feedback_one_per_peer"),
        ]

    def __str__(self) -> str:
        return f"{self.talk} ← {self.author}"

    def aspects(self) -> list[tuple[str, str, str]]:
        """(label, feedback, feedforward) per aspect, in `TALK_ASPECTS` order."""
        return [
            (str(label), getattr(self, f"{key}_feedback"), getattr(self, f"{key}_feedforward"))
            for key, label in TALK_ASPECTS
        ]
