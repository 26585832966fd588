"""Outgoing e-mail, queued by services and delivered by the background worker (DESIGN.md §7).

Nothing is sent in the request: a service creates an `OutgoingEmail` row and enqueues the
`deliver_email` task in the same transaction (django-tasks' database backend stores the task in
the same database, so a rolled-back request queues nothing). Failed sends are retried with a
back-off and stay visible on the e-mail page (HR staff with `view_all_email` see every mail, a
cohort's consultants the mails about their cohorts).

Delivery is at-least-once (docs/operations.md "E-mail delivery"): the worker claims a row by
moving it from "queued" to "sending" in a short transaction of its own, then talks to the relay
outside any transaction. A row left in "sending" by a worker that died is sent once more with
the same Message-ID after `EMAIL_SENDING_STALE_AFTER`; a second interrupted send marks it failed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lederspor.core.models import BaseModel
from lederspor.people.models import Person


class OutgoingEmail(BaseModel):
    """One e-mail to one recipient, optionally with an iCalendar (.ics) part and attached files
    (referenced in `attachments`, read from storage when the worker sends it)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        #: claimed by a worker, which is talking to the relay (or died while it did)
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")
        #: an invitation not sent because its meeting had ended before the worker got to it
        #: (issue #14 §2): not an error, so not counted as failed
        EXPIRED = "expired", _("Ikke sendt (mødet var slut)")

    recipient = models.ForeignKey(
        Person,
        verbose_name=_("modtager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    to_address = models.EmailField(_("til"))
    subject = models.CharField(_("emne"), max_length=250)
    body = models.TextField(_("tekst"))
    #: the same text as HTML (a multipart/alternative part); empty for mails queued before it
    html_body = models.TextField(_("tekst som HTML"), blank=True)
    #: text of an iCalendar object (METHOD:REQUEST or CANCEL), sent as text/calendar
    ics = models.TextField(_("kalenderinvitation"), blank=True)
    #: uploaded files attached at send time, read from the uploaded-files storage
    #: (`services.attachment_storage`): a list of {"name": file name shown in the mail,
    #: "storage_name": name in the storage, "mimetype": e.g. "application/pdf"}
    attachments = models.JSONField(_("vedhæftede filer"), default=list, blank=True)
    kind = models.CharField(_("slags"), max_length=60, help_text=_("fx grouping.published"))
    #: what the mail is about, as "app_label.model:pk", for the e-mail page
    about = models.CharField(_("vedrører"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    #: the Message-ID header ("<…@host>"), made when the mail is first claimed for sending and
    #: kept across retries, so a mail delivered twice is recognisable as the same message
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    #: when the current send began (status "sending"); the claim's token for the stale check
    claimed_at = models.DateTimeField(_("afsendelse begyndt"), null=True, blank=True)
    #: sends interrupted (the worker died while talking to the relay): 1 → retried once, 2 → failed
    interrupted_sends = models.PositiveSmallIntegerField(_("afbrudte afsendelser"), default=0)
    #: the cohort the mail is about, if any: a cohort's consultants see these mails on the
    #: e-mail page (`selectors.emails_visible_to`). A reference by name, like the reverse
    #: relations people.roles reads: notifications imports nothing from the hub.
    cohort = models.ForeignKey(
        "programmes.Cohort",
        verbose_name=_("hold"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udgående e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the e-mail page filtered by status, newest first
            models.Index(fields=["status", "created_at"], name="email_status_idx"),
            # the e-mail page unfiltered, newest first (`ordering`; issue #17 §1: no index on
            # created_at made HR's page sort the whole queue)
            models.Index(fields=["created_at", "id"], name="email_created_idx"),
            # a consultant's e-mail page: the mails about their cohorts, newest first
            models.Index(fields=["cohort", "created_at"], name="email_cohort_created_idx"),
        ]
        permissions = [("view_all_email", _("Kan se alle udgående e-mails"))]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"

    @property
    def may_have_been_sent(self) -> bool:
        """Whether the relay may already have accepted this mail: it was sent, a send is under
        way (or its worker died), or an earlier send was interrupted. "Send igen" then asks
        for confirmation (`services.email_retry`)."""
        return self.status in (self.Status.SENT, self.Status.SENDING) or self.interrupted_sends > 0


class CalendarFeedToken(BaseModel):
    """The secret in a person's iCalendar feed address (*kalenderabonnement*, issue #16 §3).

    The raw token is shown once, when it is made (`notifications.feeds.feed_token_renew`); the
    database keeps its SHA-256 hex digest only, like an API key (`api.models.ApiToken`).
    `prefix`: the visible start of the raw token, to find the row without scanning. A person
    has at most one active token (a database rule); "Forny adresse" revokes it and makes a new
    one, "Stop abonnement" only revokes. `last_used_at`: the feed's last read (at most once a
    minute, `feeds.FEED_TOUCH_SECONDS`).
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    prefix = models.CharField(_("præfiks"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(_("hash"), max_length=64, editable=False)
    last_used_at = models.DateTimeField(_("senest hentet"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendarfeed_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} (kal_{self.prefix}_…)"
