"""Kørekort services and selectors (seed 004, box "kørekort på tre niveauer")."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.licences import selectors, services
from lederspor.licences.models import Licence, LicenceRequirement, PracticeReview
from lederspor.site.testing import make_person

TODAY = timezone.localdate()
JAN_31 = dt.date(2024, 1, 31)


@pytest.fixture
def task(cast):
    return services.licence_task_create(
        unit=cast.workplace,
        title="Måltidet er mere end mad",
        description="Tilberede måltider hos beboerne.",
        valid_months=12,
        by=cast.leader.user,
    )


def _review(task, person, reviewer, *, level="C", on=JAN_31, passed=True):
    return services.practice_review_record(
        task=task,
        person=person,
        level=level,
        reviewer=reviewer,
        reviewed_on=on,
        passed=passed,
        note="",
        by=reviewer.user,
    )


# --- tasks and requirements --------------------------------------------------------------------


def test_task_create_writes_an_audit_row_and_refuses_a_duplicate_title(cast, task):
    assert AuditEvent.objects.filter(action="licence_task.create", object_id=str(task.pk)).exists()
    with pytest.raises(ValidationError):
        services.licence_task_create(
            unit=cast.workplace, title="Måltidet er mere end mad", by=cast.leader.user
        )


def test_publish_then_unpublish_and_twice_is_refused(cast, task):
    task = services.licence_task_publish(
        task=task, expected_version=task.version, by=cast.leader.user
    )
    assert task.published_at is not None
    with pytest.raises(ValidationError):
        services.licence_task_publish(task=task, expected_version=task.version, by=cast.leader.user)
    task = services.licence_task_unpublish(
        task=task, expected_version=task.version, by=cast.leader.user
    )
    assert task.published_at is None
    with pytest.raises(ValidationError):
        services.licence_task_unpublish(
            task=task, expected_version=task.version, by=cast.leader.user
        )


def test_requirement_for_the_same_target_updates_its_level_case_insensitively(cast, task):
    first = services.licence_requirement_set(
        task=task, level="B", profession="Social- og sundhedsassistent", by=cast.leader.user
    )
    again = services.licence_requirement_set(
        task=task, level="A", profession="social- og SUNDHEDSassistent ", by=cast.leader.user
    )
    assert again.pk == first.pk
    assert LicenceRequirement.objects.get(pk=first.pk).level == "A"
    assert task.requirements.count() == 1


def test_requirement_remove_deletes_it_and_audits(cast, task):
    req = services.licence_requirement_set(task=task, level="C", by=cast.leader.user)
    services.licence_requirement_remove(requirement=req, by=cast.leader.user)
    assert not task.requirements.exists()
    assert AuditEvent.objects.filter(action="licence_requirement.remove").exists()


def test_required_level_blank_target_matches_everyone_and_the_highest_match_wins(cast, task):
    everyone = LicenceRequirement(task=task, level="C")
    pedagogues = LicenceRequirement(task=task, level="B", profession="PÆDAGOG")
    leaders = LicenceRequirement(task=task, level="A", job_title="Afdelingsleder")
    both = LicenceRequirement(task=task, level="A", profession="Pædagog", job_title="Kok")
    reqs = [everyone, pedagogues, leaders, both]
    assert selectors.required_level(person=cast.aspirant, requirements=reqs) == "B"
    assert selectors.required_level(person=cast.leader, requirements=reqs) == "A"
    cast.colleague.profession = "Vikar"
    assert selectors.required_level(person=cast.colleague, requirements=reqs) == "C"
    assert selectors.required_level(person=cast.colleague, requirements=[]) is None


# --- practice reviews --------------------------------------------------------------------------


def test_passed_review_awards_a_licence_expiring_after_valid_months(cast, task):
    review, licence = _review(task, cast.aspirant, cast.leader, on=JAN_31)
    assert review.attempt == 1 and review.passed
    assert licence.level == "C"
    assert licence.awarded_on == JAN_31
    assert licence.expires_on == dt.date(2025, 1, 31)
    assert licence.review_id == review.pk
    assert AuditEvent.objects.filter(action="practice_review.record").count() == 1


def test_a_task_without_validity_awards_licences_that_never_expire(cast, task):
    task.valid_months = None
    task.save()
    _unused, licence = _review(task, cast.aspirant, cast.leader)
    assert licence.expires_on is None


def test_failed_review_counts_attempts_per_level_and_awards_nothing(cast, task):
    r1, l1 = _review(task, cast.aspirant, cast.leader, level="B", passed=False)
    r2, l2 = _review(task, cast.aspirant, cast.leader, level="B", passed=False)
    r3, _l3 = _review(task, cast.aspirant, cast.leader, level="C", passed=False)
    r4, l4 = _review(task, cast.aspirant, cast.leader, level="B", passed=True)
    assert (r1.attempt, r2.attempt, r3.attempt, r4.attempt) == (1, 2, 1, 3)
    assert l1 is None and l2 is None
    assert l4.level == "B"
    assert Licence.objects.filter(task=task, person=cast.aspirant).count() == 1


def test_passing_again_renews_the_same_licence(cast, task):
    _r, first = _review(task, cast.aspirant, cast.leader, on=JAN_31)
    later = dt.date(2024, 12, 1)
    _r, renewed = _review(task, cast.aspirant, cast.leader, on=later)
    assert renewed.pk == first.pk
    assert (renewed.awarded_on, renewed.expires_on) == (later, dt.date(2025, 12, 1))
    # a back-dated review does not shorten the newer licence
    _r, kept = _review(task, cast.aspirant, cast.leader, on=dt.date(2024, 6, 1))
    kept.refresh_from_db()
    assert kept.awarded_on == later


def test_a_valid_a_holder_may_review_but_an_expired_one_may_not(cast, task):
    Licence.objects.create(
        task=task,
        person=cast.colleague,
        level="A",
        awarded_on=dt.date(2023, 6, 1),
        expires_on=dt.date(2024, 6, 1),
    )
    review, _licence = _review(task, cast.aspirant, cast.colleague, on=dt.date(2024, 5, 31))
    assert review.reviewer == cast.colleague
    with pytest.raises(ValidationError) as exc:
        _review(task, cast.aspirant, cast.colleague, on=dt.date(2024, 6, 1))
    assert "reviewer" in exc.value.error_dict


def test_reviewer_without_a_licence_who_does_not_lead_the_unit_is_refused(cast, task):
    for reviewer in (cast.colleague, cast.other_leader, cast.consultant):
        with pytest.raises(ValidationError) as exc:
            _review(task, cast.aspirant, reviewer)
        assert "reviewer" in exc.value.error_dict
    assert not PracticeReview.objects.exists()


def test_the_chef_leads_the_unit_below_and_may_review(cast, task):
    review, _licence = _review(task, cast.aspirant, cast.chef)
    assert review.pk


def test_nobody_reviews_themselves(cast, task):
    Licence.objects.create(task=task, person=cast.colleague, level="A", awarded_on=JAN_31)
    with pytest.raises(ValidationError) as exc:
        _review(task, cast.colleague, cast.colleague)
    assert "reviewer" in exc.value.error_dict
    assert not PracticeReview.objects.exists()


def test_a_person_outside_the_tasks_unit_is_refused(cast, task):
    with pytest.raises(ValidationError) as exc:
        _review(task, cast.other_aspirant, cast.leader)
    assert "person" in exc.value.error_dict
    assert not PracticeReview.objects.exists() and not Licence.objects.exists()


def test_a_review_in_the_future_is_refused(cast, task):
    with pytest.raises(ValidationError):
        _review(task, cast.aspirant, cast.leader, on=TODAY + dt.timedelta(days=1))


# --- reads -------------------------------------------------------------------------------------


def test_levels_held_gives_the_highest_valid_level_and_leaves_out_expired(cast, task):
    Licence.objects.create(task=task, person=cast.aspirant, level="C", awarded_on=JAN_31)
    Licence.objects.create(
        task=task,
        person=cast.aspirant,
        level="B",
        awarded_on=JAN_31,
        expires_on=dt.date(2024, 3, 1),
    )
    Licence.objects.create(
        task=task,
        person=cast.colleague,
        level="A",
        awarded_on=JAN_31,
        expires_on=dt.date(2024, 3, 1),
    )
    ids = [cast.aspirant.pk, cast.colleague.pk, cast.leader.pk]
    assert selectors.licence_levels_held(task=task, person_ids=ids, on=dt.date(2024, 2, 29)) == {
        cast.aspirant.pk: "B",
        cast.colleague.pk: "A",
    }
    # expired on the expiry date itself
    assert selectors.licence_levels_held(task=task, person_ids=ids, on=dt.date(2024, 3, 1)) == {
        cast.aspirant.pk: "C"
    }
    # not yet awarded
    assert selectors.licence_levels_held(task=task, person_ids=ids, on=dt.date(2024, 1, 1)) == {}


def test_overview_has_everyone_in_the_unit_with_requirement_gap_and_attempts(cast, task):
    services.licence_requirement_set(task=task, level="C", by=cast.leader.user)
    services.licence_requirement_set(
        task=task, level="B", profession="Pædagog", by=cast.leader.user
    )
    _review(task, cast.aspirant, cast.leader, level="B", passed=False)
    _review(task, cast.aspirant, cast.leader, level="C", passed=True, on=TODAY)
    _review(task, cast.colleague, cast.leader, level="B", passed=True, on=TODAY)
    rows = {r.person.pk: r for r in selectors.licence_overview(task=task, on=TODAY)}
    assert set(rows) == {cast.leader.pk, cast.aspirant.pk, cast.colleague.pk}
    anna = rows[cast.aspirant.pk]
    assert (anna.level, anna.required, anna.missing) == ("C", "B", True)
    assert (anna.attempts, anna.failed_attempts) == (2, 1)
    assert anna.last_review.level == "C"
    assert anna.unit_name == cast.workplace.name
    assert rows[cast.colleague.pk].missing is False
    assert [r.person.pk for r in selectors.licence_holders(task=task, on=TODAY)] == [
        cast.aspirant.pk,
        cast.colleague.pk,
    ]
    assert {r.person.pk for r in selectors.licence_missing(task=task, on=TODAY)} == {
        cast.aspirant.pk,
        cast.leader.pk,
    }


def _grow(task, cast, n):
    for i in range(n):
        p = make_person(
            f"Extra{n}x{i}", "Person", cast.workplace, manager=cast.leader, number=f"9{n}{i:03d}"
        )
        Licence.objects.create(task=task, person=p, level="C", awarded_on=JAN_31)
        PracticeReview.objects.create(
            task=task, person=p, level="C", reviewer=cast.leader, reviewed_on=JAN_31, passed=True
        )


def test_overview_query_count_does_not_grow_with_the_unit(
    cast, task, django_assert_max_num_queries
):
    services.licence_requirement_set(task=task, level="C", by=cast.leader.user)
    _grow(task, cast, 2)
    with django_assert_max_num_queries(5):
        small = selectors.licence_overview(task=task, on=TODAY)
    _grow(task, cast, 20)
    with django_assert_max_num_queries(5):
        large = selectors.licence_overview(task=task, on=TODAY)
    assert len(large) == len(small) + 20


def test_person_licences_flags_expired(cast, task):
    Licence.objects.create(
        task=task,
        person=cast.aspirant,
        level="C",
        awarded_on=JAN_31,
        expires_on=dt.date(2024, 3, 1),
    )
    [mine] = selectors.person_licences(person=cast.aspirant, on=dt.date(2024, 3, 1))
    assert mine.expired and mine.level == "C" and mine.task == task
    assert not selectors.person_licences(person=cast.aspirant, on=dt.date(2024, 2, 1))[0].expired
    assert selectors.person_licences(person=cast.colleague, on=TODAY) == []


def test_missing_licences_only_for_published_tasks_above_the_person(cast, task):
    services.licence_requirement_set(task=task, level="B", by=cast.leader.user)
    assert selectors.person_missing_licences(person=cast.aspirant, on=TODAY) == []
    services.licence_task_publish(task=task, expected_version=task.version, by=cast.leader.user)
    [gap] = selectors.person_missing_licences(person=cast.aspirant, on=TODAY)
    assert (gap.task, gap.required, gap.held) == (task, "B", None)
    Licence.objects.create(task=task, person=cast.aspirant, level="A", awarded_on=JAN_31)
    assert selectors.person_missing_licences(person=cast.aspirant, on=TODAY) == []
    assert selectors.person_missing_licences(person=cast.other_aspirant, on=TODAY) == []


def test_resource_people_are_a_holders_and_the_units_leaders(cast, task):
    Licence.objects.create(task=task, person=cast.colleague, level="A", awarded_on=JAN_31)
    Licence.objects.create(task=task, person=cast.aspirant, level="B", awarded_on=JAN_31)
    assert set(selectors.resource_people(task=task, on=TODAY)) == {
        cast.colleague,
        cast.leader,
        cast.chef,
    }


def test_export_rows_are_everyone_for_managers_and_holders_for_readers(cast, task):
    services.licence_requirement_set(task=task, level="B", by=cast.leader.user)
    Licence.objects.create(task=task, person=cast.aspirant, level="C", awarded_on=JAN_31)
    rows = selectors.licence_overview(task=task, on=TODAY)
    by_name = {r.person.full_name: r for r in rows}
    assert set(by_name) == {"Lars Leder", "Anna Aspirant", "Carl Kollega"}
    anna = by_name["Anna Aspirant"]
    assert (anna.level, anna.awarded_on, anna.required, anna.missing) == ("C", JAN_31, "B", True)
    holders = selectors.licence_holders(task=task, on=TODAY)
    assert [r.person.full_name for r in holders] == ["Anna Aspirant"]


def test_expiry_is_calendar_months_clamped_to_the_month_end(cast, task):
    task.valid_months = 1
    assert services.expiry_for(task=task, awarded_on=JAN_31) == dt.date(2024, 2, 29)
