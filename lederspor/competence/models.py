"""Systematic competence development (seed 004: KL / Væksthus for Ledelse, *Ledelse af
kompetenceudvikling*; issue #5).

A `CompetencePlan` follows the method's five fields in order — opgave, perspektiv, læringsmål,
træningsbane, hverdag — for one task (*opgave*: "En situation, der løbende opstår, som det
forventes, at medarbejderen tager ansvar for og håndterer med kompetence"). Its participants
(`PlanParticipant`) each have a current and a target step on the responsibility staircase
(*ansvarstrappe*: med støtte → selvstændigt → som ressourceperson).

A plan may require a kørekort (`licence_task`, from the `licences` app); the staircase's steps
map to its levels C, B and A (`STEP_LEVEL`).

The six worked examples are plans with `is_example` set and no unit; anyone signed in may read
and copy them.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.licences.models import LicenceLevel, LicenceTask
from lederspor.people.models import OrgUnit, Person


class PlanStatus(models.TextChoices):
    """Where a plan is in its life (issue #5 §1)."""

    DRAFT = "draft", _("Kladde")
    TRAINING = "training", _("Træningsbane")
    EVERYDAY = "everyday", _("Hverdag")
    EVALUATED = "evaluated", _("Evalueret")


class Step(models.TextChoices):
    """The responsibility staircase (seed 004 §1 "ansvar på flere niveauer")."""

    WITH_SUPPORT = "with_support", _("Med støtte")
    INDEPENDENT = "independent", _("Selvstændigt")
    RESOURCE_PERSON = "resource_person", _("Som ressourceperson")


#: staircase step → the licence level that certifies it (seed 004's kørekort box)
STEP_LEVEL: dict[str, str] = {
    Step.WITH_SUPPORT: LicenceLevel.C,
    Step.INDEPENDENT: LicenceLevel.B,
    Step.RESOURCE_PERSON: LicenceLevel.A,
}
STEP_ORDER = [Step.WITH_SUPPORT, Step.INDEPENDENT, Step.RESOURCE_PERSON]


class GoalLevel(models.TextChoices):
    """Learning goals on the seed's levels (seed 004 §3 "Tre typer af udvikling")."""

    METHODS = "methods", _("Metoder og teknikker")
    KNOWLEDGE = "knowledge", _("Faglig viden")
    ROLE = "role", _("Rolle")
    ACTIONS = "actions", _("Handlinger")


class Tempo(models.TextChoices):
    """The training ground's three tempi (seed 004 §4); OTHER for an example's own heading."""

    KNOWLEDGE_BUILDING = "knowledge_building", _("Vidensopbygning")
    TRYING_OUT = "trying_out", _("Afprøvning")
    FEEDBACK = "feedback", _("Feedback")
    OTHER = "other", _("Andet")


class FeedbackKind(models.TextChoices):
    """Kinds of feedback (seed 004 §4 "3. Feedback")."""

    ASSESSING = "assessing", _("Vurderende")
    INSTRUCTING = "instructing", _("Instruerende")
    REFLECTING = "reflecting", _("Reflekterende")


class AnchoringKind(models.TextChoices):
    """The four kinds of anchoring in everyday work (seed 004 §5 "Fire typer af forankring")."""

    GOAL_FOLLOW_UP = "goal_follow_up", _("Opfølgning på mål")
    ORGANISATIONAL_CHANGE = "organisational_change", _("Organisatoriske ændringer")
    ONGOING_SUPPORT = "ongoing_support", _("Løbende støtte")
    ONGOING_FOLLOW_UP = "ongoing_follow_up", _("Løbende opfølgning")


class Realised(models.TextChoices):
    """Answer to "Nåede vi de ønskede gevinster …?" in the evaluation."""

    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvist")
    NO = "no", _("Nej")


class CompetencePlan(VersionedModel, BaseModel):
    """A plan for one task through the five fields (seed 004 "Metodens fem felter").

    Real plans belong to a unit (and optionally a profession group); examples (`is_example`)
    have no unit. `version`: optimistic locking (`core.concurrency`); saving a field or the
    participants, a status change and the evaluation require it (the leader and the
    consultants edit the same plan).
    """

    stale_subject = _("Planen")

    title = models.CharField(_("titel"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competence_plans",
    )
    profession = models.CharField(
        _("faggruppe"), max_length=150, blank=True, help_text=_("Tom: hele enheden.")
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("ansvarlig leder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_competence_plans",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    is_example = models.BooleanField(_("eksempel"), default=False)
    example_number = models.PositiveSmallIntegerField(_("eksempel nr."), null=True, blank=True)
    workplace_label = models.CharField(_("arbejdsplads"), max_length=200, blank=True)
    background = models.TextField(_("baggrund"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("kopieret fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    # 1. Opgave
    task_situation = models.TextField(_("opgaven"), blank=True)
    meets_concrete = models.BooleanField(_("én konkret og genkendelig situation"), default=False)
    meets_other_way = models.BooleanField(_("kan håndteres på en anden måde"), default=False)
    meets_responsibility = models.BooleanField(_("ansvaret er tydeligt"), default=False)
    task_today = models.TextField(_("sådan løser vi opgaven i dag"), blank=True)
    task_future = models.TextField(_("sådan skal opgaven løses"), blank=True)
    current_step = models.CharField(
        _("nuværende ansvarstrin"), max_length=20, choices=Step.choices, blank=True
    )
    target_step = models.CharField(
        _("ansvarstrin der skal nås"), max_length=20, choices=Step.choices, blank=True
    )
    licence_task = models.ForeignKey(
        LicenceTask,
        verbose_name=_("kræver kørekort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    # 2. Perspektiv
    core_task_effect = models.TextField(_("for kerneopgaven"), blank=True)
    workplace_effect = models.TextField(_("for organisationen"), blank=True)
    # 3. Læringsmål
    goal_checklist = models.JSONField(_("tjekliste"), default=list, blank=True)
    # 4. Træningsbane
    training_starts_on = models.DateField(_("træningsbanen starter"), null=True, blank=True)
    training_ends_on = models.DateField(_("træningsbanen slutter"), null=True, blank=True)
    cover_arrangements = models.TextField(_("vikardækning"), blank=True)
    learning_forms = models.JSONField(_("læringsformer"), default=list, blank=True)
    learning_form_note = models.TextField(_("om læringsformen"), blank=True)
    # 5. Hverdag
    everyday_from = models.DateField(_("hverdag fra"), null=True, blank=True)
    # Evaluation
    core_task_realised = models.CharField(
        _("gevinst for kerneopgaven realiseret"),
        max_length=10,
        choices=Realised.choices,
        blank=True,
    )
    organisation_realised = models.CharField(
        _("gevinst for organisationen realiseret"),
        max_length=10,
        choices=Realised.choices,
        blank=True,
    )
    evaluation_note = models.TextField(_("evaluering"), blank=True)
    evaluated_at = models.DateTimeField(_("evalueret"), null=True, blank=True)

    class Meta:
        verbose_name = _("kompetenceudviklingsplan")
        verbose_name_plural = _("kompetenceudviklingsplaner")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_example=True, unit__isnull=True)
                | Q(is_example=False, unit__isnull=False),
                name="plan_unit_iff_not_example",
            ),
            models.UniqueConstraint(
                fields=["example_number"],
                condition=Q(example_number__isnull=False),
                name="plan_unique_example_number",
            ),
            models.CheckConstraint(
                condition=Q(training_starts_on__isnull=True)
                | Q(training_ends_on__isnull=True)
                | Q(training_starts_on__lte=F("training_ends_on")),
                name="plan_training_start_before_end",
            ),
        ]
        indexes = [
            # the plan list: a leader's units, filtered by status
            models.Index(fields=["unit", "status"], name="plan_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def requirements_met(self) -> bool:
        """All three of seed 004's requirements for a task are confirmed."""
        return self.meets_concrete and self.meets_other_way and self.meets_responsibility


class PlanParticipant(BaseModel):
    """A named person in a plan, with their own steps and everyday date when they differ
    from the plan's (seed 004 §5: "per person where needed")."""

    plan = models.ForeignKey(
        CompetencePlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("deltager"),
        on_delete=models.CASCADE,
        related_name="competence_plan_places",
    )
    current_step = models.CharField(
        _("nuværende ansvarstrin"), max_length=20, choices=Step.choices, blank=True
    )
    target_step = models.CharField(
        _("ansvarstrin der skal nås"), max_length=20, choices=Step.choices, blank=True
    )
    everyday_from = models.DateField(_("hverdag fra"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltager i plan")
        verbose_name_plural = _("deltagere i plan")
        ordering = ["plan", "person__first_name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="planparticipant_unique"),
        ]

    def __str__(self) -> str:
        return _("%(person)s i %(plan)s") % {"person": self.person, "plan": self.plan}


class LearningGoal(BaseModel):
    """A learning goal on one of the seed's levels. `label` keeps an example's own heading
    ("Rollen", "Ny faglig viden"); user goals leave it blank."""

    plan = models.ForeignKey(
        CompetencePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    level = models.CharField(_("niveau"), max_length=20, choices=GoalLevel.choices)
    label = models.CharField(_("overskrift"), max_length=200, blank=True)
    text = models.TextField(_("mål"))
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("læringsmål")
        verbose_name_plural = pgettext_lazy("plural", "læringsmål")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class TrainingActivity(BaseModel):
    """An activity on the training ground in one tempo, with dates, an optional learning form
    (a key of the seed's 15) and, for feedback, its kind."""

    plan = models.ForeignKey(
        CompetencePlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    tempo = models.CharField(_("tempo"), max_length=20, choices=Tempo.choices)
    label = models.CharField(_("overskrift"), max_length=200, blank=True)
    text = models.TextField(_("aktivitet"))
    starts_on = models.DateField(_("fra"), null=True, blank=True)
    ends_on = models.DateField(_("til"), null=True, blank=True)
    learning_form = models.CharField(_("læringsform"), max_length=40, blank=True)
    feedback_kind = models.CharField(
        _("feedbackform"), max_length=20, choices=FeedbackKind.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("aktivitet på træningsbanen")
        verbose_name_plural = _("aktiviteter på træningsbanen")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=F("ends_on")),
                name="activity_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Anchoring(BaseModel):
    """One anchoring in everyday work: kind, what, who and when. A reminder e-mail goes to
    the responsible person and the plan's owner on `due_on` (seed 004 §5's example: "Leder og
    medarbejder holder en samtale en måned efter kurset")."""

    plan = models.ForeignKey(
        CompetencePlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="anchorings",
    )
    kind = models.CharField(_("type"), max_length=30, choices=AnchoringKind.choices)
    label = models.CharField(_("overskrift"), max_length=200, blank=True)
    text = models.TextField(_("hvad"))
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("hvem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="competence_anchorings",
    )
    responsible_text = models.CharField(_("hvem (tekst)"), max_length=200, blank=True)
    due_on = models.DateField(_("hvornår"), null=True, blank=True)
    #: the due date a reminder was sent for (so a re-save does not send it again)
    reminded_on = models.DateField(_("påmindelse sendt for"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("forankring")
        verbose_name_plural = _("forankringer")
        ordering = ["plan", "position", "pk"]
        indexes = [
            # the reminder task reloads an anchoring and checks its date is unchanged
            models.Index(fields=["due_on"], name="anchoring_due_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
