"""Evaluations (issue #13 §2): questionnaire templates, questionnaires sent after a session or
at a programme's end, the invitations that carry the link, and the answers.

Anonymity (docs/evaluations.md): for an anonymous questionnaire the only row that links a person
to it is their `Invitation`, which records *that* they answered (`answered_on`, a date) and
nothing about *what*. A `Response` of an anonymous questionnaire has no person, a random
primary key (no order of arrival) and only the date it was given; `Answer` has no time at all.
So `Response` and `Answer` deliberately do not inherit `BaseModel`'s to-the-second stamps.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, ProgrammeKind, Session


class Moment(models.TextChoices):
    """When a questionnaire is sent: after a session, or at the end of the programme."""

    SESSION = "session", _("Efter en mødegang")
    PROGRAMME_END = "programme_end", _("Ved forløbets afslutning")


class Audience(models.TextChoices):
    """Who is asked: the cohort's participants or their nearest leaders."""

    PARTICIPANT = "participant", _("Deltagerne")
    LEADER = "leader", _("Deltagernes nærmeste ledere")


class QuestionKind(models.TextChoices):
    """How a question is answered."""

    SCALE = "scale", _("Skala 1–5")
    SINGLE = "single", _("Ét valg")
    MULTIPLE = "multiple", _("Flere valg")
    TEXT = "text", _("Fritekst")


#: kinds whose answer is one or more of the question's `choices`
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE_MIN, SCALE_MAX = 1, 5


class QuestionnaireTemplate(BaseModel):
    """A reusable questionnaire (*skabelon*), loaded from
    `lederspor/content/evaluations/templates.toml` (`content.load_evaluation_templates`).

    `programme_kind` "" fits every programme; `session_kinds` lists the `Session.Kind` values a
    session template is meant for (empty: any). `is_ours`: its texts are written by us (not
    quoted from a seed); `source` names the seed file and section the questions build on.
    """

    key = models.SlugField(_("nøgle"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    programme_kind = models.CharField(
        _("forløb"), max_length=20, choices=ProgrammeKind.choices, blank=True
    )
    moment = models.CharField(_("tidspunkt"), max_length=20, choices=Moment.choices)
    audience = models.CharField(_("målgruppe"), max_length=20, choices=Audience.choices)
    session_kinds = models.JSONField(_("mødegangstyper"), default=list, blank=True)
    is_ours = models.BooleanField(_("skrevet af os"), default=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("evalueringsskabelon")
        verbose_name_plural = _("evalueringsskabeloner")
        ordering = ["programme_kind", "moment", "audience", "name"]

    def __str__(self) -> str:
        return self.name


class QuestionFields(models.Model):
    """The fields a question has both in a template and in a questionnaire.

    `key` is a slug that stays the same across versions, cohorts and years, so results group
    by it; `choices` is the list of options of a single/multiple choice question.
    """

    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    key = models.SlugField(_("nøgle"), max_length=60)
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("spørgsmål"), max_length=500)
    choices = models.JSONField(_("svarmuligheder"), default=list, blank=True)
    required = models.BooleanField(_("skal besvares"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text


class TemplateQuestion(QuestionFields, BaseModel):
    """A question of a `QuestionnaireTemplate`. `is_ours`: worded by us (else quoted from the
    seed named in `source`)."""

    template = models.ForeignKey(
        QuestionnaireTemplate,
        verbose_name=_("skabelon"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    is_ours = models.BooleanField(_("skrevet af os"), default=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("skabelonspørgsmål")
        verbose_name_plural = pgettext_lazy("plural", "skabelonspørgsmål")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_question_key"),
        ]


class Questionnaire(VersionedModel, BaseModel):
    """A questionnaire (*spørgeskema*) for one cohort: after one of its sessions or at the
    programme's end, to its participants or their nearest leaders.

    Life-cycle: draft (questions may be edited) → scheduled (the worker sends it at `send_at`)
    → sent (invitations mailed; one reminder at `reminder_at` to those who have not answered)
    → closed (no more answers; also after `closes_on`).
    """

    stale_subject = _("Evalueringen")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SCHEDULED = "scheduled", _("Planlagt")
        SENT = "sent", _("Sendt")
        CLOSED = "closed", _("Lukket")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("hold"), on_delete=models.CASCADE, related_name="questionnaires"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("mødegang"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    template = models.ForeignKey(
        QuestionnaireTemplate,
        verbose_name=_("skabelon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaires",
    )
    moment = models.CharField(_("tidspunkt"), max_length=20, choices=Moment.choices)
    audience = models.CharField(_("målgruppe"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("titel"), max_length=200)
    anonymous = models.BooleanField(_("anonym"), default=True)
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    send_at = models.DateTimeField(_("sendes"))
    reminder_at = models.DateTimeField(_("påmindelse"))
    closes_on = models.DateField(_("lukker"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påmindet"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["send_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moment="programme_end") | Q(session__isnull=False),
                name="questionnaire_session_moment_has_session",
            ),
            models.CheckConstraint(
                condition=Q(send_at__lt=models.F("reminder_at")),
                name="questionnaire_reminder_after_send",
            ),
        ]
        indexes = [
            # the cohort's evaluations list, in send order
            models.Index(fields=["cohort", "send_at"], name="questionnaire_cohort_send_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(QuestionFields, BaseModel):
    """A question of a questionnaire, copied from its template (the `key` kept, so results
    group across cohorts and years) and editable while the questionnaire is a draft."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("evaluering"),
        on_delete=models.CASCADE,
        related_name="questions",
    )

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = pgettext_lazy("plural", "spørgsmål")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_unique_key"),
        ]
        indexes = [
            # aggregate_results: the questions of many questionnaires grouped by key
            models.Index(fields=["key"], name="question_key_idx"),
        ]


class Invitation(BaseModel):
    """One person's invitation to answer: the ONLY link between a person and an anonymous
    questionnaire. It says whether they answered (`answered_on`, only the date) so nobody
    answers twice and the reminder skips them; it holds nothing about the answer.

    `token_hash`: SHA-256 of the random token the invitation mail's link carries (the token
    itself is never stored); `reminder_token_hash` the same for the reminder's link.
    """

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("evaluering"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("inviteret"), on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(_("token (hash)"), max_length=64, unique=True)
    reminder_token_hash = models.CharField(
        _("påmindelsestoken (hash)"), max_length=64, unique=True, null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påmindet"), null=True, blank=True)
    answered_on = models.DateField(_("besvaret"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "person"], name="invitation_one_per_person"
            ),
        ]
        indexes = [
            # "Evalueringer du mangler at besvare": a person's open invitations
            models.Index(fields=["person", "answered_on"], name="invitation_person_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.questionnaire}"


class Response(models.Model):
    """One submitted answer sheet. `person` is set only for a named questionnaire; an anonymous
    one has no person, a random id and only the date (`submitted_on`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("evaluering"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("besvaret af"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    submitted_on = models.DateField(_("besvaret"))

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "person"],
                condition=Q(person__isnull=False),
                name="response_one_per_named_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.submitted_on})"


class Answer(models.Model):
    """The answer to one question: `scale` (1–5), `choices` (the chosen options: one for a
    single choice question) or `text`."""

    response = models.ForeignKey(
        Response, verbose_name=_("besvarelse"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("spørgsmål"), on_delete=models.CASCADE, related_name="answers"
    )
    scale = models.PositiveSmallIntegerField(
        _("skala"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    choices = models.JSONField(_("valg"), default=list, blank=True)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = pgettext_lazy("plural", "svar")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="answer_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.scale or self.choices or '…'}"
