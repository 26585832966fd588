"""Findings of the user review of the demo (fix round): an empty record cannot be confirmed,
dates far from the cohort are refused, one-off kinds are planned once, the host list only for
the career conversation, role intros for the host and the leader, the midway purpose, errors of
the template editor, and the scrollable tables of Mine samtaler."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lederspor.conversations import services
from lederspor.conversations.models import Conversation, ConversationTemplate
from lederspor.conversations.tests.test_content import seed_text
from lederspor.core.models import User
from lederspor.people.models import Person


def _at(day: dt.date, hour: int = 10) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    return start, start + dt.timedelta(hours=1)


def _held(cast, enrolment, plan, kind="leader_before"):
    c = plan(enrolment, kind, past=True)
    return services.conversation_mark_held(
        conversation=c, expected_version=c.version, by=cast.leader.user
    )


# --- 1. an empty record is not confirmed -------------------------------------------------------


def test_an_empty_record_cannot_be_confirmed(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = _held(cast, enrolment, plan)
    leader = c.attendees.get(person=cast.leader)
    with pytest.raises(ValidationError, match="Skriv referatet, før det kan bekræftes"):
        services.conversation_confirm(
            conversation=c, attendee=leader, expected_version=c.version, by=cast.leader.user
        )
    page = as_(cast.leader).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Bekræft referatet</button>" not in page
    assert 'id="record-empty"' in page and "Referatet er tomt" in page
    response = as_(cast.leader).post(
        reverse("conversations:confirm", args=[c.pk]), {"version": c.version}, follow=True
    )
    assert "Referatet er tomt. Skriv referatet, før det kan bekræftes." in response.content.decode()
    leader.refresh_from_db()
    assert leader.confirmed_at is None
    # whitespace-only notes are no record either
    c = services.record_save(
        conversation=c, answers={}, notes="   ", expected_version=c.version, by=cast.leader.user
    )
    with pytest.raises(ValidationError, match="Referatet er tomt"):
        services.conversation_confirm(
            conversation=c, attendee=leader, expected_version=c.version, by=cast.leader.user
        )
    # with notes written, the button is offered and confirming works
    c = services.record_save(
        conversation=c,
        answers={},
        notes="Vi talte om motivation.",
        expected_version=c.version,
        by=cast.leader.user,
    )
    page = as_(cast.leader).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Bekræft referatet</button>" in page and 'id="record-empty"' not in page
    as_(cast.leader).post(reverse("conversations:confirm", args=[c.pk]), {"version": c.version})
    leader.refresh_from_db()
    assert leader.confirmed_at is not None


def test_a_shared_answer_alone_is_a_record(cast, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = _held(cast, enrolment, plan)
    qid = c.template_version.questions[0]["id"]
    c = services.record_save(
        conversation=c,
        answers={qid: "Et svar"},
        notes="",
        expected_version=c.version,
        by=cast.leader.user,
    )
    leader = c.attendees.get(person=cast.leader)
    services.conversation_confirm(
        conversation=c, attendee=leader, expected_version=c.version, by=cast.leader.user
    )
    leader.refresh_from_db()
    assert leader.confirmed_at is not None


# --- 2. dates near the cohort's period ---------------------------------------------------------


def test_plan_refuses_a_date_far_from_the_cohort(cast, as_, clarification):
    cohort, (enrolment, _o) = clarification
    starts, ends = _at(dt.date(2020, 1, 5))
    with pytest.raises(ValidationError, match="for langt fra holdets periode"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="leader_before",
            starts_at=starts,
            ends_at=ends,
            by=cast.leader.user,
        )
    after = cohort.ends_on + dt.timedelta(days=121)
    with pytest.raises(ValidationError, match="for langt fra holdets periode"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="leader_before",
            starts_at=_at(after)[0],
            ends_at=_at(after)[1],
            by=cast.leader.user,
        )
    response = as_(cast.leader).post(
        reverse("conversations:plan", args=[enrolment.pk]),
        {
            "kind": "leader_before",
            "day": "2020-01-05",
            "starts": "10:00",
            "ends": "11:00",
            "place": "Mødelokale 9",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Datoen ligger for langt fra holdets periode" in body
    assert f"{cohort.starts_on.day}. " in body and str(cohort.ends_on.year) in body
    assert "Mødelokale 9" in body
    assert not Conversation.objects.exists()


def test_plan_allows_past_dates_inside_the_window(cast, clarification):
    cohort, (enrolment, _o) = clarification
    edge = cohort.starts_on - dt.timedelta(days=120)
    c = services.conversation_plan(
        enrolment=enrolment,
        kind="leader_before",
        starts_at=_at(edge)[0],
        ends_at=_at(edge)[1],
        by=cast.leader.user,
    )
    assert timezone.localtime(c.starts_at).date() == edge
    with pytest.raises(ValidationError, match="for langt fra"):
        day = edge - dt.timedelta(days=1)
        services.conversation_plan(
            enrolment=enrolment,
            kind="jti_feedback",
            starts_at=_at(day)[0],
            ends_at=_at(day)[1],
            by=cast.consultant.user,
        )


def test_reschedule_refuses_a_date_far_from_the_cohort(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    before = (c.starts_at, c.version)
    response = as_(cast.leader).post(
        reverse("conversations:reschedule", args=[c.pk]),
        {
            "day": "2020-01-05",
            "starts": "10:00",
            "ends": "11:00",
            "place": "Et andet sted",
            "version": c.version,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Datoen ligger for langt fra holdets periode" in body and "Et andet sted" in body
    c.refresh_from_db()
    assert (c.starts_at, c.version) == before


# --- 3. one-off kinds once ---------------------------------------------------------------------


def test_a_one_off_kind_is_planned_once(cast, as_, clarification, plan, when):
    _cohort, (enrolment, _o) = clarification
    first = plan(enrolment, "jti_feedback")
    with pytest.raises(ValidationError, match="Der er allerede en samtale"):
        plan(enrolment, "jti_feedback")
    assert Conversation.objects.filter(kind="jti_feedback").count() == 1
    # the panel and the plan page no longer offer it
    panel = as_(cast.leader).get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    html = panel.content.decode()
    assert "?kind=leader_before" in html and "?kind=jti_feedback" not in html
    url = reverse("conversations:plan", args=[enrolment.pk])
    page = as_(cast.leader).get(url + "?kind=jti_feedback").content.decode()
    assert "Der er allerede en samtale" in page and 'name="day"' not in page
    response = as_(cast.leader).post(
        url,
        {
            "kind": "jti_feedback",
            "day": when[0].date().isoformat(),
            "starts": "10:00",
            "ends": "11:00",
        },
    )
    assert response.status_code == 400
    assert Conversation.objects.filter(kind="jti_feedback").count() == 1
    # once cancelled, it may be planned again; the other enrolment is not affected
    services.conversation_cancel(
        conversation=first, expected_version=first.version, by=cast.leader.user
    )
    assert plan(enrolment, "jti_feedback").status == "planned"
    assert plan(_o, "jti_feedback").status == "planned"


def test_ongoing_meetings_repeat(cast, trainee, plan):
    _cohort, (enrolment,) = trainee
    plan(enrolment, "ongoing")
    plan(enrolment, "ongoing")
    assert Conversation.objects.filter(kind="ongoing").count() == 2
    plan(enrolment, "midway")
    with pytest.raises(ValidationError, match="Midtvejssamtale"):
        plan(enrolment, "midway")


# --- 4. the host list --------------------------------------------------------------------------


def test_host_field_only_for_the_career_conversation(cast, as_, clarification):
    _cohort, (enrolment, _o) = clarification
    url = reverse("conversations:plan", args=[enrolment.pk])
    other = as_(cast.aspirant).get(url + "?kind=leader_before").content.decode()
    assert 'name="host"' not in other and "Vært" not in other
    assert 'name="is_joint_meeting"' not in other
    career = as_(cast.aspirant).get(url + "?kind=career")
    html = career.content.decode()
    assert 'name="host"' in html
    hosts = list(career.context["form"].fields["host"].queryset)
    # leaders and HR people, by name; not the participant, not a colleague without a team
    assert cast.leader in hosts and cast.hr_colleague in hosts and cast.consultant in hosts
    assert cast.aspirant not in hosts and cast.colleague not in hosts and cast.host not in hosts
    names = [(p.first_name, p.last_name) for p in hosts]
    assert names == sorted(names)
    Person.objects.filter(pk=cast.host.pk).update(is_leader=True)
    Person.objects.filter(pk=cast.other_leader.pk).update(is_active=False)
    hosts = list(
        as_(cast.aspirant).get(url + "?kind=career").context["form"].fields["host"].queryset
    )
    assert cast.host in hosts and cast.other_leader not in hosts
    # a person outside the list is refused, nothing written
    response = as_(cast.aspirant).post(
        url,
        {
            "kind": "career",
            "day": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
            "starts": "10:00",
            "ends": "11:00",
            "host": cast.colleague.pk,
        },
    )
    assert response.status_code == 400 and not Conversation.objects.exists()


def test_plan_page_without_a_kind_lists_the_kinds(cast, as_, clarification):
    _cohort, (enrolment, _o) = clarification
    url = reverse("conversations:plan", args=[enrolment.pk])
    response = as_(cast.leader).get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Vælg samtale" in html
    assert "?kind=career" in html and 'name="host"' not in html


# --- 5. wording for the role -------------------------------------------------------------------


CONSULTANT_PART = "som holdets konsulent de samtaler"


def test_list_subtitle_names_the_consultant_part_only_for_consultants(cast, as_, templates):
    url = reverse("conversations:list")
    assert CONSULTANT_PART not in as_(cast.aspirant).get(url).content.decode()
    assert CONSULTANT_PART not in as_(cast.leader).get(url).content.decode()
    assert CONSULTANT_PART in as_(cast.consultant).get(url).content.decode()


def test_host_sees_a_host_intro_on_the_career_conversation(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")])
    intro = "Du er vært for Anna Aspirants karrieresamtale. Spørgsmålene nedenfor er deltagerens"
    for url in (
        reverse("conversations:detail", args=[c.pk]),
        reverse("conversations:prepare", args=[c.pk]),
    ):
        host_page = as_(cast.host).get(url).content.decode()
        assert intro in host_page, url
        assert intro not in as_(cast.aspirant).get(url).content.decode()
    detail = as_(cast.host).get(reverse("conversations:detail", args=[c.pk])).content.decode()
    assert "Mine noter som vært" in detail and "Forbered dig" not in detail
    prepare = as_(cast.host).get(reverse("conversations:prepare", args=[c.pk])).content.decode()
    assert "<h1>Mine noter som vært</h1>" in prepare


def test_host_intro_is_a_whole_sentence_in_each_language(cast, as_, clarification, plan):
    """The genitive is in the translated sentence, not added in code: Danish takes an
    apostrophe after a name ending in s, English reads "…'s" either way."""
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")])
    Person.objects.filter(pk=cast.aspirant.pk).update(last_name="Andreas")
    url = reverse("conversations:detail", args=[c.pk])
    danish = as_(cast.host).get(url).content.decode()
    assert "Du er vært for Anna Andreas&#x27; karrieresamtale." in danish
    User.objects.filter(pk=cast.host.user_id).update(language="en")
    english = as_(cast.host).get(url).content.decode()
    assert "You are hosting Anna Andreas&#x27;s career conversation." in english


@pytest.mark.parametrize("kind", ["leader_before", "leader_after"])
def test_leader_sees_that_the_questions_are_the_participants(cast, as_, clarification, plan, kind):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, kind)
    line = "Spørgsmålene er skrevet til deltageren."
    for url in (
        reverse("conversations:detail", args=[c.pk]),
        reverse("conversations:prepare", args=[c.pk]),
    ):
        assert line in as_(cast.leader).get(url).content.decode()
        assert line not in as_(cast.aspirant).get(url).content.decode()


# --- 6. the midway purpose ---------------------------------------------------------------------


MIDWAY_PURPOSE = (
    "Under vejs holdes løbende møder med nærmeste leder, hvor der følges op på læring og "
    "erfaringer og gives sparring og feedback. Derudover er en midtvejssamtale med "
    "ledertrainee, HR-konsulent og nærmeste leder."
)


def test_midway_purpose_is_the_seeds_two_sentences(templates):
    midway = ConversationTemplate.objects.get(kind="midway")
    assert midway.purpose == MIDWAY_PURPOSE
    assert MIDWAY_PURPOSE in seed_text(midway.source)


# --- 7. template editor errors -----------------------------------------------------------------


def test_template_edit_with_an_emptied_question_shows_the_error(cast, as_, templates):
    template = ConversationTemplate.objects.get(kind="ongoing")
    questions = template.versions.get().questions
    data = {
        "q-TOTAL_FORMS": str(len(questions)),
        "q-INITIAL_FORMS": str(len(questions)),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
        "version": "1",
        "note": "Tømt ved en fejl",
    }
    for i, q in enumerate(questions):
        data[f"q-{i}-id"] = q["id"]
        data[f"q-{i}-section"] = q["section"]
        data[f"q-{i}-text"] = "" if i == 0 else f"Min nye tekst {i}"
    response = as_(cast.consultant).post(
        reverse("conversations:template_edit", args=["ongoing"]), data
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Skabelonen er ikke gemt. Ret fejlene herunder." in body
    assert "Skriv spørgsmålets tekst, eller afkryds “Slet”" in body
    assert "Min nye tekst 1" in body
    assert template.versions.count() == 1
    # removing it with "Slet" is the way, and saves
    data["q-0-DELETE"] = "on"
    ok = as_(cast.consultant).post(reverse("conversations:template_edit", args=["ongoing"]), data)
    assert ok.status_code == 302 and template.versions.count() == 2


def test_template_edit_without_a_note_says_so(cast, as_, templates):
    template = ConversationTemplate.objects.get(kind="ongoing")
    response = as_(cast.consultant).post(
        reverse("conversations:template_edit", args=["ongoing"]),
        {
            "q-TOTAL_FORMS": "1",
            "q-INITIAL_FORMS": "0",
            "q-MIN_NUM_FORMS": "0",
            "q-MAX_NUM_FORMS": "1000",
            "q-0-text": "Et nyt spørgsmål",
            "version": "1",
            "note": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Skabelonen er ikke gemt" in body
    assert "Et nyt spørgsmål" in body and template.versions.count() == 1


# --- 8. tables on a phone ----------------------------------------------------------------------


def test_list_tables_scroll_in_a_keyboard_reachable_region(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    plan(enrolment, "leader_before")
    plan(enrolment, "jti_feedback", past=True)
    html = as_(cast.aspirant).get(reverse("conversations:list")).content.decode()
    assert html.count('<div class="table-wrap" tabindex="0" role="region"') == 2
    assert html.count("<table") == 2
