"""Job visits between two leaders (seed 001, Aarhus Kommune: guide til jobbesøg; issue #4 §3).

Seed 001's calendar: in February each leader is told who their partner (*makker*) is, with the
guide; in March one of them hosts a visit, in April the other ("Marts: Jobbesøg … med en af jer
som vært", "April: … med den anden som vært"); in May two visit pairs meet for a joint wrap-up
("Fælles opsamling mellem 2 besøgspar. Bookes og faciliteres af ledelseskonsulenter").

A cohort of the job-visit programme has one `VisitPairing` (the consultant's boundary choice),
its `VisitPair` rows (two leaders; one trio when the count is odd), one `JobVisit` per host in
each pair (each partner hosts once), and `WrapUpGroup` rows of two pairs.
"""

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort


class Boundary(models.TextChoices):
    """The organisational boundary a pair must cross (issue #4 §3: the consultant chooses)."""

    DEPARTMENT = "department", _("Forskellig forvaltning")
    AREA = "area", _("Forskelligt område")


class VisitPairing(BaseModel):
    """The consultant's pairing of a job-visit cohort: the boundary pairs must cross."""

    cohort = models.OneToOneField(
        Cohort,
        verbose_name=_("hold"),
        on_delete=models.CASCADE,
        related_name="visit_pairing",
    )
    boundary = models.CharField(_("grænse"), max_length=20, choices=Boundary.choices)
    objective = models.FloatField(_("samlet temaoverlap"), default=0)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)

    class Meta:
        verbose_name = _("parring")
        verbose_name_plural = _("parringer")

    def __str__(self) -> str:
        return f"{self.cohort} ({self.get_boundary_display()})"


class WrapUpGroup(VersionedModel, BaseModel):
    """May's joint wrap-up of two visit pairs (seed 001: "Fælles opsamling mellem 2 besøgspar.
    Bookes og faciliteres af ledelseskonsulenter"). Notes are for its consultants and members.

    `version`: optimistic locking (`core.concurrency`); the cohort's consultants share the
    booking and the notes, and `wrap_up_book` and `wrap_up_notes_save` require it.
    """

    stale_subject = _("Den fælles opsamling")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("hold"), on_delete=models.CASCADE, related_name="wrap_up_groups"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    consultants = models.ManyToManyField(
        Person, verbose_name=_("konsulenter"), related_name="wrap_up_groups", blank=True
    )
    starts_at = models.DateTimeField(_("starter"), null=True, blank=True)
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    notes = models.TextField(_("noter"), blank=True)
    ics_sequence = models.PositiveIntegerField(_("kalenderversion"), default=0)

    class Meta:
        verbose_name = _("fælles opsamling")
        verbose_name_plural = _("fælles opsamlinger")
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="wrapup_unique_number"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(starts_at__lt=models.F("ends_at")),
                name="wrapup_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return _("%(cohort)s – opsamling %(n)s") % {"cohort": self.cohort, "n": self.number}


class VisitPair(BaseModel):
    """Two leaders who visit each other (*makkere*); three when the cohort's count is odd."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("hold"), on_delete=models.CASCADE, related_name="visit_pairs"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    members = models.ManyToManyField(
        Person, verbose_name=_("makkere"), through="PairMember", related_name="visit_pairs"
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    wrap_up_group = models.ForeignKey(
        WrapUpGroup,
        verbose_name=_("fælles opsamling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairs",
    )
    #: when the pair was reminded that a visit is missing before its wrap-up (once per pair)
    missing_visit_reminded_at = models.DateTimeField(
        _("påmindet om manglende besøg"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("besøgspar")
        verbose_name_plural = pgettext_lazy("plural", "besøgspar")
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="visitpair_unique_number"),
        ]

    def __str__(self) -> str:
        return _("%(cohort)s – par %(n)s") % {"cohort": self.cohort, "n": self.number}


class PairMember(BaseModel):
    """A leader's place in a pair; one pair per leader per cohort (a database rule)."""

    pair = models.ForeignKey(
        VisitPair, verbose_name=_("besøgspar"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("leder"), on_delete=models.PROTECT, related_name="pair_memberships"
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("hold"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("makker")
        verbose_name_plural = _("makkere")
        ordering = ["pair", "person__first_name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="pairmember_one_per_cohort"),
        ]
        indexes = [
            # "Mit jobbesøg" and the navigation check: a person's published pairs
            models.Index(fields=["person", "pair"], name="pairmember_person_idx"),
        ]

    def __str__(self) -> str:
        return _("%(person)s i %(pair)s") % {"person": self.person, "pair": self.pair}


class JobVisit(VersionedModel, BaseModel):
    """One visit: a host and their partner(s) as guests (seed 001 steps 1–6).

    The host chooses the leadership activity and one or more of the five themes, and agrees time
    and place; host and guest answer the six expectation questions together before; the host
    writes the intended leadership before, the guest what they observed (actual), and the host
    may ask the activity's participants for their perception; after, the joint reflection with
    the seed's three prompts. Status: planned → scheduled → held → reflected. `version`:
    optimistic locking (`core.concurrency`) between the partners, who write on the same visit;
    every write and status step requires it (the stale message names the partner). `ics_sequence`
    is the calendar revision.
    """

    stale_subject = _("Jobbesøget")
    stale_message = _(
        "%(what)s er blevet ændret af din makker, mens du skrev. Din tekst er ikke gemt – den "
        "står stadig i feltet. Kopiér den, genindlæs siden og prøv igen."
    )

    class Month(models.TextChoices):
        # a context keeps Django's own month names ("april") from relabelling the seed's
        MARCH = "march", pgettext_lazy("job visit month", "Marts")
        APRIL = "april", pgettext_lazy("job visit month", "April")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlægges")
        SCHEDULED = "scheduled", _("Aftalt")
        HELD = "held", _("Gennemført")
        REFLECTED = "reflected", _("Reflekteret")

    pair = models.ForeignKey(
        VisitPair, verbose_name=_("besøgspar"), on_delete=models.CASCADE, related_name="visits"
    )
    host = models.ForeignKey(
        Person, verbose_name=_("vært"), on_delete=models.PROTECT, related_name="hosted_visits"
    )
    month = models.CharField(_("måned"), max_length=10, choices=Month.choices)
    activity = models.TextField(_("ledelsesaktivitet"), blank=True)
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    starts_at = models.DateTimeField(_("starter"), null=True, blank=True)
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    #: the six expectation-alignment answers keyed by question index ("0".."5")
    expectations = models.JSONField(_("forventningsafstemning"), default=dict, blank=True)
    intended = models.TextField(_("intenderet ledelse"), blank=True)
    observed = models.TextField(_("faktisk ledelse (gæstens iagttagelser)"), blank=True)
    perceived = models.TextField(_("opfattet ledelse (deltagernes oplevelse)"), blank=True)
    #: the joint reflection keyed by prompt index ("0".."2")
    reflection = models.JSONField(_("fælles læringsrefleksion"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    held_at = models.DateTimeField(_("markeret gennemført"), null=True, blank=True)
    reflected_at = models.DateTimeField(_("markeret reflekteret"), null=True, blank=True)
    ics_sequence = models.PositiveIntegerField(_("kalenderversion"), default=0)
    #: the joint learning reflection's own time and place, agreed by host and guest (seed 001
    #: step 2: "Vært og gæst aftaler om tid og sted for jobbesøg og fælles læringsrefleksion")
    reflection_starts_at = models.DateTimeField(_("refleksion starter"), null=True, blank=True)
    reflection_ends_at = models.DateTimeField(_("refleksion slutter"), null=True, blank=True)
    reflection_place = models.CharField(_("refleksionens sted"), max_length=200, blank=True)
    #: a partner's request to reopen a reflected (locked) visit; the consultant reopens it
    reopen_requested_at = models.DateTimeField(_("genåbning ønsket"), null=True, blank=True)
    reopen_requested_by = models.ForeignKey(
        Person,
        verbose_name=_("genåbning ønsket af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: statuses that count as "the visit has taken place"
    DONE = (Status.HELD, Status.REFLECTED)

    #: "efter guiden i marts": when the cohort's calendar plans the visit (`schedule.Schedule.hint`),
    #: set by the selectors that load visits for a page (`selectors.with_plan_hints`)
    plan_hint: str = ""

    class Meta:
        verbose_name = _("jobbesøg")
        verbose_name_plural = pgettext_lazy("plural", "jobbesøg")
        ordering = ["pair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "host"], name="jobvisit_host_once"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(starts_at__lt=models.F("ends_at")),
                name="jobvisit_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(starts_at__isnull=False),
                name="jobvisit_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(reflection_starts_at__isnull=True)
                | Q(reflection_ends_at__isnull=True)
                | Q(reflection_starts_at__lt=models.F("reflection_ends_at")),
                name="jobvisit_reflection_start_before_end",
            ),
        ]

    @property
    def is_locked(self) -> bool:
        """True once the reflection is marked done ("reflekteret"): the content is read-only
        until the cohort's consultant reopens it (issue #14 §1)."""
        return self.status == self.Status.REFLECTED

    def __str__(self) -> str:
        return f"{self.pair}: {self.host} ({self.label})"

    @cached_property
    def ordinal(self) -> int:
        """1, 2 (3 in a trio): the visit's place in its pair, by creation order.

        The seed's months are only the guide's plan; real dates can fall in any month, so the UI
        numbers the visits instead. Uses the pair's prefetched visits when there are any."""
        pair = self._state.fields_cache.get("pair")
        siblings = getattr(pair, "_prefetched_objects_cache", {}).get("visits") if pair else None
        if siblings is not None:
            ids = sorted(v.pk for v in siblings)
            if self.pk in ids:
                return ids.index(self.pk) + 1
        return JobVisit.objects.filter(pair_id=self.pair_id, pk__lte=self.pk).count()

    @property
    def label(self) -> str:
        """ "1. jobbesøg", "2. jobbesøg" …"""
        return gettext("%(n)d. jobbesøg") % {"n": self.ordinal}
