"""The practice-task catalogue of seed 000 and the tasks agreed with an aspirant.

Seed 000 ("Nærmeste leder og chef definerer opgaverne"): the nearest leader defines, together with
the aspirant, which tasks the aspirant works on; tasks vary in scope, time horizon and resources;
leader and aspirant follow up afterwards.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment


class PracticeTask(BaseModel):
    """A catalogue task (*praksisopgave*): number, title, formål, indhold, case, links."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    purpose = models.TextField(_("formål"))
    content = models.TextField(_("indhold"))
    case = models.TextField(_("case"))
    links = models.JSONField(_("links"), default=list, blank=True)
    combines_with = models.ManyToManyField(
        "self", verbose_name=_("kan kombineres med"), symmetrical=False, blank=True
    )
    search_text = models.TextField(
        _("søgetekst"),
        blank=True,
        editable=False,
        help_text=_("Titel, formål, indhold og case med små bogstaver (også æ, ø, å)."),
    )

    class Meta:
        verbose_name = _("praksisopgave")
        verbose_name_plural = _("praksisopgaver")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @staticmethod
    def build_search_text(*parts: str) -> str:
        """Lower-case the searchable texts in Python, since SQLite's LIKE folds only ASCII."""
        return "\n".join(parts).lower()


class TaskAssignment(VersionedModel, BaseModel):
    """A practice task agreed between an aspirant and the nearest leader (*aftalt opgave*).

    Status: proposed → agreed → in progress → done → followed up (issue #2 §5). `version`:
    optimistic locking (`core.concurrency`); the edit, the follow-up and every status step
    require it.
    """

    stale_subject = _("Opgaven")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslået")
        AGREED = "agreed", _("Aftalt")
        IN_PROGRESS = "in_progress", _("I gang")
        DONE = "done", _("Udført")
        FOLLOWED_UP = "followed_up", _("Fulgt op")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="task_assignments",
    )
    catalogue_task = models.ForeignKey(
        PracticeTask,
        verbose_name=_("opgave fra kataloget"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    title = models.CharField(_("titel"), max_length=200)
    scope = models.TextField(_("omfang"), blank=True)
    resources = models.TextField(_("tid og ressourcer"), blank=True)
    learning_goal = models.TextField(_("læringsmål"))
    host = models.ForeignKey(
        Person,
        verbose_name=_("opgaveejer/vært"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_tasks",
    )
    host_note = models.CharField(
        _("opgaveejer/vært (uden for Lederspor)"), max_length=200, blank=True
    )
    starts_on = models.DateField(_("startdato"), null=True, blank=True)
    due_on = models.DateField(_("slutdato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        Person, verbose_name=_("foreslået af"), on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(_("aftalt"), null=True, blank=True)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    followup_held_on = models.DateField(_("opfølgende samtale holdt"), null=True, blank=True)
    observations = models.TextField(_("observationer"), blank=True)
    learning_points = models.TextField(_("læringspointer"), blank=True)
    followed_up_at = models.DateTimeField(_("fulgt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aftalt opgave")
        verbose_name_plural = _("aftalte opgaver")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(starts_on__lte=models.F("due_on")),
                name="taskassignment_start_before_due",
            ),
        ]
        indexes = [
            # progress matrix and "my tasks": assignments per enrolment by status
            models.Index(fields=["enrolment", "status"], name="task_enrolment_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class TaskNote(BaseModel):
    """A note on an agreed task by the aspirant, leader, chef (comment) or host."""

    assignment = models.ForeignKey(
        TaskAssignment, verbose_name=_("opgave"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        Person, verbose_name=_("forfatter"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("noter")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
