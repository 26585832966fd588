"""What the trainee programme (seed 003, `003_98ed040a6482f845.txt`) needs beyond cohorts and
conversations: the prerequisite personality test, the effects per phase as evaluation
questions, and the outcome.

- `PersonalityTest`: "Hvis ledertraineen ikke har deltaget i Aarhus Kommunes fælles
  lederafklaringsforløb, skal ledertraineen forinden samtalen have taget en persontest og fået
  feedback herpå. Det er HR-konsulenten som giver feedback til ledertraineen."
- `EffectAnswer`: the three "Effekt:" lists (one per phase, `Phase.effects`) answered by the
  trainee and by the nearest leader, 1–5.
- `TraineeOutcome`: "Ledertrainee i lederjob / ’lederparat’ ledertrainee." — an outcome (a
  choice with a date and a note), never a 1–5 rating: that effect is left out of the rated
  effects (`OUTCOME_EFFECT`, `rated_effects`).
- `CohortOptions`: the consultant's choice to hold start part 1 as one joint meeting ("Denne
  samtale kan i stedet være et fælles møde for alle ledertrainees og deres ledere i
  magistratsafdelingen.").
- `JointStartMeeting`: that joint meeting; each trainee's start part 1 record links to it.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment, Phase

#: the stale-save message of the personality test and the outcome: their forms are mostly dates
#: and choices, so it speaks of what was entered rather than of text to copy
STALE_ENTRIES_MESSAGE = _(
    "%(what)s er ændret af en anden, siden du åbnede siden. Dine indtastninger er bevaret "
    "herunder: genindlæs siden og indsæt dem igen."
)


class PersonalityTest(VersionedModel, BaseModel):
    """A trainee's personality test (*persontest*) and the HR consultant's feedback on it.

    One per enrolment. `taken_on`: the date the trainee took the test. `feedback_given_on` and
    `feedback_by` (a consultant): when and by whom the feedback was given; both empty until then.
    `conversation`: the `personality_feedback` conversation the feedback was given at, if it was
    planned in Lederspor. `version`: optimistic locking (`core.concurrency`); a correction
    requires it.
    """

    stale_subject = _("Persontesten")
    stale_message = STALE_ENTRIES_MESSAGE

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="personality_test",
    )
    taken_on = models.DateField(_("persontesten er taget"))
    feedback_given_on = models.DateField(_("feedback givet"), null=True, blank=True)
    feedback_by = models.ForeignKey(
        Person,
        verbose_name=_("feedback givet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        verbose_name=_("feedbacksamtale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        Person,
        verbose_name=_("registreret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("persontest")
        verbose_name_plural = _("persontests")
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_given_on__isnull=True)
                | Q(feedback_given_on__gte=models.F("taken_on")),
                name="personality_feedback_after_test",
            ),
        ]

    def __str__(self) -> str:
        return _("Persontest – %(enrolment)s") % {"enrolment": self.enrolment_id}

    @property
    def has_feedback(self) -> bool:
        return self.feedback_given_on is not None


class Respondent(models.TextChoices):
    """Who answers the effect questions (seed 003: "ledertrainee og leder")."""

    TRAINEE = "trainee", _("Ledertrainee")
    LEADER = "leader", _("Nærmeste leder")


class Rating(models.IntegerChoices):
    """How far an effect was reached, 1–5."""

    NOT_AT_ALL = 1, _("1 – Slet ikke")
    SMALL = 2, _("2 – I mindre grad")
    SOME = 3, _("3 – I nogen grad")
    HIGH = 4, _("4 – I høj grad")
    VERY_HIGH = 5, _("5 – I meget høj grad")


class EffectAnswer(BaseModel):
    """One respondent's answer to one effect of one phase (seed 003, "Effekt:").

    `effect_index`: 0-based position in `phase.effects`; `effect_text` keeps the seed's words
    as answered (the list may be edited later). One answer per enrolment, phase, effect and
    respondent; answering again overwrites it.
    """

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="effect_answers",
    )
    phase = models.ForeignKey(
        Phase, verbose_name=_("fase"), on_delete=models.PROTECT, related_name="+"
    )
    effect_index = models.PositiveSmallIntegerField(_("effekt nr."))
    effect_text = models.TextField(_("effekt"))
    respondent = models.CharField(_("besvaret af"), max_length=10, choices=Respondent.choices)
    rating = models.PositiveSmallIntegerField(
        _("vurdering"),
        choices=Rating.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("kommentar"), blank=True)
    answered_by = models.ForeignKey(
        Person,
        verbose_name=_("besvaret af (person)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("effektsvar")
        verbose_name_plural = pgettext_lazy("plural", "effektsvar")
        ordering = ["enrolment", "phase__order", "effect_index", "respondent"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "phase", "effect_index", "respondent"],
                name="effect_answer_one_per_respondent",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="effect_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effect_text[:40]} ({self.respondent}: {self.rating})"


#: seed 003, the last "Effekt:" of the closing phase, word for word: an outcome recorded on
#: `TraineeOutcome`, not an effect rated 1–5 (issue #14 §1)
OUTCOME_EFFECT = "Ledertrainee i lederjob / ’lederparat’ ledertrainee."


def rated_effects(effects: list[str]) -> list[tuple[int, str]]:
    """(index, text) of the effects of a phase that are rated 1–5: every effect but the outcome
    (`OUTCOME_EFFECT`). The index is the position in `Phase.effects`, so answers keep theirs."""
    return [(i, text) for i, text in enumerate(effects) if text.strip() != OUTCOME_EFFECT]


class Outcome(models.TextChoices):
    """Seed 003: "Ledertrainee i lederjob / ’lederparat’ ledertrainee."."""

    IN_LEADER_JOB = "in_leader_job", _("Ledertrainee i lederjob")
    LEADER_READY = "leader_ready", _("’Lederparat’ ledertrainee")
    NOT_YET = "not_yet", _("Endnu ikke lederparat")


class TraineeOutcome(VersionedModel, BaseModel):
    """The outcome of a trainee's programme, recorded by a consultant or the nearest leader.

    `version`: optimistic locking (`core.concurrency`); changing a recorded outcome requires it.
    """

    stale_subject = _("Resultatet")
    stale_message = STALE_ENTRIES_MESSAGE

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="trainee_outcome",
    )
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    #: the date the outcome holds from (e.g. the first day in the leader job); empty only on
    #: rows recorded before the date was asked for
    decided_on = models.DateField(_("dato"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        Person,
        verbose_name=_("registreret af"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registreret"))

    class Meta:
        verbose_name = _("resultat af ledertraineeforløb")
        verbose_name_plural = _("resultater af ledertraineeforløb")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} – {self.enrolment_id}"


class CohortOptions(BaseModel):
    """How a trainee cohort runs where the seed leaves a choice to the HR consultant.

    `joint_start_part1`: start part 1 is one joint meeting for all the cohort's trainees and
    their leaders instead of one conversation per trainee (seed 003: "Denne samtale kan i stedet
    være et fælles møde for alle ledertrainees og deres ledere i magistratsafdelingen.").
    """

    cohort = models.OneToOneField(
        "programmes.Cohort",
        verbose_name=_("hold"),
        on_delete=models.CASCADE,
        related_name="trainee_options",
    )
    joint_start_part1 = models.BooleanField(
        _("opstartssamtalens første del som fælles møde"), default=False
    )

    class Meta:
        verbose_name = _("valg for ledertraineehold")
        verbose_name_plural = pgettext_lazy("plural", "valg for ledertraineehold")

    def __str__(self) -> str:
        return str(self.cohort_id)


class JointMeetingStatus(models.TextChoices):
    """planned → held."""

    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Afholdt")


class JointStartMeeting(BaseModel):
    """Start part 1 held as one joint meeting for a trainee cohort (seed 003).

    One per cohort. `conversations`: each trainee's start part 1 record (a `Conversation` of
    kind `start_part1` with `is_joint_meeting`), which takes the meeting's time and place and
    is marked held when the meeting is. `ics_sequence`: the iCalendar SEQUENCE of the one
    invitation all attendees get.
    """

    cohort = models.OneToOneField(
        "programmes.Cohort",
        verbose_name=_("hold"),
        on_delete=models.CASCADE,
        related_name="joint_start_meeting",
    )
    starts_at = models.DateTimeField(_("tidspunkt"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JointMeetingStatus.choices,
        default=JointMeetingStatus.PLANNED,
    )
    held_at = models.DateTimeField(_("afholdt"), null=True, blank=True)
    ics_sequence = models.PositiveIntegerField(_("kalender-sekvens"), default=0)
    conversations = models.ManyToManyField(
        "conversations.Conversation",
        verbose_name=_("ledertraineernes samtaler"),
        related_name="joint_start_meetings",
        blank=True,
    )

    class Meta:
        verbose_name = _("fælles opstartsmøde")
        verbose_name_plural = _("fælles opstartsmøder")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")),
                name="joint_start_meeting_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return _("Fælles opstartsmøde – hold %(cohort)s") % {"cohort": self.cohort_id}
