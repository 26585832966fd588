"""Programme templates, cohorts, sessions and enrolments (DESIGN.md §2 Programmes).

An enrolment carries the whole life-cycle from the nearest leader's nomination (*indstilling*)
through the consultant's decision to completion or withdrawal.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person


class ProgrammeKind(models.TextChoices):
    """The four programmes of the seeds."""

    ASPIRANT = "aspirant", _("Lederaspirantforløb")
    CLARIFICATION = "clarification", _("Lederafklaring (Leder på spring)")
    TRAINEE = "trainee", _("Ledertraineeforløb")
    JOB_VISIT = "job_visit", _("Jobbesøg")


#: programmes whose cohorts have no sessions of their own: job visits are pairs that plan
#: their visits themselves (seed 001), with the wrap-up booked by the consultant
PROGRAMMES_WITHOUT_SESSIONS = frozenset({ProgrammeKind.JOB_VISIT})


class Programme(BaseModel):
    """A programme template (*forløb*) loaded from a seed: description, phases and elements."""

    key = models.SlugField(_("nøgle"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=ProgrammeKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    summary = models.TextField(_("kort beskrivelse"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    source = models.CharField(_("kilde"), max_length=100, blank=True)
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    is_operational = models.BooleanField(
        _("i drift"),
        default=False,
        help_text=_("Om forløbet kan køres i Lederspor (hold, indstillinger, opgaver)."),
    )

    class Meta:
        verbose_name = _("forløb")
        verbose_name_plural = pgettext_lazy("plural", "forløb")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_sessions(self) -> bool:
        """Whether its cohorts meet in sessions (`PROGRAMMES_WITHOUT_SESSIONS` do not)."""
        return self.kind not in PROGRAMMES_WITHOUT_SESSIONS


class Phase(BaseModel):
    """A phase of a programme template, in order (seed text)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    effects = models.JSONField(_("effekter"), default=list, blank=True)
    tools = models.TextField(_("hjælperedskaber"), blank=True)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="phase_unique_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Element(BaseModel):
    """An element of a phase (teaching day, network meeting, conversation, task …)."""

    phase = models.ForeignKey(
        Phase, verbose_name=_("fase"), on_delete=models.CASCADE, related_name="elements"
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    kind = models.CharField(_("type"), max_length=40)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    theme = models.CharField(_("tema"), max_length=200, blank=True)
    month = models.CharField(_("måned"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elementer")
        ordering = ["phase", "order"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "order"], name="element_unique_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Cohort(VersionedModel, BaseModel):
    """A cohort (*hold*) running a programme over a period with named consultants.

    `version`: optimistic locking (`core.concurrency`); `cohort_update` requires it.
    """

    stale_subject = _("Holdet")

    programme = models.ForeignKey(
        Programme, verbose_name=_("forløb"), on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("navn"), max_length=200)
    starts_on = models.DateField(_("startdato"))
    ends_on = models.DateField(_("slutdato"))
    capacity = models.PositiveSmallIntegerField(_("antal pladser"))
    nomination_deadline = models.DateField(_("frist for indstilling"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    consultants = models.ManyToManyField(
        Person, verbose_name=_("konsulenter"), related_name="consulted_cohorts", blank=True
    )

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = pgettext_lazy("plural", "hold")
        ordering = ["-starts_on", "name"]
        permissions = [("manage_programmes", _("Kan oprette hold og importere organisationen"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="cohort_start_before_end"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Session(VersionedModel, BaseModel):
    """A dated session of a cohort: network meeting, teaching day, take-off …

    `version`: optimistic locking (`core.concurrency`); `session_update` requires it.
    """

    stale_subject = _("Mødegangen")

    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Netværksmøde")
        TEACHING_DAY = "teaching_day", _("Undervisningsdag")
        TAKE_OFF = "take_off", _("Take-off-arrangement")
        WRAP_UP = "wrap_up", _("Fælles opsamling")
        OTHER = "other", _("Andet")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("hold"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    theme = models.CharField(_("tema"), max_length=200)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    #: iCalendar SEQUENCE of the invitation: bumped when the time or place changes (issue #3 §6)
    ics_sequence = models.PositiveIntegerField(_("kalender-sekvens"), default=0, editable=False)

    class Meta:
        verbose_name = _("mødegang")
        verbose_name_plural = _("mødegange")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="session_start_before_end"
            ),
        ]
        indexes = [
            # the consultant's schedule: upcoming sessions across their cohorts
            models.Index(fields=["cohort", "starts_at"], name="session_cohort_start_idx"),
        ]

    def __str__(self) -> str:
        return self.theme


class Enrolment(BaseModel):
    """A person's place on a cohort, from nomination (*indstilling*) to completion.

    Life-cycle (seed 000 / 003: the nearest leader nominates): nominated → enrolled → completed,
    or nominated → rejected, or (nominated | waitlisted | enrolled) → withdrawn; a rejected or
    withdrawn person may be nominated again, which reopens the same row (one row per person per
    cohort). Issue #16 §3: a nomination beyond the cohort's capacity goes on the waiting list
    (nominated → waitlisted, *på venteliste*), in the order `waitlisted_at`, then `pk`; when a
    seat is free the consultant gives it to the first one (waitlisted → enrolled).
    """

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Indstillet")
        ENROLLED = "enrolled", _("Optaget")
        COMPLETED = "completed", _("Gennemført")
        REJECTED = "rejected", _("Afvist")
        WITHDRAWN = "withdrawn", _("Udtrådt")
        WAITLISTED = "waitlisted", _("På venteliste")

    #: statuses that take a seat on the cohort
    SEATED = (Status.ENROLLED, Status.COMPLETED)
    #: statuses of a place that is still open or running (one per person per programme); a
    #: place on the waiting list counts, but takes no seat (issue #16 §3)
    ACTIVE = (Status.NOMINATED, Status.WAITLISTED, Status.ENROLLED)

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("hold"), on_delete=models.PROTECT, related_name="enrolments"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("deltager"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOMINATED
    )
    nominated_by = models.ForeignKey(
        Person,
        verbose_name=_("indstillet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations_made",
    )
    nominated_at = models.DateTimeField(_("indstillet"), null=True, blank=True)
    motivation = models.TextField(_("begrundelse for indstilling"), blank=True)
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("afgjort af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    decision_reason = models.TextField(_("begrundelse for afgørelse"), blank=True)
    completed_at = models.DateTimeField(_("gennemført"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("udtrådt"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("årsag til udtræden"), blank=True)
    #: when the nomination went on the waiting list (or was moved to its back by "Spring
    #: over"); the list's order is this, then `pk` (issue #16 §3). Empty unless waitlisted.
    waitlisted_at = models.DateTimeField(_("på venteliste siden"), null=True, blank=True)
    # JTI (Jungiansk Type Index, seed 002 §2): the type is stored only with the participant's
    # consent; it may then be a criterion for diverse network groups (issue #4 §2).
    jti_type = models.CharField(
        _("JTI-type"),
        max_length=4,
        blank=True,
        validators=[
            RegexValidator(r"^[EI][SN][TF][JP]$", _("Angiv en JTI-type som fx ENTJ eller ISFP."))
        ],
    )
    jti_consent_at = models.DateTimeField(_("samtykke til brug af JTI-type"), null=True, blank=True)
    #: leadership themes the participant wants to work with (job visits, seed 001's five themes)
    leadership_themes = models.JSONField(_("ledelsestemaer"), default=list, blank=True)

    class Meta:
        verbose_name = _("deltagelse")
        verbose_name_plural = _("deltagelser")
        ordering = ["cohort", "person__first_name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_one_per_cohort"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="enrolment_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="enrolment_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(jti_type="") | Q(jti_consent_at__isnull=False),
                name="enrolment_jti_type_needs_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="enrolment_waitlisted_has_time",
            ),
        ]
        indexes = [
            # the nominations queue and seat counting per cohort
            models.Index(fields=["cohort", "status"], name="enrolment_cohort_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.cohort}"


class Attendance(BaseModel):
    """Whether an enrolled participant attended a session (registered by a consultant)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Deltog")
        ABSENT = "absent", _("Fraværende")
        EXCUSED = "excused", _("Afbud")

    session = models.ForeignKey(
        Session, verbose_name=_("mødegang"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("fremmøde"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_one_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} @ {self.session}: {self.status}"
