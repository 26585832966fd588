"""Bulk mail (*fællesmail*) to a cohort, to its participants' nearest leaders or to a filtered
selection (issue #16 §3): templates with merge fields, and a record of each mailing and who got
it. The mails themselves are `notifications.OutgoingEmail` rows, sent by the worker.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort


class MailTemplate(VersionedModel, BaseModel):
    """A reusable mail text (*mailskabelon*) with merge fields (`mailings.merge.FIELDS`).

    Editable by the cohorts' consultants and HR staff; `version`: optimistic locking
    (`core.concurrency`), `services.template_update` requires it.
    """

    stale_subject = _("Skabelonen")

    name = models.CharField(_("navn"), max_length=120, unique=True)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mailskabelon")
        verbose_name_plural = pgettext_lazy("plural", "mailskabeloner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    """Who a mailing goes to: the selected enrolments' participants or their nearest leaders."""

    PARTICIPANTS = "participants", _("Deltagerne")
    LEADERS = "leaders", _("Deltagernes nærmeste ledere")


class Mailing(BaseModel):
    """One bulk mail as it was sent: its text (with the merge fields unfilled), what was
    selected and by whom. Created once per `token` (the preview's), so a double submit sends
    nothing twice (`services.mailing_send`)."""

    #: the preview's one-time key: a second post of the same preview finds this row
    token = models.UUIDField(_("nøgle"), default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("hold"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailings",
        help_text=_("Holdet, når udvalget er ét hold"),
    )
    audience = models.CharField(_("modtagere"), max_length=20, choices=Audience.choices)
    #: the selection as chosen: {"cohort": id|None, "programme": id|None, "unit": id|None,
    #: "statuses": [Enrolment.Status values]}
    selection = models.JSONField(_("udvalg"), default=dict)
    #: the selection in words, as the page showed it when it was sent
    selection_label = models.CharField(_("udvalg (tekst)"), max_length=300, blank=True)
    template = models.ForeignKey(
        MailTemplate,
        verbose_name=_("skabelon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailings",
    )
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("afsender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient_count = models.PositiveIntegerField(_("antal modtagere"), default=0)
    skipped_count = models.PositiveIntegerField(_("antal sprunget over"), default=0)

    class Meta:
        verbose_name = _("fællesmail")
        verbose_name_plural = pgettext_lazy("plural", "fællesmails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the cohort's mailing history, newest first (views.cohort_list)
            models.Index(fields=["cohort", "-created_at"], name="mailing_cohort_created_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


class MailingRecipient(BaseModel):
    """That `person` got `mailing`, and the queued mail (`email`) whose status says whether it
    went out. Shown on the person's HR page."""

    mailing = models.ForeignKey(
        Mailing, verbose_name=_("fællesmail"), on_delete=models.CASCADE, related_name="recipients"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("modtager"),
        on_delete=models.CASCADE,
        related_name="mailings_received",
    )
    email = models.ForeignKey(
        OutgoingEmail,
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("modtager af fællesmail")
        verbose_name_plural = pgettext_lazy("plural", "modtagere af fællesmails")
        ordering = ["mailing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "person"], name="mailing_recipient_once_per_person"
            )
        ]
        indexes = [
            # the person's HR page: the mailings they received, newest first
            models.Index(fields=["person", "-created_at"], name="mailing_recipient_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mailing} → {self.person}"
