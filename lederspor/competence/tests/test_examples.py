"""The six worked examples of seed 004 as read-only plans: loading, reloading, copying."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lederspor.competence.content import examples
from lederspor.competence.models import CompetencePlan
from lederspor.competence.services import examples_load, plan_copy, plan_delete, plan_field_save


def counts(plan):
    return (plan.goals.count(), plan.activities.count(), plan.anchorings.count())


@pytest.mark.django_db
def test_six_examples_word_for_word_from_the_content():
    plans = examples_load()
    assert [p.example_number for p in plans] == [1, 2, 3, 4, 5, 6]
    assert CompetencePlan.objects.filter(is_example=True).count() == 6
    for plan, example in zip(plans, examples(), strict=True):
        plan.refresh_from_db()
        assert plan.title == example.title
        assert plan.task_situation == example.task
        assert plan.background == example.background
        assert plan.unit is None and plan.requirements_met
        assert [g.text for g in plan.goals.all()] == [g.text for g in example.goals]
        assert [a.text for a in plan.activities.all()] == [a.text for a in example.activities]
        assert [a.text for a in plan.anchorings.all()] == [a.text for a in example.anchorings]


@pytest.mark.django_db
def test_loading_twice_keeps_six_with_the_same_ids_and_rows():
    first = examples_load()
    before = {p.pk: counts(p) for p in first}
    assert all(goals > 0 for goals, _a, _b in before.values())
    second = examples_load()
    assert [p.pk for p in second] == [p.pk for p in first]
    assert {p.pk: counts(p) for p in second} == before
    assert CompetencePlan.objects.filter(is_example=True).count() == 6


@pytest.mark.django_db
def test_loading_restores_an_example_changed_in_the_database():
    plan = examples_load()[0]
    CompetencePlan.objects.filter(pk=plan.pk).update(task_situation="Ændret")
    plan.goals.all().delete()
    (reloaded, *_rest) = examples_load()
    reloaded.refresh_from_db()
    assert reloaded.task_situation == examples()[0].task
    assert reloaded.goals.count() == len(examples()[0].goals)


def test_examples_are_read_only(cast):
    plan = examples_load()[0]
    with pytest.raises(ValidationError):
        plan_field_save(
            plan=plan,
            field="perspective",
            values={"core_task_effect": "Overskrevet"},
            rows=None,
            expected_version=plan.version,
            by=cast.admin,
        )
    plan.refresh_from_db()
    assert plan.core_task_effect == examples()[0].core_task_effect
    with pytest.raises(ValidationError):
        plan_delete(plan=plan, by=cast.admin)
    assert CompetencePlan.objects.filter(pk=plan.pk).exists()


def test_a_copy_takes_goals_activities_and_anchorings_but_not_the_background(cast):
    source = examples_load()[2]
    copy = plan_copy(
        source=source, title="Vores måltider", unit=cast.workplace, owner=cast.leader, by=cast.admin
    )
    copy.refresh_from_db()
    assert copy.pk != source.pk
    assert (copy.is_example, copy.example_number, copy.unit, copy.owner) == (
        False,
        None,
        cast.workplace,
        cast.leader,
    )
    assert copy.copied_from == source
    assert copy.title == "Vores måltider"
    assert copy.background == "" and source.background != ""
    assert copy.task_situation == source.task_situation
    assert copy.core_task_effect == source.core_task_effect
    assert copy.learning_forms == source.learning_forms
    assert counts(copy) == counts(source)
    assert [(g.level, g.text) for g in copy.goals.all()] == [
        (g.level, g.text) for g in source.goals.all()
    ]
    assert [(a.tempo, a.text) for a in copy.activities.all()] == [
        (a.tempo, a.text) for a in source.activities.all()
    ]
    assert [(a.kind, a.text) for a in copy.anchorings.all()] == [
        (a.kind, a.text) for a in source.anchorings.all()
    ]
    # the copy is the leader's own: it may be edited, the example stays as it was
    plan_field_save(
        plan=copy,
        field="perspective",
        values={"core_task_effect": "Bedre måltider"},
        rows=None,
        expected_version=copy.version,
        by=cast.admin,
    )
    source.refresh_from_db()
    assert source.core_task_effect == examples()[2].core_task_effect


@pytest.mark.django_db
def test_load_content_loads_the_six_examples():
    call_command("load_content", verbosity=0)
    call_command("load_content", verbosity=0)  # may be run again
    assert sorted(
        CompetencePlan.objects.filter(is_example=True).values_list("example_number", flat=True)
    ) == [1, 2, 3, 4, 5, 6]
