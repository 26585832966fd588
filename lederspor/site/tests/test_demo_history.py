"""The demo's three earlier years (issue #13 §5, `site/demo/history.py`): completed cohorts of every
programme with attendance, effects, outcomes and evaluated competence plans, and the organisation
changing over time as dated leadership changes, so "who became a leader" has something to count."""

import datetime as dt

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from lederspor.competence.models import CompetencePlan, PlanStatus
from lederspor.people.leadership import LeadershipCounts, became_after, record_leadership_changes
from lederspor.people.models import LeadershipChange, Person
from lederspor.programmes.models import Attendance, Cohort, Enrolment, ProgrammeKind, Session
from lederspor.site.demo import CLARIFICATION_PAST_COHORT, STORY_DAYS
from lederspor.site.demo.history import YEARS
from lederspor.site.demo.job_visits import cohort_year
from lederspor.trainee.models import EffectAnswer, Respondent, TraineeOutcome

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def past_cohorts(kind: str) -> list[Cohort]:
    """The history's cohorts of `kind`: ended more than a hundred days ago (not last spring's
    Leder på spring cohort, which the running trainee story needs, nor the job-visit story's
    own February → May cohort, over since June)."""
    today = timezone.localdate()
    ended = today - dt.timedelta(days=100)
    return list(
        Cohort.objects.filter(programme__kind=kind, ends_on__lt=ended)
        .exclude(name=CLARIFICATION_PAST_COHORT)
        .exclude(programme__kind=ProgrammeKind.JOB_VISIT, starts_on__year=cohort_year(today))
        .order_by("starts_on")
    )


@pytest.mark.parametrize("kind", list(ProgrammeKind.values))
def test_each_programme_has_three_completed_cohorts_in_earlier_years(demo, kind):
    cohorts = past_cohorts(kind)
    assert len(cohorts) == YEARS
    assert len({c.starts_on.year for c in cohorts}) == YEARS
    for cohort in cohorts:
        completed = cohort.enrolments.filter(status=Status.COMPLETED)
        assert completed.count() >= 6, cohort.name
        assert not cohort.enrolments.filter(status__in=Enrolment.ACTIVE).exists(), cohort.name
        for enrolment in completed:
            assert timezone.localdate(enrolment.completed_at) == cohort.ends_on
    # nominated but not enrolled: the comparison group of "who became a leader"
    not_enrolled = Enrolment.objects.filter(cohort__in=cohorts).filter(
        Q(status=Status.REJECTED) | Q(status=Status.WITHDRAWN, decided_at=None)
    )
    assert not_enrolled.count() >= 10
    reasons = Enrolment.objects.filter(cohort__in=cohorts, status=Status.REJECTED)
    assert all(e.decision_reason for e in reasons)


def test_past_sessions_have_attendance_mostly_present(demo):
    for kind in (ProgrammeKind.ASPIRANT, ProgrammeKind.CLARIFICATION, ProgrammeKind.TRAINEE):
        for cohort in past_cohorts(kind):
            sessions = cohort.sessions.all()
            assert sessions.exists(), cohort.name
            assert all(s.ends_at < timezone.now() for s in sessions)
            rows = Attendance.objects.filter(session__cohort=cohort)
            assert rows.count() >= sessions.count() * 6
            assert rows.filter(status=Attendance.Status.PRESENT).count() >= rows.count() // 2
    rows = Attendance.objects.filter(
        session__cohort__in=[c for k in ProgrammeKind.values for c in past_cohorts(k)]
    )
    assert rows.filter(status=Attendance.Status.PRESENT).count() > rows.count() * 0.75
    assert rows.filter(status=Attendance.Status.ABSENT).exists()
    take_offs = Session.objects.filter(
        kind=Session.Kind.TAKE_OFF, cohort__in=past_cohorts(ProgrammeKind.TRAINEE)
    )
    assert take_offs.count() == YEARS


def test_past_trainees_answered_every_phase_and_have_an_outcome(demo):
    for cohort in past_cohorts(ProgrammeKind.TRAINEE):
        outcomes = TraineeOutcome.objects.filter(enrolment__cohort=cohort)
        assert outcomes.count() >= 1, cohort.name
        answers = EffectAnswer.objects.filter(enrolment__cohort=cohort)
        assert set(answers.values_list("respondent", flat=True)) == set(Respondent.values)
        assert answers.values("phase").distinct().count() == 3
    all_outcomes = TraineeOutcome.objects.filter(
        enrolment__cohort__in=past_cohorts(ProgrammeKind.TRAINEE)
    )
    assert {"in_leader_job", "leader_ready"} <= set(all_outcomes.values_list("outcome", flat=True))


def test_competence_plans_were_evaluated_in_earlier_years(demo):
    year_ago = timezone.now() - dt.timedelta(days=365)
    evaluated = CompetencePlan.objects.filter(
        status=PlanStatus.EVALUATED, evaluated_at__lt=year_ago
    )
    assert evaluated.count() >= YEARS
    assert all(p.core_task_realised and p.organisation_realised for p in evaluated)


def test_the_leadership_changes_start_with_a_baseline_when_the_story_begins(demo):
    begins = timezone.localdate() - dt.timedelta(days=STORY_DAYS)
    first = LeadershipChange.objects.order_by("on").first()
    assert first is not None and first.on == begins
    baseline = LeadershipChange.objects.filter(baseline=True)
    assert baseline.filter(on=begins).count() >= 60  # the municipality's leaders
    assert not LeadershipChange.objects.filter(on__gt=timezone.localdate()).exists()
    assert set(LeadershipChange.objects.values_list("source", flat=True)) == {"demo"}


def test_participants_became_leaders_after_their_cohorts_ended(demo):
    became = LeadershipChange.objects.filter(kind=LeadershipChange.Kind.BECAME, baseline=False)
    assert became.count() >= 15
    assert LeadershipChange.objects.filter(kind=LeadershipChange.Kind.STOPPED).count() >= 1
    for kind in (ProgrammeKind.ASPIRANT, ProgrammeKind.CLARIFICATION, ProgrammeKind.TRAINEE):
        completed = Enrolment.objects.filter(
            cohort__in=past_cohorts(kind), status=Status.COMPLETED
        ).values_list("person_id", "cohort__ends_on")
        risen = became_after(dict(completed))
        assert risen, kind
        ends = dict(completed)
        assert all(day > ends[pid] for pid, day in risen.items())
    # and some of those nominated but not enrolled, for comparison
    not_enrolled = Enrolment.objects.filter(
        cohort__in=[c for k in ProgrammeKind.values for c in past_cohorts(k)],
        status__in=(Status.REJECTED, Status.WITHDRAWN),
    ).exclude(cohort__programme__kind=ProgrammeKind.JOB_VISIT)
    assert became.filter(person__in=not_enrolled.values("person")).exists()


def test_the_recorded_changes_match_the_organisation_today(demo):
    assert record_leadership_changes(on=timezone.localdate(), source="demo") == LeadershipCounts()
    # the team leaders appointed over the years lead colleagues of their own workplace
    team_leaders = Person.objects.annotate(
        n=Count("reports", filter=Q(reports__is_active=True, reports__unit=F("unit")))
    ).filter(is_leader=True, n__gt=0, manager__unit=F("unit"))
    assert team_leaders.count() >= 5


def test_job_visit_participants_were_leaders_already(demo):
    for cohort in past_cohorts(ProgrammeKind.JOB_VISIT):
        for enrolment in cohort.enrolments.filter(status=Status.COMPLETED):
            assert enrolment.person.is_leader
        assert cohort.visit_pairs.exists()
        assert cohort.wrap_up_groups.filter(starts_at__isnull=False).exists()
