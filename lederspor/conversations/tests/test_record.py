"""The record of a conversation: private preparation, shared answers with the 409, agreed
actions, held → signed with confirmations, cancelling and moving."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lederspor.conversations import services
from lederspor.conversations.models import AgreedAction, Conversation
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.people.models import Person


def test_private_preparation_is_seen_by_its_author_only(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    url = reverse("conversations:prepare", args=[c.pk])
    page = as_(cast.aspirant).get(url)
    assert page.status_code == 200 and "Kun synlig for dig" in page.content.decode()
    mine_now = c.attendees.get(person=cast.aspirant).version
    response = as_(cast.aspirant).post(
        url, {"q_drive": "Hemmelig drivkraft 42", "version": mine_now}
    )
    assert response.status_code == 302
    mine = as_(cast.aspirant).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Hemmelig drivkraft 42" in mine and "Kun synlig for dig" in mine
    theirs = as_(cast.leader).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Hemmelig drivkraft 42" not in theirs
    assert "Hemmelig drivkraft 42" not in as_(cast.leader).get(url).content.decode()
    c.refresh_from_db()
    assert "Hemmelig drivkraft 42" not in str(c.answers)


def test_preparation_shows_logbook_entries_shared_with_the_leader(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    career = plan(
        enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")]
    )
    today = timezone.localdate()
    LogbookEntry.objects.create(
        enrolment=enrolment,
        title="Delt refleksion",
        text="Om at lede møder",
        written_on=today,
        visibility=Visibility.LEADER,
    )
    LogbookEntry.objects.create(
        enrolment=enrolment,
        title="Privat tanke",
        text="Kun til mig",
        written_on=today,
    )
    for who in (cast.aspirant, cast.leader):
        for name in ("prepare", "detail"):
            page = as_(who).get(reverse(f"conversations:{name}", args=[c.pk])).content.decode()
            assert "Delt refleksion" in page and "Privat tanke" not in page
    host_page = (
        as_(cast.host).get(reverse("conversations:detail", args=[career.pk])).content.decode()
    )
    assert "Delt refleksion" not in host_page


def loaded(c) -> dict:
    """The version of `c` as a page loaded now would carry it (each write bumps it)."""
    return {"version": Conversation.objects.get(pk=c.pk).version}


def _record_post(c, **answers):
    data = {"version": c.version, "notes": answers.pop("notes", "")}
    data.update({f"q_{k}": v for k, v in answers.items()})
    return data


def test_concurrent_record_edit_is_refused_and_keeps_the_text(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    url = reverse("conversations:record", args=[c.pk])
    stale = _record_post(c, drive="Lederens version")
    first = as_(cast.aspirant).post(url, _record_post(c, drive="Deltagerens version"))
    assert first.status_code == 302
    second = as_(cast.leader).post(url, stale)
    assert second.status_code == 409
    body = second.content.decode()
    assert "ændret af en anden" in body and "Lederens version" in body
    c.refresh_from_db()
    assert c.answers == {"drive": "Deltagerens version"}


def test_record_ignores_unknown_questions(cast, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    services.record_save(
        conversation=c,
        answers={"drive": " Svar ", "nope": "x", "occupies": "  "},
        notes="",
        expected_version=c.version,
        by=cast.leader.user,
    )
    c.refresh_from_db()
    assert c.answers == {"drive": "Svar"}


def test_held_then_signed_when_all_confirm_and_edits_reopen(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before", past=True)
    future = plan(enrolment, "leader_after")
    with pytest.raises(ValidationError, match="når den er begyndt"):
        services.conversation_mark_held(
            conversation=future, expected_version=future.version, by=cast.leader.user
        )
    held = as_(cast.leader).post(reverse("conversations:held", args=[c.pk]), loaded(c))
    assert held.status_code == 302
    c.refresh_from_db()
    assert c.status == "held" and c.held_at
    c = services.record_save(
        conversation=c,
        answers={},
        notes="Godt møde.",
        expected_version=c.version,
        by=cast.leader.user,
    )
    as_(cast.leader).post(reverse("conversations:confirm", args=[c.pk]), loaded(c))
    assert c.attendees.get(person=cast.leader).confirmed_at is not None
    # the participant changes the record: the leader must confirm again
    response = as_(cast.aspirant).post(
        reverse("conversations:record", args=[c.pk]), _record_post(c, drive="Nyt svar")
    )
    assert response.status_code == 302
    assert c.attendees.get(person=cast.leader).confirmed_at is None
    seen = loaded(c)  # both confirm from pages loaded now: a confirmation alone bumps nothing
    as_(cast.aspirant).post(reverse("conversations:confirm", args=[c.pk]), seen)
    c.refresh_from_db()
    assert c.status == "held"
    as_(cast.leader).post(reverse("conversations:confirm", args=[c.pk]), seen)
    c.refresh_from_db()
    assert c.status == "signed" and c.signed_at
    # no edits after signed
    before = c.version
    response = as_(cast.aspirant).post(
        reverse("conversations:record", args=[c.pk]), _record_post(c, drive="For sent")
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="godkendt af alle"):
        services.record_save(
            conversation=c,
            answers={"drive": "x"},
            notes="",
            expected_version=c.version,
            by=cast.leader.user,
        )
    with pytest.raises(ValidationError, match="godkendt af alle"):
        services.action_add(
            conversation=c, text="x", owner=cast.aspirant, due_on=None, by=cast.leader.user
        )
    c.refresh_from_db()
    assert c.answers == {"drive": "Nyt svar"} and c.version == before


def test_actions_need_an_attending_owner(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    url = reverse("conversations:action_add", args=[c.pk])
    bad = as_(cast.leader).post(url, {"text": "Læs bogen", "owner": cast.host.pk, "due_on": ""})
    assert bad.status_code == 400 and "Læs bogen" in bad.content.decode()
    blank = as_(cast.leader).post(url, {"text": "", "owner": cast.aspirant.pk})
    assert blank.status_code == 400
    assert not AgreedAction.objects.exists()
    due = timezone.localdate() + dt.timedelta(days=30)
    ok = as_(cast.leader).post(
        url, {"text": "Læs bogen", "owner": cast.aspirant.pk, "due_on": due.isoformat()}
    )
    assert ok.status_code == 302
    action = AgreedAction.objects.get()
    assert (action.owner, action.due_on) == (cast.aspirant, due)
    with pytest.raises(ValidationError, match="deltagere"):
        services.action_add(
            conversation=c, text="x", owner=cast.outsider, due_on=None, by=cast.leader.user
        )
    services.action_move(action=action, due_on=due + dt.timedelta(days=7), by=cast.leader.user)
    as_(cast.aspirant).post(reverse("conversations:action_done", args=[c.pk, action.pk]))
    action.refresh_from_db()
    assert action.done_at is not None and action.due_on == due + dt.timedelta(days=7)


def test_reschedule_bumps_sequence_and_cancel(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    url = reverse("conversations:reschedule", args=[c.pk])
    day = (c.starts_at + dt.timedelta(days=2)).date()
    bad = as_(cast.aspirant).post(
        url,
        {
            "day": day.isoformat(),
            "starts": "11:00",
            "ends": "10:00",
            "place": "Kantinen",
            "version": c.version,
        },
    )
    assert bad.status_code == 400 and "Kantinen" in bad.content.decode()
    ok = as_(cast.aspirant).post(
        url,
        {
            "day": day.isoformat(),
            "starts": "11:00",
            "ends": "12:00",
            "place": "Kantinen",
            "version": c.version,
        },
    )
    assert ok.status_code == 302
    c.refresh_from_db()
    assert c.place == "Kantinen" and c.ics_sequence == 1 and c.starts_at.date() == day
    stale = as_(cast.leader).post(
        url,
        {
            "day": day.isoformat(),
            "starts": "13:00",
            "ends": "14:00",
            "place": "Kontoret",
            "version": c.version - 1,
        },
    )
    assert stale.status_code == 409 and "Kontoret" in stale.content.decode()
    as_(cast.leader).post(reverse("conversations:cancel", args=[c.pk]), loaded(c))
    c.refresh_from_db()
    assert c.status == "cancelled" and c.cancelled_at and c.ics_sequence == 2
    assert as_(cast.leader).get(url).status_code == 403


def test_plan_form_keeps_the_typed_text_on_bad_input(cast, as_, clarification):
    _cohort, (enrolment, _o) = clarification
    # the host must be a leader or HR (seed 002 §4); the cast's team leader is one
    Person.objects.filter(pk=cast.host.pk).update(is_leader=True)
    url = reverse("conversations:plan", args=[enrolment.pk])
    day = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    bad = as_(cast.aspirant).post(
        url,
        {
            "kind": "career",
            "day": day,
            "starts": "10:00",
            "ends": "11:00",
            "place": "Rådhuset, lokale 7",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400
    assert "Vælg en vært til karrieresamtalen." in body and "Rådhuset, lokale 7" in body
    assert not Conversation.objects.exists()
    ok = as_(cast.aspirant).post(
        url,
        {
            "kind": "career",
            "day": day,
            "starts": "10:00",
            "ends": "11:00",
            "place": "Rådhuset, lokale 7",
            "host": cast.host.pk,
        },
    )
    assert ok.status_code == 302
    c = Conversation.objects.get()
    assert {(a.person, a.role) for a in c.attendees.all()} == {
        (cast.aspirant, "participant"),
        (cast.host, "host"),
    }
    wrong_kind = as_(cast.aspirant).post(
        url, {"kind": "midway", "day": day, "starts": "10:00", "ends": "11:00"}
    )
    assert wrong_kind.status_code == 400


def test_career_notes_by_the_participant_shown_to_the_host(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")])
    url = reverse("conversations:career", args=[c.pk])
    data = {
        "version": c.version,
        "confidentiality_addressed": "on",
        "curiosity_points": "Hvordan prioriterer du din tid?",
    }
    assert as_(cast.host).post(url, data).status_code == 403
    assert as_(cast.aspirant).post(url, data).status_code == 302
    page = as_(cast.host).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Hvordan prioriterer du din tid?" in page
    assert "du er gæst hos din vært" in page
    c.refresh_from_db()
    assert c.confidentiality_addressed
    stale = as_(cast.aspirant).post(url, data | {"curiosity_points": "Andet"})
    assert stale.status_code == 409 and "Andet" in stale.content.decode()


# --- every change carries the version its page was loaded with ---------------------------------


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_every_change_of_a_conversation_needs_the_version_it_was_loaded_with(
    cast, clarification, plan
):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before", past=True)
    leader = c.attendees.get(person=cast.leader)
    by = cast.leader.user
    writes = [
        lambda v: services.record_save(
            conversation=c, answers={}, notes="x", expected_version=v, by=by
        ),
        lambda v: services.conversation_reschedule(
            conversation=c,
            starts_at=c.starts_at,
            ends_at=c.ends_at,
            place="",
            expected_version=v,
            by=by,
        ),
        lambda v: services.conversation_mark_held(conversation=c, expected_version=v, by=by),
        lambda v: services.conversation_confirm(
            conversation=c, attendee=leader, expected_version=v, by=by
        ),
        lambda v: services.conversation_cancel(conversation=c, expected_version=v, by=by),
        lambda v: services.preparation_save(
            attendee=leader, answers={"drive": "x"}, expected_version=v, by=by
        ),
    ]
    for write in writes:
        with pytest.raises(TypeError, match="int version"):
            write(None)
    with pytest.raises(TypeError):
        services.conversation_cancel(conversation=c, by=by)
    c.refresh_from_db()
    leader.refresh_from_db()
    assert (c.version, c.status, c.notes, leader.version, leader.preparation) == (
        1,
        "planned",
        "",
        1,
        {},
    )


def test_a_status_button_from_a_stale_page_changes_nothing(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before", past=True)
    seen = loaded(c)
    moved = as_(cast.aspirant).post(
        reverse("conversations:record", args=[c.pk]), _record_post(c, notes="Dagsorden")
    )
    assert moved.status_code == 302
    for name in ("held", "cancel"):
        response = as_(cast.leader).post(reverse(f"conversations:{name}", args=[c.pk]), seen)
        assert response.status_code == 302
        assert any("ændret af en anden" in m for m in _messages(response))
    without = as_(cast.leader).post(reverse("conversations:held", args=[c.pk]), {})
    assert any("Genindlæs siden" in m for m in _messages(without))
    c.refresh_from_db()
    assert c.status == "planned" and c.ics_sequence == 0


def test_a_record_changed_since_the_page_was_loaded_is_not_confirmed(
    cast, as_, clarification, plan
):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before", past=True)
    c = services.conversation_mark_held(
        conversation=c, expected_version=c.version, by=cast.leader.user
    )
    c = services.record_save(
        conversation=c,
        answers={},
        notes="Første udkast",
        expected_version=c.version,
        by=cast.leader.user,
    )
    seen = loaded(c)
    services.record_save(
        conversation=c,
        answers={},
        notes="Ændret imens",
        expected_version=c.version,
        by=cast.aspirant.user,
    )
    response = as_(cast.leader).post(reverse("conversations:confirm", args=[c.pk]), seen)
    assert any("ændret af en anden" in m for m in _messages(response))
    assert c.attendees.get(person=cast.leader).confirmed_at is None


def test_preparation_saved_in_another_tab_is_not_overwritten(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    url = reverse("conversations:prepare", args=[c.pk])
    mine = c.attendees.get(person=cast.aspirant)
    first = as_(cast.aspirant).post(url, {"q_drive": "Fra telefonen", "version": mine.version})
    assert first.status_code == 302
    stale = as_(cast.aspirant).post(url, {"q_drive": "Fra den gamle fane", "version": mine.version})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Din forberedelse er ændret et andet sted" in body and "Fra den gamle fane" in body
    mine.refresh_from_db()
    assert mine.preparation == {"drive": "Fra telefonen"} and mine.version == 2
