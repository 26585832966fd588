"""The hub's share of issue #15: read-log rows on the pages that show other persons'
enrolments, and the `programmes.*` entries of the privacy registries (export, erasure,
retention)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.core.audit import audit_record
from lederspor.core.models import AuditEvent
from lederspor.grouping.audit import GroupingAction
from lederspor.grouping.services import enrolment_set_jti
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, personal_data, retention_rules
from lederspor.programmes import services
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Session
from lederspor.programmes.privacy import ERASED_TEXT

pytestmark = pytest.mark.django_db

Status = Enrolment.Status


def _entry(key):
    return next(e for e in personal_data if e.key == key)


def _rule(key):
    return next(r for r in retention_rules if r.key == key)


def _only_row():
    (entry,) = ReadLogEntry.objects.all()
    return entry


# --- read log --------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["leader", "consultant", "chef"])
def test_the_participant_page_is_logged_for_others(cast, as_, reader):
    response = as_(getattr(cast, reader)).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert response.status_code == 200
    entry = _only_row()
    assert entry.subject_ids == [cast.aspirant.pk]
    assert RecordKind.ENROLMENT.value in entry.kinds.split(",")
    assert entry.reader == getattr(cast, reader).user
    assert entry.channel == "page"


def test_the_participant_on_their_own_page_is_not_logged(cast, as_):
    response = as_(cast.aspirant).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert response.status_code == 200
    assert not ReadLogEntry.objects.exists()


def test_an_outsider_gets_404_and_no_row(cast, as_):
    response = as_(cast.outsider).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert response.status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_the_cohort_page_names_everyone_listed_in_one_row(cast, as_):
    Enrolment.objects.create(
        cohort=cast.cohort, person=cast.colleague, nominated_by=cast.leader, motivation="x"
    )
    response = as_(cast.consultant).get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert response.status_code == 200
    entry = _only_row()
    assert sorted(entry.subject_ids) == sorted(
        [cast.aspirant.pk, cast.other_aspirant.pk, cast.colleague.pk]
    )
    assert entry.kinds == RecordKind.ENROLMENT.value


def test_the_cohort_export_is_one_export_row(cast, as_):
    response = as_(cast.consultant).get(
        reverse("programmes:cohort_detail", args=[cast.cohort.pk]) + "?eksport=csv"
    )
    assert response.status_code == 200
    entry = _only_row()
    assert entry.channel == "export"
    assert sorted(entry.subject_ids) == sorted([cast.aspirant.pk, cast.other_aspirant.pk])


def test_the_cohort_page_for_an_outsider_is_404_and_unlogged(cast, as_):
    response = as_(cast.outsider).get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert response.status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_the_nomination_queue_and_its_export_name_the_nominated(cast, as_):
    Enrolment.objects.create(
        cohort=cast.cohort, person=cast.colleague, nominated_by=cast.leader, motivation="x"
    )
    client = as_(cast.consultant)
    assert client.get(reverse("programmes:nomination_queue")).status_code == 200
    assert _only_row().subject_ids == [cast.colleague.pk]
    ReadLogEntry.objects.all().delete()
    assert client.get(reverse("programmes:nomination_queue") + "?eksport=xlsx").status_code == 200
    entry = _only_row()
    assert (entry.subject_ids, entry.channel) == ([cast.colleague.pk], "export")


def test_the_decision_forms_name_the_participant(cast, as_):
    nominated = Enrolment.objects.create(
        cohort=cast.cohort, person=cast.colleague, nominated_by=cast.leader, motivation="x"
    )
    response = as_(cast.consultant).get(reverse("programmes:enrolment_reject", args=[nominated.pk]))
    assert response.status_code == 200
    assert _only_row().subject_ids == [cast.colleague.pk]


def test_attendance_registration_names_the_seated(cast, as_):
    now = timezone.now()
    session = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværk",
        starts_at=now,
        ends_at=now + dt.timedelta(hours=2),
    )
    response = as_(cast.consultant).get(reverse("programmes:session_attendance", args=[session.pk]))
    assert response.status_code == 200
    assert sorted(_only_row().subject_ids) == sorted([cast.aspirant.pk, cast.other_aspirant.pk])


# --- export ----------------------------------------------------------------------------------


def test_export_holds_the_persons_enrolments_and_not_others(cast):
    rows = _entry("programmes.enrolments").export(cast.aspirant)
    enrolments = [r for r in rows if r["record"] == "enrolment"]
    assert [r["motivation"] for r in enrolments] == ["Klar til ledelse"]
    assert "Stærk kandidat" not in str(rows)
    assert cast.other_aspirant.full_name not in str(rows)


def test_export_of_a_leader_has_the_nominations_made_without_the_texts(cast):
    rows = _entry("programmes.enrolments").export(cast.leader)
    made = [r for r in rows if r["record"] == "nomination_or_decision_made"]
    assert len(made) == 1
    assert "Klar til ledelse" not in str(rows)
    assert cast.aspirant.full_name not in str(rows)


def test_export_of_a_consultant_lists_their_cohorts(cast):
    rows = _entry("programmes.enrolments").export(cast.consultant)
    assert [r["name"] for r in rows if r["record"] == "consultant_of_cohort"] == [cast.cohort.name]


# --- erasure ---------------------------------------------------------------------------------


def _completed_and_withdrawn(cast):
    """The aspirant completes the cohort; on a second cohort they withdrew."""
    now = timezone.now()
    session = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværk",
        starts_at=now - dt.timedelta(days=3),
        ends_at=now - dt.timedelta(days=3, hours=-2),
    )
    Attendance.objects.create(session=session, enrolment=cast.enrolment, status="present")
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        status=Status.COMPLETED, completed_at=now, decided_by=cast.consultant
    )
    other = Cohort.objects.create(
        programme=cast.programme,
        name="Andet hold",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=90),
        capacity=10,
    )
    withdrawn = Enrolment.objects.create(
        cohort=other,
        person=cast.aspirant,
        status=Status.WITHDRAWN,
        withdrawn_at=now,
        withdrawal_reason="Barsel",
        motivation="Motiveret",
    )
    return withdrawn


def test_erase_preview_writes_nothing(cast):
    withdrawn = _completed_and_withdrawn(cast)
    before = list(Enrolment.objects.values_list("pk", "motivation", "withdrawal_reason"))
    lines = _entry("programmes.enrolments").erase(cast.aspirant, False)
    counts = {str(line.label): (line.count, line.action) for line in lines}
    assert (1, Action.ANONYMISE) in counts.values()  # the withdrawn enrolment
    keep = [line for line in lines if line.action == Action.KEEP]
    assert keep[0].count == 1 and "gennemført uddannelse" in str(keep[0].reason)
    assert list(Enrolment.objects.values_list("pk", "motivation", "withdrawal_reason")) == before
    assert withdrawn.withdrawal_reason == "Barsel"


def test_erase_blanks_texts_keeps_rows_and_the_certificate_basis(cast):
    withdrawn = _completed_and_withdrawn(cast)
    _entry("programmes.enrolments").erase(cast.aspirant, True)
    completed = Enrolment.objects.get(pk=cast.enrolment.pk)
    assert completed.status == Status.COMPLETED and completed.completed_at is not None
    assert completed.motivation == ""
    withdrawn.refresh_from_db()
    assert (withdrawn.status, withdrawn.withdrawal_reason, withdrawn.motivation) == (
        Status.WITHDRAWN,
        ERASED_TEXT,
        "",
    )
    # reports still count the rows and the attendance
    assert Enrolment.objects.filter(person=cast.aspirant).count() == 2
    assert Attendance.objects.filter(enrolment=cast.enrolment).count() == 1
    # another participant's record is untouched
    assert Enrolment.objects.get(pk=cast.other_enrolment.pk).motivation == "Stærk kandidat"


def test_erase_removes_the_person_as_nominator_decider_and_consultant(cast):
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(decided_by=cast.consultant)
    _entry("programmes.enrolments").erase(cast.leader, True)
    _entry("programmes.enrolments").erase(cast.consultant, True)
    enrolment = Enrolment.objects.get(pk=cast.enrolment.pk)
    assert (enrolment.nominated_by, enrolment.decided_by) == (None, None)
    assert enrolment.motivation == "Klar til ledelse"  # the participant's record stays
    assert not cast.cohort.consultants.filter(pk=cast.consultant.pk).exists()


# --- JTI type --------------------------------------------------------------------------------


def _with_jti(cast, jti="INTJ"):
    return enrolment_set_jti(
        enrolment=cast.enrolment, jti_type=jti, consent=True, by=cast.aspirant.user
    )


def test_the_jti_type_never_reaches_the_audit_log(cast):
    _with_jti(cast)
    assert not AuditEvent.objects.filter(summary__contains="INTJ").exists()
    assert AuditEvent.objects.filter(action=GroupingAction.ENROLMENT_JTI).exists()


def test_withdrawing_consent_clears_the_type_from_older_audit_rows(cast):
    # an audit row written before this change carried the type
    audit_record(
        actor=cast.aspirant.user,
        action=GroupingAction.ENROLMENT_JTI,
        obj=cast.enrolment,
        summary="ENTP",
    )
    _with_jti(cast)
    enrolment_set_jti(enrolment=cast.enrolment, jti_type="", consent=False, by=cast.aspirant.user)
    assert Enrolment.objects.get(pk=cast.enrolment.pk).jti_type == ""
    assert not AuditEvent.objects.filter(summary__contains="ENTP").exists()
    assert AuditEvent.objects.filter(action=GroupingAction.ENROLMENT_JTI_WITHDRAW).exists()


def test_jti_export_and_erasure(cast):
    _with_jti(cast)
    entry = _entry("programmes.jti")
    assert [r["jti_type"] for r in entry.export(cast.aspirant)] == ["INTJ"]
    assert entry.export(cast.other_aspirant) == []
    (line,) = entry.erase(cast.aspirant, False)
    assert (line.count, line.action) == (1, Action.DELETE)
    assert Enrolment.objects.get(pk=cast.enrolment.pk).jti_type == "INTJ"
    entry.erase(cast.aspirant, True)
    assert Enrolment.objects.get(pk=cast.enrolment.pk).jti_type == ""


# --- retention -------------------------------------------------------------------------------


def test_jti_retention_counts_from_the_end_of_the_enrolment_and_is_idempotent(cast):
    _with_jti(cast)
    ended = timezone.now() - dt.timedelta(days=400)
    rule = _rule("programmes.jti_type")
    cutoff = timezone.now() - dt.timedelta(days=rule.days)
    # still running: never expires
    assert rule.expire(cutoff, True) == 0
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        status=Status.COMPLETED, completed_at=ended
    )
    assert rule.expire(cutoff, False) == 1
    assert Enrolment.objects.get(pk=cast.enrolment.pk).jti_type == "INTJ"  # dry run
    assert rule.expire(cutoff, True) == 1
    assert Enrolment.objects.get(pk=cast.enrolment.pk).jti_type == ""
    assert rule.expire(cutoff, True) == 0


def test_enrolment_texts_expire_three_years_after_the_end(cast):
    rule = _rule("programmes.enrolment_texts")
    assert rule.days == 1095
    long_ago = timezone.now() - dt.timedelta(days=1200)
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        status=Status.WITHDRAWN, withdrawn_at=long_ago, withdrawal_reason="Flyttet"
    )
    cutoff = timezone.now() - dt.timedelta(days=rule.days)
    assert rule.expire(cutoff, False) == 1
    assert Enrolment.objects.get(pk=cast.enrolment.pk).motivation == "Klar til ledelse"
    assert rule.expire(cutoff, True) == 1
    enrolment = Enrolment.objects.get(pk=cast.enrolment.pk)
    assert (enrolment.motivation, enrolment.withdrawal_reason) == ("", ERASED_TEXT)
    assert rule.expire(cutoff, True) == 0
    # the running enrolment keeps its motivation
    assert Enrolment.objects.get(pk=cast.other_enrolment.pk).motivation == "Stærk kandidat"


def test_reports_still_count_an_anonymised_enrolment(cast):
    services.enrolment_complete(enrolment=cast.enrolment, by=cast.consultant.user)
    _entry("programmes.enrolments").erase(cast.aspirant, True)
    assert Enrolment.objects.filter(cohort=cast.cohort, status=Status.COMPLETED).count() == 1
