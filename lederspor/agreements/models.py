"""Learning agreements (*læringsaftale*, seed 003 and issue #3 §2).

A trainee's learning agreement is drafted in the start conversation's second part (seed 003:
"Under samtalen udformes en læringsaftale for ledertraineen"). It holds learning goals, the
building blocks (*byggeklodser*) the development part is stacked from, and how the nearest leader
supports. Life-cycle of one version:

    draft → approved (locked) → superseded (a newer version was approved)

A draft is approved when the trainee, the nearest leader and — when the cohort has consultants —
a consultant have approved it. "Ændr aftalen" on the approved version creates version n+1 as a
draft copying goals and blocks; approving it supersedes the old one. Execution of the blocks
(status and reflection) is recorded on the approved version without a new version.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.conversations.models import Conversation
from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment


class AgreementStatus(models.TextChoices):
    """draft → approved (locked) → superseded."""

    DRAFT = "draft", _("Kladde")
    APPROVED = "approved", _("Godkendt")
    SUPERSEDED = "superseded", _("Erstattet af en nyere version")


class LearningAgreement(VersionedModel, BaseModel):
    """One numbered version (`number` 1, 2, …) of an enrolment's learning agreement.

    Approvals: `<role>_approved_at` / `<role>_approved_by` for the trainee, the nearest leader and
    a cohort consultant; any content edit of a draft clears them. `locked_at`: when the version
    was approved (no content edits after that). `version`: optimistic locking
    (`core.concurrency`); content saves and block execution bump it, approvals check it without
    bumping it, so the second of two concurrent saves is refused but two approvers never refuse
    each other.
    """

    stale_subject = _("Læringsaftalen")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="learning_agreements",
    )
    number = models.PositiveIntegerField(_("aftaleversion"))
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("forrige version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("udformet ved samtalen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning_agreements",
    )
    leader_support = models.TextField(_("Sådan støtter nærmeste leder"), blank=True)
    trainee_approved_at = models.DateTimeField(_("godkendt af ledertrainee"), null=True, blank=True)
    trainee_approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader_approved_at = models.DateTimeField(
        _("godkendt af nærmeste leder"), null=True, blank=True
    )
    leader_approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consultant_approved_at = models.DateTimeField(
        _("godkendt af HR-konsulent"), null=True, blank=True
    )
    consultant_approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(_("låst"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("erstattet"), null=True, blank=True)
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("læringsaftale")
        verbose_name_plural = _("læringsaftaler")
        ordering = ["enrolment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "number"], name="agreement_number_per_enrolment"
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="approved"),
                name="agreement_one_approved_per_enrolment",
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="draft"),
                name="agreement_one_draft_per_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(locked_at__isnull=False),
                name="agreement_approved_is_locked",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agreement_number_positive"),
        ]

    def __str__(self) -> str:
        return _("Læringsaftale v%(n)s – %(enrolment)s") % {
            "n": self.number,
            "enrolment": self.enrolment_id,
        }

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT


class GoalKind(models.TextChoices):
    """The two kinds of learning goals of the agreement (issue #3 §2)."""

    PROGRAMME = "programme", _("Læringsmål for forløbet")
    PERSONAL = "personal", _("Personlige læringsmål (fx kommunikationsevne, tydelighed, autoritet)")


class LearningGoal(BaseModel):
    """One learning goal of an agreement version, in `order` within its kind."""

    agreement = models.ForeignKey(
        LearningAgreement,
        verbose_name=_("læringsaftale"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    kind = models.CharField(_("slags"), max_length=20, choices=GoalKind.choices)
    text = models.TextField(_("læringsmål"))
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("læringsmål")
        verbose_name_plural = pgettext_lazy("plural", "læringsmål")
        ordering = ["agreement", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class BlockKind(models.TextChoices):
    """The seed's four kinds of building blocks (seed 003, Udviklingsdelen, the bullets)."""

    ASPIRANT_PROGRAMME = "aspirant_programme", _("Deltagelse i lederaspirantforløbet")
    INTRODUCTION = "introduction", _("Introduktion til lederrollen og strategi")
    PRACTICE = "practice", _("Praksiselement")
    COURSE = "course", _("Kursus / e-læring")


#: seed 003's bullet for each kind, word for word (PDF line breaks mended); help text in forms.
#: Seed wording: "Deltagelse i Aarhus Kommunes lederaspirantforløb …": the municipality is the
#: placeholder `{kommunes}` (issue #16 §1), replaced by `core.content_placeholders.substitute`.
BLOCK_KIND_SEED_TEXT: dict[str, str] = {
    BlockKind.ASPIRANT_PROGRAMME: (
        "Deltagelse i {kommunes} lederaspirantforløb er en fast del af forløbet."
    ),
    BlockKind.INTRODUCTION: (
        "Generel og specifik introduktion til lederrollen, LUS og øvrige strategiske ophæng."
    ),
    BlockKind.PRACTICE: (
        "Praksiselementer i form af opgaver, processer, projekter m.v. med ledelsesindhold. "
        "Lokale eller tværgående. De kan trænes ved fx at ’følge lederen’, sidemandsoplæring, "
        "praktik eller som bisidder."
    ),
    BlockKind.COURSE: "Kurser / e-læring er også en mulighed",
}
#: seed 003, right after the practice bullet
PRACTICE_SEED_NOTE = (
    "Praksiselementer gennemføres som aktionslæring med sparring og supervision fra nærmeste "
    "leder. Kompleksiteten i praksis øges over perioden."
)


class PracticeForm(models.TextChoices):
    """How a practice element is trained (seed 003: "De kan trænes ved fx …")."""

    FOLLOW_LEADER = "follow_leader", _("Følge lederen")
    SIDE_BY_SIDE = "side_by_side", _("Sidemandsoplæring")
    PLACEMENT = "placement", _("Praktik")
    OBSERVER = "observer", _("Bisidder")


class PracticeScope(models.TextChoices):
    """seed 003: "Lokale eller tværgående"."""

    LOCAL = "local", _("Lokal")
    CROSS = "cross", _("Tværgående")


class Complexity(models.IntegerChoices):
    """Rising complexity of practice (seed 003: "Kompleksiteten i praksis øges over perioden")."""

    LOW = 1, _("1 – lav")
    MEDIUM = 2, _("2 – middel")
    HIGH = 3, _("3 – høj")


class BlockStatus(models.TextChoices):
    """Execution of a building block: planned → in progress → done."""

    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Gennemført")


class BuildingBlock(BaseModel):
    """One building block (*byggeklods*) of an agreement version.

    Content (kind, title, description, practice form and scope, dates, complexity) belongs to the
    agreement and is locked with it; execution (`status`, `reflection`) may be updated on the
    approved version.
    """

    agreement = models.ForeignKey(
        LearningAgreement,
        verbose_name=_("læringsaftale"),
        on_delete=models.CASCADE,
        related_name="blocks",
    )
    kind = models.CharField(_("byggeklods"), max_length=30, choices=BlockKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    practice_form = models.CharField(
        _("trænes som"), max_length=20, choices=PracticeForm.choices, blank=True
    )
    scope = models.CharField(
        _("lokal eller tværgående"), max_length=10, choices=PracticeScope.choices, blank=True
    )
    starts_on = models.DateField(_("fra"), null=True, blank=True)
    ends_on = models.DateField(_("til"), null=True, blank=True)
    complexity = models.PositiveSmallIntegerField(
        _("kompleksitet"), choices=Complexity.choices, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=BlockStatus.choices, default=BlockStatus.PLANNED
    )
    reflection = models.TextField(_("refleksion"), blank=True)
    #: the block of the previous version this one was copied from ("Ændr aftalen"); execution
    #: recorded on the old block meanwhile is carried over when the new version is approved
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("byggeklods")
        verbose_name_plural = _("byggeklodser")
        ordering = ["agreement", F("starts_on").asc(nulls_last=True), "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=F("ends_on")),
                name="block_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(kind="practice") | (Q(practice_form="") & Q(scope="")),
                name="block_practice_fields_only_on_practice",
            ),
            models.CheckConstraint(
                condition=Q(complexity__isnull=True) | Q(complexity__gte=1, complexity__lte=3),
                name="block_complexity_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return self.title
