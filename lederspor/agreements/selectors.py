"""Reads for learning agreements: the page data of one version and the non-blocking warnings."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.agreements.models import (
    AgreementStatus,
    BlockKind,
    BuildingBlock,
    GoalKind,
    LearningAgreement,
    LearningGoal,
)
from lederspor.agreements.services import APPROVAL_LABELS, ApprovalRole, required_roles
from lederspor.programmes.models import Cohort


@dataclass(frozen=True)
class Approval:
    """One party's approval of a version: who and when (None = not yet)."""

    role: ApprovalRole
    label: str
    at: dt.datetime | None
    by_name: str


@dataclass
class AgreementPage:
    """Everything a version's page, history and PDF show (no further queries)."""

    agreement: LearningAgreement
    goal_groups: list[tuple[str, list[LearningGoal]]]
    blocks: list[BuildingBlock]
    approvals: list[Approval]
    versions: list[LearningAgreement]
    warnings: list[str] = field(default_factory=list)

    @property
    def current(self) -> LearningAgreement | None:
        """The approved version in force (None before the first approval)."""
        return next((v for v in self.versions if v.status == AgreementStatus.APPROVED), None)

    @property
    def draft(self) -> LearningAgreement | None:
        """The version being drafted or changed, if any."""
        return next((v for v in self.versions if v.status == AgreementStatus.DRAFT), None)


def blocks_in_date_order(blocks: Sequence[Any]) -> list[Any]:
    """Blocks by start date (undated last), then by their order in the agreement."""
    return sorted(
        blocks,
        key=lambda b: (b.starts_on is None, b.starts_on or dt.date.min, b.order),
    )


def agreement_warnings(*, goals: Sequence[Any], blocks: Sequence[Any], cohort: Cohort) -> list[str]:
    """Non-blocking warnings for an agreement's content (objects or rows with the model's
    attribute names):

    - practice elements whose complexity does not rise over time (seed 003: "Kompleksiteten i
      praksis øges over perioden"): a dated practice element with lower complexity than an
      earlier one, or two or more with no rise at all;
    - blocks dated outside the cohort's start and end dates;
    - no learning goals.
    Returns Danish sentences, empty when nothing to warn about.
    """
    warnings: list[str] = []
    if not goals:
        warnings.append(_("Aftalen har endnu ingen læringsmål."))
    practice = [
        b
        for b in blocks_in_date_order(blocks)
        if b.kind == BlockKind.PRACTICE and b.starts_on and b.complexity
    ]
    falls = [(a, b) for a, b in itertools.pairwise(practice) if b.complexity < a.complexity]
    for earlier, later in falls:
        warnings.append(
            _(
                "Kompleksiteten falder: “%(later)s” (kompleksitet %(lc)s) ligger efter "
                "“%(earlier)s” (kompleksitet %(ec)s). Forløbsbeskrivelsen siger: "
                "“Kompleksiteten i praksis øges over perioden.”"
            )
            % {
                "later": later.title,
                "lc": later.complexity,
                "earlier": earlier.title,
                "ec": earlier.complexity,
            }
        )
    if len(practice) >= 2 and not falls and practice[-1].complexity <= practice[0].complexity:
        warnings.append(
            _(
                "Kompleksiteten i praksiselementerne stiger ikke over perioden. "
                "Forløbsbeskrivelsen siger: “Kompleksiteten i praksis øges over perioden.”"
            )
        )
    for b in blocks:
        outside = any(
            d is not None and not cohort.starts_on <= d <= cohort.ends_on
            for d in (b.starts_on, b.ends_on)
        )
        if outside:
            warnings.append(
                _("“%(title)s” ligger uden for holdets periode (%(start)s – %(end)s).")
                % {
                    "title": b.title,
                    "start": date_format(cohort.starts_on),
                    "end": date_format(cohort.ends_on),
                }
            )
    return warnings


def agreement_page(*, agreement: LearningAgreement, cohort_has_consultants: bool) -> AgreementPage:
    """The page data of `agreement` (needs `enrolment__cohort` loaded): goals by kind, blocks in
    date order, the approvals (required roles only), all versions of the enrolment (history) and
    the warnings. Four queries."""
    goals = list(agreement.goals.all())
    blocks = blocks_in_date_order(list(agreement.blocks.all()))
    people: Mapping[str, Any] = LearningAgreement.objects.filter(pk=agreement.pk).values(
        "trainee_approved_by__first_name",
        "trainee_approved_by__last_name",
        "leader_approved_by__first_name",
        "leader_approved_by__last_name",
        "consultant_approved_by__first_name",
        "consultant_approved_by__last_name",
    )[0]
    approvals = [
        Approval(
            role=role,
            label=str(APPROVAL_LABELS[role]),
            at=getattr(agreement, f"{role}_approved_at"),
            by_name=" ".join(
                filter(
                    None,
                    (
                        people[f"{role}_approved_by__first_name"],
                        people[f"{role}_approved_by__last_name"],
                    ),
                )
            ),
        )
        for role in required_roles(cohort_has_consultants=cohort_has_consultants)
    ]
    versions = list(
        LearningAgreement.objects.filter(enrolment_id=agreement.enrolment_id).order_by("-number")
    )
    groups = [(str(kind.label), [g for g in goals if g.kind == kind]) for kind in GoalKind]
    warnings = (
        agreement_warnings(goals=goals, blocks=blocks, cohort=agreement.enrolment.cohort)
        if agreement.status != AgreementStatus.SUPERSEDED
        else []
    )
    return AgreementPage(
        agreement=agreement,
        goal_groups=groups,
        blocks=blocks,
        approvals=approvals,
        versions=versions,
        warnings=warnings,
    )


def enrolment_agreement_summary(*, enrolment_id: int) -> list[LearningAgreement]:
    """The enrolment's agreement versions, newest first (one query; for the panel)."""
    return list(
        LearningAgreement.objects.filter(enrolment_id=enrolment_id)
        .only(
            "pk",
            "number",
            "status",
            "locked_at",
            "trainee_approved_at",
            "leader_approved_at",
            "consultant_approved_at",
            "enrolment_id",
        )
        .order_by("-number")
    )
