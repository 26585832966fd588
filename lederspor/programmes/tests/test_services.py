"""Nomination and enrolment life-cycle rules of `programmes.services`, and the DB constraints."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.programmes import services
from lederspor.programmes.models import Cohort, Enrolment, Session
from lederspor.site.testing import make_person

Status = Enrolment.Status


def audit_actions(obj) -> list[str]:
    """The audit actions recorded for `obj`, oldest first."""
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def make_cohort(cast, **overrides) -> Cohort:
    today = timezone.localdate()
    fields = {
        "programme": cast.programme,
        "name": "Ekstra hold",
        "starts_on": today + dt.timedelta(days=10),
        "ends_on": today + dt.timedelta(days=200),
        "capacity": 24,
    }
    fields.update(overrides)
    cohort = Cohort.objects.create(**fields)
    cohort.consultants.add(cast.consultant)
    return cohort


def nominate(cast, cohort, person=None, *, by_leader=None, motivation="Klar til mere ansvar"):
    leader = by_leader or cast.leader
    return services.enrolment_nominate(
        cohort=cohort,
        person=person or cast.colleague,
        nominated_by=leader,
        motivation=motivation,
        by=leader.user,
    )


def approve(cast, enrolment):
    return services.enrolment_approve(
        enrolment=enrolment, decided_by=cast.consultant, by=cast.consultant.user
    )


def reject(cast, enrolment, reason="Ikke denne gang"):
    return services.enrolment_reject(
        enrolment=enrolment, decided_by=cast.consultant, by=cast.consultant.user, reason=reason
    )


# --- nomination -----------------------------------------------------------------------------


def test_nearest_leader_nominates_own_employee(cast):
    enrolment = nominate(cast, cast.cohort)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.NOMINATED
    assert enrolment.nominated_by == cast.leader
    assert enrolment.nominated_at is not None
    assert enrolment.motivation == "Klar til mere ansvar"
    assert audit_actions(enrolment) == ["enrolment.nominate"]


@pytest.mark.parametrize("who", ["other_leader", "chef", "consultant", "aspirant"])
def test_only_the_nearest_leader_may_nominate(cast, who):
    with pytest.raises(ValidationError, match="dine egne medarbejdere"):
        nominate(cast, cast.cohort, by_leader=getattr(cast, who))
    assert not Enrolment.objects.filter(person=cast.colleague).exists()


@pytest.mark.parametrize("motivation", ["", "   \n "])
def test_nomination_needs_a_motivation(cast, motivation):
    with pytest.raises(ValidationError) as exc:
        nominate(cast, cast.cohort, motivation=motivation)
    assert "motivation" in exc.value.error_dict
    assert not Enrolment.objects.filter(person=cast.colleague).exists()


def test_nomination_to_an_ended_cohort_is_refused(cast):
    today = timezone.localdate()
    cohort = make_cohort(
        cast, starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="Holdet er afsluttet"):
        nominate(cast, cohort)
    assert not cohort.enrolments.exists()


def test_nomination_after_the_deadline_is_refused(cast):
    cohort = make_cohort(cast, nomination_deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="Fristen for indstilling"):
        nominate(cast, cohort)
    assert not cohort.enrolments.exists()


def test_nomination_on_the_deadline_day_is_accepted(cast):
    cohort = make_cohort(cast, nomination_deadline=timezone.localdate())
    assert nominate(cast, cohort).status == Status.NOMINATED


def test_duplicate_nomination_is_refused(cast):
    first = nominate(cast, cast.cohort)
    with pytest.raises(ValidationError, match="allerede indstillet"):
        nominate(cast, cast.cohort, motivation="Igen")
    assert Enrolment.objects.filter(cohort=cast.cohort, person=cast.colleague).count() == 1
    assert audit_actions(first) == ["enrolment.nominate"]


def test_nominating_someone_already_enrolled_is_refused(cast):
    with pytest.raises(ValidationError, match="allerede optaget"):
        nominate(cast, cast.cohort, cast.aspirant)
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED


def test_rejected_person_can_be_nominated_again_reopening_the_same_row(cast):
    enrolment = nominate(cast, cast.cohort)
    reject(cast, enrolment, reason="Mangler erfaring")
    again = nominate(cast, cast.cohort, motivation="Har nu mere erfaring")
    assert again.pk == enrolment.pk
    again.refresh_from_db()
    assert again.status == Status.NOMINATED
    assert again.motivation == "Har nu mere erfaring"
    assert again.decision_reason == ""
    assert again.decided_by is None and again.decided_at is None
    assert Enrolment.objects.filter(cohort=cast.cohort, person=cast.colleague).count() == 1
    assert audit_actions(enrolment) == [
        "enrolment.nominate",
        "enrolment.reject",
        "enrolment.nominate",
    ]


def test_withdrawn_person_can_be_nominated_again(cast):
    services.enrolment_withdraw(enrolment=cast.enrolment, by=cast.leader.user, reason="Orlov")
    again = nominate(cast, cast.cohort, cast.aspirant, motivation="Tilbage fra orlov")
    assert again.pk == cast.enrolment.pk
    again.refresh_from_db()
    assert again.status == Status.NOMINATED
    assert again.withdrawal_reason == "" and again.withdrawn_at is None


# --- decisions ------------------------------------------------------------------------------


def test_approval_takes_a_seat_and_is_audited(cast):
    enrolment = nominate(cast, cast.cohort)
    approve(cast, enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENROLLED
    assert enrolment.decided_by == cast.consultant
    assert enrolment.decided_at is not None
    assert audit_actions(enrolment) == ["enrolment.nominate", "enrolment.approve"]


def test_approval_needs_a_free_seat(cast):
    cohort = make_cohort(cast, capacity=2)
    first_person = make_person("Frida", "Første", cast.workplace, manager=cast.leader, number="T-1")
    third_person = make_person("Tea", "Tredje", cast.workplace, manager=cast.leader, number="T-3")
    enrolments = [
        nominate(cast, cohort, person) for person in (first_person, cast.colleague, third_person)
    ]
    approve(cast, enrolments[0])
    approve(cast, enrolments[1])
    with pytest.raises(ValidationError) as exc:
        approve(cast, enrolments[2])
    assert "Holdet er fuldt (2 pladser)" in " ".join(exc.value.messages)
    enrolments[2].refresh_from_db()
    assert enrolments[2].status == Status.NOMINATED
    assert cohort.enrolments.filter(status=Status.ENROLLED).count() == 2
    assert audit_actions(enrolments[2]) == ["enrolment.nominate"]


def test_completed_participants_also_take_a_seat(cast):
    cohort = make_cohort(cast, capacity=1)
    newcomer = make_person("Nina", "Ny", cast.workplace, manager=cast.leader, number="T-9")
    first = nominate(cast, cohort, newcomer)
    approve(cast, first)
    services.enrolment_complete(enrolment=first, by=cast.consultant.user)
    second = nominate(cast, cohort, cast.colleague)
    with pytest.raises(ValidationError, match="Holdet er fuldt"):
        approve(cast, second)


def test_only_nominations_can_be_approved(cast):
    with pytest.raises(ValidationError, match="Kun indstillinger kan godkendes"):
        approve(cast, cast.enrolment)
    assert audit_actions(cast.enrolment) == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejection_needs_a_reason(cast, reason):
    enrolment = nominate(cast, cast.cohort)
    with pytest.raises(ValidationError) as exc:
        reject(cast, enrolment, reason=reason)
    assert "reason" in exc.value.error_dict
    enrolment.refresh_from_db()
    assert enrolment.status == Status.NOMINATED
    assert audit_actions(enrolment) == ["enrolment.nominate"]


def test_rejection_records_reason_and_decider(cast):
    enrolment = nominate(cast, cast.cohort)
    reject(cast, enrolment, reason="  Holdet prioriterer andre  ")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.REJECTED
    assert enrolment.decision_reason == "Holdet prioriterer andre"
    assert enrolment.decided_by == cast.consultant
    assert audit_actions(enrolment) == ["enrolment.nominate", "enrolment.reject"]


def test_only_nominations_can_be_rejected(cast):
    with pytest.raises(ValidationError, match="Kun indstillinger kan afvises"):
        reject(cast, cast.enrolment)
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED


@pytest.mark.parametrize("reason", ["", "  "])
def test_withdrawal_needs_a_reason(cast, reason):
    with pytest.raises(ValidationError) as exc:
        services.enrolment_withdraw(enrolment=cast.enrolment, by=cast.leader.user, reason=reason)
    assert "reason" in exc.value.error_dict
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED
    assert audit_actions(cast.enrolment) == []


@pytest.mark.parametrize("start", ["nominated", "enrolled"])
def test_withdrawal_from_nominated_or_enrolled(cast, start):
    enrolment = nominate(cast, cast.cohort) if start == "nominated" else cast.enrolment
    services.enrolment_withdraw(enrolment=enrolment, by=cast.leader.user, reason="Nyt job")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.WITHDRAWN
    assert enrolment.withdrawal_reason == "Nyt job"
    assert enrolment.withdrawn_at is not None
    assert audit_actions(enrolment)[-1] == "enrolment.withdraw"
    assert audit_actions(enrolment).count("enrolment.withdraw") == 1


def test_rejected_enrolment_cannot_be_withdrawn(cast):
    enrolment = nominate(cast, cast.cohort)
    reject(cast, enrolment)
    with pytest.raises(ValidationError, match="Kun indstillede og optagne"):
        services.enrolment_withdraw(enrolment=enrolment, by=cast.leader.user, reason="x")


def test_complete_only_from_enrolled(cast):
    nominated = nominate(cast, cast.cohort)
    with pytest.raises(ValidationError, match="Kun optagne deltagere"):
        services.enrolment_complete(enrolment=nominated, by=cast.consultant.user)
    nominated.refresh_from_db()
    assert nominated.status == Status.NOMINATED

    services.enrolment_complete(enrolment=cast.enrolment, by=cast.consultant.user)
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.COMPLETED
    assert cast.enrolment.completed_at is not None
    assert audit_actions(cast.enrolment) == ["enrolment.complete"]

    with pytest.raises(ValidationError):
        services.enrolment_complete(enrolment=cast.enrolment, by=cast.consultant.user)
    assert audit_actions(cast.enrolment) == ["enrolment.complete"]


def test_whole_life_cycle_writes_one_audit_row_per_change(cast):
    enrolment = nominate(cast, cast.cohort)
    approve(cast, enrolment)
    services.enrolment_complete(enrolment=enrolment, by=cast.consultant.user)
    assert audit_actions(enrolment) == [
        "enrolment.nominate",
        "enrolment.approve",
        "enrolment.complete",
    ]
    actors = AuditEvent.objects.filter(
        object_type="programmes.enrolment", object_id=str(enrolment.pk)
    ).values_list("actor", flat=True)
    assert set(actors) == {cast.leader.user.pk, cast.consultant.user.pk}


# --- cohorts, sessions, attendance ------------------------------------------------------------


def test_cohort_capacity_cannot_drop_below_seats_taken(cast):
    c = cast.cohort
    with pytest.raises(ValidationError) as exc:
        services.cohort_update(
            cohort=c,
            expected_version=c.version,
            by=cast.consultant.user,
            name=c.name,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            capacity=1,
            consultants=[cast.consultant],
        )
    assert "capacity" in exc.value.error_dict
    c.refresh_from_db()
    assert c.capacity == 24


def test_cohort_create_refuses_a_programme_not_in_operation(cast):
    cast.programme.is_operational = False
    cast.programme.save()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="kan endnu ikke køres"):
        services.cohort_create(
            programme=cast.programme,
            name="Nyt hold",
            starts_on=today,
            ends_on=today + dt.timedelta(days=10),
            capacity=5,
            consultants=[],
            by=cast.admin,
        )


def test_cohort_create_with_reversed_dates_gives_a_field_error(cast):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(
            programme=cast.programme,
            name="Baglæns",
            starts_on=today,
            ends_on=today - dt.timedelta(days=1),
            capacity=5,
            consultants=[],
            by=cast.admin,
        )
    assert "ends_on" in getattr(exc.value, "error_dict", {})


def test_session_must_end_after_it_starts(cast):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            cohort=cast.cohort,
            kind=Session.Kind.NETWORK_MEETING,
            theme="Baglæns",
            starts_at=start,
            ends_at=start,
            by=cast.consultant.user,
        )
    assert "ends_at" in exc.value.error_dict
    assert not Session.objects.filter(theme="Baglæns").exists()


def test_attendance_only_for_seated_participants_on_the_cohort(cast):
    start = timezone.now() - dt.timedelta(days=1)
    session = services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværk 1",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        by=cast.consultant.user,
    )
    services.attendance_set(
        session=session, enrolment=cast.enrolment, status="present", by=cast.consultant.user
    )
    services.attendance_set(
        session=session, enrolment=cast.enrolment, status="excused", by=cast.consultant.user
    )
    assert session.attendances.get().status == "excused"

    nominated = nominate(cast, cast.cohort)
    with pytest.raises(ValidationError, match="Kun optagne"):
        services.attendance_set(
            session=session, enrolment=nominated, status="present", by=cast.consultant.user
        )
    other = make_cohort(cast)
    stranger = make_person("Sara", "Anden", cast.workplace, manager=cast.leader, number="T-7")
    foreign = nominate(cast, other, stranger)
    with pytest.raises(ValidationError, match="ikke på dette hold"):
        services.attendance_set(
            session=session, enrolment=foreign, status="present", by=cast.consultant.user
        )


# --- database constraints -------------------------------------------------------------------


def test_database_allows_one_enrolment_per_person_per_cohort(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(cohort=cast.cohort, person=cast.aspirant)


def test_database_requires_cohort_start_before_end(cast):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.create(
            programme=cast.programme,
            name="Baglæns",
            starts_on=today,
            ends_on=today - dt.timedelta(days=1),
            capacity=5,
        )


def test_database_requires_a_reason_on_rejection(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=cast.enrolment.pk).update(status=Status.REJECTED)


def test_one_running_place_per_programme(cast):
    """A person nominated or enrolled on one cohort cannot be nominated to another of the same
    programme until that place is withdrawn, rejected or completed."""
    later = make_cohort(cast)
    with pytest.raises(ValidationError, match="allerede optaget på Aspiranthold test"):
        nominate(cast, later, cast.aspirant)
    services.enrolment_withdraw(enrolment=cast.enrolment, by=cast.consultant.user, reason="Nyt job")
    assert nominate(cast, later, cast.aspirant).status == Status.NOMINATED


def test_session_outside_the_cohort_period_is_refused(cast):
    late = timezone.make_aware(
        dt.datetime.combine(cast.cohort.ends_on + dt.timedelta(days=30), dt.time(9))
    )
    with pytest.raises(ValidationError, match="holdets periode"):
        services.session_create(
            cohort=cast.cohort,
            kind=Session.Kind.NETWORK_MEETING,
            theme="For sent",
            starts_at=late,
            ends_at=late + dt.timedelta(hours=2),
            by=cast.consultant.user,
        )
    assert not cast.cohort.sessions.exists()


def test_attendance_can_be_cleared_again(cast):
    start = timezone.now() - dt.timedelta(days=1)
    session = services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværk",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        by=cast.consultant.user,
    )
    services.attendance_set(
        session=session, enrolment=cast.enrolment, status="present", by=cast.consultant.user
    )
    services.attendance_clear(session=session, enrolment=cast.enrolment, by=cast.consultant.user)
    assert not session.attendances.exists()
    assert "attendance.clear" in audit_actions(cast.enrolment)
