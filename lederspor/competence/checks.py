"""The field checks of a plan (seed 004 §1 "Fokus på en afgrænset opgave") and the readiness
for each status.

A check never blocks saving: the leader may keep a draft as they like. The warnings quote the
seed. Only moving a plan forward (draft → training → everyday) requires what the method needs
(see `status_blockers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lederspor.competence.content import method
from lederspor.competence.models import STEP_ORDER, CompetencePlan, PlanStatus

#: fewer words than this cannot name one concrete, recognisable situation
MIN_SITUATION_WORDS = 6
#: "(at) blive bedre til at <x>" with at most this many words after it is a general aim
GENERAL_TAIL_WORDS = 3
#: this many " og " (or a list) suggests several tasks in one ("sammensat")
COMPOSITE_AND_COUNT = 3
#: words that say the situation is rare or unforeseen (seed: "kun sker sjældent eller uforudset")
RARE_WORDS = ("sjældent", "sjælden", "uforudset", "uforudsete", "en gang om året", "undtagelsesvis")

_GENERAL = re.compile(r"^(?:at\s+)?blive\s+bedre\s+til\s+(?:at\s+)?(?P<tail>.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    """One check on a plan: `key`, whether it `passed`, and the message (seed text or Danish UI
    text) shown when it did not."""

    key: str
    passed: bool
    message: str


def _words(text: str) -> list[str]:
    return re.findall(r"[\wæøåÆØÅ-]+", text)


def situation_checks(text: str) -> list[Check]:
    """Warnings on the task text alone (seed 004 §1): too general, composite, rare.

    Returns one Check per rule; `passed` is False when the rule fires. Rules:
    - too_general: fewer than `MIN_SITUATION_WORDS` words, or "(at) blive bedre til at …" with
      at most `GENERAL_TAIL_WORDS` words after it — the seed's "“At blive bedre til at
      kommunikere” er fx for ukonkret".
    - composite: a list (several lines or a semicolon) or `COMPOSITE_AND_COUNT` × " og " — the
      seed's "for overordnet, sammensat eller diffus" and "betragte hver enkelt opgave for sig".
    - rare: words such as "sjældent" or "uforudset" — the seed's "noget, der kun sker sjældent
      eller uforudset".
    """
    warnings = method().warnings
    clean = " ".join(text.split())
    words = _words(clean)
    general = _GENERAL.match(clean.rstrip(".!"))
    too_general = bool(clean) and (
        len(words) < MIN_SITUATION_WORDS
        or (general is not None and len(_words(general.group("tail"))) <= GENERAL_TAIL_WORDS)
    )
    lines = [line for line in text.splitlines() if line.strip()]
    composite = (
        len(lines) > 1 or ";" in text or f" {clean.lower()} ".count(" og ") >= COMPOSITE_AND_COUNT
    )
    lowered = clean.lower()
    rare = any(word in lowered for word in RARE_WORDS)
    return [
        Check(
            "too_general",
            not too_general,
            f"{warnings['too_general']} {warnings['concrete_example']}",
        ),
        Check(
            "composite", not composite, f"{warnings['diffuse']} {warnings['one_task_at_a_time']}"
        ),
        Check("rare", not rare, warnings["rare"]),
    ]


def task_checks(plan: CompetencePlan) -> list[Check]:
    """All checks of field 1 (Opgave) for `plan`, in the order shown.

    The three requirements of seed 004 ("For at opgaven skal fungere som mål, skal den opfylde
    tre krav") must be confirmed explicitly; then the text warnings of `situation_checks`; then
    that today's and tomorrow's way are described and the target step is above the current one
    (seed: "det er svært at blive ressourceperson for en opgave, man ikke allerede har løst
    selvstændigt").
    """
    requirements = {r.key: r.text for r in method().requirements}
    checks = [
        Check("concrete", plan.meets_concrete, requirements["concrete"]),
        Check("other_way", plan.meets_other_way, requirements["other_way"]),
        Check("responsibility", plan.meets_responsibility, requirements["responsibility"]),
    ]
    if not plan.task_situation.strip():
        checks.append(Check("situation", False, _("Beskriv den situation, opgaven handler om.")))
    else:
        checks.extend(situation_checks(plan.task_situation))
    checks.append(
        Check(
            "today_future",
            bool(plan.task_today.strip() and plan.task_future.strip()),
            _("Beskriv, hvordan opgaven løses i dag, og hvordan den skal løses fremover."),
        )
    )
    checks.extend(step_checks(plan.current_step, plan.target_step))
    return checks


def step_checks(current: str, target: str) -> list[Check]:
    """Checks on a current → target step pair (blank steps pass: not chosen yet)."""
    if not current or not target:
        return []
    rank = {step.value: i for i, step in enumerate(STEP_ORDER)}
    checks = [
        Check(
            "target_above_current",
            rank[target] > rank[current],
            _("Ansvarstrinnet, der skal nås, bør ligge over det nuværende."),
        )
    ]
    if rank[target] - rank[current] > 1:
        checks.append(
            Check(
                "skips_a_step",
                False,
                _(
                    "Planen springer et trin over: det er svært at blive ressourceperson for en "
                    "opgave, man ikke allerede har løst selvstændigt."
                ),
            )
        )
    return checks


def status_blockers(
    plan: CompetencePlan, target: str, *, goal_count: int, activity_count: int, anchoring_count: int
) -> list[str]:
    """What stops `plan` from moving to `target` (a `PlanStatus` value); empty when it may.

    Forward moves need what the method needs: to the training ground the three requirements, a
    task, at least one learning goal and one activity, and the training ground's start and end
    (seed 004 §4: "Det er derfor meget vigtigt at aftale, hvornår og hvor længe man er på
    træningsbanen"); to everyday work a date from which the task is done the new way and at
    least one anchoring (seed 004 §5); to evaluated, the evaluation (use `plan_evaluate`).
    Moving back is always allowed.
    """
    order = [s.value for s in PlanStatus]
    if order.index(target) <= order.index(plan.status):
        return []
    blockers: list[str] = []
    if not plan.requirements_met:
        blockers.append(_("Opgaven opfylder ikke de tre krav endnu (felt 1)."))
    if not plan.task_situation.strip():
        blockers.append(_("Opgaven er ikke beskrevet (felt 1)."))
    if goal_count == 0:
        blockers.append(_("Der er ingen læringsmål (felt 3)."))
    if activity_count == 0:
        blockers.append(_("Der er ingen aktiviteter på træningsbanen (felt 4)."))
    if plan.training_starts_on is None or plan.training_ends_on is None:
        blockers.append(_("Træningsbanens start og slut mangler (felt 4)."))
    if order.index(target) >= order.index(PlanStatus.EVERYDAY):
        if plan.everyday_from is None:
            blockers.append(_("Datoen for den nye hverdag mangler (felt 5)."))
        if anchoring_count == 0:
            blockers.append(_("Der er ingen forankring i hverdagen (felt 5)."))
    if target == PlanStatus.EVALUATED:
        blockers.append(_("Brug evalueringen for at afslutte planen."))
    return blockers
