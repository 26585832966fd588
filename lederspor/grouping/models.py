"""Network groups composed "så mangfoldigt som muligt" (seed 002 §6, seed 000; issue #4 §2).

A consultant composes a *round* (*runde*) of network groups for a cohort: chooses criteria, lets
the solver (`lederspor.optimize.mdgp`) maximise the diversity inside groups, adjusts by hand
(move, lock) and publishes. Later rounds of the same cohort avoid pairs that were together in
earlier published rounds (rotation memory).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.grouping.score import improvement_pct
from lederspor.programmes.models import Cohort, Enrolment


class GroupingRound(VersionedModel, BaseModel):
    """One composition of a cohort's enrolled participants into network groups.

    `criteria` is a list of ``{"key": str, "mode": "spread"|"collect"|"ignore", "weight": float}``
    (keys in `grouping.criteria.CRITERIA`). Group sizes are counted in participants; the number
    of groups is `group_count`, or ⌈participants / max_size⌉ when it is empty. `objective` is the
    sum of Gower dissimilarities (unitless, each pair in [0, 1]) over pairs inside groups;
    `random_objective` is the exact expected value of that sum for a uniformly random grouping
    with the same group sizes.

    `version`: optimistic locking (`core.concurrency`). The round is the unit the consultants
    edit: its settings, composing, moving and locking members, its groups' tasks and publishing
    all require the round's version and bump it. Most of these are buttons on the round page
    (no typed text to keep), so the stale message asks to reload and try again.
    """

    stale_subject = _("Grupperingen")
    stale_message = _(
        "%(what)s er blevet ændret af en anden, siden du åbnede siden. Din ændring er ikke gemt "
        "– genindlæs siden, og prøv igen."
    )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        PUBLISHED = "published", _("Offentliggjort")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("hold"), on_delete=models.CASCADE, related_name="grouping_rounds"
    )
    number = models.PositiveSmallIntegerField(_("runde nr."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    criteria = models.JSONField(_("kriterier"), default=list, blank=True)
    group_count = models.PositiveSmallIntegerField(
        _("antal grupper"),
        null=True,
        blank=True,
        help_text=_("Tomt: så få grupper som muligt med højst det maksimale antal deltagere."),
    )
    min_size = models.PositiveSmallIntegerField(_("mindst antal deltagere pr. gruppe"), default=4)
    max_size = models.PositiveSmallIntegerField(_("højst antal deltagere pr. gruppe"), default=6)
    keep_same_workplace_apart = models.BooleanField(
        _("ikke to fra samme arbejdsplads i en gruppe"), default=True
    )
    avoid_earlier_rounds = models.BooleanField(
        _("undgå par fra tidligere runder, hvis muligt"), default=True
    )
    seed = models.PositiveIntegerField(_("startværdi for tilfældighed"), default=2026)
    objective = models.FloatField(_("mangfoldighed"), null=True, blank=True)
    random_objective = models.FloatField(
        _("forventet mangfoldighed ved tilfældig gruppering"), null=True, blank=True
    )
    composed_at = models.DateTimeField(_("sammensat"), null=True, blank=True)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offentliggjort af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("grupperingsrunde")
        verbose_name_plural = _("grupperingsrunder")
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="grouping_round_unique_no"),
            models.CheckConstraint(
                condition=Q(min_size__gte=1) & Q(min_size__lte=F("max_size")),
                name="grouping_round_size_bounds",
            ),
            models.CheckConstraint(
                condition=Q(group_count__isnull=True) | Q(group_count__gte=1),
                name="grouping_round_group_count_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="grouping_round_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return _("%(cohort)s – runde %(n)s") % {"cohort": self.cohort, "n": self.number}

    @property
    def is_draft(self) -> bool:
        """True while the round may still be composed and adjusted."""
        return self.status == self.Status.DRAFT

    @property
    def improvement_pct(self) -> float | None:
        """How much more diverse than a random grouping, in percent (None before composing)."""
        return improvement_pct(self.objective, self.random_objective)


class NetworkGroup(BaseModel):
    """A network group (*netværksgruppe*) in a round, with the tasks the consultant sets."""

    round = models.ForeignKey(
        GroupingRound, verbose_name=_("runde"), on_delete=models.CASCADE, related_name="groups"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("navn"), max_length=100)
    tasks = models.TextField(
        _("gruppens opgaver"),
        blank=True,
        help_text=_("De opgaver, gruppen skal løse mellem netværksmøderne (seed 002 §6)."),
    )

    class Meta:
        verbose_name = _("netværksgruppe")
        verbose_name_plural = _("netværksgrupper")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="network_group_unique_no"),
            models.CheckConstraint(condition=Q(number__gte=1), name="network_group_number_pos"),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(BaseModel):
    """A participant's place in a group of a round; `locked` keeps it when composing again."""

    round = models.ForeignKey(
        GroupingRound,
        verbose_name=_("runde"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    group = models.ForeignKey(
        NetworkGroup,
        verbose_name=_("gruppe"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    locked = models.BooleanField(_("låst"), default=False)

    class Meta:
        verbose_name = _("gruppemedlemskab")
        verbose_name_plural = _("gruppemedlemskaber")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "enrolment"], name="group_membership_one_per_round"
            ),
        ]
        indexes = [
            # "my group": the participant's memberships in published rounds, newest first
            models.Index(fields=["enrolment", "round"], name="group_membership_enrol_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} → {self.group_id}"
