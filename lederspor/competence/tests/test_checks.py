"""Field 1's checks (seed 004 §1 "Fokus på en afgrænset opgave") and what blocks a status move.

The texts come from the seed: its own too-general aims must be flagged, its own concrete aim and
its six worked examples must pass.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lederspor.competence import checks
from lederspor.competence.content import method
from lederspor.competence.models import CompetencePlan, PlanStatus, Step
from lederspor.competence.services import (
    examples_load,
    plan_create,
    plan_evaluate,
    plan_field_save,
    plan_participants_save,
    plan_status_set,
)

WARNINGS = method().warnings
TOO_GENERAL_MESSAGE = f"{WARNINGS['too_general']} {WARNINGS['concrete_example']}"
COMPOSITE_MESSAGE = f"{WARNINGS['diffuse']} {WARNINGS['one_task_at_a_time']}"

#: the seed's concrete rewording of "At blive bedre til at kommunikere"
SEED_CONCRETE = (
    "At blive bedre til at kommunikere med forældrene om dagens begivenheder, når barnet "
    "bliver hentet"
)


def fired(text: str) -> set[str]:
    """The keys of the situation checks that fire (do not pass) on `text`."""
    return {check.key for check in checks.situation_checks(text) if not check.passed}


def by_key(result: list[checks.Check]) -> dict[str, checks.Check]:
    return {check.key: check for check in result}


# --- situation_checks: too general ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "At blive bedre til at kommunikere",  # the seed's own example of "for ukonkret"
        "blive bedre til at undervise",
        "at arbejde rehabiliterende",
        "At blive bedre til at kommunikere.",
    ],
)
def test_seeds_too_general_aims_are_flagged(text):
    assert fired(text) == {"too_general"}


@pytest.mark.parametrize("text", [SEED_CONCRETE, "give medicin til beboerne på plejecentret"])
def test_concrete_situations_pass_every_check(text):
    assert fired(text) == set()


def test_too_general_message_is_the_seeds_text_with_its_concrete_example():
    check = by_key(checks.situation_checks("At blive bedre til at kommunikere"))["too_general"]
    assert check.message == TOO_GENERAL_MESSAGE
    assert "“At blive bedre til at kommunikere” er fx for ukonkret" in check.message
    assert SEED_CONCRETE in check.message


def test_situation_checks_are_the_three_rules_in_order():
    assert [c.key for c in checks.situation_checks(SEED_CONCRETE)] == [
        "too_general",
        "composite",
        "rare",
    ]


# --- situation_checks: composite and rare -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Give medicin til beboerne om morgenen\nSkifte forbindinger på beboerne efter badet",
        "Give medicin til beboerne om morgenen; skifte forbindinger på beboerne efter badet",
        "Vi skal give medicin og måle blodtryk og skifte forbindinger og dokumentere det",
    ],
    ids=["several-lines", "semicolon", "three-og"],
)
def test_several_tasks_in_one_are_composite(text):
    result = by_key(checks.situation_checks(text))
    assert result["composite"].passed is False
    assert result["composite"].message == COMPOSITE_MESSAGE
    assert result["too_general"].passed is True


def test_two_og_are_not_yet_composite():
    text = "Vi skal give medicin og måle blodtryk hos beboerne og dokumentere det bagefter"
    assert fired(text) == set()


def test_blank_lines_around_one_task_are_not_composite():
    assert fired(f"\n  {SEED_CONCRETE}\n\n") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Håndtere brandalarmen på plejecentret, som heldigvis sker sjældent",
        "Tage imod en uforudset indlæggelse af en beboer om natten",
        "Tage imod de uforudsete besøg fra tilsynet på plejecentret",
    ],
)
def test_rare_situations_are_flagged_with_the_seeds_text(text):
    result = by_key(checks.situation_checks(text))
    assert result["rare"].passed is False
    assert result["rare"].message == WARNINGS["rare"]
    assert "kun sker sjældent eller uforudset" in result["rare"].message
    assert fired(text) == {"rare"}


# --- the six worked examples are the seed's model tasks -----------------------------------------


@pytest.mark.django_db
def test_every_example_task_passes_every_situation_check():
    plans = examples_load()
    assert len(plans) == 6
    failures = {
        plan.example_number: sorted(fired(plan.task_situation))
        for plan in plans
        if fired(plan.task_situation)
    }
    assert failures == {}


# --- task_checks ------------------------------------------------------------------------------


def complete_plan(**changes) -> CompetencePlan:
    """An unsaved plan whose field 1 and field 4 are filled in."""
    values = {
        "title": "Medicin",
        "task_situation": "give medicin til beboerne på plejecentret",
        "meets_concrete": True,
        "meets_other_way": True,
        "meets_responsibility": True,
        "task_today": "Sygeplejersken giver al medicin",
        "task_future": "Assistenterne giver medicinen i dagvagten",
        "current_step": Step.WITH_SUPPORT,
        "target_step": Step.INDEPENDENT,
        "training_starts_on": dt.date(2026, 3, 1),
        "training_ends_on": dt.date(2026, 4, 30),
        "everyday_from": dt.date(2026, 5, 1),
        **changes,
    }
    return CompetencePlan(**values)


def test_the_three_requirements_are_unconfirmed_until_set():
    plan = complete_plan(meets_concrete=False, meets_other_way=False, meets_responsibility=False)
    result = by_key(checks.task_checks(plan))
    requirements = {r.key: r.text for r in method().requirements}
    for key in ("concrete", "other_way", "responsibility"):
        assert result[key].passed is False
        assert result[key].message == requirements[key]
    plan.meets_concrete = True
    result = by_key(checks.task_checks(plan))
    assert (result["concrete"].passed, result["other_way"].passed) == (True, False)


def test_a_complete_task_passes_all_checks():
    result = checks.task_checks(complete_plan())
    assert [c.key for c in result if not c.passed] == []
    assert [c.key for c in result] == [
        "concrete",
        "other_way",
        "responsibility",
        "too_general",
        "composite",
        "rare",
        "today_future",
        "target_above_current",
    ]


def test_a_blank_task_asks_for_the_situation_not_the_text_rules():
    result = by_key(checks.task_checks(complete_plan(task_situation="  ")))
    assert result["situation"].passed is False
    assert "too_general" not in result


def test_today_and_future_must_both_be_described():
    result = by_key(checks.task_checks(complete_plan(task_future="")))
    assert result["today_future"].passed is False


def test_task_checks_include_the_text_warnings():
    result = by_key(
        checks.task_checks(complete_plan(task_situation="blive bedre til at undervise"))
    )
    assert result["too_general"].passed is False


# --- step_checks ------------------------------------------------------------------------------


def test_skipping_a_step_is_flagged():
    result = by_key(checks.step_checks(Step.WITH_SUPPORT, Step.RESOURCE_PERSON))
    assert result["target_above_current"].passed is True
    assert result["skips_a_step"].passed is False
    assert "ressourceperson" in result["skips_a_step"].message


@pytest.mark.parametrize(
    "current,target",
    [
        (Step.INDEPENDENT, Step.WITH_SUPPORT),
        (Step.INDEPENDENT, Step.INDEPENDENT),
        (Step.RESOURCE_PERSON, Step.WITH_SUPPORT),
    ],
)
def test_a_target_not_above_the_current_step_is_flagged(current, target):
    result = by_key(checks.step_checks(current, target))
    assert result["target_above_current"].passed is False
    assert "skips_a_step" not in result


@pytest.mark.parametrize(
    "current,target",
    [(Step.WITH_SUPPORT, Step.INDEPENDENT), (Step.INDEPENDENT, Step.RESOURCE_PERSON)],
)
def test_one_step_up_passes(current, target):
    assert [(c.key, c.passed) for c in checks.step_checks(current, target)] == [
        ("target_above_current", True)
    ]


@pytest.mark.parametrize("current,target", [("", Step.INDEPENDENT), (Step.INDEPENDENT, "")])
def test_unchosen_steps_are_not_checked(current, target):
    assert checks.step_checks(current, target) == []


# --- status_blockers --------------------------------------------------------------------------

COMPLETE_COUNTS = {"goal_count": 2, "activity_count": 3, "anchoring_count": 1}


def test_draft_to_training_lists_everything_missing():
    empty = CompetencePlan(title="Tom plan")
    blockers = checks.status_blockers(
        empty, PlanStatus.TRAINING, goal_count=0, activity_count=0, anchoring_count=0
    )
    assert blockers == [
        "Opgaven opfylder ikke de tre krav endnu (felt 1).",
        "Opgaven er ikke beskrevet (felt 1).",
        "Der er ingen læringsmål (felt 3).",
        "Der er ingen aktiviteter på træningsbanen (felt 4).",
        "Træningsbanens start og slut mangler (felt 4).",
    ]


@pytest.mark.parametrize(
    "changes,counts,expected",
    [
        ({"meets_other_way": False}, {}, "Opgaven opfylder ikke de tre krav endnu (felt 1)."),
        ({}, {"goal_count": 0}, "Der er ingen læringsmål (felt 3)."),
        ({}, {"activity_count": 0}, "Der er ingen aktiviteter på træningsbanen (felt 4)."),
        ({"training_ends_on": None}, {}, "Træningsbanens start og slut mangler (felt 4)."),
        ({"training_starts_on": None}, {}, "Træningsbanens start og slut mangler (felt 4)."),
    ],
)
def test_each_missing_piece_alone_blocks_training(changes, counts, expected):
    plan = complete_plan(**changes)
    blockers = checks.status_blockers(plan, PlanStatus.TRAINING, **{**COMPLETE_COUNTS, **counts})
    assert blockers == [expected]


def test_a_complete_plan_may_move_to_training_and_everyday():
    plan = complete_plan()
    assert checks.status_blockers(plan, PlanStatus.TRAINING, **COMPLETE_COUNTS) == []
    assert checks.status_blockers(plan, PlanStatus.EVERYDAY, **COMPLETE_COUNTS) == []


def test_everyday_also_needs_its_date_and_an_anchoring():
    plan = complete_plan(everyday_from=None, status=PlanStatus.TRAINING)
    counts = {**COMPLETE_COUNTS, "anchoring_count": 0}
    assert checks.status_blockers(plan, PlanStatus.EVERYDAY, **counts) == [
        "Datoen for den nye hverdag mangler (felt 5).",
        "Der er ingen forankring i hverdagen (felt 5).",
    ]
    # the same plan may still go to the training ground
    assert checks.status_blockers(plan, PlanStatus.TRAINING, **counts) == []


def test_draft_straight_to_everyday_needs_the_training_ground_too():
    plan = complete_plan(training_starts_on=None)
    blockers = checks.status_blockers(plan, PlanStatus.EVERYDAY, **COMPLETE_COUNTS)
    assert blockers == ["Træningsbanens start og slut mangler (felt 4)."]


def test_evaluated_goes_through_the_evaluation():
    plan = complete_plan(status=PlanStatus.EVERYDAY)
    blockers = checks.status_blockers(plan, PlanStatus.EVALUATED, **COMPLETE_COUNTS)
    assert blockers == ["Brug evalueringen for at afslutte planen."]


@pytest.mark.parametrize(
    "current,target",
    [
        (PlanStatus.TRAINING, PlanStatus.DRAFT),
        (PlanStatus.EVERYDAY, PlanStatus.TRAINING),
        (PlanStatus.EVERYDAY, PlanStatus.DRAFT),
        (PlanStatus.EVALUATED, PlanStatus.EVERYDAY),
        (PlanStatus.EVALUATED, PlanStatus.DRAFT),
        (PlanStatus.DRAFT, PlanStatus.DRAFT),
    ],
)
def test_moving_back_is_never_blocked(current, target):
    empty = CompetencePlan(title="Tom plan", status=current)
    blockers = checks.status_blockers(
        empty, target, goal_count=0, activity_count=0, anchoring_count=0
    )
    assert blockers == []


def test_plan_status_set_refuses_with_the_blockers(cast):
    plan = plan_create(title="Medicin", unit=cast.workplace, owner=cast.leader, by=cast.admin)
    with pytest.raises(ValidationError) as error:
        plan_status_set(
            plan=plan, status=PlanStatus.TRAINING, expected_version=plan.version, by=cast.admin
        )
    assert "Der er ingen læringsmål (felt 3)." in error.value.messages
    assert len(error.value.messages) == 5
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.parametrize(
    "write",
    [
        lambda plan, by, **kw: plan_status_set(plan=plan, status=PlanStatus.DRAFT, by=by, **kw),
        lambda plan, by, **kw: plan_evaluate(
            plan=plan, core_task_realised="yes", organisation_realised="no", note="", by=by, **kw
        ),
        lambda plan, by, **kw: plan_field_save(
            plan=plan, field="perspective", values={}, rows=None, by=by, **kw
        ),
        lambda plan, by, **kw: plan_participants_save(plan=plan, rows=[], by=by, **kw),
    ],
    ids=["status", "evaluate", "field", "participants"],
)
def test_every_plan_change_needs_the_version_the_page_was_loaded_with(cast, write):
    plan = plan_create(title="Medicin", unit=cast.workplace, owner=cast.leader, by=cast.admin)
    with pytest.raises(TypeError):
        write(plan, cast.admin)
    with pytest.raises(TypeError, match="int version"):
        write(plan, cast.admin, expected_version=None)
    assert CompetencePlan.objects.get(pk=plan.pk).version == 1
