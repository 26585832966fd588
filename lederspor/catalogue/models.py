"""The practice-task catalogue of seed 000 and the tasks agreed with an aspirant.

Seed 000 ("Nærmeste leder og chef definerer opgaverne"): the nearest leader defines, together with
the aspirant, which tasks the aspirant works on; tasks vary in scope, time horizon and resources;
leader and aspirant follow up afterwards.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment, Session


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
    host_confirms = models.BooleanField(
        _("værten bekræfter aftalen"),
        default=False,
        help_text=_(
            "Den navngivne opgaveejer/vært bekræfter aftalen, før opgaven er aftalt "
            "(seed 000, opgave 12 og 16)."
        ),
    )
    steps = models.JSONField(
        _("trin"),
        default=list,
        blank=True,
        help_text=_('Opgavens egne trin fra kataloget: [{"text": …, "from_seed": …}].'),
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

    Status: proposed → (awaiting the host's confirmation →) agreed → in progress → done →
    followed up (issue #2 §5, issue #14 §1). `version`: optimistic locking
    (`core.concurrency`); the edit, the follow-up and every status step require it.
    Time stamps: `proposed_at` ≤ `agreed_at` ≤ `host_confirmed_at` (a named constraint
    holds the first).
    """

    stale_subject = _("Opgaven")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslået")
        AWAITING_HOST = "awaiting_host", _("Venter på vært")
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
    session = models.ForeignKey(
        Session,
        verbose_name=_("netværksmøde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_assignments",
        help_text=_("Netværksmødet, hvis tema opgaven knytter sig til."),
    )
    starts_on = models.DateField(_("startdato"), null=True, blank=True)
    due_on = models.DateField(_("slutdato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        Person, verbose_name=_("foreslået af"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("foreslået"), default=timezone.now)
    agreed_at = models.DateTimeField(_("aftalt"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        Person,
        verbose_name=_("aftalt af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    host_confirmed_at = models.DateTimeField(_("bekræftet af værten"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(agreed_at__isnull=True) | Q(proposed_at__lte=F("agreed_at")),
                name="taskassignment_proposed_before_agreed",
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


class TaskStep(BaseModel):
    """A step of an agreed task that the catalogue names for that task (seed 000: the formøde
    and opsamlingsmøde of task 18, presenting in tasks 5 and 10), copied from
    `PracticeTask.steps` when the task is proposed and checked off by the parties."""

    assignment = models.ForeignKey(
        TaskAssignment, verbose_name=_("opgave"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    text = models.CharField(_("trin"), max_length=300)
    from_seed = models.BooleanField(_("kildens ord"), default=True)
    done_at = models.DateTimeField(_("klaret"), null=True, blank=True)
    done_by = models.ForeignKey(
        Person,
        verbose_name=_("klaret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("trin")
        verbose_name_plural = pgettext_lazy("plural", "trin")
        ordering = ["assignment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "order"], name="taskstep_unique_order"),
        ]

    def __str__(self) -> str:
        return self.text
