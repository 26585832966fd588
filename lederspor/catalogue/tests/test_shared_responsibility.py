"""Issue #14 §1 (Aspirant, seed 000): nearest leader and chef share the responsibility (the chef
proposes and agrees as the leader does), the host confirms tasks 12 and 16, the catalogue's own
steps of tasks 5, 10 and 18, a task tied to a network meeting, and the adapted catalogue texts.
Who may and who may not: aspirant, nearest leader, chef of the area, chef of another area,
host, another person, consultant, administrator; bad input gets a Danish error and loses
nothing."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lederspor.catalogue import services
from lederspor.catalogue.content import catalogue_introduction, load_catalogue
from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskStep
from lederspor.core.models import AuditEvent
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.models import OrgUnit
from lederspor.programmes.models import Cohort, Session
from lederspor.site.testing import make_person

S = TaskAssignment.Status


@pytest.fixture
def tasks(cast) -> dict[int, PracticeTask]:
    return {t.number: t for t in load_catalogue()}


@pytest.fixture
def other_chef(cast):
    """A chef of another area (Område B1): no relation to the aspirant."""
    area_b = OrgUnit.objects.get(code="OB1")
    return make_person("Bent", "Chef", area_b, number="900", title="Områdechef", is_leader=True)


@pytest.fixture
def meeting(cast) -> Session:
    start = timezone.now() + dt.timedelta(days=10)
    return Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Ledelse i en politisk styret organisation",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Rådhuset",
    )


def propose(cast, tasks, number, *, by, host=None, session=None) -> TaskAssignment:
    return services.task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=by,
        by=by.user,
        catalogue_task=tasks[number],
        learning_goal="Lære at forventningsafstemme",
        resources="To timer om ugen",
        host=host,
        session=session,
    )


def step_url(assignment, step: str) -> str:
    return reverse("catalogue:assignment_transition", args=[assignment.pk, step])


def detail_url(assignment) -> str:
    return reverse("catalogue:assignment_detail", args=[assignment.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def status_of(assignment) -> str:
    return TaskAssignment.objects.values_list("status", flat=True).get(pk=assignment.pk)


def mails(kind: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(kind=f"catalogue.{kind}").order_by("pk"))


def last_audit(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("pk")


# --- 1. the chef shares the responsibility ---------------------------------------------------


def test_chef_proposes_a_task_and_the_aspirant_and_leader_are_told(cast, tasks, as_, meeting):
    chef = as_(cast.chef)
    url = reverse("catalogue:assignment_create", args=[cast.enrolment.pk])
    page = chef.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["session"].queryset) == [meeting]
    response = chef.post(
        url,
        {
            "catalogue_task": tasks[15].pk,
            "learning_goal": "Lede et lille projekt",
            "session": meeting.pk,
        },
    )
    assert response.status_code == 302
    task = TaskAssignment.objects.get(enrolment=cast.enrolment)
    assert (task.status, task.proposed_by, task.session) == (S.PROPOSED, cast.chef, meeting)
    audit = last_audit("task.propose")
    assert audit.actor == cast.chef.user
    assert audit.data["acting_as"] == "chef"
    told = {m.recipient_id for m in mails("task_proposed")}
    assert told == {cast.aspirant.pk, cast.leader.pk}  # not the chef who acted
    # the chef's proposal is agreed by the aspirant, not by the leader (the same side)
    assert as_(cast.leader).post(step_url(task, "aftal"), {"version": 1}).status_code == 403
    assert as_(cast.aspirant).post(step_url(task, "aftal"), {"version": 1}).status_code == 302
    assert status_of(task) == S.AGREED


def test_chef_agrees_what_the_aspirant_proposed_and_the_page_says_so(cast, tasks, as_):
    task = propose(cast, tasks, 13, by=cast.aspirant)
    chef = as_(cast.chef)
    assert chef.get(detail_url(task)).context["can"]["agree"] is True
    response = chef.post(step_url(task, "aftal"), {"version": 1})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.agreed_by) == (S.AGREED, cast.chef)
    assert task.proposed_at <= task.agreed_at
    audit = last_audit("task.agree")
    assert (audit.actor, audit.data["acting_as"]) == (cast.chef.user, "chef")
    told = {m.recipient_id for m in mails("task_agreed")}
    assert told == {cast.aspirant.pk, cast.leader.pk}
    html = as_(cast.aspirant).get(detail_url(task)).content.decode()
    assert "Charlotte Chef (chef)" in html
    assert "Anna Aspirant (deltager)" in html


def test_the_same_service_serves_leader_and_chef(cast, tasks):
    by_leader = propose(cast, tasks, 1, by=cast.aspirant)
    by_chef = propose(cast, tasks, 2, by=cast.aspirant)
    services.task_assignment_agree(assignment=by_leader, expected_version=1, by=cast.leader.user)
    services.task_assignment_agree(assignment=by_chef, expected_version=1, by=cast.chef.user)
    by_leader.refresh_from_db()
    by_chef.refresh_from_db()
    assert (by_leader.agreed_by, by_chef.agreed_by) == (cast.leader, cast.chef)
    roles = list(
        AuditEvent.objects.filter(action="task.agree")
        .order_by("pk")
        .values_list("data__acting_as", flat=True)
    )
    assert roles == ["leader", "chef"]


def test_chef_starts_completes_and_follows_up_like_the_leader(cast, tasks, as_):
    task = propose(cast, tasks, 1, by=cast.aspirant)
    chef = as_(cast.chef)
    chef.post(step_url(task, "aftal"), {"version": 1})
    chef.post(step_url(task, "start"), {"version": 2})
    chef.post(step_url(task, "udfoert"), {"version": 3})
    assert status_of(task) == S.DONE
    response = chef.post(
        reverse("catalogue:assignment_follow_up", args=[task.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "observations": "Godt forberedt",
            "learning_points": "Spørg mere ind",
            "version": 4,
        },
    )
    assert response.status_code == 302
    assert status_of(task) == S.FOLLOWED_UP


def test_chef_of_another_area_gets_404_everywhere(cast, tasks, as_, other_chef):
    task = propose(cast, tasks, 1, by=cast.aspirant)
    c = as_(other_chef)
    create = reverse("catalogue:assignment_create", args=[cast.enrolment.pk])
    assert c.get(create).status_code == 404
    assert c.post(create, {"title": "Fremmed", "learning_goal": "x"}).status_code == 404
    assert c.get(detail_url(task)).status_code == 404
    assert c.post(step_url(task, "aftal"), {"version": 1}).status_code == 404
    assert c.get(reverse("catalogue:assignment_edit", args=[task.pk])).status_code == 404
    assert status_of(task) == S.PROPOSED
    assert TaskAssignment.objects.count() == 1


def test_another_person_and_the_host_may_not_propose(cast, tasks, as_):
    create = reverse("catalogue:assignment_create", args=[cast.enrolment.pk])
    for person in (cast.colleague, cast.host, cast.outsider):
        c = as_(person)
        assert c.get(create).status_code == 404, person
        assert c.post(create, {"title": "Ikke min", "learning_goal": "x"}).status_code == 404
    assert not TaskAssignment.objects.exists()


def test_consultant_proposes_and_the_aspirant_is_told(cast, tasks, as_):
    response = as_(cast.consultant).post(
        reverse("catalogue:assignment_create", args=[cast.enrolment.pk]),
        {"catalogue_task": tasks[6].pk, "learning_goal": "Interviewe en chef"},
    )
    assert response.status_code == 302
    assert last_audit("task.propose").data["acting_as"] == "consultant"
    assert {m.recipient_id for m in mails("task_proposed")} == {cast.aspirant.pk, cast.leader.pk}


def test_mail_subjects_hold_no_task_text(cast, tasks):
    task = services.task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.aspirant,
        by=cast.aspirant.user,
        title="Hemmelig titel 42",
        learning_goal="Privat mål 17",
        host=cast.host,
    )
    services.task_assignment_agree(assignment=task, expected_version=1, by=cast.leader.user)
    sent = list(OutgoingEmail.objects.filter(kind__startswith="catalogue."))
    assert sent
    for mail in sent:
        assert "Hemmelig" not in mail.subject and "Privat" not in mail.subject
        assert "Privat mål 17" not in mail.body  # the learning goal stays on the page


# --- 2. the host confirms tasks 12 and 16 ----------------------------------------------------


@pytest.mark.parametrize("number", [12, 16])
def test_host_confirms_before_the_task_is_agreed(cast, tasks, as_, number):
    task = propose(cast, tasks, number, by=cast.leader, host=cast.host)
    response = as_(cast.aspirant).post(step_url(task, "aftal"), {"version": 1})
    assert any("Hanne Vært som vært bekræfte" in m for m in messages_of(response))
    task.refresh_from_db()
    assert task.status == S.AWAITING_HOST
    (ask,) = mails("task_host_confirm")
    assert ask.recipient_id == cast.host.pk
    assert task.title not in ask.subject
    assert detail_url(task) in ask.body

    # not started before the host has confirmed
    start = as_(cast.aspirant).post(step_url(task, "start"), {"version": 2})
    assert any("har status" in m for m in messages_of(start))
    assert status_of(task) == S.AWAITING_HOST

    host = as_(cast.host)
    page = host.get(detail_url(task))
    assert page.status_code == 200
    assert page.context["can"]["confirm_host"] is True
    assert "Bekræft aftalen" in page.content.decode()
    response = host.post(step_url(task, "bekraeft"), {"version": 2})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == S.AGREED
    assert task.agreed_at <= task.host_confirmed_at
    assert last_audit("task.host_confirm").actor == cast.host.user
    told = {m.recipient_id for m in mails("task_host_confirmed")}
    assert told == {cast.aspirant.pk, cast.leader.pk}
    assert as_(cast.aspirant).post(step_url(task, "start"), {"version": 3}).status_code == 302
    assert status_of(task) == S.IN_PROGRESS


def test_only_the_named_host_may_confirm(cast, tasks, as_, other_chef):
    task = propose(cast, tasks, 12, by=cast.leader, host=cast.host)
    services.task_assignment_agree(assignment=task, expected_version=1, by=cast.aspirant.user)
    refused = {
        "aspirant": (cast.aspirant, 403),
        "leader": (cast.leader, 403),
        "chef": (cast.chef, 403),
        "consultant": (cast.consultant, 403),
        "admin": (cast.admin, 403),
        "chef of another area": (other_chef, 404),
        "another person": (cast.colleague, 404),
        "outsider": (cast.outsider, 404),
    }
    for who, (person, code) in refused.items():
        response = as_(person).post(step_url(task, "bekraeft"), {"version": 2})
        assert response.status_code == code, who
    assert status_of(task) == S.AWAITING_HOST
    page = as_(cast.leader).get(detail_url(task))
    assert page.context["can"]["confirm_host"] is False
    assert "venter på, at Hanne Vært som vært bekræfter" in page.content.decode()
    with pytest.raises(PermissionDenied):  # the service refuses too
        services.task_assignment_host_confirm(
            assignment=task, expected_version=2, by=cast.leader.user
        )


def test_host_confirming_a_task_not_awaiting_them_changes_nothing(cast, tasks, as_):
    task = propose(cast, tasks, 12, by=cast.leader, host=cast.host)
    response = as_(cast.host).post(step_url(task, "bekraeft"), {"version": 1})
    assert response.status_code == 302
    assert any("har status" in m for m in messages_of(response))
    assert status_of(task) == S.PROPOSED


def test_host_confirm_with_a_stale_version_changes_nothing(cast, tasks, as_):
    task = propose(cast, tasks, 16, by=cast.leader, host=cast.host)
    services.task_assignment_agree(assignment=task, expected_version=1, by=cast.aspirant.user)
    response = as_(cast.host).post(step_url(task, "bekraeft"), {"version": 1})
    assert any("ændret af en anden" in m for m in messages_of(response))
    assert status_of(task) == S.AWAITING_HOST


def test_no_confirmation_without_a_host_in_lederspor_or_for_other_tasks(cast, tasks):
    named_only = services.task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.leader,
        by=cast.leader.user,
        catalogue_task=tasks[12],
        learning_goal="x",
        host_note="Teamleder i Hjemmeplejen",
    )
    other_task = propose(cast, tasks, 13, by=cast.leader, host=cast.host)
    for task in (named_only, other_task):
        agreed = services.task_assignment_agree(
            assignment=task, expected_version=1, by=cast.aspirant.user
        )
        assert agreed.status == S.AGREED
    assert not mails("task_host_confirm")


def test_editing_an_awaiting_task_puts_it_back_to_proposed(cast, tasks, as_):
    task = propose(cast, tasks, 12, by=cast.leader, host=cast.host)
    services.task_assignment_agree(assignment=task, expected_version=1, by=cast.aspirant.user)
    task = services.task_assignment_update(
        assignment=task,
        expected_version=2,
        by=cast.chef.user,
        editor=cast.chef,
        resources="Tre timer om ugen",
    )
    assert (task.status, task.proposed_by, task.agreed_at, task.agreed_by) == (
        S.PROPOSED,
        cast.chef,
        None,
        None,
    )


def test_proposed_after_agreed_is_refused_by_the_database(cast, tasks):
    task = propose(cast, tasks, 1, by=cast.aspirant)
    services.task_assignment_agree(assignment=task, expected_version=1, by=cast.leader.user)
    task.refresh_from_db()
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskAssignment.objects.filter(pk=task.pk).update(
            proposed_at=task.agreed_at + dt.timedelta(minutes=1)
        )


# --- 3. the catalogue's own steps ------------------------------------------------------------


def test_the_content_file_names_the_steps_and_the_confirming_tasks(tasks):
    assert [s["text"] for s in tasks[18].steps] == [
        "Formøde forud for mødet",
        "Opsamlingsmøde efterfølgende",
    ]
    assert all(s["from_seed"] for s in tasks[18].steps)
    assert tasks[10].steps == [
        {
            "text": "Stå for at fremlægge det fremtidige arbejde og implementering af "
            "udviklingstiltagene for medarbejdergruppen",
            "from_seed": True,
        }
    ]
    assert tasks[5].steps == [
        {"text": "Aspiranten præsenterer arbejdet for sine kollegaer", "from_seed": False}
    ]
    # each seed step's words stand in the task's own seed text
    for number in (10, 18):
        task = tasks[number]
        for step in task.steps:
            assert step["text"].lower() in (task.content + task.case).lower(), step
    assert {n for n, t in tasks.items() if t.host_confirms} == {12, 16}
    assert {n for n, t in tasks.items() if t.steps} == {5, 10, 18}


def test_steps_are_copied_and_checked_off_once_agreed(cast, tasks, as_):
    task = propose(cast, tasks, 18, by=cast.leader)
    steps = list(task.steps.order_by("order"))
    assert [s.text for s in steps] == ["Formøde forud for mødet", "Opsamlingsmøde efterfølgende"]
    url = reverse("catalogue:assignment_step", args=[task.pk, steps[0].pk])
    aspirant = as_(cast.aspirant)
    page = aspirant.get(detail_url(task)).content.decode()
    assert "Formøde forud for mødet" in page
    assert "Trinnene kan krydses af, når opgaven er aftalt." in page
    assert aspirant.post(url, {"done": "1"}).status_code == 403  # not agreed yet
    aspirant.post(step_url(task, "aftal"), {"version": 1})
    response = aspirant.post(url, {"done": "1"})
    assert response.status_code == 302
    step = TaskStep.objects.get(pk=steps[0].pk)
    assert (step.done_by, step.done_at is not None) == (cast.aspirant, True)
    assert last_audit("task.step").data == {"step": step.pk, "done": True}
    assert as_(cast.chef).post(url, {"done": "0"}).status_code == 302
    assert TaskStep.objects.get(pk=step.pk).done_at is None
    assert as_(cast.leader).post(url, {"done": "1"}).status_code == 302
    assert TaskStep.objects.get(pk=step.pk).done_by == cast.leader


def test_step_permissions_and_bad_input(cast, tasks, as_, other_chef):
    task = propose(cast, tasks, 18, by=cast.leader, host=cast.host)
    services.task_assignment_agree(assignment=task, expected_version=1, by=cast.aspirant.user)
    step = task.steps.order_by("order").first()
    url = reverse("catalogue:assignment_step", args=[task.pk, step.pk])
    assert as_(cast.host).post(url, {"done": "1"}).status_code == 403
    for person in (cast.outsider, cast.colleague, other_chef):
        assert as_(person).post(url, {"done": "1"}).status_code == 404
    assert as_(cast.aspirant).get(url).status_code == 405
    response = as_(cast.aspirant).post(url, {"done": "ja"})
    assert any("Genindlæs siden" in m for m in messages_of(response))
    other = propose(cast, tasks, 5, by=cast.leader)
    foreign = other.steps.get()
    wrong = reverse("catalogue:assignment_step", args=[task.pk, foreign.pk])
    assert as_(cast.aspirant).post(wrong, {"done": "1"}).status_code == 404
    assert not TaskStep.objects.exclude(done_at=None).exists()


def test_our_step_wording_is_marked_as_ours(cast, tasks, as_):
    task = propose(cast, tasks, 5, by=cast.leader)
    html = as_(cast.aspirant).get(detail_url(task)).content.decode()
    assert "Aspiranten præsenterer arbejdet for sine kollegaer" in html
    assert "(vores formulering)" in html


# --- 4. a task tied to a network meeting -----------------------------------------------------


def test_task_tied_to_a_meeting_shows_on_the_task_and_the_meeting(cast, tasks, as_, meeting):
    task = propose(cast, tasks, 6, by=cast.aspirant, session=meeting)
    html = as_(cast.leader).get(detail_url(task)).content.decode()
    assert "Ledelse i en politisk styret organisation" in html
    programme = as_(cast.aspirant).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    text = programme.content.decode()
    assert "Praksisopgaver knyttet til mødets tema:" in text
    assert "netværksmøde: Ledelse i en politisk styret organisation" in text
    page = as_(cast.consultant).get(reverse("catalogue:cohort_tasks", args=[cast.cohort.pk]))
    assert "Ledelse i en politisk styret organisation" in page.content.decode()


def test_a_meeting_of_another_cohort_is_refused_and_the_text_kept(cast, tasks, as_):
    other_cohort = Cohort.objects.create(
        programme=cast.programme,
        name="Andet hold",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=90),
        capacity=10,
    )
    start = timezone.now() + dt.timedelta(days=3)
    foreign = Session.objects.create(
        cohort=other_cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Fremmed møde",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    response = as_(cast.leader).post(
        reverse("catalogue:assignment_create", args=[cast.enrolment.pk]),
        {"catalogue_task": tasks[6].pk, "learning_goal": "Mit mål 5511", "session": foreign.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["session"]
    assert "Mit mål 5511" in response.content.decode()
    assert not TaskAssignment.objects.exists()
    with pytest.raises(ValidationError, match="netværksmøde"):
        propose(cast, tasks, 6, by=cast.leader, session=foreign)


def test_a_session_that_is_not_a_network_meeting_is_refused(cast, tasks):
    start = timezone.now() + dt.timedelta(days=3)
    other_kind = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.OTHER,
        theme="Julefrokost",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    with pytest.raises(ValidationError, match="netværksmøde"):
        propose(cast, tasks, 6, by=cast.leader, session=other_kind)


def test_the_aspirant_cannot_be_their_own_host(cast, tasks):
    with pytest.raises(ValidationError, match="egen opgave"):
        propose(cast, tasks, 12, by=cast.leader, host=cast.aspirant)


# --- 5. the adapted catalogue texts ----------------------------------------------------------


def test_the_catalogue_shows_the_adapted_texts(cast, tasks, as_):
    intro = catalogue_introduction()["introduction"]
    assert "finder du 18 bud" in intro and "16 bud" not in intro
    assert "hvor moderen er gravid" in tasks[14].case and "morderen" not in tasks[14].case
    assert "gøre Allan klogere" in tasks[4].case and "et af hans udviklingspunkter" in tasks[4].case
    assert "’fluen på væggen’" in tasks[9].content
    page = as_(cast.aspirant).get(reverse("catalogue:task_list")).content.decode()
    assert "18 bud" in page
    assert (
        "moderen er gravid"
        in as_(cast.aspirant).get(reverse("catalogue:task_detail", args=[14])).content.decode()
    )


def test_only_the_aspirants_proposal_waits_on_the_leaders_side(cast, tasks, as_):
    """A proposal waits on the nearest leader when the aspirant made it; one made by the chef
    (or by the leader) waits on the aspirant, so the leader's pages do not count it."""
    from lederspor.site.selectors import leader_enrolments

    def waiting() -> int:
        row = leader_enrolments(leader=cast.leader).get(pk=cast.enrolment.pk)
        return int(row.awaiting_me)

    propose(cast, tasks, 1, by=cast.chef)
    propose(cast, tasks, 2, by=cast.leader)
    assert waiting() == 0
    home = as_(cast.leader).get(reverse("site:home"))
    assert home.context["leader_waiting"] == 0
    propose(cast, tasks, 3, by=cast.aspirant)
    assert waiting() == 1
    assert as_(cast.leader).get(reverse("site:home")).context["leader_waiting"] == 1
