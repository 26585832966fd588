"""Who became a leader (issue #13 §1): every persons import records the dated changes in who is a
nearest leader (`people.leadership`), idempotently and in a fixed number of queries; the
reports read them with `leader_on` and `became_after`; HR sees them on the person's page."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lederspor.core.models import AuditEvent, User
from lederspor.notifications.testing import run_worker
from lederspor.people.leadership import (
    LeadershipCounts,
    became_after,
    current_leaders,
    leader_on,
    record_leadership_changes,
)
from lederspor.people.models import LeadershipChange, Person
from lederspor.people.tests.test_import import PERSON_HEADER, prow, run_persons, upload, write

Kind = LeadershipChange.Kind
D1, D2, D3 = dt.date(2024, 1, 10), dt.date(2024, 6, 1), dt.date(2025, 3, 1)


def changes(number: str) -> list[tuple[str, bool, str]]:
    """The (kind, baseline, source) of the changes of employee `number`, oldest first."""
    return list(
        LeadershipChange.objects.filter(person__employee_number=number)
        .order_by("on", "id")
        .values_list("kind", "baseline", "source")
    )


def import_lines(tmp_path: Path, *lines: str, **kwargs):
    result = run_persons(write(tmp_path, "personer.csv", [PERSON_HEADER, *lines]), **kwargs)
    assert result.ok, result.errors
    return result


def make_person(unit, number: int, *, manager: Person | None = None, **extra) -> Person:
    user = User.objects.create_user(email=f"l{number}@test.dk")
    return Person.objects.create(
        user=user,
        employee_number=f"L{number}",
        first_name="Lea",
        last_name=f"Leder{number}",
        email=f"l{number}@test.dk",
        unit=unit,
        manager=manager,
        **extra,
    )


# --- the import ---------------------------------------------------------------------------------


def test_the_first_import_records_everyone_leading_as_a_baseline_not_as_became(cast, tmp_path):
    result = import_lines(tmp_path, prow("900", manager="901"), prow("901"))
    assert changes("901") == [(Kind.BECAME, True, "import")]
    assert changes("900") == []  # not a leader: nothing to record
    # the cast's leaders (they have reports) are recorded as leading already, too
    assert changes(cast.leader.employee_number) == [(Kind.BECAME, True, "import")]
    assert result.leadership.became == 0 and result.leadership.stopped == 0
    assert result.leadership.baseline == LeadershipChange.objects.count()
    assert LeadershipChange.objects.get(person__employee_number="901").on == timezone.localdate()


def test_importing_the_same_file_twice_writes_no_new_changes(cast, tmp_path):
    lines = (prow("900", manager="901"), prow("901", leader="ja"), prow("902"))
    import_lines(tmp_path, *lines)
    rows = LeadershipChange.objects.count()
    again = import_lines(tmp_path, *lines)
    assert again.leadership == LeadershipCounts()
    assert LeadershipChange.objects.count() == rows


def test_a_new_manager_link_records_became_and_a_removed_one_stopped(cast, tmp_path):
    import_lines(tmp_path, prow("900"), prow("901"))
    assert changes("901") == []
    result = import_lines(tmp_path, prow("900", manager="901"), prow("901"))
    assert (result.leadership.became, result.leadership.stopped) == (1, 0)
    assert changes("901") == [(Kind.BECAME, False, "import")]

    result = import_lines(tmp_path, prow("900"), prow("901"))
    assert (result.leadership.became, result.leadership.stopped) == (0, 1)
    assert changes("901") == [(Kind.BECAME, False, "import"), (Kind.STOPPED, False, "import")]


def test_the_is_leader_column_alone_makes_a_leader(cast, tmp_path):
    import_lines(tmp_path, prow("900"))
    import_lines(tmp_path, prow("900", leader="ja"))
    assert changes("900") == [(Kind.BECAME, False, "import")]
    import_lines(tmp_path, prow("900", leader="nej"))
    assert [kind for kind, _b, _s in changes("900")] == [Kind.BECAME, Kind.STOPPED]


def test_a_deactivated_leader_stops_and_so_does_one_whose_only_report_leaves(cast, tmp_path):
    import_lines(tmp_path, prow("900", manager="901"), prow("901"), prow("902", leader="ja"))
    Person.objects.filter(employee_number="902").update(is_active=False)
    Person.objects.filter(employee_number="900").update(is_active=False)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    counts = record_leadership_changes(on=tomorrow, source="sync")
    assert counts == LeadershipCounts(became=0, stopped=2, baseline=0)
    assert changes("902")[-1] == (Kind.STOPPED, False, "sync")
    assert changes("901")[-1] == (Kind.STOPPED, False, "sync")


def test_a_person_the_import_creates_as_a_leader_is_a_baseline(cast, tmp_path):
    import_lines(tmp_path, prow("900"))
    result = import_lines(tmp_path, prow("900"), prow("903", leader="ja"))
    assert result.leadership == LeadershipCounts(became=0, stopped=0, baseline=1)
    assert changes("903") == [(Kind.BECAME, True, "import")]


def test_the_dry_run_shows_the_counts_and_writes_no_change(cast, tmp_path):
    import_lines(tmp_path, prow("900"), prow("901"))
    rows = LeadershipChange.objects.count()
    result = import_lines(tmp_path, prow("900", manager="901"), prow("901"), dry_run=True)
    assert result.dry_run and result.leadership.became == 1
    assert "1 blev leder" in result.leadership_summary
    assert LeadershipChange.objects.count() == rows
    assert changes("901") == []


def test_the_audit_row_holds_the_leadership_counts(cast, tmp_path):
    import_lines(tmp_path, prow("900"), prow("901"))
    import_lines(tmp_path, prow("900", manager="901"), prow("901"))
    event = AuditEvent.objects.filter(action="org.import").latest("id")
    assert event.data["leaders_became"] == 1
    assert event.data["leaders_stopped"] == 0
    assert "1 blev leder, 0 holdt op" in event.summary


def test_a_units_import_says_nothing_about_leaders(cast, tmp_path):
    from lederspor.people.tests.test_import import UNIT_HEADER, run_units

    result = run_units(write(tmp_path, "u.csv", [UNIT_HEADER, "NYF;Ny;forvaltning;K"]))
    assert result.leadership_summary == ""
    assert not LeadershipChange.objects.exists()
    assert "leaders_became" not in AuditEvent.objects.filter(action="org.import").latest("id").data


def test_the_command_and_the_page_report_the_leadership_changes(cast, as_, tmp_path):
    import_lines(tmp_path, prow("900"), prow("901"))
    path = write(tmp_path, "p2.csv", [PERSON_HEADER, prow("900", manager="901"), prow("901")])
    out = io.StringIO()
    call_command("import_org", "persons", str(path), stdout=out)
    assert "Lederskifter: 1 blev leder, 0 holdt op." in out.getvalue()

    client = as_(cast.consultant)
    lines = [PERSON_HEADER, prow("900"), prow("901")]
    response = client.post(
        "/organisation/import/", {"kind": "persons", "file": upload("p3.csv", lines)}
    )
    assert response.status_code == 302
    run_worker()  # the upload runs in the background (issue #17 §2)
    report = client.get(response["Location"]).content.decode()
    assert "<dt>Lederskifter</dt><dd>0 blev ledere, 1 holdt op</dd>" in report


# --- the rule and its cost -------------------------------------------------------------------


def test_current_leaders_ignore_inactive_reports(cast):
    boss = make_person(cast.workplace, 1)
    make_person(cast.workplace, 2, manager=boss, is_active=False)
    assert boss not in current_leaders()
    make_person(cast.workplace, 3, manager=boss)
    assert boss in current_leaders()


@pytest.mark.parametrize("size", [5, 40])
def test_recording_takes_the_same_number_of_queries_at_any_size(cast, size):
    record_leadership_changes(on=D1, source="demo")  # the baseline

    def grow(start: int) -> None:
        for i in range(start, start + size):
            boss = make_person(cast.workplace, 2 * i)
            make_person(cast.workplace, 2 * i + 1, manager=boss)

    grow(100)
    with CaptureQueriesContext(connection) as first:
        counts = record_leadership_changes(on=D2, source="demo")
    assert counts.became == size
    grow(1000)
    Person.objects.filter(employee_number__in=["L200", "L202"]).update(is_active=False)
    with CaptureQueriesContext(connection) as second:
        counts = record_leadership_changes(on=D3, source="demo")
    assert counts.became == size and counts.stopped == 2
    assert len(first.captured_queries) == len(second.captured_queries) <= 6
    with CaptureQueriesContext(connection) as idle:
        assert record_leadership_changes(on=D3, source="demo") == LeadershipCounts()
    assert len(idle.captured_queries) == len(first.captured_queries) - 1  # nothing to insert


# --- the reports' selectors -------------------------------------------------------------------


def test_leader_on_and_became_after_read_the_events(cast):
    record_leadership_changes(on=D1, source="demo")  # the cast's leaders: baseline
    riser = make_person(cast.workplace, 1)
    make_person(cast.workplace, 2, manager=riser)
    record_leadership_changes(on=D2, source="demo")
    Person.objects.filter(manager=riser).update(manager=None)
    record_leadership_changes(on=D3, source="demo")
    leader = cast.leader

    ids = [riser.pk, leader.pk, cast.aspirant.pk]
    assert leader_on(ids, D1 - dt.timedelta(days=1)) == set()  # before anything was recorded
    assert leader_on(ids, D1) == {leader.pk}
    assert leader_on(ids, D2) == {leader.pk, riser.pk}
    assert leader_on(ids, D3) == {leader.pk}

    completed = {riser.pk: D1, leader.pk: D1, cast.aspirant.pk: D1}
    # the riser became one after completing; the leader led already (baseline); the aspirant not
    assert became_after(completed) == {riser.pk: D2}
    assert became_after({riser.pk: D2}) == {}  # leading on that date already
    assert became_after({}) == {}


# --- the person's HR page ---------------------------------------------------------------------


def test_hr_sees_when_a_person_became_and_stopped_being_a_leader(cast, as_):
    riser = make_person(cast.workplace, 1)
    LeadershipChange.objects.create(person=riser, kind=Kind.BECAME, on=D2, source="import")
    LeadershipChange.objects.create(person=riser, kind=Kind.STOPPED, on=D3, source="sync")
    page = as_(cast.consultant).get(f"/organisation/personer/{riser.pk}/").content.decode()
    assert "Lederskifter" in page
    assert "Blev leder" in page and "Holdt op som leder" in page
    assert "1. jun 2024" in page
    assert "Synkronisering" in page
    # no one else opens the page: the history is HR's (the page is 404 for them)
    assert as_(cast.leader).get(f"/organisation/personer/{riser.pk}/").status_code == 404


def test_a_person_with_no_changes_says_so(cast, as_):
    page = as_(cast.consultant).get(f"/organisation/personer/{cast.aspirant.pk}/")
    assert "Ingen lederskifter registreret" in page.content.decode()
