"""Writes for network groups: rounds, composing, moving, locking, publishing (issue #4 §2).

This module turns ORM rows into solver inputs (`lederspor.optimize`) and the solver's answer back
into rows. Every function is one transaction with one audit row. Changes to a round – its
settings, composing, moving and locking members, a group's tasks, publishing – carry the round's
`version` the consultant's page was built from (`expected_version`, `core.concurrency`); a change
based on an older version is refused (two consultants editing the same round at once).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.grouping import criteria as crit
from lederspor.grouping.audit import GroupingAction
from lederspor.grouping.models import GroupingRound, GroupMembership, NetworkGroup
from lederspor.grouping.score import grouping_score
from lederspor.grouping.selectors import enrolled_participants, network_meetings
from lederspor.notifications.services import absolute_url, email_send
from lederspor.optimize.dissimilarity import gower_dissimilarity
from lederspor.optimize.mdgp import GroupingProblem, InfeasibleGrouping, solve_grouping
from lederspor.people.models import Person
from lederspor.people.selectors import load_units, manager_lines
from lederspor.programmes.models import Cohort, Enrolment, ProgrammeKind
from lederspor.programmes.privacy import JTI_RECORDED, scrub_jti_audit

#: subtracted from the objective for a pair that was together in an earlier published round:
#: twice the largest possible dissimilarity, so a repeated pair never pays off unless the hard
#: rules and sizes leave no other choice ("if possible")
REPEAT_PENALTY = 2.0


def compose_time_limit(n: int) -> float:
    """Seconds for the solver: 0.1 s + 4 ms per participant, at most 1 s (200 → 0.9 s), so
    a cohort of 200 is composed within 2 s including database work. n ≤ 12 is solved exactly."""
    return min(1.0, 0.1 + 0.004 * n)


def _require_draft(rnd: GroupingRound) -> None:
    if not rnd.is_draft:
        raise ValidationError(
            _("Runden er offentliggjort og kan ikke ændres. Opret en ny runde i stedet."),
            code="published",
        )


# --- solver inputs ---------------------------------------------------------------------------


@dataclass
class Inputs:
    """Solver inputs for a list of enrolments (index i = enrolments[i])."""

    enrolments: list[Enrolment]
    distances: np.ndarray
    workplace_pairs: list[tuple[int, int]]
    manager_pairs: list[tuple[int, int]]
    penalty: np.ndarray | None
    repeat_pairs: set[tuple[int, int]]


def _earlier_pairs(rnd: GroupingRound, enrolment_ids: list[int]) -> set[frozenset[int]]:
    """Pairs of enrolment ids that shared a group in an earlier published round of the cohort."""
    rows = GroupMembership.objects.filter(
        round__cohort_id=rnd.cohort_id,
        round__status=GroupingRound.Status.PUBLISHED,
        round__number__lt=rnd.number,
        enrolment_id__in=enrolment_ids,
    ).values_list("group_id", "enrolment_id")
    by_group: dict[int, list[int]] = {}
    for group_id, enrolment_id in rows:
        by_group.setdefault(group_id, []).append(enrolment_id)
    pairs: set[frozenset[int]] = set()
    for members in by_group.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                pairs.add(frozenset((members[a], members[b])))
    return pairs


def solver_inputs(rnd: GroupingRound, enrolments: list[Enrolment]) -> Inputs:
    """Dissimilarities, keep-apart pairs and the rotation penalty for `enrolments`."""
    n = len(enrolments)
    ctx = crit.Context(units=load_units(), on=rnd.cohort.starts_on)
    values = crit.criterion_values(enrolments, ctx)
    distances = gower_dissimilarity(crit.build_criteria(rnd.criteria, values), n)
    lines = manager_lines([e.person for e in enrolments])
    workplace_pairs, manager_pairs = [], []
    for i in range(n):
        pi = enrolments[i].person
        for j in range(i + 1, n):
            pj = enrolments[j].person
            if pj.pk in lines[pi.pk] or pi.pk in lines[pj.pk]:
                manager_pairs.append((i, j))
            elif rnd.keep_same_workplace_apart and pi.unit_id == pj.unit_id:
                workplace_pairs.append((i, j))
    penalty, repeat = None, set()
    if rnd.avoid_earlier_rounds:
        earlier = _earlier_pairs(rnd, [e.pk for e in enrolments])
        if earlier:
            index = {e.pk: i for i, e in enumerate(enrolments)}
            penalty = np.zeros((n, n))
            for pair in earlier:
                a, b = (index[x] for x in pair)
                penalty[a, b] = penalty[b, a] = REPEAT_PENALTY
                repeat.add((min(a, b), max(a, b)))
    return Inputs(enrolments, distances, workplace_pairs, manager_pairs, penalty, repeat)


def _group_count(rnd: GroupingRound, n: int) -> int:
    return rnd.group_count or max(1, math.ceil(n / rnd.max_size))


def _check_sizes(rnd: GroupingRound, n: int, m: int) -> None:
    params = {"n": n, "m": m, "min": rnd.min_size, "max": rnd.max_size}
    if m > n:
        raise ValidationError(
            _("Der er %(n)s deltagere – færre end de %(m)s grupper. Vælg færre grupper.") % params
        )
    if m * rnd.min_size > n:
        raise ValidationError(
            _(
                "Der er %(n)s deltagere – for få til %(m)s grupper med mindst %(min)s i hver. "
                "Vælg færre grupper eller et lavere mindste antal."
            )
            % params
        )
    if m * rnd.max_size < n:
        raise ValidationError(
            _(
                "Der er %(n)s deltagere – for mange til %(m)s grupper med højst %(max)s i hver. "
                "Vælg flere grupper eller et højere største antal."
            )
            % params
        )


def _keep_apart_error(inputs: Inputs, m: int) -> ValidationError:
    """Name the hard rule that cannot be kept, in Danish."""
    counts: dict[int, list[Enrolment]] = {}
    for e in inputs.enrolments:
        counts.setdefault(e.person.unit_id, []).append(e)
    biggest = max(counts.values(), key=len)
    if inputs.workplace_pairs and len(biggest) > m:
        return ValidationError(
            _(
                "Reglen “ikke to fra samme arbejdsplads i en gruppe” kan ikke overholdes: "
                "%(count)s deltagere er fra %(workplace)s, men der er kun %(m)s grupper. "
                "Lav flere grupper, eller slå reglen fra."
            )
            % {"count": len(biggest), "workplace": biggest[0].person.unit.name, "m": m},
            code="keep_apart",
        )
    if inputs.workplace_pairs and not inputs.manager_pairs:
        return ValidationError(
            _(
                "Reglen “ikke to fra samme arbejdsplads i en gruppe” kan ikke overholdes med "
                "disse gruppestørrelser og låste deltagere. Lav flere grupper, lås deltagere "
                "op, eller slå reglen fra."
            ),
            code="keep_apart",
        )
    if inputs.manager_pairs and not inputs.workplace_pairs:
        return ValidationError(
            _(
                "Reglen “aldrig leder og medarbejder i samme gruppe” kan ikke overholdes med "
                "disse gruppestørrelser og låste deltagere. Lav flere grupper, eller lås "
                "deltagere op."
            ),
            code="keep_apart",
        )
    return ValidationError(
        _(
            "Reglerne “ikke to fra samme arbejdsplads i en gruppe” og “aldrig leder og "
            "medarbejder i samme gruppe” kan ikke overholdes samtidig med disse "
            "gruppestørrelser. Lav flere grupper, eller slå reglen om arbejdsplads fra."
        ),
        code="keep_apart",
    )


def _rescore(rnd: GroupingRound) -> None:
    """Recompute `objective` and `random_objective` from the round's current memberships."""
    memberships = list(
        rnd.memberships.select_related("enrolment__person__unit", "group").order_by("enrolment_id")
    )
    if len(memberships) < 2:
        rnd.objective, rnd.random_objective = None, None
        return
    enrolments = [ms.enrolment for ms in memberships]
    ctx = crit.Context(units=load_units(), on=rnd.cohort.starts_on)
    values = crit.criterion_values(enrolments, ctx)
    distances = gower_dissimilarity(crit.build_criteria(rnd.criteria, values), len(enrolments))
    rnd.objective, rnd.random_objective = grouping_score(
        distances, [ms.group.number for ms in memberships]
    )


# --- rounds ----------------------------------------------------------------------------------


def _validate_settings(
    *,
    group_count: int | None,
    min_size: int,
    max_size: int,
    criteria: Sequence[Mapping[str, Any]],
) -> list[crit.CriterionSpec]:
    errors = {}
    if min_size < 2:
        errors["min_size"] = _("En gruppe skal have mindst 2 deltagere.")
    if max_size < min_size:
        errors["max_size"] = _("Det største antal skal være mindst det mindste antal.")
    if group_count is not None and group_count < 1:
        errors["group_count"] = _("Der skal være mindst én gruppe.")
    try:
        normalised = crit.normalise_criteria(criteria)
    except (KeyError, ValueError, TypeError):
        errors["criteria"] = _("Kriterierne er ugyldige.")
        normalised = []
    if any(not 0 <= c["weight"] <= crit.MAX_WEIGHT for c in normalised):
        errors["criteria"] = _("Vægte skal ligge mellem 0 og %(max)s.") % {"max": crit.MAX_WEIGHT}
    if errors:
        raise ValidationError(errors)
    return normalised


#: programmes whose cohorts meet in network groups: the aspirant programme (seed 000) and
#: Leder på spring (seed 002 §6). Job visits work in pairs (seed 001, lederspor.visits); the
#: trainee programme (seed 003) has none of its own — trainees join the aspirant programme.
NETWORK_GROUP_PROGRAMMES = {ProgrammeKind.ASPIRANT, ProgrammeKind.CLARIFICATION}


def cohort_has_network_groups(cohort: Cohort) -> bool:
    """True if `cohort`'s programme meets in network groups (`NETWORK_GROUP_PROGRAMMES`)."""
    return cohort.programme.kind in NETWORK_GROUP_PROGRAMMES


def no_network_groups_reason(cohort: Cohort) -> str:
    """The Danish sentence shown when `cohort` has no network groups ("" when it has)."""
    if cohort_has_network_groups(cohort):
        return ""
    if cohort.programme.kind == ProgrammeKind.JOB_VISIT:
        return _("Jobbesøgshold har ikke netværksgrupper; her dannes makkerpar i stedet.")
    return _(
        "Ledertraineehold har ikke egne netværksgrupper; traineerne deltager i "
        "lederaspirantforløbets grupper."
    )


@transaction.atomic
def grouping_round_create(
    *,
    cohort: Cohort,
    by: User,
    criteria: Sequence[Mapping[str, Any]] | None = None,
    group_count: int | None = None,
    min_size: int = 4,
    max_size: int = 6,
    keep_same_workplace_apart: bool = True,
    avoid_earlier_rounds: bool = True,
    seed: int = 2026,
) -> GroupingRound:
    """Start a new draft round of network groups for `cohort` (number = last + 1)."""
    if not cohort_has_network_groups(cohort):
        raise ValidationError(no_network_groups_reason(cohort), code="no_network_groups")
    normalised = _validate_settings(
        group_count=group_count,
        min_size=min_size,
        max_size=max_size,
        criteria=crit.default_criteria() if criteria is None else criteria,
    )
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    last = cohort.grouping_rounds.aggregate(m=Max("number"))["m"] or 0
    rnd = GroupingRound(
        cohort=cohort,
        number=last + 1,
        criteria=normalised,
        group_count=group_count,
        min_size=min_size,
        max_size=max_size,
        keep_same_workplace_apart=keep_same_workplace_apart,
        avoid_earlier_rounds=avoid_earlier_rounds,
        seed=seed,
    )
    rnd.full_clean()
    rnd.save()
    audit_record(
        actor=by,
        action=GroupingAction.CREATE,
        obj=rnd,
        summary=f"{cohort.name}, runde {rnd.number}",
    )
    return rnd


@transaction.atomic
def grouping_round_update(
    *,
    round: GroupingRound,
    expected_version: int,
    by: User,
    criteria: Sequence[Mapping[str, Any]],
    group_count: int | None,
    min_size: int,
    max_size: int,
    keep_same_workplace_apart: bool,
    avoid_earlier_rounds: bool,
) -> GroupingRound:
    """Change a draft round's criteria and rules; the score of the current groups is updated.

    Raises ConcurrentEditError for a stale `expected_version`, ValidationError for bad settings
    or a published round.
    """
    rnd = lock_version(round, expected_version)
    _require_draft(rnd)
    normalised = _validate_settings(
        group_count=group_count, min_size=min_size, max_size=max_size, criteria=criteria
    )
    old = {"criteria": rnd.criteria, "min_size": rnd.min_size, "max_size": rnd.max_size}
    rnd.criteria = normalised
    rnd.group_count = group_count
    rnd.min_size = min_size
    rnd.max_size = max_size
    rnd.keep_same_workplace_apart = keep_same_workplace_apart
    rnd.avoid_earlier_rounds = avoid_earlier_rounds
    rnd.full_clean()
    _rescore(rnd)
    rnd.save(
        update_fields=[
            "criteria",
            "group_count",
            "min_size",
            "max_size",
            "keep_same_workplace_apart",
            "avoid_earlier_rounds",
            "objective",
            "random_objective",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=by,
        action=GroupingAction.UPDATE,
        obj=rnd,
        summary=_("Kriterier og regler ændret"),
        old=old,
        new={"criteria": normalised, "min_size": min_size, "max_size": max_size},
    )
    return rnd


@transaction.atomic
def grouping_round_compose(
    *,
    round: GroupingRound,
    expected_version: int,
    by: User,
    time_limit: float | None = None,
) -> GroupingRound:
    """Compose the groups "så mangfoldigt som muligt" from the cohort's enrolled participants.

    Keeps locked participants in their groups, keeps the hard rules (same workplace, manager
    line) and avoids pairs from earlier published rounds where possible. Group tasks already
    written are kept. Raises ConcurrentEditError for a stale `expected_version`, ValidationError
    (Danish, naming the rule) when no grouping fits.
    """
    rnd = lock_version(round, expected_version)
    _require_draft(rnd)
    enrolments = enrolled_participants(cohort=rnd.cohort)
    n = len(enrolments)
    if n < 2:
        raise ValidationError(
            _("Der skal være mindst to optagne deltagere for at sammensætte grupper.")
        )
    m = _group_count(rnd, n)
    _check_sizes(rnd, n, m)
    inputs = solver_inputs(rnd, enrolments)
    kept = {
        ms.enrolment_id: ms for ms in rnd.memberships.filter(locked=True).select_related("group")
    }
    locked: dict[int, int] = {}
    for i, e in enumerate(enrolments):
        ms = kept.get(e.pk)
        if ms is not None:
            if ms.group.number > m:
                raise ValidationError(
                    _(
                        "%(name)s er låst til %(group)s, men runden får kun %(m)s grupper. "
                        "Lås deltageren op, eller vælg flere grupper."
                    )
                    % {"name": e.person.full_name, "group": ms.group.name, "m": m}
                )
            locked[i] = ms.group.number - 1
    problem = GroupingProblem(
        distances=inputs.distances,
        lower=(rnd.min_size,) * m,
        upper=(rnd.max_size,) * m,
        keep_apart=tuple(inputs.workplace_pairs + inputs.manager_pairs),
        locked=locked,
        together_penalty=inputs.penalty,
    )
    try:
        result = solve_grouping(
            problem,
            time_limit=compose_time_limit(n) if time_limit is None else time_limit,
            seed=rnd.seed,
        )
    except InfeasibleGrouping as exc:
        if exc.constraint == "keep_apart":
            raise _keep_apart_error(inputs, m) from exc
        if exc.constraint == "locked":
            raise ValidationError(
                _(
                    "De låste deltagere kan ikke placeres inden for gruppestørrelserne. "
                    "Lås nogle deltagere op, og prøv igen."
                ),
                code="locked",
            ) from exc
        raise ValidationError(
            _("Grupperne kan ikke sammensættes med disse gruppestørrelser.")
        ) from exc

    groups = {g.number: g for g in rnd.groups.all()}
    NetworkGroup.objects.bulk_create(
        [
            NetworkGroup(round=rnd, number=k, name=_("Gruppe %(number)s") % {"number": k})
            for k in range(1, m + 1)
            if k not in groups
        ]
    )
    rnd.memberships.all().delete()
    rnd.groups.filter(number__gt=m).delete()
    groups = {g.number: g for g in rnd.groups.all()}
    GroupMembership.objects.bulk_create(
        [
            GroupMembership(
                round=rnd, group=groups[int(result.groups[i]) + 1], enrolment=e, locked=i in locked
            )
            for i, e in enumerate(enrolments)
        ]
    )
    rnd.objective, rnd.random_objective = grouping_score(inputs.distances, result.groups)
    rnd.composed_at = timezone.now()
    rnd.save(
        update_fields=["objective", "random_objective", "composed_at", "version", "updated_at"]
    )
    repeats = sum(1 for a, b in inputs.repeat_pairs if result.groups[a] == result.groups[b])
    audit_record(
        actor=by,
        action=GroupingAction.COMPOSE,
        obj=rnd,
        summary=_("%(n)s deltagere i %(m)s grupper") % {"n": n, "m": m},
        objective=rnd.objective,
        random_objective=rnd.random_objective,
        seconds=float(np.round(result.seconds, 3)),
        locked=len(locked),
        repeated_pairs=repeats,
    )
    return rnd


# --- adjusting by hand -----------------------------------------------------------------------


def _conflicts(rnd: GroupingRound, person: Person, others: list[Person]) -> ValidationError | None:
    """The hard rule `person` would break in a group with `others`, or None."""
    lines = manager_lines([person, *others])
    for other in others:
        if other.pk in lines[person.pk] or person.pk in lines[other.pk]:
            return ValidationError(
                _(
                    "%(name)s kan ikke komme i gruppe med %(other)s: reglen “aldrig leder og "
                    "medarbejder i samme gruppe”."
                )
                % {"name": person.full_name, "other": other.full_name},
                code="manager_line",
            )
    if rnd.keep_same_workplace_apart:
        for other in others:
            if other.unit_id == person.unit_id:
                return ValidationError(
                    _(
                        "%(name)s kan ikke komme i gruppe med %(other)s: reglen “ikke to fra "
                        "samme arbejdsplads i en gruppe” (%(workplace)s)."
                    )
                    % {
                        "name": person.full_name,
                        "other": other.full_name,
                        "workplace": person.unit.name,
                    },
                    code="workplace",
                )
    return None


@transaction.atomic
def group_membership_move(
    *, membership: GroupMembership, to_group: NetworkGroup, expected_version: int, by: User
) -> GroupingRound:
    """Move a participant to another group of the same draft round; the score is updated.

    `expected_version`: the round's version the page was built from (ConcurrentEditError if
    stale). Raises ValidationError (Danish) if the participant is locked, a group would leave
    its size bounds, or a hard rule would be broken; nothing is changed then.
    """
    rnd = lock_version(membership.round, expected_version)
    _require_draft(rnd)
    ms = GroupMembership.objects.select_related("enrolment__person__unit", "group").get(
        pk=membership.pk
    )
    person = ms.enrolment.person
    if to_group.round_id != rnd.pk:
        raise ValidationError(_("Gruppen hører ikke til denne runde."))
    if to_group.pk == ms.group_id:
        rnd.version = expected_version  # nothing to save: the round keeps its version
        return rnd
    if ms.locked:
        raise ValidationError(
            _("%(name)s er låst til %(group)s. Lås deltageren op, før du flytter.")
            % {"name": person.full_name, "group": ms.group.name},
            code="locked",
        )
    from_size = GroupMembership.objects.filter(group=ms.group).count()
    target = [
        m.enrolment.person
        for m in GroupMembership.objects.filter(group=to_group).select_related(
            "enrolment__person__unit"
        )
    ]
    conflict = _conflicts(rnd, person, target)
    if conflict is not None:
        raise conflict
    if from_size - 1 < rnd.min_size:
        raise ValidationError(
            _("%(group)s ville få %(size)s deltagere, men mindst %(min)s er tilladt.")
            % {"group": ms.group.name, "size": from_size - 1, "min": rnd.min_size},
            code="min_size",
        )
    if len(target) + 1 > rnd.max_size:
        raise ValidationError(
            _("%(group)s ville få %(size)s deltagere, men højst %(max)s er tilladt.")
            % {"group": to_group.name, "size": len(target) + 1, "max": rnd.max_size},
            code="max_size",
        )
    old_group = ms.group
    ms.group = to_group
    ms.save(update_fields=["group", "updated_at"])
    _rescore(rnd)
    rnd.save(update_fields=["objective", "random_objective", "version", "updated_at"])
    audit_record(
        actor=by,
        action=GroupingAction.MOVE,
        obj=rnd,
        summary=f"{person.full_name}: {old_group.name} → {to_group.name}",
        enrolment=ms.enrolment_id,
        from_group=old_group.pk,
        to_group=to_group.pk,
    )
    return rnd


@transaction.atomic
def group_membership_set_locked(
    *, membership: GroupMembership, locked: bool, expected_version: int, by: User
) -> GroupingRound:
    """Lock (keep in this group when composing again) or unlock a participant.

    `expected_version`: the round's version the page was built from (ConcurrentEditError if
    stale).
    """
    rnd = lock_version(membership.round, expected_version)
    _require_draft(rnd)
    ms = GroupMembership.objects.select_related("enrolment__person", "group").get(pk=membership.pk)
    if ms.locked == locked:
        rnd.version = expected_version  # nothing to save: the round keeps its version
        return rnd
    ms.locked = locked
    ms.save(update_fields=["locked", "updated_at"])
    rnd.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by,
        action=GroupingAction.LOCK if locked else GroupingAction.UNLOCK,
        obj=rnd,
        summary=f"{ms.enrolment.person.full_name}: {ms.group.name}",
        enrolment=ms.enrolment_id,
    )
    return rnd


@transaction.atomic
def network_group_set_tasks(
    *, group: NetworkGroup, tasks: str, expected_version: int, by: User
) -> NetworkGroup:
    """Set the tasks the group is to solve (also after publishing).

    A group is part of its round: `expected_version` is the round's version the page was built
    from (ConcurrentEditError if stale), and saving the tasks bumps it.
    """
    rnd = lock_version(group.round, expected_version)
    group = NetworkGroup.objects.get(pk=group.pk)
    group.tasks = tasks.strip()
    group.full_clean()
    group.save(update_fields=["tasks", "updated_at"])
    rnd.save(update_fields=["version", "updated_at"])
    audit_record(actor=by, action=GroupingAction.TASKS, obj=group, summary=group.name)
    return group


@transaction.atomic
def grouping_round_publish(
    *, round: GroupingRound, expected_version: int, by: User
) -> GroupingRound:
    """Publish the groups: each member gets an e-mail with their group, its members and tasks,
    the network-meeting dates and a link to their page, and sees the group there.

    Raises ConcurrentEditError if `expected_version` is stale, ValidationError if the round is
    not composed or an enrolled participant has no group.
    """
    rnd = lock_version(round, expected_version)
    _require_draft(rnd)
    memberships = list(
        rnd.memberships.select_related("enrolment__person__unit", "group").order_by(
            "group__number", "enrolment__person__first_name", "enrolment__person__last_name"
        )
    )
    if not memberships:
        raise ValidationError(_("Sammensæt grupperne, før du offentliggør dem."))
    assigned = {ms.enrolment_id for ms in memberships}
    missing = [e for e in enrolled_participants(cohort=rnd.cohort) if e.pk not in assigned]
    if missing:
        raise ValidationError(
            _(
                "Disse optagne deltagere er ikke i en gruppe: %(names)s. Sammensæt grupperne "
                "igen – låste deltagere bliver, hvor de er."
            )
            % {"names": ", ".join(e.person.full_name for e in missing)}
        )
    rnd.status = GroupingRound.Status.PUBLISHED
    rnd.published_at = timezone.now()
    rnd.published_by = by
    rnd.save(update_fields=["status", "published_at", "published_by", "version", "updated_at"])
    meetings = network_meetings(cohort=rnd.cohort)
    by_group: dict[int, list[GroupMembership]] = {}
    for ms in memberships:
        if ms.enrolment.status == Enrolment.Status.ENROLLED:
            by_group.setdefault(ms.group_id, []).append(ms)
    sent = 0
    for members in by_group.values():
        group = members[0].group
        for ms in members:
            email_send(
                to=[ms.enrolment.person],
                template="grouping/email/published",
                context={
                    "cohort": rnd.cohort,
                    "group": group,
                    "members": [m.enrolment.person for m in members],
                    "meetings": meetings,
                    "link": absolute_url(
                        reverse("programmes:enrolment_detail", args=[ms.enrolment_id])
                    ),
                },
                kind="grouping.published",
                about=group,
                cohort_id=rnd.cohort_id,
            )
            sent += 1
    audit_record(
        actor=by,
        action=GroupingAction.PUBLISH,
        obj=rnd,
        summary=_("%(n)s deltagere har fået besked") % {"n": sent},
    )
    return rnd


# --- the participant's JTI type ----------------------------------------------------------------


@transaction.atomic
def enrolment_set_jti(*, enrolment: Enrolment, jti_type: str, consent: bool, by: User) -> Enrolment:
    """Record the participant's JTI type with their consent; without consent the type is cleared
    (withdrawing consent). Raises ValidationError for a malformed type, for consent without a
    type, and for a type given without consent when none was recorded before.

    The audit log never holds the type (issue #15 §2): recording it writes "the type was
    recorded", and withdrawing consent also scrubs the enrolment's earlier JTI audit rows
    (`programmes.privacy.scrub_jti_audit`) in the same transaction, so the value is gone everywhere.
    """
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    jti_type = jti_type.strip().upper()
    if not consent and jti_type and enrolment.jti_consent_at is None:
        raise ValidationError(
            {"consent": _("Sæt kryds ved samtykke, hvis du vil gemme din JTI-type.")}
        )
    if not consent:
        had = bool(enrolment.jti_type or enrolment.jti_consent_at)
        old_type = enrolment.jti_type
        enrolment.jti_type = ""
        enrolment.jti_consent_at = None
        enrolment.save(update_fields=["jti_type", "jti_consent_at", "updated_at"])
        if had:
            scrub_jti_audit(enrolment_id=enrolment.pk, old_type=old_type)
            audit_record(actor=by, action=GroupingAction.ENROLMENT_JTI_WITHDRAW, obj=enrolment)
        return enrolment
    if not jti_type:
        raise ValidationError({"jti_type": _("Angiv din JTI-type, eller fjern samtykket.")})
    enrolment.jti_type = jti_type
    if enrolment.jti_consent_at is None:
        enrolment.jti_consent_at = timezone.now()
    enrolment.full_clean(exclude=["cohort", "person"], validate_unique=False)
    enrolment.save(update_fields=["jti_type", "jti_consent_at", "updated_at"])
    # that the type was recorded or changed, never what it is
    audit_record(actor=by, action=GroupingAction.ENROLMENT_JTI, obj=enrolment, summary=JTI_RECORDED)
    return enrolment
