"""Kørekort (seed 004, box "kørekort på tre niveauer" and example "3. Plejecenter 1"; issue #5).

A unit issues kørekort for a task (`LicenceTask`) on levels C, B and A, requires levels per
profession or job title (`LicenceRequirement`) and awards licences (`Licence`) through a recorded
practice review (*praksisgennemgang*, `PracticeReview`). The competence planner's staircase maps
onto the levels (`competence.models.STEP_LEVEL`); this app knows nothing about plans.

The tables were created by `competence` and moved here, rows and all, by
`licences/migrations/0001_initial.py`.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import OrgUnit, Person


class LicenceLevel(models.TextChoices):
    """Kørekort levels (seed 004: C with support, B independently, A resource person)."""

    C = "C", _("C")
    B = "B", _("B")
    A = "A", _("A")


#: C < B < A: a higher licence covers a lower requirement
LEVEL_RANK = {LicenceLevel.C: 1, LicenceLevel.B: 2, LicenceLevel.A: 3}


class LicenceTask(VersionedModel, BaseModel):
    """A task a unit issues kørekort for (e.g. "Medicin til beboerne" at a nursing home).

    `valid_months` (optional) makes awarded licences expire; `published_at` makes the holder
    list visible to everyone in the unit (seed 004: "Kørekort offentliggøres på intranettet").
    `version`: optimistic locking (`core.concurrency`); the unit's leaders and the consultants
    manage the same task, and editing, publishing and withdrawing require it.
    """

    stale_subject = _("Kørekortopgaven")

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("enhed"), on_delete=models.PROTECT, related_name="licence_tasks"
    )
    title = models.CharField(_("opgave"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    valid_months = models.PositiveSmallIntegerField(
        _("gyldighed i måneder"),
        null=True,
        blank=True,
        help_text=_("Tom: kørekortet udløber ikke."),
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)

    class Meta:
        verbose_name = _("kørekortopgave")
        verbose_name_plural = _("kørekortopgaver")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="licencetask_unique_title"),
            models.CheckConstraint(
                condition=Q(valid_months__isnull=True) | Q(valid_months__gte=1),
                name="licencetask_valid_months_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LicenceRequirement(BaseModel):
    """A required level for persons in the task's unit (and below): everyone when both
    `profession` and `job_title` are blank, else those matching (seed 004: "Alle medarbejdere
    skal erhverve kørekort på C-niveau"; "B-niveau skal erhverves af alle social- og
    sundhedsassistenter")."""

    task = models.ForeignKey(
        LicenceTask,
        verbose_name=_("kørekortopgave"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    level = models.CharField(_("niveau"), max_length=1, choices=LicenceLevel.choices)
    profession = models.CharField(_("faggruppe"), max_length=150, blank=True)
    job_title = models.CharField(_("stillingsbetegnelse"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("krav om kørekort")
        verbose_name_plural = pgettext_lazy("plural", "krav om kørekort")
        ordering = ["task", "profession", "job_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "profession", "job_title"], name="licencereq_unique_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.level}"


class PracticeReview(BaseModel):
    """A recorded practice review (*praksisgennemgang*) by a resource person: the exam-like
    review through which a licence is awarded (seed 004, Plejecenter 1). `attempt` counts the
    person's reviews for this task and level (1, 2, …)."""

    task = models.ForeignKey(
        LicenceTask,
        verbose_name=_("kørekortopgave"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("medarbejder"), on_delete=models.CASCADE, related_name="reviews"
    )
    level = models.CharField(_("niveau"), max_length=1, choices=LicenceLevel.choices)
    reviewer = models.ForeignKey(
        Person,
        verbose_name=_("ressourceperson"),
        on_delete=models.PROTECT,
        related_name="reviews_held",
    )
    reviewed_on = models.DateField(_("dato"))
    passed = models.BooleanField(_("bestået"))
    attempt = models.PositiveSmallIntegerField(_("forsøg"), default=1)
    note = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        verbose_name = _("praksisgennemgang")
        verbose_name_plural = _("praksisgennemgange")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=F("reviewer")), name="review_not_by_candidate"
            ),
        ]
        indexes = [
            # attempts per person, task and level when recording a new review
            models.Index(fields=["task", "person", "level"], name="review_attempt_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.task} {self.level}"


class Licence(BaseModel):
    """A kørekort held by a person for a task on one level. Renewal updates the row; the
    reviews keep the history."""

    task = models.ForeignKey(
        LicenceTask,
        verbose_name=_("kørekortopgave"),
        on_delete=models.CASCADE,
        related_name="licences",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("indehaver"), on_delete=models.CASCADE, related_name="licences"
    )
    level = models.CharField(_("niveau"), max_length=1, choices=LicenceLevel.choices)
    awarded_on = models.DateField(_("tildelt"))
    expires_on = models.DateField(_("udløber"), null=True, blank=True)
    review = models.ForeignKey(
        PracticeReview,
        verbose_name=_("praksisgennemgang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kørekort")
        verbose_name_plural = pgettext_lazy("plural", "kørekort")
        ordering = ["task", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "person", "level"], name="licence_unique_level"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("awarded_on")),
                name="licence_expires_after_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.task} {self.level}"
