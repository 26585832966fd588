"""The agreed-task workflow of `catalogue.services` and the catalogue loader."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lederspor.catalogue import services
from lederspor.catalogue.content import load_catalogue
from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskNote
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.models import AuditEvent, ContentVersion
from lederspor.programmes.models import Enrolment

S = TaskAssignment.Status


@pytest.fixture
def tasks(cast) -> list[PracticeTask]:
    return load_catalogue()


@pytest.fixture
def proposed(cast, tasks) -> TaskAssignment:
    """Task 1 proposed by the leader for the aspirant."""
    return services.task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.leader,
        by=cast.leader.user,
        catalogue_task=tasks[0],
        learning_goal="Øve sig i at føre en jobsamtale",
        scope="To samtaler",
    )


def audit_actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def current(kw: dict, a: TaskAssignment) -> dict:
    """`kw` with the task's version as it is now (each step bumps it), unless a test gives one."""
    kw.setdefault("expected_version", TaskAssignment.objects.get(pk=a.pk).version)
    return kw


def agree(cast, a, **kw):
    kw = current(kw, a)
    return services.task_assignment_agree(assignment=a, by=cast.aspirant.user, **kw)


def start(cast, a, **kw):
    kw = current(kw, a)
    return services.task_assignment_start(assignment=a, by=cast.aspirant.user, **kw)


def complete(cast, a, **kw):
    kw = current(kw, a)
    return services.task_assignment_complete(assignment=a, by=cast.aspirant.user, **kw)


def follow_up(cast, a, **kw):
    fields = {
        "held_on": timezone.localdate(),
        "observations": "Kandidaten var godt forberedt",
        "learning_points": "Spørg mere ind til konkrete eksempler",
    }
    fields.update(current(kw, a))
    return services.task_assignment_follow_up(assignment=a, by=cast.leader.user, **fields)


# --- propose ---------------------------------------------------------------------------------


def test_propose_a_catalogue_task_uses_its_title(cast, proposed, tasks):
    assert proposed.status == S.PROPOSED
    assert proposed.title == tasks[0].title == "Jobsamtalen"
    assert proposed.proposed_by == cast.leader
    assert proposed.version == 1
    assert audit_actions(proposed) == ["task.propose"]


def test_propose_an_own_task_needs_a_title(cast):
    with pytest.raises(ValidationError) as exc:
        services.task_assignment_propose(
            enrolment=cast.enrolment,
            proposed_by=cast.aspirant,
            by=cast.aspirant.user,
            title="  ",
            learning_goal="Noget",
        )
    assert "title" in exc.value.error_dict
    own = services.task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.aspirant,
        by=cast.aspirant.user,
        title="Planlæg personalemøde",
        learning_goal="Mødeledelse",
    )
    assert own.catalogue_task is None and own.title == "Planlæg personalemøde"


def test_propose_needs_a_learning_goal(cast, tasks):
    with pytest.raises(ValidationError) as exc:
        services.task_assignment_propose(
            enrolment=cast.enrolment,
            proposed_by=cast.leader,
            by=cast.leader.user,
            catalogue_task=tasks[1],
            learning_goal=" ",
        )
    assert "learning_goal" in exc.value.error_dict
    assert not TaskAssignment.objects.exists()


def test_propose_refuses_reversed_dates(cast, tasks):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.task_assignment_propose(
            enrolment=cast.enrolment,
            proposed_by=cast.leader,
            by=cast.leader.user,
            catalogue_task=tasks[1],
            learning_goal="Mål",
            starts_on=today,
            due_on=today - dt.timedelta(days=1),
        )
    assert "due_on" in exc.value.error_dict


@pytest.mark.parametrize("status", [Enrolment.Status.NOMINATED, Enrolment.Status.WITHDRAWN])
def test_propose_only_for_enrolled_participants(cast, tasks, status):
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(status=status, withdrawal_reason="Orlov")
    cast.enrolment.refresh_from_db()
    with pytest.raises(ValidationError, match="optagne deltagere"):
        services.task_assignment_propose(
            enrolment=cast.enrolment,
            proposed_by=cast.leader,
            by=cast.leader.user,
            catalogue_task=tasks[1],
            learning_goal="Mål",
        )


# --- the workflow ----------------------------------------------------------------------------


def test_full_workflow_proposed_to_followed_up(cast, proposed):
    proposed = agree(cast, proposed, expected_version=1)
    assert (proposed.status, proposed.version) == (S.AGREED, 2)
    assert proposed.agreed_at is not None
    proposed = start(cast, proposed, expected_version=2)
    assert proposed.status == S.IN_PROGRESS
    proposed = complete(cast, proposed, expected_version=3)
    assert proposed.status == S.DONE and proposed.done_at is not None
    follow_up(cast, proposed, expected_version=4)
    proposed.refresh_from_db()
    assert proposed.status == S.FOLLOWED_UP
    assert proposed.version == 5
    assert proposed.observations == "Kandidaten var godt forberedt"
    assert proposed.learning_points == "Spørg mere ind til konkrete eksempler"
    assert proposed.followup_held_on == timezone.localdate()
    assert proposed.followed_up_at is not None
    assert audit_actions(proposed) == [
        "task.propose",
        "task.agree",
        "task.start",
        "task.complete",
        "task.follow_up",
    ]


def test_an_agreed_task_can_be_marked_done_without_starting(cast, proposed):
    agree(cast, proposed)
    proposed = complete(cast, proposed)
    assert proposed.status == S.DONE


@pytest.mark.parametrize(
    "steps,wrong",
    [
        ([], start),
        ([], complete),
        ([], follow_up),
        ([agree], agree),
        ([agree], follow_up),
        ([agree, start], start),
        ([agree, start], follow_up),
        ([agree, complete], complete),
        ([agree, complete], agree),
        ([agree, complete, follow_up], complete),
        ([agree, complete, follow_up], follow_up),
    ],
)
def test_wrong_state_transitions_are_refused(cast, proposed, steps, wrong):
    for step in steps:
        step(cast, proposed)
    before = TaskAssignment.objects.get(pk=proposed.pk)
    n_audit = len(audit_actions(proposed))
    with pytest.raises(ValidationError, match="har status"):
        wrong(cast, proposed)
    after = TaskAssignment.objects.get(pk=proposed.pk)
    assert (after.status, after.version) == (before.status, before.version)
    assert len(audit_actions(proposed)) == n_audit


def test_stale_version_is_refused_on_a_transition(cast, proposed):
    services.task_assignment_update(
        assignment=proposed, expected_version=1, by=cast.leader.user, scope="Tre samtaler"
    )
    with pytest.raises(ConcurrentEditError, match="ændret af en anden"):
        agree(cast, proposed, expected_version=1)
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED


@pytest.mark.parametrize(
    "write",
    [
        services.task_assignment_update,
        services.task_assignment_agree,
        services.task_assignment_start,
        services.task_assignment_complete,
    ],
)
def test_every_write_needs_the_version_the_page_was_loaded_with(cast, proposed, write):
    with pytest.raises(TypeError):
        write(assignment=proposed, by=cast.aspirant.user)
    with pytest.raises(TypeError, match="int version"):
        write(assignment=proposed, expected_version=None, by=cast.aspirant.user)
    assert TaskAssignment.objects.get(pk=proposed.pk).version == 1


def test_follow_up_needs_observations_and_learning_points(cast, proposed):
    agree(cast, proposed)
    complete(cast, proposed)
    with pytest.raises(ValidationError) as exc:
        follow_up(cast, proposed, observations=" ", learning_points="")
    assert set(exc.value.error_dict) == {"observations", "learning_points"}
    proposed.refresh_from_db()
    assert proposed.status == S.DONE


def test_follow_up_cannot_be_held_in_the_future(cast, proposed):
    agree(cast, proposed)
    complete(cast, proposed)
    with pytest.raises(ValidationError) as exc:
        follow_up(cast, proposed, held_on=timezone.localdate() + dt.timedelta(days=1))
    assert "held_on" in exc.value.error_dict
    proposed.refresh_from_db()
    assert proposed.status == S.DONE


# --- update and notes ------------------------------------------------------------------------


def test_update_bumps_the_version_and_is_audited(cast, proposed):
    updated = services.task_assignment_update(
        assignment=proposed,
        expected_version=1,
        by=cast.aspirant.user,
        scope="  Tre samtaler  ",
        host=cast.host,
    )
    assert updated.version == 2
    assert updated.scope == "Tre samtaler"
    assert updated.host == cast.host
    assert audit_actions(proposed) == ["task.propose", "task.update"]


def test_update_with_a_stale_version_keeps_the_first_save(cast, proposed):
    services.task_assignment_update(
        assignment=proposed, expected_version=1, by=cast.leader.user, scope="Lederens tekst"
    )
    with pytest.raises(ConcurrentEditError, match="ændret af en anden"):
        services.task_assignment_update(
            assignment=proposed,
            expected_version=1,
            by=cast.aspirant.user,
            scope="Aspirantens tekst",
        )
    proposed.refresh_from_db()
    assert (proposed.scope, proposed.version) == ("Lederens tekst", 2)


def test_update_refuses_a_followed_up_task(cast, proposed):
    agree(cast, proposed)
    complete(cast, proposed)
    follow_up(cast, proposed)
    proposed.refresh_from_db()
    with pytest.raises(ValidationError, match="kan ikke ændres"):
        services.task_assignment_update(
            assignment=proposed,
            expected_version=proposed.version,
            by=cast.leader.user,
            scope="For sent",
        )


def test_update_refuses_empty_learning_goal_and_reversed_dates(cast, proposed):
    with pytest.raises(ValidationError) as exc:
        services.task_assignment_update(
            assignment=proposed, expected_version=1, by=cast.leader.user, learning_goal="  "
        )
    assert "learning_goal" in exc.value.error_dict
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.task_assignment_update(
            assignment=proposed,
            expected_version=1,
            by=cast.leader.user,
            starts_on=today,
            due_on=today - dt.timedelta(days=2),
        )
    assert "due_on" in exc.value.error_dict
    proposed.refresh_from_db()
    assert proposed.version == 1


def test_note_is_added_and_audited_on_the_task(cast, proposed):
    note = services.task_note_add(
        assignment=proposed, author=cast.chef, text="  Godt valg  ", by=cast.chef.user
    )
    assert note.text == "Godt valg"
    assert audit_actions(proposed) == ["task.propose", "task.note"]
    with pytest.raises(ValidationError):
        services.task_note_add(assignment=proposed, author=cast.chef, text=" ", by=cast.chef.user)
    assert TaskNote.objects.count() == 1


# --- loading the catalogue -------------------------------------------------------------------


def test_load_catalogue_is_idempotent(cast):
    first = load_catalogue()
    second = load_catalogue()
    assert [t.number for t in second] == list(range(1, 19))
    assert [t.pk for t in first] == [t.pk for t in second]
    assert PracticeTask.objects.count() == 18
    assert PracticeTask.objects.get(number=5).title == "Politik og praksis"
    # the second load wrote no new version: the seed is unchanged (issue #16 §1)
    assert ContentVersion.objects.filter(item__key="task:5").count() == 1
    one, two = PracticeTask.objects.get(number=1), PracticeTask.objects.get(number=2)
    assert list(one.combines_with.all()) == [two]
    assert list(two.combines_with.all()) == [one]
    assert PracticeTask.combines_with.through.objects.count() == 2


@pytest.mark.parametrize("query", ["PÅRØRENDE", "pårørende", "Pårørende-/borgerrettet"])
def test_search_folds_danish_letters_on_every_database(cast, query):
    from lederspor.catalogue.content import load_catalogue
    from lederspor.catalogue.selectors import practice_task_search

    load_catalogue()
    assert [t.number for t in practice_task_search(query=query)] == [18]


def test_changing_an_agreed_task_needs_a_new_agreement(cast, proposed):
    agree(cast, proposed)
    proposed.refresh_from_db()
    updated = services.task_assignment_update(
        assignment=proposed,
        expected_version=proposed.version,
        by=cast.aspirant.user,
        editor=cast.aspirant,
        scope="Kun ét teammøde",
    )
    assert updated.status == TaskAssignment.Status.PROPOSED
    assert updated.proposed_by == cast.aspirant
    assert updated.agreed_at is None


def test_saving_an_agreed_task_unchanged_keeps_the_agreement(cast, proposed):
    agree(cast, proposed)
    proposed.refresh_from_db()
    updated = services.task_assignment_update(
        assignment=proposed,
        expected_version=proposed.version,
        by=cast.aspirant.user,
        editor=cast.aspirant,
        scope=proposed.scope,
    )
    assert updated.status == TaskAssignment.Status.AGREED


def test_host_choices_leave_out_the_participant(cast):
    from lederspor.catalogue.selectors import host_choices

    people = set(host_choices(exclude=cast.aspirant))
    assert cast.aspirant not in people
    assert cast.host in people


def test_the_admin_shows_versioned_texts_read_only(cast, client):
    """The texts of tasks and programme templates are versioned content edited on their pages
    (issue #16 §1): the admin must not offer an edit that bypasses the history."""
    from django.contrib import admin

    from lederspor.catalogue.models import PracticeTask
    from lederspor.programmes.models import Element, Programme

    for model, fields in (
        (PracticeTask, {"title", "purpose", "content", "case", "links", "steps"}),
        (Programme, {"name", "summary", "description"}),
        (Element, {"name", "description"}),
    ):
        assert fields <= set(admin.site._registry[model].get_readonly_fields(None)), model
