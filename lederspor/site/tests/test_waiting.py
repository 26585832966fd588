""" "Venter på dig" on the front page (issue #16 §2): per role what waits, what may not be seen,
the counts, the empty state and a query count that does not grow with the data."""

import datetime as dt
import secrets

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lederspor.agreements.models import LearningAgreement
from lederspor.catalogue.models import TaskAssignment
from lederspor.clarification.models import Homework
from lederspor.conversations.models import (
    AgreedAction,
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationStatus,
    ConversationTemplate,
    TemplateVersion,
)
from lederspor.evaluations.models import Invitation, Questionnaire
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Session
from lederspor.visits.models import JobVisit, VisitPair, WrapUpGroup

TaskStatus = TaskAssignment.Status


def _waiting(client) -> dict[str, list[str]]:
    """{group key: [item labels]} of the front page's "Venter på dig"."""
    response = client.get(reverse("site:home"))
    assert response.status_code == 200
    return {g.key: [i.label for i in g.items] for g in response.context["waiting"].groups}


def _items(client) -> list:
    response = client.get(reverse("site:home"))
    return [i for g in response.context["waiting"].groups for i in g.items]


def _labels(client) -> list[str]:
    return [label for labels in _waiting(client).values() for label in labels]


def _task(enrolment, *, status, proposed_by, due_on=None, title="Opgave"):
    return TaskAssignment.objects.create(
        enrolment=enrolment,
        title=title,
        learning_goal="Lære noget",
        status=status,
        proposed_by=proposed_by,
        due_on=due_on,
    )


def _template(kind="leader_after", consultants_see=False):
    template, _ = ConversationTemplate.objects.get_or_create(
        kind=kind, defaults={"name": kind, "consultants_see": consultants_see}
    )
    version = template.versions.first() or TemplateVersion.objects.create(
        template=template, number=1, questions=[{"id": "q1", "section": "", "text": "Hvordan?"}]
    )
    return version


def _conversation(enrolment, *, starts_in_days, status=ConversationStatus.PLANNED, attendees=()):
    start = timezone.now() + dt.timedelta(days=starts_in_days)
    conversation = Conversation.objects.create(
        enrolment=enrolment,
        template_version=_template(),
        kind="leader_after",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        status=status,
        answers={"q1": "HEMMELIGT SVAR"},
    )
    for person, role in attendees:
        ConversationAttendee.objects.create(conversation=conversation, person=person, role=role)
    return conversation


def _visit_time(now):
    return {
        "starts_at": now - dt.timedelta(days=20),
        "ends_at": now - dt.timedelta(days=20, hours=-2),
    }


# --- leader ------------------------------------------------------------------------------------


def test_leader_sees_tasks_to_agree_and_to_follow_up_linked_to_the_enrolment(cast, as_):
    _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.aspirant)
    _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.aspirant)
    _task(cast.enrolment, status=TaskStatus.DONE, proposed_by=cast.aspirant)
    # a proposal by the chef waits on the aspirant, not the leader (issue #14)
    _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.chef)
    response = as_(cast.leader).get(reverse("site:home"))
    items = {i.label: i.url for g in response.context["waiting"].groups for i in g.items}
    url = reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    assert items["2 praksisopgaver venter på, at du aftaler dem"] == url
    assert items["1 udført praksisopgave venter på jeres opfølgning"] == url
    assert response.context["leader_waiting"] == 3
    assert f'href="{url}"' in response.content.decode()


def test_other_leaders_employees_items_do_not_show(cast, as_):
    _task(cast.other_enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.other_aspirant)
    conversation = _conversation(
        cast.other_enrolment,
        starts_in_days=3,
        attendees=[(cast.other_aspirant, AttendeeRole.PARTICIPANT), (cast.other_leader, "leader")],
    )
    AgreedAction.objects.create(
        conversation=conversation,
        text="Hemmelig handling",
        owner=cast.other_leader,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    assert "leader" not in _waiting(as_(cast.leader))
    other = _waiting(as_(cast.other_leader))["leader"]
    assert "1 praksisopgave venter på, at du aftaler den" in other
    assert "1 samtale at forberede" in other
    assert "1 aftalt handling er overskredet" in other


def test_leader_conversations_to_prepare_confirm_and_overdue_actions_name_no_content(cast, as_):
    upcoming = _conversation(
        cast.enrolment,
        starts_in_days=5,
        attendees=[(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.leader, AttendeeRole.LEADER)],
    )
    held = _conversation(
        cast.enrolment,
        starts_in_days=-5,
        status=ConversationStatus.HELD,
        attendees=[(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.leader, AttendeeRole.LEADER)],
    )
    for days in (3, 4):
        AgreedAction.objects.create(
            conversation=held,
            text="Hemmelig handling",
            owner=cast.aspirant,
            due_on=timezone.localdate() - dt.timedelta(days=days),
        )
    AgreedAction.objects.create(  # done: not overdue
        conversation=held,
        text="Klaret",
        owner=cast.aspirant,
        due_on=timezone.localdate() - dt.timedelta(days=3),
        done_at=timezone.now(),
    )
    # more than two weeks ahead: not yet to prepare
    far = _conversation(
        cast.enrolment, starts_in_days=40, attendees=[(cast.leader, AttendeeRole.LEADER)]
    )
    response = as_(cast.leader).get(reverse("site:home"))
    waiting = {g.key: g for g in response.context["waiting"].groups}
    items = {i.label: i.url for i in waiting["leader"].items}
    assert items["1 samtale at forberede"] == reverse("conversations:prepare", args=[upcoming.pk])
    assert items["1 samtalereferat venter på din bekræftelse"] == reverse(
        "conversations:detail", args=[held.pk]
    )
    assert items["2 aftalte handlinger er overskredet"] == reverse(
        "conversations:detail", args=[held.pk]
    )
    assert str(far.pk) not in " ".join(items.values())
    # the participant's own items are in the participant's group of the aspirant
    aspirant = _waiting(as_(cast.aspirant))["participant"]
    assert "1 samtale at forberede" in aspirant
    assert "2 aftalte handlinger er overskredet" in aspirant
    html = response.content.decode()
    assert "Hemmelig handling" not in html
    assert "HEMMELIGT SVAR" not in html

    # preparing and confirming clears them
    ConversationAttendee.objects.filter(conversation=upcoming, person=cast.leader).update(
        preparation={"q1": "mine noter"}
    )
    ConversationAttendee.objects.filter(conversation=held, person=cast.leader).update(
        confirmed_at=timezone.now()
    )
    labels = _waiting(as_(cast.leader)).get("leader", [])
    assert "1 samtale at forberede" not in labels
    assert "1 samtalereferat venter på din bekræftelse" not in labels


def test_leader_agreement_draft_to_approve(cast, as_):
    agreement = LearningAgreement.objects.create(enrolment=cast.enrolment, number=1)
    LearningAgreement.objects.create(enrolment=cast.other_enrolment, number=1)
    url = reverse("agreements:agreement_detail", args=[agreement.pk])
    response = as_(cast.leader).get(reverse("site:home"))
    items = {i.label: i.url for g in response.context["waiting"].groups for i in g.items}
    assert items["1 læringsaftale venter på din godkendelse"] == url
    assert (
        "1 læringsaftale venter på din godkendelse" in _waiting(as_(cast.aspirant))["participant"]
    )
    LearningAgreement.objects.filter(pk=agreement.pk).update(leader_approved_at=timezone.now())
    assert "leader" not in _waiting(as_(cast.leader))


def test_leader_nominations_before_a_near_deadline_while_an_employee_has_no_place(cast, as_):
    today = timezone.localdate()

    def cohort(name, deadline_in):
        return Cohort.objects.create(
            programme=cast.programme,
            name=name,
            starts_on=today + dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=200),
            capacity=20,
            nomination_deadline=today + dt.timedelta(days=deadline_in),
        )

    near = cohort("Forårshold", 10)
    cohort("Efterårshold", 60)  # deadline too far ahead
    cohort("Lukket hold", -1)  # deadline passed
    response = as_(cast.leader).get(reverse("site:home"))
    leader = next(g for g in response.context["waiting"].groups if g.key == "leader")
    assert [(i.label, i.due) for i in leader.items] == [
        ("Indstil medarbejdere til Forårshold", near.nomination_deadline)
    ]
    assert leader.items[0].url == reverse("programmes:nominate")
    # every employee has a place already: nothing to nominate
    for person in (cast.aspirant, cast.colleague):
        Enrolment.objects.create(cohort=near, person=person, nominated_by=cast.leader)
    assert "leader" not in _waiting(as_(cast.leader))


# --- participant -------------------------------------------------------------------------------


def test_participant_next_steps_next_session_homework_and_evaluations(cast, as_):
    detail = reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.leader)
    _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.aspirant)  # waits on leader
    due = timezone.localdate() + dt.timedelta(days=9)
    _task(cast.enrolment, status=TaskStatus.AGREED, proposed_by=cast.aspirant, due_on=due)
    now = timezone.now()
    session = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Forandringsledelse",
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=3),
    )
    Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Senere",
        starts_at=now + dt.timedelta(days=30),
        ends_at=now + dt.timedelta(days=30, hours=3),
    )
    Homework.objects.create(session=session, title="Læs kapitel 3")
    questionnaire = Questionnaire.objects.create(
        cohort=cast.cohort,
        moment="programme_end",
        audience="participant",
        title="Evaluering",
        status=Questionnaire.Status.SENT,
        send_at=now - dt.timedelta(days=1),
        reminder_at=now + dt.timedelta(days=2),
        closes_on=timezone.localdate() + dt.timedelta(days=7),
    )
    Invitation.objects.create(
        questionnaire=questionnaire, person=cast.aspirant, token_hash=secrets.token_hex(32)
    )
    response = as_(cast.aspirant).get(reverse("site:home"))
    group = next(g for g in response.context["waiting"].groups if g.key == "participant")
    items = {i.label: i for i in group.items}
    agree = items["1 praksisopgave er foreslået til dig og venter på, at du aftaler den"]
    assert agree.url == detail + "#next-heading"
    assert items["1 aftalt praksisopgave at arbejde videre med"].due == due
    assert items["Næste mødegang: Forandringsledelse"].url == detail
    assert items["Næste mødegang: Forandringsledelse"].when == session.starts_at
    assert items["1 hjemmeopgave til de kommende undervisningsdage"].url == detail
    evaluation = items["1 evaluering venter på dit svar"]
    assert evaluation.url == reverse("evaluations:answer", args=[questionnaire.pk])
    assert evaluation.due == questionnaire.closes_on
    # one role: no group headings
    assert "<h3>Som deltager</h3>" not in response.content.decode()


def test_participant_does_not_see_another_participants_items(cast, as_):
    _task(cast.other_enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.other_leader)
    now = timezone.now()
    other_cohort = Cohort.objects.create(
        programme=cast.programme,
        name="Andet hold",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=90),
        capacity=10,
    )
    Session.objects.create(
        cohort=other_cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Andet holds møde",
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=2),
    )
    assert _waiting(as_(cast.aspirant)) == {}


# --- chef --------------------------------------------------------------------------------------


def test_chef_sees_the_areas_aspirants_without_a_task(cast, as_):
    response = as_(cast.chef).get(reverse("site:home"))
    chef = next(g for g in response.context["waiting"].groups if g.key == "chef")
    assert [i.label for i in chef.items] == ["2 aspiranter i dit område har ingen praksisopgave"]
    assert chef.items[0].url == reverse("site:chef_area")
    _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.chef)
    chef_items = _waiting(as_(cast.chef))["chef"]
    assert chef_items == ["1 aspirant i dit område har ingen praksisopgave"]
    # the leader is no chef of the aspirants
    assert "chef" not in _waiting(as_(cast.leader))


# --- consultant / HR ---------------------------------------------------------------------------


def test_consultant_nominations_sessions_conversations_visits_and_drafts(cast, as_):
    now = timezone.now()
    Enrolment.objects.create(cohort=cast.cohort, person=cast.colleague, nominated_by=cast.leader)
    Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Uge",
        starts_at=now + dt.timedelta(minutes=1),  # this week (unless run at Sunday 23:59)
        ends_at=now + dt.timedelta(hours=1),
    )
    not_held = _conversation(
        cast.enrolment, starts_in_days=-2, attendees=[(cast.consultant, AttendeeRole.CONSULTANT)]
    )
    # a conversation of an enrolment the consultant neither attends nor may read
    _conversation(cast.other_enrolment, starts_in_days=-2)
    group = WrapUpGroup.objects.create(
        cohort=cast.cohort, number=1, starts_at=now + dt.timedelta(days=10)
    )
    pair = VisitPair.objects.create(
        cohort=cast.cohort, number=1, published_at=now, wrap_up_group=group
    )
    JobVisit.objects.create(
        pair=pair, host=cast.host, month="march", status="held", **_visit_time(now)
    )
    JobVisit.objects.create(pair=pair, host=cast.other_leader, month="april", status="planned")
    done_pair = VisitPair.objects.create(
        cohort=cast.cohort, number=2, published_at=now, wrap_up_group=group
    )
    JobVisit.objects.create(
        pair=done_pair, host=cast.host, month="march", status="held", **_visit_time(now)
    )
    draft = Questionnaire.objects.create(
        cohort=cast.cohort,
        moment="programme_end",
        audience="participant",
        title="Slutevaluering",
        send_at=now + dt.timedelta(days=5),
        reminder_at=now + dt.timedelta(days=8),
        closes_on=timezone.localdate() + dt.timedelta(days=14),
    )
    response = as_(cast.consultant).get(reverse("site:home"))
    consultant = next(g for g in response.context["waiting"].groups if g.key == "consultant")
    items = {i.label: i.url for i in consultant.items}
    assert items == {
        "1 indstilling venter på din afgørelse": reverse("programmes:nomination_queue"),
        "1 mødegang i denne uge": reverse("programmes:schedule"),
        "1 samtale er ikke registreret som afholdt": reverse(
            "conversations:detail", args=[not_held.pk]
        ),
        "1 besøgspar mangler et jobbesøg før den fælles opsamling": reverse(
            "visits:wrap_up_detail", args=[group.pk]
        ),
        "1 evaluering er en kladde og venter på at blive sendt": reverse(
            "evaluations:edit", args=[draft.pk]
        ),
    }


def test_failed_emails_only_for_hr_staff_who_may_see_every_mail(cast, as_):
    OutgoingEmail.objects.create(
        to_address="x@test.dk",
        subject="Emne",
        body="Tekst",
        kind="test",
        status=OutgoingEmail.Status.FAILED,
    )
    label = "1 e-mail kunne ikke sendes"
    assert label not in _labels(as_(cast.hr_colleague))  # HR staff without the permission
    login_of(cast.hr_colleague).user_permissions.add(
        Permission.objects.get(codename="view_all_email")
    )
    response = as_(cast.hr_colleague).get(reverse("site:home"))
    items = {i.label: i.url for g in response.context["waiting"].groups for i in g.items}
    assert items[label] == reverse("notifications:email_list") + "?status=failed"
    assert label not in _labels(as_(cast.leader))


def test_outsider_sees_the_empty_state(cast, as_):
    response = as_(cast.outsider).get(reverse("site:home"))
    html = response.content.decode()
    assert "Venter på dig" in html
    assert "Intet venter på dig lige nu." in html
    assert response.context["waiting"].empty


def test_a_person_with_several_roles_gets_one_heading_per_role(cast, as_):
    _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.aspirant)
    # the leader is also a participant with a task proposed to them
    cohort = Cohort.objects.create(
        programme=cast.programme,
        name="Lederhold",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=90),
        capacity=10,
    )
    enrolment = Enrolment.objects.create(
        cohort=cohort, person=cast.leader, status=Enrolment.Status.ENROLLED
    )
    _task(enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.chef)
    html = as_(cast.leader).get(reverse("site:home")).content.decode()
    assert "<h3>Som deltager</h3>" in html
    assert "<h3>Som nærmeste leder</h3>" in html


# --- query count -------------------------------------------------------------------------------


def _grow(cast, n: int) -> None:
    """n of each kind of waiting item for the leader, the aspirant, the chef and the
    consultant."""
    now = timezone.now()
    first = WrapUpGroup.objects.filter(cohort=cast.cohort).count()
    for i in range(first, first + n):
        _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.aspirant)
        _task(cast.enrolment, status=TaskStatus.DONE, proposed_by=cast.aspirant)
        _task(cast.enrolment, status=TaskStatus.PROPOSED, proposed_by=cast.leader)
        held = _conversation(
            cast.enrolment,
            starts_in_days=-(i + 2),
            status=ConversationStatus.HELD,
            attendees=[
                (cast.aspirant, AttendeeRole.PARTICIPANT),
                (cast.leader, AttendeeRole.LEADER),
                (cast.consultant, AttendeeRole.CONSULTANT),
            ],
        )
        AgreedAction.objects.create(
            conversation=held,
            text="x",
            owner=cast.leader,
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
        _conversation(
            cast.enrolment,
            starts_in_days=-(i + 2),
            attendees=[(cast.consultant, AttendeeRole.CONSULTANT)],
        )
        session = Session.objects.create(
            cohort=cast.cohort,
            kind=Session.Kind.NETWORK_MEETING,
            theme=f"Møde {i}",
            starts_at=now + dt.timedelta(days=i + 1),
            ends_at=now + dt.timedelta(days=i + 1, hours=2),
        )
        Homework.objects.create(session=session, title=f"Lektie {i}")
        Cohort.objects.create(
            programme=cast.programme,
            name=f"Hold {i}",
            starts_on=timezone.localdate() + dt.timedelta(days=30),
            ends_on=timezone.localdate() + dt.timedelta(days=90),
            capacity=10,
            nomination_deadline=timezone.localdate() + dt.timedelta(days=5),
        )
        group = WrapUpGroup.objects.create(
            cohort=cast.cohort, number=i + 1, starts_at=now + dt.timedelta(days=10)
        )
        pair = VisitPair.objects.create(
            cohort=cast.cohort, number=i + 1, published_at=now, wrap_up_group=group
        )
        JobVisit.objects.create(pair=pair, host=cast.host, month="march", status="planned")


@pytest.mark.parametrize("who", ["leader", "aspirant", "chef", "consultant"])
def test_query_count_does_not_grow_with_the_data(cast, as_, who):
    client = as_(getattr(cast, who))
    client.get(reverse("site:home"))  # warm up (session, permissions)
    _grow(cast, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("site:home")).status_code == 200
    _grow(cast, 20)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("site:home"))
    assert response.status_code == 200
    assert response.context["waiting"].groups
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


# --- the demo ----------------------------------------------------------------------------------


def test_each_demo_role_has_something_waiting(demo, client):
    """The demo's consultant, leader, chef and aspirant each see items (issue #16 §2), among
    them the consultant's draft evaluation and the leader's nomination deadline."""
    from lederspor.core.models import User

    seen = {}
    for role in ("konsulent", "leder", "chef", "aspirant"):
        client.force_login(User.objects.get(email=demo.email(role)))
        response = client.get(reverse("site:home"))
        seen[role] = [i.label for g in response.context["waiting"].groups for i in g.items]
        assert seen[role], role
    assert any("evaluering er en kladde" in label for label in seen["konsulent"])
    assert any(label.startswith("Indstil medarbejdere til") for label in seen["leder"])


def test_consultant_sees_a_free_seat_to_give_from_the_waiting_list_and_others_do_not(cast, as_):
    """A seat freed on a full cohort with someone waiting is an item for its consultant (a
    count, linking to the cohort page); the leader and the participant see none."""
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=cast.programme,
        name="Fuldt hold",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=200),
        capacity=1,
    )
    cohort.consultants.add(cast.consultant)
    label = "1 ledig plads kan gives til den næste på ventelisten"
    Enrolment.objects.create(cohort=cohort, person=cast.host, status=Enrolment.Status.ENROLLED)
    Enrolment.objects.create(
        cohort=cohort,
        person=cast.colleague,
        status=Enrolment.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
        nominated_by=cast.leader,
    )
    assert label not in _labels(as_(cast.consultant))  # no seat free yet
    cohort.capacity = 2
    cohort.save(update_fields=["capacity"])
    consultant = _waiting(as_(cast.consultant))
    item = next(i for i in _items(as_(cast.consultant)) if i.label == label)
    assert label in [lbl for labels in consultant.values() for lbl in labels]
    assert item.url == reverse("programmes:cohort_detail", args=[cohort.pk])
    assert label not in _labels(as_(cast.leader))
    assert label not in _labels(as_(cast.aspirant))
