"""The report pages (issue #13 §1): who may read them, the figures, small numbers, exports."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lederspor.people.models import LeadershipChange, OrgUnit
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Session
from lederspor.site.testing import content_programme, make_cohort, make_person
from lederspor.trainee.models import EffectAnswer, Respondent

PAGES = [
    "reports:programme",
    "reports:leaders",
    "reports:effects",
    "reports:diversity",
    "reports:evaluations",
]


def _past_cohort(cast, *, years_ago: int, name: str, kind: str = "aspirant") -> Cohort:
    today = timezone.localdate()
    programme = cast.programme if kind == "aspirant" else content_programme(kind)
    cohort = Cohort.objects.create(
        programme=programme,
        name=name,
        starts_on=today.replace(year=today.year - years_ago, month=1, day=15),
        ends_on=today.replace(year=today.year - years_ago, month=6, day=15),
        capacity=20,
    )
    cohort.consultants.add(cast.consultant)
    return cohort


def _complete(cohort: Cohort, person, *, months_before_today: int = 0) -> Enrolment:
    end = timezone.make_aware(dt.datetime.combine(cohort.ends_on, dt.time(12)))
    return Enrolment.objects.create(
        cohort=cohort, person=person, status=Enrolment.Status.COMPLETED, completed_at=end
    )


def _grow(cast, size: int, suffix: str) -> None:
    """Add `size` past cohorts, each with participants, rejected nominees, sessions and
    attendance, and leadership changes — the "municipality grows" half of a two-size test."""
    today = timezone.localdate()
    for n in range(size):
        cohort = _past_cohort(cast, years_ago=1 + n % 3, name=f"Hold {suffix}{n}")
        session = Session.objects.create(
            cohort=cohort,
            kind=Session.Kind.NETWORK_MEETING,
            theme=f"Møde {n}",
            starts_at=timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(9))),
            ends_at=timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(12))),
        )
        for k in range(size):
            person = make_person(
                f"P{suffix}{n}x{k}", "Deltager", cast.workplace, number=f"{suffix}{n}-{k}"
            )
            enrolment = _complete(cohort, person)
            Attendance.objects.create(session=session, enrolment=enrolment, status="present")
            LeadershipChange.objects.create(
                person=person, kind="became", on=today - dt.timedelta(days=30), source="import"
            )
            other = make_person(
                f"R{suffix}{n}x{k}", "Afvist", cast.other_workplace, number=f"r{suffix}{n}-{k}"
            )
            Enrolment.objects.create(
                cohort=cohort,
                person=other,
                status=Enrolment.Status.REJECTED,
                decision_reason="Ikke denne gang",
                decided_at=timezone.now() - dt.timedelta(days=400),
            )


# --- who may read ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_hr_staff_reads_every_report(cast, as_, page):
    response = as_(cast.hr_colleague).get(reverse(page))
    assert response.status_code == 200
    assert "Rapporter" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["aspirant", "leader", "chef", "host", "outsider"])
def test_people_without_a_cohort_to_consult_get_404(cast, as_, page, who):
    client = as_(getattr(cast, who))
    assert client.get(reverse(page)).status_code == 404
    assert client.get(reverse(page), {"eksport": "xlsx"}).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("reports:programme"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_menu_shows_reports_only_to_those_who_may_read_them(cast, as_):
    assert 'href="/rapporter/"' in as_(cast.consultant).get("/").content.decode()
    assert 'href="/rapporter/"' not in as_(cast.leader).get("/").content.decode()


def test_a_consultant_counts_only_their_own_cohorts(cast, as_):
    own_consultant = make_person("Kirsten", "Konsulent", cast.hr_unit, number="900")
    own = _past_cohort(cast, years_ago=1, name="Mit hold")
    own.consultants.set([own_consultant])
    _complete(own, cast.colleague)
    foreign = _past_cohort(cast, years_ago=1, name="Andres hold")
    _complete(foreign, cast.host)
    _complete(foreign, cast.outsider)
    client = as_(own_consultant)
    page = client.get(reverse("reports:programme")).content.decode()
    assert "Du ser tal for de hold, du er konsulent på." in page
    assert "1 indstillinger i alt, heraf 1 gennemført." in page
    # choosing someone else's cohort is an invalid choice, not a peek
    response = client.get(reverse("reports:programme"), {"cohort": foreign.pk})
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert "Andres hold" not in response.content.decode()
    export = client.get(reverse("reports:programme"), {"cohort": foreign.pk, "eksport": "xlsx"})
    assert export["Content-Type"].startswith("text/html")  # the page with the error, no file


# --- figures ----------------------------------------------------------------------------------


def test_programme_report_counts_nominations_attendance_and_filters_by_department(cast, as_):
    cohort = _past_cohort(cast, years_ago=1, name="Hold 2025")
    _complete(cohort, cast.colleague)
    Enrolment.objects.create(
        cohort=cohort,
        person=cast.outsider,
        status=Enrolment.Status.REJECTED,
        decision_reason="Mangler ledererfaring",
        decided_at=timezone.now(),
    )
    withdrawn = Enrolment.objects.create(
        cohort=cohort,
        person=cast.host,
        status=Enrolment.Status.WITHDRAWN,
        withdrawal_reason="Nyt job",
        decided_at=timezone.now(),
    )
    session = Session.objects.create(
        cohort=cohort,
        kind=Session.Kind.TEACHING_DAY,
        theme="Dag 1",
        starts_at=timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(9))),
        ends_at=timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(15))),
    )
    Attendance.objects.create(
        session=session, enrolment=Enrolment.objects.get(person=cast.colleague), status="present"
    )
    Attendance.objects.create(session=session, enrolment=withdrawn, status="absent")
    client = as_(cast.hr_colleague)
    page = client.get(reverse("reports:programme"), {"cohort": cohort.pk}).content.decode()
    assert "3 indstillinger i alt, heraf 1 gennemført." in page
    assert "Mangler ledererfaring" in page and "Nyt job" in page
    assert "Fremmøde pr. mødegang" in page and "Dag 1" in page
    assert "50 %" in page  # one of two registered was present
    # Forvaltning A holds the colleague and the host; the outsider works in Forvaltning B
    department = cast.workplace.parent.parent
    page = client.get(
        reverse("reports:programme"), {"cohort": cohort.pk, "department": department.code}
    ).content.decode()
    assert "2 indstillinger i alt, heraf 1 gennemført." in page
    assert "Mangler ledererfaring" not in page


def test_who_became_a_leader_against_the_comparison_group(cast, as_):
    today = timezone.localdate()
    cohort = _past_cohort(cast, years_ago=4, name="Hold fire år siden")
    start = cohort.starts_on - dt.timedelta(days=60)
    for person in (cast.colleague, cast.host, cast.outsider, cast.aspirant):
        LeadershipChange.objects.create(person=person, kind="stopped", on=start, source="import")
    # already a leader when they completed: left out of the shares
    LeadershipChange.objects.create(
        person=cast.leader, kind="became", on=start, baseline=True, source="import"
    )
    _complete(cohort, cast.leader)
    # completed, became a leader 8 months later
    _complete(cohort, cast.colleague)
    LeadershipChange.objects.create(
        person=cast.colleague,
        kind="became",
        on=cohort.ends_on + dt.timedelta(days=240),
        source="import",
    )
    # completed, never became a leader
    _complete(cohort, cast.host)
    # nominated, rejected, became a leader 30 months after the decision
    decided = timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(12)))
    Enrolment.objects.create(
        cohort=cohort,
        person=cast.outsider,
        status=Enrolment.Status.REJECTED,
        decision_reason="Ikke nu",
        decided_at=decided,
    )
    LeadershipChange.objects.create(
        person=cast.outsider,
        kind="became",
        on=cohort.starts_on + dt.timedelta(days=900),
        source="import",
    )
    assert cohort.ends_on + dt.timedelta(days=36 * 31) < today
    from lederspor.reports.access import ReportScope
    from lederspor.reports.filters import ReportFilter
    from lederspor.reports.pipeline import COMPARISON, PARTICIPANTS, leader_pipeline

    pipeline = leader_pipeline(
        ReportScope(cohorts=Cohort.objects.all(), everything=True), ReportFilter(), today=today
    )
    tally = pipeline.tallies[("Lederaspirantforløb", cohort.starts_on.year)]
    participants, comparison = tally[PARTICIPANTS], tally[COMPARISON]
    assert (participants.total, participants.already) == (3, 1)
    assert participants.followed == {6: 2, 12: 2, 24: 2, 36: 2}
    assert participants.became == {6: 0, 12: 1, 24: 1, 36: 1}
    assert comparison.became == {6: 0, 12: 0, 24: 0, 36: 1}
    page = as_(cast.hr_colleague).get(reverse("reports:leaders")).content.decode()
    assert "50 % af de gennemførte, der kan følges 36 måneder" in page
    assert "mod 100 % af de indstillede, der ikke fik plads" in page
    assert '<svg class="chart-svg"' in page and 'role="img"' in page


def test_leader_report_says_when_there_is_no_data_over_time(cast, as_):
    page = as_(cast.hr_colleague).get(reverse("reports:leaders")).content.decode()
    assert "Der er endnu ingen organisationsdata over tid" in page


def test_a_person_seated_on_a_later_cohort_is_not_in_the_comparison_group(cast):
    from lederspor.reports.access import ReportScope
    from lederspor.reports.filters import ReportFilter
    from lederspor.reports.pipeline import COMPARISON, leader_pipeline

    first = _past_cohort(cast, years_ago=3, name="Første")
    Enrolment.objects.create(
        cohort=first,
        person=cast.colleague,
        status=Enrolment.Status.REJECTED,
        decision_reason="Prøv igen næste år",
        decided_at=timezone.now() - dt.timedelta(days=1000),
    )
    _complete(_past_cohort(cast, years_ago=2, name="Anden"), cast.colleague)
    LeadershipChange.objects.create(
        person=cast.colleague, kind="stopped", on=dt.date(2000, 1, 1), source="import"
    )
    pipeline = leader_pipeline(
        ReportScope(cohorts=Cohort.objects.all(), everything=True),
        ReportFilter(),
        today=timezone.localdate(),
    )
    assert all(groups[COMPARISON].total == 0 for groups in pipeline.tallies.values())


def _trainee_answers(cast, count: int) -> Cohort:
    trainees = [
        make_person(f"T{n}", "Trainee", cast.workplace, manager=cast.leader, number=f"t{n}")
        for n in range(count)
    ]
    cohort, enrolments = make_cohort(
        "trainee", consultants=[cast.consultant], participants=trainees, starts_in_days=-400
    )
    phase = cohort.programme.phases.order_by("order").first()
    for enrolment in enrolments:
        EffectAnswer.objects.create(
            enrolment=enrolment,
            phase=phase,
            effect_index=0,
            effect_text=phase.effects[0],
            respondent=Respondent.TRAINEE,
            rating=4,
        )
    return cohort


def test_effects_under_five_answers_are_shown_as_less_than_five(cast, as_):
    cohort = _trainee_answers(cast, 3)
    page = as_(cast.hr_colleague).get(reverse("reports:effects")).content.decode()
    assert "&lt; 5" in page
    assert "4,0" not in page
    export = as_(cast.hr_colleague).get(
        reverse("reports:effects"), {"cohort": cohort.pk, "eksport": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert "< 5" in values and 4 not in values


def test_effects_with_five_answers_show_the_mean(cast, as_, settings):
    _trainee_answers(cast, 5)
    page = as_(cast.hr_colleague).get(reverse("reports:effects")).content.decode()
    assert "4,0" in page
    settings.LEDERSPOR_REPORTS_MIN_CELL = 6
    page = as_(cast.hr_colleague).get(reverse("reports:effects")).content.decode()
    assert "4,0" not in page and "&lt; 6" in page


def test_diversity_compares_participants_with_all_employees(cast, as_):
    page = as_(cast.hr_colleague).get(reverse("reports:diversity")).content.decode()
    assert "Deltagere og alle medarbejdere efter forvaltning" in page
    assert "Forvaltning A" in page
    assert "100 %" in page  # both enrolled aspirants work in Forvaltning A


def test_export_has_a_worksheet_per_table_with_danish_headers(cast, as_):
    _grow(cast, 1, "x")
    response = as_(cast.hr_colleague).get(reverse("reports:programme"), {"eksport": "xlsx"})
    assert response["Content-Disposition"].startswith('attachment; filename="rapport-')
    workbook = load_workbook(io.BytesIO(response.content))
    status = workbook.worksheets[0]
    assert status.title == "Indstillinger og deltagelse"
    assert [c.value for c in status[1]][:3] == ["Forløb", "År", "Indstillet i alt"]
    assert status.freeze_panes == "A2"
    assert any(row[0].value == "Lederaspirantforløb" for row in status.iter_rows(min_row=2))
    csv = as_(cast.hr_colleague).get(reverse("reports:leaders"), {"eksport": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert text.startswith("Lederaspirantforløb: blev leder efter forløbet\r\n")
    assert "\r\n\r\nBlev deltagerne ledere?\r\nForløb;År;Gruppe;Personer" in text


# --- municipal size ------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_cohorts_and_persons(cast, as_, page):
    client = as_(cast.hr_colleague)
    _grow(cast, 1, "a")
    client.get(reverse(page))  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(page)).status_code == 200
    _grow(cast, 4, "b")
    department = OrgUnit.objects.create(
        code="FX", name="Ny forvaltning", kind="department", parent=cast.municipality
    )
    OrgUnit.objects.create(code="OX", name="Nyt område", kind="area", parent=department)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(page)).status_code == 200
    assert len(large) == len(small)


def test_a_mean_is_rounded_not_cut_off():
    from lederspor.reports.tables import Mean
    from lederspor.reports.templatetags.reports import report_cell

    assert report_cell(Mean(28 / 6, 6)) == "4,7"  # 4.666…, not "4,6"
    assert report_cell(2 / 3) == "0,67"
