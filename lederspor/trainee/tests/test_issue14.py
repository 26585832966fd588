"""Issue #14 §1 (trainee, seed 003): start part 1 as one joint meeting, the fixed aspirant
block's enrolment, the learning agreement beside the midway and transition conversations, the
outcome as a choice with a date (never a 1–5 rating) and our checklists for the two pamphlets."""

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lederspor.agreements.services import agreement_create
from lederspor.agreements.tests.conftest import approve_all, fill
from lederspor.conversations.models import (
    AttendeeRole,
    Conversation,
    ConversationKind,
    ConversationStatus,
)
from lederspor.conversations.services import conversation_plan
from lederspor.notifications.models import OutgoingEmail
from lederspor.programmes.models import Enrolment, Phase
from lederspor.trainee import services
from lederspor.trainee.checklists import LEADERSHIP_TRAINING, SPOT_TALENT, load_checklists
from lederspor.trainee.models import (
    OUTCOME_EFFECT,
    EffectAnswer,
    JointMeetingStatus,
    JointStartMeeting,
    PersonalityTest,
    TraineeOutcome,
)
from lederspor.trainee.panels import agreement_section

SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def joint_url(cohort):
    return reverse("trainee:joint_start", args=[cohort.pk])


def meet_prerequisite(cast, *enrolments):
    for e in enrolments:
        PersonalityTest.objects.create(
            enrolment=e,
            taken_on=timezone.localdate() - dt.timedelta(days=20),
            feedback_given_on=timezone.localdate() - dt.timedelta(days=10),
            feedback_by=cast.consultant,
        )


def at(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def plan_data(days=7, **extra):
    return {
        "action": "plan",
        "starts_at": at(days).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": at(days, 12).strftime("%Y-%m-%dT%H:%M"),
        "place": "Rådhuset, mødelokale 3",
        **extra,
    }


@pytest.fixture
def chosen(cast, cohort):
    services.cohort_options_set(cohort=cohort, joint_start_part1=True, by=cast.consultant.user)
    return cohort


@pytest.fixture
def meeting(cast, chosen, enrolment, other_enrolment):
    meet_prerequisite(cast, enrolment, other_enrolment)
    return services.joint_start_meeting_plan(
        cohort=chosen,
        starts_at=at(-1),
        ends_at=at(-1, 12),
        place="Rådhuset",
        by=cast.consultant.user,
    )


# --- 1. start part 1 as one joint meeting ---------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected",
    [
        ("consultant", 200),  # the cohort's consultant
        ("hr_colleague", 200),  # another consultant (HR staff) reads the cohort
        ("aspirant", 404),  # a trainee
        ("other_aspirant", 404),  # another trainee
        ("leader", 404),  # the nearest leader
        ("chef", 404),
        ("outsider", 404),
    ],
)
def test_joint_start_page_matrix(cast, cohort, as_, who, expected):
    assert as_(getattr(cast, who)).get(joint_url(cohort)).status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("hr_colleague", 403),  # another consultant may not choose for this cohort
        ("admin", 403),  # the cohort's consultant only
        ("aspirant", 404),
        ("other_aspirant", 404),
        ("leader", 404),
        ("chef", 404),
    ],
)
def test_only_the_cohorts_consultant_chooses_and_plans(cast, cohort, as_, who, expected):
    client = as_(getattr(cast, who))
    assert (
        client.post(joint_url(cohort), {"action": "option", "joint_start_part1": "on"}).status_code
        == expected
    )
    assert not services.joint_start_chosen(cohort)
    assert client.post(joint_url(cohort), plan_data()).status_code == expected
    assert not JointStartMeeting.objects.exists()


def test_consultant_chooses_and_plans_one_meeting_for_all(
    cast, cohort, enrolment, other_enrolment, as_
):
    meet_prerequisite(cast, enrolment, other_enrolment)
    client = as_(cast.consultant)
    response = client.post(joint_url(cohort), {"action": "option", "joint_start_part1": "on"})
    assert response.status_code == 302
    assert services.joint_start_chosen(cohort)
    page = client.get(joint_url(cohort)).content.decode()
    assert cast.aspirant.full_name in page and cast.other_aspirant.full_name in page

    response = client.post(joint_url(cohort), plan_data())
    assert response.status_code == 302
    meeting = JointStartMeeting.objects.get(cohort=cohort)
    records = list(meeting.conversations.order_by("pk"))
    assert {r.enrolment_id for r in records} == {enrolment.pk, other_enrolment.pk}
    for record in records:
        assert record.kind == ConversationKind.START_PART1 and record.is_joint_meeting
        assert (record.starts_at, record.place) == (meeting.starts_at, "Rådhuset, mødelokale 3")
        roles = {a.role: a.person for a in record.attendees.all()}
        assert roles[AttendeeRole.PARTICIPANT] == record.enrolment.person
        assert roles[AttendeeRole.LEADER] == record.enrolment.person.manager
        assert roles[AttendeeRole.CONSULTANT] == cast.consultant
    # one invitation, the same calendar event, to every trainee, leader and the consultant
    mails = list(OutgoingEmail.objects.filter(kind="trainee.joint_start"))
    expected = {cast.aspirant, cast.other_aspirant, cast.leader, cast.other_leader, cast.consultant}
    assert {m.to_address for m in mails} == {p.email for p in expected}
    uids = {str(Calendar.from_ical(m.ics).walk("VEVENT")[0]["UID"]) for m in mails}
    assert len(uids) == 1
    assert not OutgoingEmail.objects.filter(kind="conversations.invite").exists()
    for m in mails:
        assert cast.aspirant.full_name not in m.subject  # the subject names no trainee


def test_planning_without_the_choice_is_refused_and_keeps_the_entries(cast, cohort, enrolment, as_):
    response = as_(cast.consultant).post(joint_url(cohort), plan_data())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vælg først, at opstartssamtalens første del holdes som fælles møde." in page
    assert "Rådhuset, mødelokale 3" in page
    assert not JointStartMeeting.objects.exists()
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        (plan_data(ends_at=at(7, 9).strftime("%Y-%m-%dT%H:%M")), "Mødet skal slutte efter"),
        (plan_data(starts_at=""), "Angiv hvornår mødet starter."),
        (plan_data(starts_at="i morgen"), "Indtast gyldig dato/tid."),
    ],
)
def test_bad_times_are_refused_in_danish_and_keep_the_place(
    cast, chosen, enrolment, as_, data, message
):
    response = as_(cast.consultant).post(joint_url(chosen), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Rådhuset, mødelokale 3" in page
    assert not JointStartMeeting.objects.exists()


def test_a_trainees_own_part1_is_not_planned_when_the_cohort_meets_jointly(cast, chosen, enrolment):
    meet_prerequisite(cast, enrolment)
    with pytest.raises(ValidationError) as error:
        conversation_plan(
            enrolment=enrolment,
            kind=ConversationKind.START_PART1,
            starts_at=at(3),
            ends_at=at(3, 11),
            by=cast.consultant.user,
        )
    assert "fælles møde" in error.value.messages[0]


def test_a_second_meeting_and_turning_the_choice_off_are_refused(cast, meeting):
    with pytest.raises(ValidationError):
        services.joint_start_meeting_plan(
            cohort=meeting.cohort,
            starts_at=at(5),
            ends_at=at(5, 12),
            place="",
            by=cast.consultant.user,
        )
    with pytest.raises(ValidationError):
        services.cohort_options_set(
            cohort=meeting.cohort, joint_start_part1=False, by=cast.consultant.user
        )
    assert services.joint_start_chosen(meeting.cohort)


def test_a_trainee_without_the_prerequisite_is_left_out_and_planned_alone_later(
    cast, chosen, enrolment, other_enrolment, as_
):
    meet_prerequisite(cast, enrolment)
    page = as_(cast.consultant).get(joint_url(chosen)).content.decode()
    assert "Inviteres ikke: mangler persontest" in page
    meeting = services.joint_start_meeting_plan(
        cohort=chosen, starts_at=at(3), ends_at=at(3, 12), place="", by=cast.consultant.user
    )
    assert [c.enrolment for c in meeting.conversations.all()] == [enrolment]
    meet_prerequisite(cast, other_enrolment)
    own = conversation_plan(
        enrolment=other_enrolment,
        kind=ConversationKind.START_PART1,
        starts_at=at(5),
        ends_at=at(5, 11),
        by=cast.consultant.user,
    )
    assert not own.is_joint_meeting


def test_no_trainee_meeting_the_prerequisite_is_refused(cast, chosen, enrolment, as_):
    response = as_(cast.consultant).post(joint_url(chosen), plan_data())
    assert response.status_code == 400
    assert "opfylder forudsætningen" in response.content.decode()
    assert not JointStartMeeting.objects.exists()


def test_holding_the_meeting_marks_every_trainees_part1_held(cast, meeting, enrolment, as_):
    response = as_(cast.consultant).post(joint_url(meeting.cohort), {"action": "held"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == JointMeetingStatus.HELD
    assert set(meeting.conversations.values_list("status", flat=True)) == {ConversationStatus.HELD}
    # the trainee's path counts part 1 as done, and part 2 may be planned next
    page = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    html = page.content.decode()
    assert "Afholdt som fælles møde" in html
    # the record's page says it belongs to the joint meeting
    record = meeting.conversations.get(enrolment=enrolment)
    detail = (
        as_(cast.aspirant).get(reverse("conversations:detail", args=[record.pk])).content.decode()
    )
    assert "Fælles møde for holdet" in detail


def test_a_meeting_not_begun_cannot_be_held(cast, chosen, enrolment, as_):
    meet_prerequisite(cast, enrolment)
    meeting = services.joint_start_meeting_plan(
        cohort=chosen, starts_at=at(3), ends_at=at(3, 12), place="", by=cast.consultant.user
    )
    response = as_(cast.consultant).post(joint_url(chosen), {"action": "held"})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == JointMeetingStatus.PLANNED


def test_others_cannot_hold_the_meeting(cast, meeting, as_):
    assert (
        as_(cast.hr_colleague).post(joint_url(meeting.cohort), {"action": "held"}).status_code
        == 403
    )
    assert as_(cast.leader).post(joint_url(meeting.cohort), {"action": "held"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == JointMeetingStatus.PLANNED


def test_path_says_joint_meeting_before_it_is_planned(cast, chosen, enrolment, as_):
    meet_prerequisite(cast, enrolment)
    html = (
        as_(cast.aspirant)
        .get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
        .content.decode()
    )
    path = html.split("Ledertraineens vej gennem forløbet")[1].split("</section>")[0]
    assert "Holdes som ét fælles møde" in path
    assert "?kind=start_part1" not in path


# --- 2. the fixed aspirant block links to an aspirant enrolment -----------------------------------


def panel(as_, person, enrolment):
    return (
        as_(person)
        .get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
        .content.decode()
    )


def aspirant_href(cast):
    return reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])


@pytest.mark.parametrize("who", ["aspirant", "leader", "chef", "consultant"])
def test_the_aspirant_block_links_to_the_aspirant_enrolment_for_those_allowed(
    cast, enrolment, as_, who
):
    assert cast.enrolment.cohort.programme.kind == "aspirant"
    html = panel(as_, getattr(cast, who), enrolment)
    assert "Lederaspirantforløbet (fast byggeklods)" in html
    assert cast.enrolment.cohort.name in html
    assert f'href="{aspirant_href(cast)}"' in html


def test_a_consultant_not_on_the_aspirant_cohort_sees_the_name_but_no_link(cast, enrolment, as_):
    cast.enrolment.cohort.consultants.remove(cast.consultant)
    html = panel(as_, cast.consultant, enrolment)
    assert cast.enrolment.cohort.name in html
    assert f'href="{aspirant_href(cast)}"' not in html
    assert as_(cast.consultant).get(aspirant_href(cast)).status_code == 404


def test_a_missing_aspirant_enrolment_is_a_warning(cast, enrolment, as_):
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        status=Enrolment.Status.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason="Flyttet"
    )
    html = panel(as_, cast.consultant, enrolment)
    assert "Advarsel:" in html
    assert "ikke optaget på et lederaspirantforløb" in html
    # this municipality's name (issue #16 §1), not the seed's Aarhus
    assert "Deltagelse i Lederspor Kommunes lederaspirantforløb" in html
    assert "Aarhus" not in html


def test_the_cohort_summary_shows_the_aspirant_cohort_or_that_it_is_missing(
    cast, cohort, other_enrolment, as_
):
    Enrolment.objects.filter(pk=cast.other_enrolment.pk).update(
        status=Enrolment.Status.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason="Flyttet"
    )
    html = (
        as_(cast.consultant)
        .get(reverse("trainee:cohort_summary", args=[cohort.pk]))
        .content.decode()
    )
    assert f'href="{aspirant_href(cast)}"' in html
    assert "Mangler" in html


# --- 3. the agreement beside the midway and transition conversations ------------------------------


@pytest.fixture
def agreement(cast, enrolment):
    return approve_all(
        fill(agreement_create(enrolment=enrolment, user=cast.leader.user), cast), cast
    )


@pytest.mark.parametrize("kind", [ConversationKind.MIDWAY, ConversationKind.TRANSITION])
@pytest.mark.parametrize("who", ["aspirant", "leader", "consultant"])
def test_goals_and_blocks_beside_midway_and_transition(
    cast, enrolment, agreement, make_conversation, as_, kind, who
):
    c = make_conversation(enrolment, kind)
    c.attendees.create(person=cast.leader, role=AttendeeRole.LEADER)
    html = (
        as_(getattr(cast, who)).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    )
    assert "Læringsaftalens mål og byggeklodser" in html
    assert "Lede et tværgående projekt" in html  # a goal
    assert "Følge lederen i budgetlægning" in html  # a block
    assert f'href="{aspirant_href(cast)}"' in html  # the aspirant block's enrolment


@pytest.mark.parametrize(
    "who,expected", [("chef", 404), ("other_aspirant", 404), ("hr_colleague", 404)]
)
def test_those_who_may_not_see_the_agreement_see_neither(
    cast, enrolment, agreement, make_conversation, as_, who, expected
):
    c = make_conversation(enrolment, ConversationKind.MIDWAY)
    response = as_(getattr(cast, who)).get(reverse("conversations:detail", args=[c.pk]))
    assert response.status_code == expected
    assert "Lede et tværgående projekt" not in response.content.decode()


def test_the_section_is_empty_for_someone_without_a_relation(
    cast, enrolment, agreement, make_conversation
):
    """An attendee without a relation to the enrolment (a guest) sees no agreement."""
    c = make_conversation(enrolment, ConversationKind.MIDWAY)
    request = RequestFactory().get("/")
    request.user = cast.host.user
    assert agreement_section(request, c) == ""


def test_other_conversations_do_not_show_the_agreement(
    cast, enrolment, agreement, make_conversation, as_
):
    c = make_conversation(enrolment, ConversationKind.ONGOING)
    c.attendees.create(person=cast.leader, role=AttendeeRole.LEADER)
    html = as_(cast.aspirant).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Følge lederen i budgetlægning" not in html


# --- 4. "i lederjob / lederparat" is an outcome, never a 1–5 rating -------------------------------


def last_phase(cohort):
    return Phase.objects.get(programme=cohort.programme, order=3)


def test_the_outcome_effect_is_not_offered_as_a_rating(
    cast, cohort, enrolment, make_conversation, as_
):
    make_conversation(enrolment, ConversationKind.TRANSITION, status=ConversationStatus.HELD)
    phase = last_phase(cohort)
    index = phase.effects.index(OUTCOME_EFFECT)
    html = as_(cast.aspirant).get(reverse("trainee:effects", args=[enrolment.pk])).content.decode()
    assert f'name="rating_{phase.pk}_{index}"' not in html
    assert f'name="rating_{phase.pk}_0"' in html
    response = as_(cast.aspirant).post(
        reverse("trainee:effects", args=[enrolment.pk]), {f"rating_{phase.pk}_{index}": "5"}
    )
    assert response.status_code == 400
    assert not EffectAnswer.objects.exists()


def test_the_service_refuses_rating_the_outcome(cast, cohort, enrolment, make_conversation):
    make_conversation(enrolment, ConversationKind.TRANSITION, status=ConversationStatus.HELD)
    phase = last_phase(cohort)
    with pytest.raises(ValidationError) as error:
        services.effect_answers_save(
            enrolment=enrolment,
            respondent="leader",
            answers=[
                {"phase": phase, "effect_index": phase.effects.index(OUTCOME_EFFECT), "rating": 4}
            ],
            person=cast.leader,
            by=cast.leader.user,
        )
    assert "resultat" in error.value.messages[0]
    assert not EffectAnswer.objects.exists()


def test_the_outcome_is_a_choice_with_a_date(cast, enrolment, as_):
    day = timezone.localdate()
    response = as_(cast.leader).post(
        reverse("trainee:outcome", args=[enrolment.pk]),
        {
            "outcome": "in_leader_job",
            "decided_on": day.isoformat(),
            "note": "Souschef fra 1. juni",
            "version": "0",
        },
    )
    assert response.status_code == 302
    row = TraineeOutcome.objects.get()
    assert (row.outcome, row.decided_on, row.note) == ("in_leader_job", day, "Souschef fra 1. juni")
    html = (
        as_(cast.aspirant)
        .get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
        .content.decode()
    )
    assert "Ledertrainee i lederjob (fra" in html


@pytest.mark.parametrize(
    "decided_on,message",
    [
        ("", "Angiv datoen for resultatet."),
        ("2001-01-01", "før holdets start"),
        ("31-31-2026", "gyldig dato"),
    ],
)
def test_a_bad_outcome_date_is_refused_and_keeps_the_note(
    cast, enrolment, as_, decided_on, message
):
    response = as_(cast.consultant).post(
        reverse("trainee:outcome", args=[enrolment.pk]),
        {
            "outcome": "leader_ready",
            "decided_on": decided_on,
            "note": "Klar til at søge",
            "version": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "Klar til at søge" in page
    assert not TraineeOutcome.objects.exists()


@pytest.mark.parametrize(
    "who,expected",
    [("aspirant", 403), ("chef", 403), ("other_aspirant", 404), ("hr_colleague", 404)],
)
def test_only_consultant_or_leader_record_the_outcome(cast, enrolment, as_, who, expected):
    response = as_(getattr(cast, who)).post(
        reverse("trainee:outcome", args=[enrolment.pk]),
        {"outcome": "leader_ready", "decided_on": timezone.localdate().isoformat(), "version": "0"},
    )
    assert response.status_code == expected
    assert not TraineeOutcome.objects.exists()


def test_migration_moves_outcome_ratings_out(cast, cohort, enrolment, other_enrolment):
    """The data migration: ratings of the outcome effect are removed, a comment goes into the
    recorded outcome's note, and outcomes get their date."""
    phase = last_phase(cohort)
    index = phase.effects.index(OUTCOME_EFFECT)
    for e in (enrolment, other_enrolment):
        EffectAnswer.objects.create(
            enrolment=e,
            phase=phase,
            effect_index=index,
            effect_text=OUTCOME_EFFECT,
            respondent="leader",
            rating=4,
            comment="Søger stillinger nu",
        )
    kept = EffectAnswer.objects.create(
        enrolment=enrolment,
        phase=phase,
        effect_index=0,
        effect_text=phase.effects[0],
        respondent="leader",
        rating=3,
    )
    outcome = TraineeOutcome.objects.create(
        enrolment=enrolment, outcome="leader_ready", note="Klar", recorded_at=timezone.now()
    )
    module = importlib.import_module("lederspor.trainee.migrations.0004_outcome_effect_not_rated")
    module.forwards(apps, None)
    assert list(EffectAnswer.objects.all()) == [kept]
    outcome.refresh_from_db()
    assert outcome.note == "Klar\nTidligere kommentar (nærmeste leder): Søger stillinger nu"
    assert outcome.decided_on == timezone.localdate(outcome.recorded_at)
    assert TraineeOutcome.objects.count() == 1  # no outcome invented for the other trainee


def test_the_cohort_summary_averages_leave_the_outcome_out(cast, cohort, as_):
    html = (
        as_(cast.consultant)
        .get(reverse("trainee:cohort_summary", args=[cohort.pk]))
        .content.decode()
    )
    table = html.split('id="effects-heading"')[1]
    assert f'<th scope="row">{OUTCOME_EFFECT}</th>' not in table


# --- 5. the checklists for the two pamphlets ------------------------------------------------------


def mended(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_checklists_are_ours_and_quote_the_seed_word_for_word():
    lists = load_checklists()
    assert set(lists) == {SPOT_TALENT, LEADERSHIP_TRAINING}
    seed = SEED / "003_98ed040a6482f845.txt"
    seed_text = mended(seed.read_text(encoding="utf-8")) if seed.exists() else ""
    for c in lists.values():
        assert c.is_ours
        assert c.pamphlet in c.seed_text
        assert len(c.items) >= 5
        if seed_text:
            assert c.seed_text in seed_text


def test_the_nominating_leader_sees_spot_et_ledertalent(cast, cohort, as_):
    html = as_(cast.leader).get(reverse("programmes:nominate")).content.decode()
    assert "Spot et ledertalent" in html
    assert "Tjekliste skrevet af Lederspor på grundlag af pjecen »Spot et ledertalent«" in html


def test_no_spot_et_ledertalent_without_an_open_trainee_cohort(cast, as_):
    html = as_(cast.leader).get(reverse("programmes:nominate")).content.decode()
    assert "Spot et ledertalent" not in html


@pytest.mark.parametrize("kind", [ConversationKind.START_PART2, ConversationKind.MIDWAY])
def test_ledelse_skal_traenes_beside_part2_and_midway(
    cast, enrolment, make_conversation, as_, kind
):
    c = make_conversation(enrolment, kind)
    html = as_(cast.aspirant).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Tjekliste skrevet af Lederspor på grundlag af pjecen »Ledelse skal trænes«" in html


def test_no_ledelse_skal_traenes_at_the_transition(cast, enrolment, make_conversation, as_):
    c = make_conversation(enrolment, ConversationKind.TRANSITION)
    html = as_(cast.aspirant).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Ledelse skal trænes" not in html


def test_the_joint_meeting_is_in_the_access_export_and_erasure_unlinks_only_that_trainee(
    cast, meeting, enrolment, other_enrolment
):
    """Issue #15's registries cover the joint meeting: the trainee's export names it, erasure
    unlinks the trainee's own record and leaves the meeting to the others."""
    from lederspor.trainee.privacy import erase_joint_start, export_joint_start

    exported = export_joint_start(enrolment.person)
    assert [row["record"] for row in exported] == ["joint_start_meeting"]
    assert export_joint_start(cast.outsider) == []
    preview = erase_joint_start(enrolment.person, apply=False)
    assert [line.count for line in preview] == [1]
    assert meeting.conversations.count() == 2
    erase_joint_start(enrolment.person, apply=True)
    assert list(meeting.conversations.values_list("enrolment", flat=True)) == [other_enrolment.pk]
    assert export_joint_start(enrolment.person) == []
