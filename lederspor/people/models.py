"""Organisation: org units as a tree and the persons in them (DESIGN.md §1 Organisation)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lederspor.core.models import BaseModel


class OrgUnit(BaseModel):
    """A unit in the municipality's tree: kommune → forvaltning → område → arbejdsplads."""

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
    kind = models.CharField(_("niveau"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="municipality", parent__isnull=True)
                | (~Q(kind="municipality") & Q(parent__isnull=False)),
                name="orgunit_root_iff_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name


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
