"""Homework per teaching day (seed 002 §1 "forskellige hjemmeopgaver"): set by the cohort's
consultants, marked done by each participant for themself, with a link to write about it in
the logbook; network-group tasks shown on the participant's panel (seed 002 §6)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification import services
from lederspor.clarification.models import Homework, HomeworkStatus
from lederspor.grouping.models import GroupingRound, GroupMembership, NetworkGroup


@pytest.fixture
def homework(cast, days):
    return services.homework_create(
        session=days[0],
        title="Mit ledelsesrum",
        text="Beskriv dit ledelsesrum, som du ser det i dag.",
        is_network_group_task=False,
        by=cast.admin,
    )


def test_the_consultant_sets_homework_on_a_teaching_day(cast, as_, cohort, days):
    c = as_(cast.consultant)
    url = reverse("clarification:homework_create", args=[days[2].pk])
    response = c.post(
        url, {"title": "Dilemma", "text": "Tag et dilemma med.", "is_network_group_task": "on"}
    )
    assert response.status_code == 302
    homework = Homework.objects.get()
    assert homework.session == days[2] and homework.is_network_group_task
    page = c.get(reverse("clarification:cohort", args=[cohort.pk])).content.decode()
    assert "Dilemma" in page and "Netværksgruppe" in page


def test_homework_without_a_title_is_refused(cast, as_, days):
    response = as_(cast.consultant).post(
        reverse("clarification:homework_create", args=[days[0].pk]),
        {"title": "", "text": "Min beskrivelse"},
    )
    assert response.status_code == 400
    assert "Skriv en titel." in response.content.decode()
    assert "Min beskrivelse" in response.content.decode()
    assert not Homework.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [("aspirant", 404), ("leader", 404), ("outsider", 404), ("hr_colleague", 403)],
)
def test_only_consultants_set_or_delete_homework(cast, as_, days, homework, who, status):
    c = as_(getattr(cast, who))
    url = reverse("clarification:homework_create", args=[days[0].pk])
    assert c.post(url, {"title": "Snyd"}).status_code == status
    delete = reverse("clarification:homework_delete", args=[homework.pk])
    assert c.post(delete).status_code == status
    assert list(Homework.objects.values_list("title", flat=True)) == ["Mit ledelsesrum"]


def test_the_participant_marks_homework_done_for_themself(cast, as_, anna, bo, homework):
    c = as_(cast.aspirant)
    page = c.get(reverse("programmes:enrolment_detail", args=[anna.pk])).content.decode()
    assert "Mit ledelsesrum" in page
    assert f"/logbog/ny/?session={homework.session_id}" in page
    url = reverse("clarification:homework_mark", args=[homework.pk])
    assert c.post(url, {"done": "1"}).status_code == 302
    assert HomeworkStatus.objects.filter(homework=homework, enrolment=anna).exists()
    assert not HomeworkStatus.objects.filter(enrolment=bo).exists()
    page = c.get(reverse("programmes:enrolment_detail", args=[anna.pk])).content.decode()
    assert "1 af 1 udført." in page
    other = as_(cast.other_aspirant).get(reverse("programmes:enrolment_detail", args=[bo.pk]))
    assert "0 af 1 udført." in other.content.decode()
    c.post(url, {"done": "0"})
    assert not HomeworkStatus.objects.exists()


@pytest.mark.parametrize(
    "who, status", [("consultant", 403), ("leader", 404), ("outsider", 404), ("chef", 404)]
)
def test_nobody_else_marks_homework(cast, as_, homework, who, status):
    url = reverse("clarification:homework_mark", args=[homework.pk])
    assert as_(getattr(cast, who)).post(url, {"done": "1"}).status_code == status
    assert not HomeworkStatus.objects.exists()


def test_the_leader_sees_the_progress_but_cannot_mark(cast, as_, anna, homework):
    page = as_(cast.leader).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    html = page.content.decode()
    assert "Mit ledelsesrum" in html
    assert "Markér som udført" not in html


def test_the_network_groups_tasks_are_on_the_panel(cast, as_, cohort, anna, bo):
    rnd = GroupingRound.objects.create(
        cohort=cohort,
        number=1,
        status=GroupingRound.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    group = NetworkGroup.objects.create(
        round=rnd, number=1, name="Gruppe Ahorn", tasks="Saml op på hjemmeopgaverne til dag 3."
    )
    GroupMembership.objects.create(round=rnd, group=group, enrolment=anna)
    page = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    html = page.content.decode()
    assert "Opgaver i netværksgruppen (Gruppe Ahorn)" in html
    assert "Saml op på hjemmeopgaverne til dag 3." in html
    other = as_(cast.other_aspirant).get(reverse("programmes:enrolment_detail", args=[bo.pk]))
    assert "Opgaver i netværksgruppen" not in other.content.decode()
