"""Grouping criteria: turn participants' people data into solver columns (issue #4 §2).

Each criterion reads one attribute of an enrolled participant (an `Enrolment` with its
`person.unit` loaded) and the org-unit tree (a dict id → `UnitInfo`, loaded once). The
consultant chooses per criterion "spred" (spread), "saml" (collect) or "ignorér" (ignore) and a
weight; `build_criteria` returns the `optimize.dissimilarity.Criterion` list the Gower measure
needs. The JTI type counts only where the participant has consented (`jti_consent_at`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from django.utils.translation import gettext_lazy as _

from lederspor.optimize.dissimilarity import Criterion, Mode, Value
from lederspor.people.selectors import OrgRole, UnitInfo, unit_in_role
from lederspor.programmes.models import Enrolment

#: Danish labels of the modes, in the order the form shows them
MODE_LABELS = {
    Mode.SPREAD: _("Spred"),
    Mode.COLLECT: _("Saml"),
    Mode.IGNORE: _("Ignorér"),
}
#: highest weight the form accepts
MAX_WEIGHT = 10


class CriterionSpec(TypedDict):
    """One criterion's setting in a round, as `GroupingRound.criteria` stores it (JSON): the
    key in `CRITERIA`, the mode (a `Mode` value) and the weight."""

    key: str
    mode: str
    weight: float


def department_of(unit_id: int, units: dict[int, UnitInfo]) -> UnitInfo | None:
    """The forvaltning (department) above or at `unit_id`, or None if there is none: the
    nearest unit whose kind plays the "department" role in `settings.LEDERSPOR_ORG_LEVELS`
    (`people.selectors.unit_in_role`; issue #17 §2), at any depth."""
    return unit_in_role(unit_id, OrgRole.DEPARTMENT, units)


def age_band(age: int | None) -> str | None:
    """Age band label: "<30", "30–39", "40–49", "50–59" or "60+" (None if unknown)."""
    if age is None:
        return None
    if age < 30:
        return "<30"
    if age >= 60:
        return "60+"
    low = age // 10 * 10
    return f"{low}–{low + 9}"


@dataclass(frozen=True)
class Context:
    """What the getters need besides the enrolment: the unit tree and the reference date."""

    units: dict[int, UnitInfo]
    on: dt.date


def participant_age(e: Enrolment, ctx: Context) -> int | None:
    """Age in whole years in the year of `ctx.on` (None without a birth year)."""
    year = e.person.birth_year
    return ctx.on.year - year if year else None


def _seniority(e: Enrolment, ctx: Context) -> int | None:
    since = e.person.employed_since
    if since is None:
        return None
    return max(0, int((ctx.on - since).days // 365.25))


def _department(e: Enrolment, ctx: Context) -> str | None:
    dep = department_of(e.person.unit_id, ctx.units)
    return dep.name if dep else None


def _jti(e: Enrolment, ctx: Context) -> str | None:
    return e.jti_type if e.jti_type and e.jti_consent_at else None


@dataclass(frozen=True)
class CriterionDef:
    """A criterion the consultant can choose: key, Danish label, getter, default setting."""

    key: str
    label: object
    get: Callable[[Enrolment, Context], Value]
    numeric: bool = False
    default_mode: Mode = Mode.SPREAD
    default_weight: float = 1.0


CRITERIA: dict[str, CriterionDef] = {
    c.key: c
    for c in [
        CriterionDef("department", _("Forvaltning"), _department, default_weight=3),
        CriterionDef("workplace", _("Arbejdsplads"), lambda e, ctx: e.person.unit.name),
        CriterionDef(
            "profession",
            _("Faggruppe"),
            lambda e, ctx: e.person.profession or None,
            default_weight=2,
        ),
        CriterionDef(
            "gender",
            _("Køn"),
            lambda e, ctx: (
                str(e.person.get_gender_display())
                if e.person.gender and e.person.gender != "other"
                else None
            ),
        ),
        CriterionDef(
            "age_band", _("Aldersgruppe"), lambda e, ctx: age_band(participant_age(e, ctx))
        ),
        CriterionDef("seniority", _("Anciennitet (år)"), _seniority, numeric=True),
        CriterionDef(
            "leader_experience",
            _("Ledererfaring"),
            lambda e, ctx: str(_("Ja")) if e.person.is_leader else str(_("Nej")),
        ),
        CriterionDef("jti", _("JTI-type (med samtykke)"), _jti),
    ]
}


def default_criteria() -> list[CriterionSpec]:
    """The criteria a new round starts with: every criterion, its default mode and weight."""
    return [
        {"key": c.key, "mode": str(c.default_mode), "weight": c.default_weight}
        for c in CRITERIA.values()
    ]


def normalise_criteria(specs: Sequence[Mapping[str, Any]]) -> list[CriterionSpec]:
    """Every known criterion exactly once, in `CRITERIA` order; unknown keys are dropped and
    missing ones are added as "ignore"."""
    given = {s["key"]: s for s in specs if s.get("key") in CRITERIA}
    out: list[CriterionSpec] = []
    for key in CRITERIA:
        spec = given.get(key, {"mode": str(Mode.IGNORE), "weight": 1.0})
        out.append({"key": key, "mode": str(Mode(spec["mode"])), "weight": float(spec["weight"])})
    return out


def criterion_values(enrolments: Sequence[Enrolment], ctx: Context) -> dict[str, list[Value]]:
    """Column of values per criterion key, in the order of `enrolments` (None = unknown)."""
    return {key: [c.get(e, ctx) for e in enrolments] for key, c in CRITERIA.items()}


def build_criteria(
    specs: Sequence[Mapping[str, Any]], values: Mapping[str, Sequence[Value]]
) -> list[Criterion]:
    """The solver's criteria from the round's settings and the value columns."""
    out = []
    for spec in normalise_criteria(specs):
        definition = CRITERIA[spec["key"]]
        out.append(
            Criterion(
                name=spec["key"],
                values=values[spec["key"]],
                mode=Mode(spec["mode"]),
                weight=spec["weight"],
                numeric=definition.numeric,
            )
        )
    return out
