"""Catalogue pages and the agreed-task pages: the workflow through the views, who may do what
(404 without a relation, 403 for read-only relations), bad forms and concurrent edits."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lederspor.catalogue import services
from lederspor.catalogue.content import load_catalogue
from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskNote

S = TaskAssignment.Status


@pytest.fixture
def tasks(cast) -> list[PracticeTask]:
    return load_catalogue()


def propose(cast, tasks, *, by=None, enrolment=None, host=None, number=1) -> TaskAssignment:
    by = by or cast.leader
    return services.task_assignment_propose(
        enrolment=enrolment or cast.enrolment,
        proposed_by=by,
        by=by.user,
        catalogue_task=tasks[number - 1],
        learning_goal="Øve sig i at føre en jobsamtale",
        host=host,
    )


@pytest.fixture
def assignment(cast, tasks) -> TaskAssignment:
    """Task 1 for the aspirant, proposed by the leader, hosted by `host`."""
    return propose(cast, tasks, host=cast.host)


@pytest.fixture
def other_assignment(cast, tasks) -> TaskAssignment:
    """Task 2 for other_aspirant, proposed by other_leader, no host."""
    return propose(cast, tasks, by=cast.other_leader, enrolment=cast.other_enrolment, number=2)


def status_of(assignment) -> str:
    return TaskAssignment.objects.values_list("status", flat=True).get(pk=assignment.pk)


def set_status(assignment, status) -> None:
    TaskAssignment.objects.filter(pk=assignment.pk).update(status=status)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def step_url(assignment, step: str) -> str:
    return reverse("catalogue:assignment_transition", args=[assignment.pk, step])


def edit_post(assignment, **overrides) -> dict:
    data = {
        "title": assignment.title,
        "scope": assignment.scope,
        "resources": assignment.resources,
        "learning_goal": assignment.learning_goal,
        "host": assignment.host_id or "",
        "host_note": assignment.host_note,
        "starts_on": "",
        "due_on": "",
        "version": assignment.version,
    }
    data.update(overrides)
    return data


def follow_up_post(version: int, **overrides) -> dict:
    data = {
        "held_on": timezone.localdate().isoformat(),
        "observations": "Kandidaten var godt forberedt",
        "learning_points": "Spørg mere ind til eksempler",
        "version": version,
    }
    data.update(overrides)
    return data


# --- anonymous and method checks -------------------------------------------------------------


def all_urls(cast, assignment) -> list[str]:
    return [
        reverse("catalogue:task_list"),
        reverse("catalogue:task_print"),
        reverse("catalogue:task_detail", args=[1]),
        reverse("catalogue:task_content_edit", args=[1]),
        reverse("catalogue:task_content_history", args=[1]),
        reverse("catalogue:cohort_tasks", args=[cast.cohort.pk]),
        reverse("catalogue:assignment_create", args=[cast.enrolment.pk]),
        reverse("catalogue:assignment_detail", args=[assignment.pk]),
        reverse("catalogue:assignment_edit", args=[assignment.pk]),
        reverse("catalogue:assignment_follow_up", args=[assignment.pk]),
        reverse("catalogue:assignment_note", args=[assignment.pk]),
        step_url(assignment, "aftal"),
        step_url(assignment, "start"),
        step_url(assignment, "udfoert"),
    ]


def test_every_url_is_covered():
    from lederspor.catalogue.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {
        "task_list",
        "task_print",
        "task_detail",
        "task_content_edit",
        "task_content_history",
        "assignment_create",
        "assignment_detail",
        "assignment_edit",
        "assignment_follow_up",
        "assignment_note",
        "assignment_step",
        "assignment_transition",
        "cohort_tasks",
    }


def test_anonymous_is_sent_to_login_everywhere(cast, assignment, client):
    for url in all_urls(cast, assignment):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login") + "?next="), url
    assert status_of(assignment) == S.PROPOSED


@pytest.mark.parametrize("name", ["assignment_note", "aftal", "start", "udfoert"])
def test_post_only_endpoints_refuse_get(cast, assignment, as_, name):
    url = (
        reverse("catalogue:assignment_note", args=[assignment.pk])
        if name == "assignment_note"
        else step_url(assignment, name)
    )
    assert as_(cast.aspirant).get(url).status_code == 405
    assert status_of(assignment) == S.PROPOSED


def test_unknown_step_is_404(cast, assignment, as_):
    assert as_(cast.aspirant).post(step_url(assignment, "slet"), {"version": 1}).status_code == 404


# --- the workflow through the views ----------------------------------------------------------


def test_leader_proposes_a_catalogue_task(cast, tasks, as_):
    c = as_(cast.leader)
    url = reverse("catalogue:assignment_create", args=[cast.enrolment.pk])
    page = c.get(url + "?opgave=10")
    assert page.status_code == 200
    assert page.context["form"].initial["catalogue_task"] == tasks[9]
    response = c.post(
        url,
        {"catalogue_task": tasks[9].pk, "learning_goal": "Lede et personalemøde", "title": ""},
    )
    assignment = TaskAssignment.objects.get(enrolment=cast.enrolment)
    assert response.status_code == 302
    assert response.url == reverse("catalogue:assignment_detail", args=[assignment.pk])
    assert (assignment.title, assignment.status) == ("Mødeleder", S.PROPOSED)
    assert assignment.proposed_by == cast.leader
    assert any("er foreslået" in m for m in messages_of(response))


def test_proposal_without_task_or_title_is_rejected_with_typed_text_kept(cast, tasks, as_):
    response = as_(cast.aspirant).post(
        reverse("catalogue:assignment_create", args=[cast.enrolment.pk]),
        {"catalogue_task": "", "title": "", "learning_goal": "Mit særlige mål 7"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert "Mit særlige mål 7" in response.content.decode()
    assert not TaskAssignment.objects.exists()


def test_full_workflow_through_the_views(cast, assignment, as_):
    aspirant, leader = as_(cast.aspirant), as_(cast.leader)
    detail = reverse("catalogue:assignment_detail", args=[assignment.pk])

    page = aspirant.get(detail)
    assert page.context["can"]["agree"] is True
    response = aspirant.post(step_url(assignment, "aftal"), {"version": 1})
    assert response.status_code == 302 and response.url == detail
    assert status_of(assignment) == S.AGREED

    aspirant.post(step_url(assignment, "start"), {"version": 2})
    assert status_of(assignment) == S.IN_PROGRESS
    aspirant.post(step_url(assignment, "udfoert"), {"version": 3})
    assert status_of(assignment) == S.DONE

    follow_url = reverse("catalogue:assignment_follow_up", args=[assignment.pk])
    assert leader.get(follow_url).status_code == 200
    response = leader.post(follow_url, follow_up_post(4))
    assert response.status_code == 302 and response.url == detail
    assignment.refresh_from_db()
    assert assignment.status == S.FOLLOWED_UP
    assert assignment.observations == "Kandidaten var godt forberedt"
    assert "Spørg mere ind til eksempler" in leader.get(detail).content.decode()


def test_proposer_cannot_agree_own_proposal(cast, assignment, as_):
    leader = as_(cast.leader)
    page = leader.get(reverse("catalogue:assignment_detail", args=[assignment.pk]))
    assert page.context["can"]["agree"] is False
    assert leader.post(step_url(assignment, "aftal"), {"version": 1}).status_code == 403
    assert status_of(assignment) == S.PROPOSED


def test_leader_agrees_a_task_the_aspirant_proposed(cast, tasks, as_):
    assignment = propose(cast, tasks, by=cast.aspirant, number=3)
    assert as_(cast.aspirant).post(step_url(assignment, "aftal"), {"version": 1}).status_code == 403
    assert as_(cast.leader).post(step_url(assignment, "aftal"), {"version": 1}).status_code == 302
    assert status_of(assignment) == S.AGREED


def test_consultant_cannot_agree_on_behalf_of_the_aspirant(cast, assignment, as_):
    response = as_(cast.consultant).post(step_url(assignment, "aftal"), {"version": 1})
    assert response.status_code == 403
    assert status_of(assignment) == S.PROPOSED


def test_wrong_state_transition_shows_an_error(cast, assignment, as_):
    response = as_(cast.aspirant).post(step_url(assignment, "udfoert"), {"version": 1})
    assert response.status_code == 302
    assert any("har status" in m for m in messages_of(response))
    assert status_of(assignment) == S.PROPOSED


def test_stale_version_on_a_button_shows_an_error(cast, assignment, as_):
    services.task_assignment_update(
        assignment=assignment, expected_version=1, by=cast.leader.user, scope="Ny"
    )
    response = as_(cast.aspirant).post(step_url(assignment, "aftal"), {"version": 1})
    assert any("ændret af en anden" in m for m in messages_of(response))
    assert status_of(assignment) == S.PROPOSED


def test_a_button_without_the_version_changes_nothing(cast, assignment, as_):
    response = as_(cast.aspirant).post(step_url(assignment, "aftal"), {})
    assert response.status_code == 302
    assert any("Genindlæs siden" in m for m in messages_of(response))
    assert status_of(assignment) == S.PROPOSED


# --- follow-up form --------------------------------------------------------------------------


def test_follow_up_requires_observations_and_learning_points(cast, assignment, as_):
    set_status(assignment, S.DONE)
    response = as_(cast.leader).post(
        reverse("catalogue:assignment_follow_up", args=[assignment.pk]),
        follow_up_post(1, observations="Kun observationer her 99", learning_points="  "),
    )
    assert response.status_code == 400  # core.views.submit: an invalid form is 400
    form = response.context["form"]
    assert form.errors["learning_points"]
    assert "Kun observationer her 99" in response.content.decode()
    assert status_of(assignment) == S.DONE

    response = as_(cast.leader).post(
        reverse("catalogue:assignment_follow_up", args=[assignment.pk]),
        follow_up_post(1, observations="", learning_points="Kun læring 77"),
    )
    assert response.context["form"].errors["observations"]
    assert "Kun læring 77" in response.content.decode()
    assert status_of(assignment) == S.DONE


def test_follow_up_cannot_be_in_the_future(cast, assignment, as_):
    set_status(assignment, S.DONE)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = as_(cast.leader).post(
        reverse("catalogue:assignment_follow_up", args=[assignment.pk]),
        follow_up_post(1, held_on=tomorrow.isoformat()),
    )
    assert response.status_code == 400  # core.views.submit: an invalid form is 400
    assert response.context["form"].errors["held_on"]
    assert status_of(assignment) == S.DONE


def test_participant_cannot_record_the_follow_up(cast, assignment, as_):
    set_status(assignment, S.DONE)
    url = reverse("catalogue:assignment_follow_up", args=[assignment.pk])
    assert as_(cast.aspirant).post(url, follow_up_post(1)).status_code == 403
    assert status_of(assignment) == S.DONE


# --- chef: shares the responsibility with the nearest leader (seed 000) --------------------


def test_chef_can_view_and_add_a_note(cast, assignment, as_):
    chef = as_(cast.chef)
    page = chef.get(reverse("catalogue:assignment_detail", args=[assignment.pk]))
    assert page.status_code == 200
    assert page.context["can"] == {
        "view": True,
        "note": True,
        "edit": True,
        "agree": False,  # the leader proposed: the aspirant agrees, not the leader's side
        "start": True,
        "complete": True,
        "follow_up": True,
        "confirm_host": False,
        "step": False,  # not agreed yet
    }
    response = chef.post(
        reverse("catalogue:assignment_note", args=[assignment.pk]), {"text": "Flot valg"}
    )
    assert response.status_code == 302
    note = TaskNote.objects.get(assignment=assignment)
    assert (note.author, note.text) == (cast.chef, "Flot valg")


def test_chef_cannot_agree_what_the_leaders_side_proposed(cast, assignment, as_):
    chef = as_(cast.chef)
    assert chef.post(step_url(assignment, "aftal"), {"version": 1}).status_code == 403
    assert status_of(assignment) == S.PROPOSED


def test_empty_note_is_refused(cast, assignment, as_):
    response = as_(cast.chef).post(
        reverse("catalogue:assignment_note", args=[assignment.pk]), {"text": "  "}
    )
    assert response.status_code == 302
    assert any("Noten er tom" in m for m in messages_of(response))
    assert not TaskNote.objects.exists()


# --- host: sees the hosted task only ---------------------------------------------------------


def test_host_can_view_and_note_but_not_edit(cast, assignment, as_):
    host = as_(cast.host)
    page = host.get(reverse("catalogue:assignment_detail", args=[assignment.pk]))
    assert page.status_code == 200
    assert page.context["is_host_only"] is True
    host.post(reverse("catalogue:assignment_note", args=[assignment.pk]), {"text": "Velkommen"})
    assert TaskNote.objects.get().author == cast.host
    edit = reverse("catalogue:assignment_edit", args=[assignment.pk])
    assert host.get(edit).status_code == 403
    assert host.post(edit, edit_post(assignment, scope="Værtens")).status_code == 403
    for step in ("aftal", "start", "udfoert"):
        assert host.post(step_url(assignment, step), {"version": 1}).status_code == 403, step
    assignment.refresh_from_db()
    assert (assignment.scope, assignment.status) == ("", S.PROPOSED)


def test_host_gets_404_on_the_enrolment_and_on_other_tasks(cast, tasks, assignment, as_):
    unhosted = propose(cast, tasks, number=4)
    host = as_(cast.host)
    enrolment_url = reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    assert host.get(enrolment_url).status_code == 404
    assert host.get(reverse("catalogue:assignment_detail", args=[unhosted.pk])).status_code == 404
    create = reverse("catalogue:assignment_create", args=[cast.enrolment.pk])
    assert host.get(create).status_code == 404


# --- outsider and other aspirant ---------------------------------------------------------------


def test_outsider_gets_404_everywhere(cast, assignment, as_):
    outsider = as_(cast.outsider)
    urls = all_urls(cast, assignment)[3:]  # the public catalogue pages are for everyone
    for url in urls:
        for method in (outsider.get, outsider.post):
            response = method(url, {"version": 1, "text": "x", "reason": "x"})
            expected = (
                405
                if method == outsider.get
                and url.endswith(("/note/", "/aftal/", "/start/", "/udfoert/"))
                else 404
            )
            assert response.status_code == expected, (url, method)
    assert not TaskNote.objects.exists()
    assert status_of(assignment) == S.PROPOSED


def test_aspirant_cannot_open_other_aspirants_task(cast, assignment, other_assignment, as_):
    aspirant = as_(cast.aspirant)
    url = reverse("catalogue:assignment_detail", args=[other_assignment.pk])
    assert aspirant.get(url).status_code == 404
    assert aspirant.post(step_url(other_assignment, "aftal"), {"version": 1}).status_code == 404
    create = reverse("catalogue:assignment_create", args=[cast.other_enrolment.pk])
    assert aspirant.get(create).status_code == 404
    assert status_of(other_assignment) == S.PROPOSED


def test_leader_cannot_open_other_leaders_task(cast, other_assignment, as_):
    url = reverse("catalogue:assignment_detail", args=[other_assignment.pk])
    assert as_(cast.leader).get(url).status_code == 404
    assert as_(cast.other_leader).get(url).status_code == 200
    assert as_(cast.consultant).get(url).status_code == 200


def test_unknown_assignment_is_404(cast, as_):
    assert (
        as_(cast.admin).get(reverse("catalogue:assignment_detail", args=[999999])).status_code
        == 404
    )


# --- concurrent edits ------------------------------------------------------------------------


def test_second_save_of_a_stale_form_is_refused_and_first_data_kept(cast, assignment, as_):
    leader, aspirant = as_(cast.leader), as_(cast.aspirant)
    edit = reverse("catalogue:assignment_edit", args=[assignment.pk])
    form_leader = leader.get(edit).context["form"]
    form_aspirant = aspirant.get(edit).context["form"]
    assert form_leader["version"].value() == form_aspirant["version"].value() == 1

    first = leader.post(edit, edit_post(assignment, scope="Lederens omfang", version=1))
    assert first.status_code == 302

    second = aspirant.post(edit, edit_post(assignment, scope="Aspirantens omfang 123", version=1))
    assert second.status_code == 409  # core.views.submit: a stale save is 409
    errors = " ".join(second.context["form"].non_field_errors())
    assert "ændret af en anden" in errors
    assert "Aspirantens omfang 123" in second.content.decode()  # typed text kept
    assignment.refresh_from_db()
    assert (assignment.scope, assignment.version) == ("Lederens omfang", 2)


def test_edit_saves_with_the_current_version(cast, assignment, as_):
    response = as_(cast.aspirant).post(
        reverse("catalogue:assignment_edit", args=[assignment.pk]),
        edit_post(assignment, resources="To timer om ugen", host=""),
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.resources, assignment.host, assignment.version) == (
        "To timer om ugen",
        None,
        2,
    )


# --- the catalogue pages ---------------------------------------------------------------------


def test_search_finds_the_recruitment_tasks(cast, tasks, as_):
    response = as_(cast.aspirant).get(reverse("catalogue:task_list"), {"q": "rekruttering"})
    assert response.status_code == 200
    assert [t.number for t in response.context["tasks"]] == [1, 2, 3]


def test_search_matches_every_word_case_insensitively(cast, tasks, as_):
    response = as_(cast.aspirant).get(reverse("catalogue:task_list"), {"q": "REKRUTTERING jura"})
    assert [t.number for t in response.context["tasks"]] == [3]


def test_nonsense_search_shows_the_danish_empty_state(cast, tasks, as_):
    response = as_(cast.aspirant).get(reverse("catalogue:task_list"), {"q": "xyzzyplugh"})
    assert response.status_code == 200
    assert list(response.context["tasks"]) == []
    assert "Ingen opgaver matcher søgningen" in response.content.decode()


def test_empty_search_lists_all_18(cast, tasks, as_):
    response = as_(cast.outsider).get(reverse("catalogue:task_list"))
    assert [t.number for t in response.context["tasks"]] == list(range(1, 19))


def test_htmx_request_gets_only_the_results_partial(cast, tasks, as_):
    response = as_(cast.aspirant).get(
        reverse("catalogue:task_list"), {"q": "rekruttering"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["catalogue/_task_results.html"]
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Rekrutteringsansvarlig" in html
    assert "Mødeleder" not in html


def test_every_catalogue_task_has_a_page(cast, tasks, as_):
    c = as_(cast.aspirant)
    for number in range(1, 19):
        response = c.get(reverse("catalogue:task_detail", args=[number]))
        assert response.status_code == 200, number
        assert escape(tasks[number - 1].title) in response.content.decode()
    assert c.get(reverse("catalogue:task_detail", args=[19])).status_code == 404


def test_task_page_shows_the_tasks_it_combines_with(cast, tasks, as_):
    response = as_(cast.leader).get(reverse("catalogue:task_detail", args=[1]))
    assert list(response.context["task"].combines_with.all()) == [tasks[1]]
    assert [e.person for e in response.context["own_enrolments"]] == [cast.aspirant]


def test_print_page_contains_all_18_titles(cast, tasks, as_):
    response = as_(cast.aspirant).get(reverse("catalogue:task_print"))
    assert response.status_code == 200
    html = response.content.decode()
    for task in tasks:
        assert escape(task.title) in html, task.title
    assert len(tasks) == 18
