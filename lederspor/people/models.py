"""Organisation: org units as a tree and the persons in them (DESIGN.md §1 Organisation)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lederspor.core.models import BaseModel
from lederspor.core.storage import MediaStorage


class OrgUnit(BaseModel):
    """A unit in the municipality's tree, of any depth: a root (no parent) and units below it.

    `kind` is the unit's level as the source names it: one of `Kind` for the classic tree
    (kommune → forvaltning → område → arbejdsplads) or any other level name from OS2mo or a
    file (e.g. "afdeling", "team"). Which units count as a forvaltning or an område for
    grouping criteria and job-visit pairing is configuration (issue #17 §2). A unit missing
    from a full load is marked inactive (`is_active`, `deactivated_at`), never deleted.
    """

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        DEPARTMENT = "department", _("Forvaltning/magistratsafdeling")
        AREA = "area", _("Område")
        WORKPLACE = "workplace", _("Arbejdsplads")

    #: allowed parent kind per kind (None = root)
    PARENT_KIND = {
        Kind.MUNICIPALITY: None,
        Kind.DEPARTMENT: Kind.MUNICIPALITY,
        Kind.AREA: Kind.DEPARTMENT,
        Kind.WORKPLACE: Kind.AREA,
    }

    code = models.CharField(
        _("enhedskode"), max_length=40, unique=True, help_text=_("Entydig kode fra lønsystemet.")
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(
        _("niveau"),
        max_length=40,
        help_text=_("Enhedens niveau som kilden kalder det, fx forvaltning, område eller team."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    #: when a full load (import or sync) last found the unit missing from its source
    deactivated_at = models.DateTimeField(_("deaktiveret"), null=True, blank=True)

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        """`kind` in the user's language: the label of a known `Kind`, else the source's name."""
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind


class Person(BaseModel):
    """An employee of the municipality. `manager` is the nearest leader (*nærmeste leder*).

    The chef (*chef*) is `chef_override` when set, otherwise the manager's manager; resolve it with
    `people.selectors.person_chef` or the `chef_id` annotation, never across relations here.
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Kvinde")
        MALE = "male", _("Mand")
        OTHER = "other", _("Andet/uoplyst")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    employee_number = models.CharField(_("medarbejdernummer"), max_length=40, unique=True)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    email = models.EmailField(_("e-mail"), unique=True)
    job_title = models.CharField(_("stillingsbetegnelse"), max_length=150, blank=True)
    profession = models.CharField(_("faggruppe"), max_length=150, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("enhed"), on_delete=models.PROTECT, related_name="persons"
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("nærmeste leder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    chef_override = models.ForeignKey(
        "self",
        verbose_name=_("chef (hvis ikke lederens leder)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gender = models.CharField(
        _("køn"), max_length=10, choices=Gender.choices, default=Gender.OTHER, blank=True
    )
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    employed_since = models.DateField(_("ansat siden"), null=True, blank=True)
    is_leader = models.BooleanField(_("er leder"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    #: when a full load (import or sync) last found the person missing from its source; an
    #: inactive person cannot sign in and is not offered in pickers (issue #17 §2)
    deactivated_at = models.DateTimeField(_("deaktiveret"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(manager=F("id")), name="person_not_own_manager"),
        ]
        indexes = [
            # "my employees" (leader dashboards) and the chef lookup via manager__manager
            models.Index(fields=["manager", "last_name"], name="person_manager_idx"),
            # HR's person list (people.selectors.person_search): pages in name order
            models.Index(fields=["first_name", "last_name", "id"], name="person_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """First and last name joined by a space."""
        return f"{self.first_name} {self.last_name}".strip()


class LeadershipChange(BaseModel):
    """A dated change in whether a person is a nearest leader (issue #13 §1, docs/reports.md).

    A person is a nearest leader when active and either `is_leader` or the `manager` of at
    least one active person. Written only by `people.leadership.record_leadership_changes`
    (each organisation import or sync, and the demo); never edited. The first row of someone
    who already led when first seen is a `became` with `baseline` set: it says "was a leader
    from here on", not "became one".
    """

    class Kind(models.TextChoices):
        BECAME = "became", _("Blev leder")
        STOPPED = "stopped", _("Holdt op som leder")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="leadership_changes",
    )
    kind = models.CharField(_("skifte"), max_length=10, choices=Kind.choices)
    #: the date the import/sync saw the change
    on = models.DateField(_("dato"))
    #: the first record of someone who already led when first seen: not a "became"
    baseline = models.BooleanField(_("udgangspunkt"), default=False)
    #: "import" | "sync" | "demo"
    source = models.CharField(_("kilde"), max_length=20)

    class Meta:
        verbose_name = _("lederskifte")
        verbose_name_plural = _("lederskifter")
        ordering = ["on", "id"]
        indexes = [
            # the report's "who became a leader in a period" (kind = became, on in a range)
            models.Index(fields=["kind", "on"], name="leadershipchange_kind_on_idx"),
            # a person's latest state (record_leadership_changes, leader_on) and their history
            models.Index(fields=["person", "on"], name="leadershipchange_person_on_idx"),
        ]

    #: `source` in Danish, for the person's HR page
    SOURCE_LABELS = {"import": _("Import"), "sync": _("Synkronisering"), "demo": _("Demo")}

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on.isoformat()}"

    @property
    def source_label(self) -> str:
        """`source` in the user's language (the raw value when unknown)."""
        return str(self.SOURCE_LABELS.get(self.source, self.source))


def _load_file_path(instance: "OrgLoadRun", filename: str) -> str:
    """Where an uploaded organisation file waits for the worker: a random name (the original
    is the run's `label`) keeping the suffix, which tells CSV from XLSX."""
    suffix = Path(filename).suffix.lower()
    return f"org-import/{uuid.uuid4().hex}{suffix}"


class OrgLoadRun(BaseModel):
    """One load of organisation data: a file import (HR's page or `import_org`) or a sync
    (`sync_org --source os2mo`), queued, run by the worker or a command, and recorded with its
    progress and its report (issue #17 §2).

    `report` is JSON: the counts per kind, every row error (line, column, message), and the
    units and persons a full load deactivated or would deactivate. `progress_done` /
    `progress_total` are rows.
    """

    class Source(models.TextChoices):
        FILE = "file", _("Fil")
        OS2MO = "os2mo", _("OS2mo")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("I gang")
        SUCCEEDED = "succeeded", _("Gennemført")
        FAILED = "failed", _("Fejlet")

    source = models.CharField(_("kilde"), max_length=10, choices=Source.choices)
    #: "units", "persons" or "organisation" (both, as a sync loads them)
    kind = models.CharField(_("indhold"), max_length=20)
    #: the file name, or the OS2mo address
    label = models.CharField(_("navn"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    dry_run = models.BooleanField(_("kun afprøvning"), default=False)
    #: a full load: persons and units missing from the source are marked inactive
    full = models.BooleanField(_("fuld indlæsning"), default=False)
    #: the user confirmed deactivating more than the configured share
    confirmed = models.BooleanField(_("bekræftet"), default=False)
    progress_done = models.PositiveIntegerField(_("rækker behandlet"), default=0)
    progress_total = models.PositiveIntegerField(_("rækker i alt"), default=0)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    #: the uploaded file while the run waits for the worker (private storage, never served);
    #: deleted when the run ends, unless it waits for HR to confirm deactivating (issue #17 §2)
    file = models.FileField(
        _("fil"), storage=MediaStorage(), upload_to=_load_file_path, max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("indlæsning af organisation")
        verbose_name_plural = _("indlæsninger af organisation")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at"], name="orgloadrun_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.label}"

    @property
    def is_finished(self) -> bool:
        """The run has ended (succeeded or failed); the page stops polling."""
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """Rows done as a whole percentage of the rows in the file (0 before it is read)."""
        if not self.progress_total:
            return 100 if self.is_finished else 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def needs_confirmation(self) -> bool:
        """The run was refused because it would deactivate more than the allowed share and
        may be queued again with confirmation ("Bekræft og deaktivér")."""
        deactivation = (self.report or {}).get("deactivation") or {}
        return bool(
            self.status == self.Status.FAILED
            and not self.confirmed
            and deactivation.get("needs_confirmation")
            and not deactivation.get("blocked_units")
            and not any(
                (self.report.get(kind) or {}).get("errors") for kind in ("units", "persons")
            )
        )
