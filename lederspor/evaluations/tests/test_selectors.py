"""aggregate_results and response_rate (the interface of the reports app): correct counts,
means and distributions across questionnaires and years, the small-number rule, and a fixed
number of queries whatever the data."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lederspor.evaluations.models import (
    Answer,
    Invitation,
    Question,
    Questionnaire,
    Response,
)
from lederspor.evaluations.selectors import aggregate_results, response_rate
from lederspor.evaluations.services import new_token, questionnaire_create
from lederspor.people.models import Person


def _fill(cast, templates, session, *, questionnaires: int, answers: int, year_shift=0):
    """`questionnaires` sent questionnaires (aspirant network meeting), each with `answers`
    responses: scale answers cycle 1..5, `tid` always its first option."""
    people = [
        Person.objects.create(
            employee_number=f"8{year_shift}{i:03d}",
            first_name=f"P{i}",
            last_name="T",
            email=f"p{year_shift}{i}@test.dk",
            unit=cast.workplace,
        )
        for i in range(answers)
    ]
    made = []
    for _ in range(questionnaires):
        q = questionnaire_create(
            cohort=cast.cohort,
            template=templates["aspirant-network-meeting"],
            session=session,
            by=cast.consultant.user,
        )
        Questionnaire.objects.filter(pk=q.pk).update(
            status="sent",
            send_at=q.send_at - dt.timedelta(days=365 * year_shift),
            reminder_at=q.reminder_at - dt.timedelta(days=365 * year_shift),
        )
        questions = {x.key: x for x in Question.objects.filter(questionnaire=q)}
        Invitation.objects.bulk_create(
            Invitation(
                questionnaire=q, person=p, token_hash=new_token()[1], answered_on=q.closes_on
            )
            for p in people
        )
        responses = Response.objects.bulk_create(
            Response(questionnaire=q, submitted_on=q.closes_on) for _ in people
        )
        rows = []
        for i, r in enumerate(responses):
            rows.append(
                Answer(response=r, question=questions["udbytte-moedegang"], scale=i % 5 + 1)
            )
            rows.append(Answer(response=r, question=questions["tid"], choices=["Passende"]))
            rows.append(Answer(response=r, question=questions["tager-med"], text=f"Svar {i}"))
        Answer.objects.bulk_create(rows)
        made.append(q)
    return made


def test_aggregate_results_counts_means_and_distributions(cast, templates, session):
    _fill(cast, templates, session, questionnaires=2, answers=5)
    results = {r.key: r for r in aggregate_results(questionnaires=Questionnaire.objects.all())}
    scale = results["udbytte-moedegang"].total
    assert scale.count == 10 and scale.mean == 3.0 and not scale.suppressed
    assert scale.distribution == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}
    single = results["tid"].total
    assert single.distribution == {"For lidt tid": 0, "Passende": 10, "For meget tid": 0}
    assert single.mean is None
    assert results["tager-med"].total.count == 10
    assert results["tema-praksis"].total.count == 0  # nobody answered it
    assert list(results)[:2] == ["udbytte-moedegang", "tema-praksis"]  # question order
    assert response_rate(Questionnaire.objects.all()) == (10, 10)


def test_small_groups_are_suppressed(cast, templates, session):
    _fill(cast, templates, session, questionnaires=1, answers=4)
    result = next(
        r
        for r in aggregate_results(questionnaires=Questionnaire.objects.all())
        if r.key == "udbytte-moedegang"
    )
    group = result.total
    assert group.suppressed and group.mean is None and group.distribution == {}


def test_grouped_by_year(cast, templates, session):
    _fill(cast, templates, session, questionnaires=1, answers=5)
    _fill(cast, templates, session, questionnaires=1, answers=3, year_shift=1)
    result = next(
        r
        for r in aggregate_results(questionnaires=Questionnaire.objects.all(), group_by_year=True)
        if r.key == "udbytte-moedegang"
    )
    years = [g.year for g in result.groups]
    this_year = session.ends_at.astimezone().year
    assert len(years) == 2 and years[-1] == this_year
    old, new = result.groups
    assert old.count == 3 and old.suppressed
    assert new.count == 5 and new.mean == 3.0


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(cast, templates, session):
    _fill(cast, templates, session, questionnaires=1, answers=2)
    small = _queries(
        lambda: aggregate_results(questionnaires=Questionnaire.objects.all(), group_by_year=True)
    )
    rate_small = _queries(lambda: response_rate(Questionnaire.objects.all()))
    _fill(cast, templates, session, questionnaires=6, answers=12, year_shift=2)
    large = _queries(
        lambda: aggregate_results(questionnaires=Questionnaire.objects.all(), group_by_year=True)
    )
    assert small == large == 3
    assert rate_small == _queries(lambda: response_rate(Questionnaire.objects.all())) == 1
