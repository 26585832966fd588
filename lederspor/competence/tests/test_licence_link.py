"""A plan that requires a kørekort links its participants to the practice-review form, and the
form leads back to the plan (competence's resolver on the kørekort pages' review-origin hook)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.competence.models import PlanParticipant, Step
from lederspor.competence.services import plan_create
from lederspor.licences.models import PracticeReview
from lederspor.licences.services import licence_task_create

PAST = timezone.localdate() - dt.timedelta(days=3)


@pytest.fixture
def task(cast):
    return licence_task_create(unit=cast.workplace, title="Medicin", by=cast.leader.user)


@pytest.fixture
def plan(cast, task):
    p = plan_create(title="Medicin til beboerne", unit=cast.workplace, by=cast.admin)
    p.licence_task = task
    p.target_step = Step.INDEPENDENT
    p.save()
    PlanParticipant.objects.create(plan=p, person=cast.colleague)
    return p


def review_url(task, **query):
    url = reverse("licences:licence_review", args=[task.pk])
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def back_to(plan):
    return f"{reverse('competence:plan_detail', args=[plan.pk])}#deltagere"


def test_plan_page_links_a_participant_without_the_licence_to_the_review(cast, as_, plan, task):
    response = as_(cast.leader).get(reverse("competence:plan_detail", args=[plan.pk]))
    link = review_url(task, person=cast.colleague.pk, level="B", plan=plan.pk).replace("&", "&amp;")
    assert link in response.text


def test_review_opened_from_the_plan_offers_the_way_back(cast, as_, plan, task):
    response = as_(cast.leader).get(review_url(task, person=cast.colleague.pk, plan=plan.pk))
    assert response.status_code == 200
    assert f'href="{back_to(plan)}">Tilbage til planen</a>' in response.text


def test_review_recorded_from_the_plan_returns_to_its_participants(cast, as_, plan, task):
    response = as_(cast.leader).post(
        review_url(task, plan=plan.pk),
        {
            "person": cast.colleague.pk,
            "level": "B",
            "reviewer": cast.leader.pk,
            "reviewed_on": PAST.isoformat(),
            "result": "passed",
        },
    )
    assert response.status_code == 302 and response["Location"] == back_to(plan)
    assert PracticeReview.objects.filter(task=task, person=cast.colleague).exists()


@pytest.mark.parametrize("value", ["x", "999999", "other"])
def test_a_plan_that_does_not_require_the_task_is_ignored(cast, as_, plan, task, value):
    if value == "other":
        other = plan_create(title="Anden plan", unit=cast.workplace, by=cast.admin)
        value = str(other.pk)
    client = as_(cast.leader)
    response = client.get(review_url(task, plan=value))
    assert "Tilbage til planen" not in response.text
    assert reverse("licences:licence_task", args=[task.pk]) in response.text
    response = client.post(
        review_url(task, plan=value),
        {
            "person": cast.colleague.pk,
            "level": "C",
            "reviewer": cast.leader.pk,
            "reviewed_on": PAST.isoformat(),
            "result": "failed",
        },
    )
    assert response["Location"] == reverse("licences:licence_task", args=[task.pk])
