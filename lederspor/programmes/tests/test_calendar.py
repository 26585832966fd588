"""One calendar per consultant and per cohort, clashes and the iCalendar feed (issue #16 §3).

The sessions source, the clash rules (same person, same room, none when apart, back to back is
no clash), who may open which calendar, the clash warning after moving a session, and the
feed: a valid token without a session cookie, a revoked, renewed, unknown or malformed one
(404), its content type, and that only a hash is stored.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lederspor.core.tokens import token_hash
from lederspor.notifications import feeds
from lederspor.notifications.ics import stable_uid
from lederspor.notifications.models import CalendarFeedToken
from lederspor.programmes import services
from lederspor.programmes.calendar_events import (
    find_clashes,
    monday_of,
    normalised_place,
    session_events,
)
from lederspor.programmes.extensions import CalendarEvent, calendar_events
from lederspor.programmes.models import Cohort, Session
from lederspor.site.testing import make_person


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """Local time `days` from today at hour:minute."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def add_session(cohort, theme, start, hours=2, place="Rådhuset, mødelokale 2", by=None):
    return Session.objects.create(
        cohort=cohort,
        kind=Session.Kind.TEACHING_DAY,
        theme=theme,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        place=place,
    )


@pytest.fixture
def other_consultant(cast):
    """A consultant (not HR staff) with a cohort of her own."""
    person = make_person("Kalenderkaren", "Konsulent", cast.hr_unit, number="CAL-1")
    cohort = Cohort.objects.create(
        programme=cast.programme,
        name="Karens hold",
        starts_on=cast.cohort.starts_on,
        ends_on=cast.cohort.ends_on,
        capacity=10,
    )
    cohort.consultants.add(person)
    return person, cohort


def event(uid, start, end, *, people=(), place=""):
    return CalendarEvent(
        uid=uid,
        title=uid,
        starts_at=start,
        ends_at=end,
        kind="x",
        place=place,
        people=frozenset(people),
    )


# --- clashes ---------------------------------------------------------------------------------


def test_the_same_consultant_in_two_overlapping_events_clashes():
    a = event("a", at(1, 9), at(1, 11), people={1, 2})
    b = event("b", at(1, 10), at(1, 12), people={2})
    clashes = find_clashes([a, b])
    assert [c.other.uid for c in clashes["a"]] == ["b"]
    assert [c.other.uid for c in clashes["b"]] == ["a"]
    assert clashes["a"][0].same_person and not clashes["a"][0].same_room


def test_the_same_room_written_differently_clashes():
    a = event("a", at(1, 9), at(1, 11), people={1}, place="Rådhuset, mødelokale 2")
    b = event("b", at(1, 10, 30), at(1, 12), people={2}, place="  rådhuset  MØDELOKALE 2 ")
    clashes = find_clashes([a, b])
    assert clashes["a"][0].same_room and not clashes["a"][0].same_person
    assert normalised_place("Rådhuset, mødelokale 2") == "rådhuset mødelokale 2"


def test_events_apart_or_back_to_back_or_unrelated_do_not_clash():
    room = "Rådhuset, mødelokale 2"
    first = event("first", at(1, 9), at(1, 11), people={1}, place=room)
    back_to_back = event("next", at(1, 11), at(1, 12), people={1}, place=room)
    next_day = event("day2", at(2, 9), at(2, 11), people={1}, place=room)
    other_room = event("other", at(1, 9), at(1, 11), people={2}, place="Kulturhuset")
    no_place = event("blank", at(1, 9), at(1, 11), people={3}, place="")
    no_place2 = event("blank2", at(1, 9), at(1, 11), people={4}, place="")
    assert find_clashes([first, back_to_back, next_day, other_room, no_place, no_place2]) == {}


def test_a_clash_is_found_among_many_events_by_the_sweep():
    events = [event(f"e{i}", at(1, 8 + i), at(1, 9 + i), people={i}) for i in range(8)]
    events.append(event("long", at(1, 8), at(1, 18), people={5}))
    clashes = find_clashes(events)
    assert set(clashes) == {"e5", "long"}


# --- the sources -----------------------------------------------------------------------------


def test_sessions_of_every_kind_come_from_the_cohorts_the_person_consults(cast, other_consultant):
    karen, karens_cohort = other_consultant
    mine = [
        Session.objects.create(
            cohort=cast.cohort,
            kind=kind,
            theme=f"Tema {kind}",
            starts_at=at(3, 8 + i),
            ends_at=at(3, 9 + i),
        )
        for i, kind in enumerate(Session.Kind.values)
    ]
    theirs = add_session(karens_cohort, "Karens dag", at(3, 9))
    add_session(cast.cohort, "Uden for vinduet", at(30, 9))
    start, end = at(3, 0), at(4, 0)

    consultant_uids = {e.uid for e in session_events(cast.consultant, None, start, end)}
    assert consultant_uids == {stable_uid(s) for s in mine}
    assert {e.uid for e in session_events(karen, None, start, end)} == {stable_uid(theirs)}
    assert {e.uid for e in session_events(None, karens_cohort, start, end)} == {stable_uid(theirs)}
    # a seated participant's own calendar holds the sessions of their cohort
    assert {e.uid for e in session_events(cast.aspirant, None, start, end)} == consultant_uids
    kinds = {e.kind for e in session_events(None, cast.cohort, start, end)}
    assert kinds == {str(label) for label in Session.Kind.labels}
    one = session_events(cast.consultant, None, start, end)[0]
    assert one.people == frozenset({cast.consultant.pk})
    assert one.manage_url == reverse("programmes:session_edit", args=[mine[0].pk])


def test_every_source_together_uses_a_fixed_number_of_queries(
    cast, other_consultant, django_assert_max_num_queries
):
    _karen, cohort = other_consultant
    for i in range(12):
        add_session(cohort, f"Dag {i}", at(2, 8) + dt.timedelta(minutes=30 * i))
    # sessions 2, conversations 2, joint start meetings 3, wrap-ups 3
    with django_assert_max_num_queries(10):
        calendar_events(person=None, cohort=None, start=at(0, 0), end=at(7, 0))


# --- the pages -------------------------------------------------------------------------------


def test_my_calendar_shows_my_week_with_the_clash_flagged(cast, as_, other_consultant):
    _karen, karens_cohort = other_consultant
    mine = add_session(cast.cohort, "Forandringsledelse", at(8, 9))
    add_session(karens_cohort, "Karens undervisning", at(8, 10))  # same room, overlapping
    add_session(cast.cohort, "En anden uge", at(40, 9))
    response = as_(cast.consultant).get(
        reverse("programmes:schedule"), {"uge": at(8, 9).date().isoformat()}
    )
    assert response.status_code == 200
    week = response.context["week"]
    shown = [e for d in week.days for e in d.events]
    assert [e.event.uid for e in shown] == [stable_uid(mine)]  # not Karen's session
    assert week.clash_count == 1
    text = response.content.decode()
    assert "Overlapper med “Karens hold: Karens undervisning”" in text
    assert "samme lokale" in text
    assert reverse("programmes:session_edit", args=[mine.pk]) in text


def test_a_week_without_events_says_so_and_bad_dates_show_this_week(cast, as_):
    response = as_(cast.consultant).get(reverse("programmes:schedule"), {"uge": "ikke-en-dato"})
    assert response.status_code == 200
    assert response.context["week"].monday == monday_of(None)
    assert "Der er ingen aftaler i denne uge." in response.content.decode()


def test_hr_staff_may_see_every_cohort_but_not_private_events(cast, as_, other_consultant):
    _karen, karens_cohort = other_consultant
    theirs = add_session(karens_cohort, "Karens dag", at(8, 9))
    response = as_(cast.consultant).get(
        reverse("programmes:schedule"), {"uge": at(8, 9).date().isoformat(), "vis": "alle"}
    )
    shown = [e.event.uid for d in response.context["week"].days for e in d.events]
    assert stable_uid(theirs) in shown


def test_a_cohort_calendar_for_its_consultant_and_hr_not_for_others(cast, as_, other_consultant):
    karen, karens_cohort = other_consultant
    session = add_session(cast.cohort, "Holdets dag", at(8, 9))
    url = reverse("programmes:cohort_calendar", args=[cast.cohort.pk])
    week = {"uge": at(8, 9).date().isoformat()}
    for who in (cast.consultant, cast.hr_colleague):
        response = as_(who).get(url, week)
        assert response.status_code == 200
        assert [e.event.uid for d in response.context["week"].days for e in d.events] == [
            stable_uid(session)
        ]
    # another consultant (not HR staff), the participant, their leader and chef: 404
    for who in (karen, cast.aspirant, cast.leader, cast.chef, cast.outsider):
        assert as_(who).get(url, week).status_code == 404
    assert (
        as_(karen)
        .get(reverse("programmes:cohort_calendar", args=[karens_cohort.pk]), week)
        .status_code
        == 200
    )


def test_moving_a_session_onto_another_in_the_same_room_warns_but_saves(cast, as_):
    first = add_session(cast.cohort, "Første", at(9, 9))
    second = add_session(cast.cohort, "Anden", at(10, 9))
    client = as_(cast.consultant)
    start = timezone.localtime(first.starts_at)
    response = client.post(
        reverse("programmes:session_edit", args=[second.pk]),
        {
            "kind": second.kind,
            "theme": second.theme,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": second.place,
            "description": "",
            "version": second.version,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("programmes:session_edit", args=[second.pk])
    second.refresh_from_db()
    assert second.starts_at == first.starts_at  # a warning, not a block
    page = client.get(response.url).content.decode()
    assert "Overlapper med “Aspiranthold" in page
    assert "samme person og samme lokale" in page
    cohort_page = client.get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert cohort_page.content.decode().count('class="badge badge-clash"') == 2


def test_saving_a_session_without_clash_returns_to_the_cohort(cast, as_):
    only = add_session(cast.cohort, "Alene", at(9, 9))
    response = as_(cast.consultant).post(
        reverse("programmes:session_edit", args=[only.pk]),
        {
            "kind": only.kind,
            "theme": "Alene, nyt tema",
            "starts_at": timezone.localtime(only.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(only.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "place": only.place,
            "description": "",
            "version": only.version,
        },
    )
    assert response.url == reverse("programmes:cohort_detail", args=[cast.cohort.pk])


# --- the feed --------------------------------------------------------------------------------


def subscribe(client) -> str:
    """Make a feed address on the subscription page; return its path."""
    response = client.post(reverse("programmes:calendar_subscription"), {"handling": "forny"})
    assert response.status_code == 200
    url = response.context["feed_url"]
    assert url.startswith("http")
    return url[url.index("/", len("https://")) :]


def test_the_feed_serves_the_persons_events_without_a_session(cast, as_, client):
    session = services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.TAKE_OFF,
        theme="Take-off på Rådhuset",
        starts_at=at(20, 9),
        ends_at=at(20, 15),
        place="Rådhuset",
        by=cast.consultant.user,
    )
    add_session(cast.cohort, "For længe siden", at(-90, 9))
    path = subscribe(as_(cast.consultant))
    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [stable_uid(session)]
    assert str(events[0]["summary"]) == f"{cast.cohort.name}: Take-off på Rådhuset"
    assert str(calendar["x-wr-calname"]).endswith(cast.consultant.full_name)
    assert "Take-off på Rådhuset" in response.content.decode("utf-8")


def test_only_a_hash_of_the_token_is_stored(cast, as_):
    path = subscribe(as_(cast.consultant))
    raw = path.rstrip("/").rsplit("/", 1)[1]
    token = CalendarFeedToken.objects.get(person=cast.consultant)
    assert token.token_hash == token_hash(raw)
    assert raw not in token.token_hash and raw not in token.prefix
    page = as_(cast.consultant).get(reverse("programmes:calendar_subscription")).content.decode()
    assert raw not in page  # shown once, when made


def test_a_renewed_or_stopped_address_is_404(cast, as_, client):
    consultant = as_(cast.consultant)
    old = subscribe(consultant)
    new = subscribe(consultant)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    response = consultant.post(reverse("programmes:calendar_subscription"), {"handling": "stop"})
    assert response.status_code == 302
    assert client.get(new).status_code == 404
    assert not CalendarFeedToken.objects.filter(
        person=cast.consultant, revoked_at__isnull=True
    ).exists()


@pytest.mark.parametrize(
    "token", ["kal_00000000_ukendt", "ikke-et-token", "lsp_abc_def", "kal__", "kal_x"]
)
def test_an_unknown_or_malformed_token_is_404(cast, client, token):
    assert client.get(reverse("programmes:calendar_feed", args=[token])).status_code == 404


def test_a_token_with_a_known_prefix_but_wrong_secret_is_404(cast, as_, client):
    path = subscribe(as_(cast.consultant))
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_a_deactivated_login_stops_the_feed(cast, as_, client):
    path = subscribe(as_(cast.consultant))
    cast.consultant.user.is_active = False
    cast.consultant.user.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404


def test_the_subscription_page_is_for_every_person_not_an_admin_without_one(cast, as_):
    url = reverse("programmes:calendar_subscription")
    assert as_(cast.admin).get(url).status_code == 404
    for who in (cast.aspirant, cast.leader, cast.chef, cast.host, cast.outsider, cast.hr_colleague):
        assert as_(who).get(url).status_code == 200


# --- conversations, wrap-ups and joint meetings, privacy, query counts ---------------------------


def add_conversation(enrolment, attendees, start, place="Lederens kontor", answers=None):
    from lederspor.logbook.tests.factories import make_conversation

    conversation = make_conversation(enrolment, attendees)
    conversation.starts_at, conversation.ends_at = start, start + dt.timedelta(hours=1)
    conversation.place = place
    conversation.answers = answers or {}
    conversation.save()
    return conversation


def add_wrap_up(cohort, number, start, consultants, place="Rådhuset, mødelokale 3"):
    from lederspor.visits.models import WrapUpGroup

    group = WrapUpGroup.objects.create(
        cohort=cohort,
        number=number,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place=place,
    )
    group.consultants.set(consultants)
    return group


def test_a_conversation_shows_its_name_only_to_its_attendees(cast, as_):
    from lederspor.conversations.models import AttendeeRole

    conversation = add_conversation(
        cast.enrolment,
        [
            (cast.aspirant, AttendeeRole.PARTICIPANT),
            (cast.leader, AttendeeRole.LEADER),
            (cast.consultant, AttendeeRole.CONSULTANT),
        ],
        at(8, 13),
        answers={"q1": "Hemmeligt svar om trivsel"},
    )
    week = {"uge": at(8, 13).date().isoformat()}
    mine = as_(cast.consultant).get(reverse("programmes:schedule"), week).content.decode()
    assert f"Samtale: {cast.aspirant.full_name}" in mine
    assert reverse("conversations:detail", args=[conversation.pk]) in mine
    # HR staff who do not attend: "Samtale", no name, no link, on the cohort's calendar
    cohort_url = reverse("programmes:cohort_calendar", args=[cast.cohort.pk])
    theirs = as_(cast.hr_colleague).get(cohort_url, week).content.decode()
    assert "Samtale" in theirs
    assert cast.aspirant.full_name not in theirs
    assert reverse("conversations:detail", args=[conversation.pk]) not in theirs
    assert "Hemmeligt svar" not in mine + theirs
    # nor on HR's view of every cohort
    everything = as_(cast.hr_colleague).get(reverse("programmes:schedule"), {**week, "vis": "alle"})
    assert all(not e.event.private for d in everything.context["week"].days for e in d.events)


def test_the_feed_titles_conversations_generically(cast, as_, client):
    from lederspor.conversations.models import AttendeeRole

    add_conversation(
        cast.enrolment,
        [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.consultant, AttendeeRole.CONSULTANT)],
        at(5, 13),
        answers={"q1": "Hemmeligt svar om trivsel"},
    )
    path = subscribe(as_(cast.consultant))
    text = client.get(path).content.decode("utf-8")
    events = list(Calendar.from_ical(text).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Samtale"]
    assert str(events[0]["class"]) == "PRIVATE"
    assert cast.aspirant.full_name not in text
    assert cast.aspirant.last_name not in text
    assert "Hemmeligt" not in text and "LEADER_BEFORE" not in text.upper().replace("-", "_")


def test_wrap_ups_occupy_their_consultants_and_clash_in_one_room(cast, other_consultant):
    karen, karens_cohort = other_consultant
    first = add_wrap_up(cast.cohort, 1, at(6, 9), [cast.consultant])
    second = add_wrap_up(karens_cohort, 1, at(6, 9, 30), [karen])
    start, end = at(6, 0), at(7, 0)
    mine = calendar_events(person=cast.consultant, cohort=None, start=start, end=end)
    assert [e.uid for e in mine] == [stable_uid(first)]
    clashes = find_clashes(calendar_events(person=None, cohort=None, start=start, end=end))
    assert [c.other.uid for c in clashes[stable_uid(first)]] == [stable_uid(second)]
    assert clashes[stable_uid(first)][0].same_room


def populate(cast, other_consultant, n: int) -> None:
    """`n` cohorts each with a session in next week's same room, `n` conversations the
    consultant attends and `n` wrap-ups they facilitate, all in the same week."""
    from lederspor.conversations.models import AttendeeRole

    _karen, _cohort = other_consultant
    # Monday to Thursday of next week, whatever today is
    d = (monday_of(None) + dt.timedelta(days=7) - timezone.localdate()).days
    for i in range(n):
        cohort = Cohort.objects.create(
            programme=cast.programme,
            name=f"Kalenderhold {i:03d}",
            starts_on=cast.cohort.starts_on,
            ends_on=cast.cohort.ends_on,
            capacity=10,
        )
        cohort.consultants.add(cast.consultant)
        add_session(cohort, f"Dag {i}", at(d, 8) + dt.timedelta(minutes=20 * i))
        add_conversation(
            cast.enrolment,
            [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.consultant, AttendeeRole.CONSULTANT)],
            at(d + 1, 8) + dt.timedelta(minutes=20 * i),
        )
        add_wrap_up(cohort, 1, at(d + 2, 8) + dt.timedelta(minutes=20 * i), [cast.consultant])
        add_session(cast.cohort, f"Holdets dag {i}", at(d + 3, 8) + dt.timedelta(minutes=20 * i))


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize(
    "page,bound",
    [("schedule", 28), ("cohort_calendar", 28)],
)
def test_calendar_pages_queries_do_not_grow(
    cast, as_, other_consultant, django_assert_max_num_queries, n, page, bound
):
    populate(cast, other_consultant, n)
    args = [cast.cohort.pk] if page == "cohort_calendar" else []
    client = as_(cast.consultant)
    monday = monday_of(None) + dt.timedelta(days=7)
    with django_assert_max_num_queries(bound) as ctx:
        response = client.get(reverse(f"programmes:{page}", args=args), {"uge": monday})
    print(f"{page} with {n}: {len(ctx.captured_queries)} queries")
    week = response.context["week"]
    assert week.count >= n and week.clash_count >= n  # the data shows, clashing


def test_two_renewals_at_once_keep_one_address(cast, as_, monkeypatch):
    """The second of two simultaneous renewals meets the one-active-address rule: a Danish
    message, no server error, and the first address still works."""
    from django.db import IntegrityError

    client = as_(cast.consultant)
    first = subscribe(client)

    def racing(**kwargs):
        raise IntegrityError("calendarfeed_one_active_per_person")

    monkeypatch.setattr(feeds, "feed_token_renew", racing)
    response = client.post(
        reverse("programmes:calendar_subscription"), {"handling": "forny"}, follow=True
    )
    assert "fornyet samtidig et andet sted" in response.content.decode()
    monkeypatch.undo()
    assert client.get(first).status_code == 200


def test_the_database_allows_one_active_address_per_person(cast):
    from django.db import IntegrityError, transaction

    feeds.feed_token_renew(person=cast.consultant, by=cast.consultant.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeedToken.objects.create(person=cast.consultant, prefix="abcd1234", token_hash="x")


# --- every person's own calendar (Lederspor #16 §3: "an iCalendar feed URL per user") ----------


@pytest.fixture
def others_events(cast, other_consultant):
    """What the aspirant must not see: a session of Karen's cohort in the aspirant's session's
    room and time, and the other aspirant's conversation with their leader at the same time."""
    from lederspor.conversations.models import AttendeeRole

    _karen, karens_cohort = other_consultant
    theirs = add_session(karens_cohort, "Karens undervisning", at(8, 10))
    private = add_conversation(
        cast.other_enrolment,
        [
            (cast.other_aspirant, AttendeeRole.PARTICIPANT),
            (cast.other_leader, AttendeeRole.LEADER),
            (cast.leader, AttendeeRole.LEADER),
        ],
        at(8, 9),
        place="Rådhuset, mødelokale 2",
    )
    return theirs, private


@pytest.fixture
def aspirants_events(cast):
    """The aspirant's session (Monday-ish week of `at(8)`) and their conversation with their
    leader and the consultant."""
    from lederspor.conversations.models import AttendeeRole

    session = add_session(cast.cohort, "Forandringsledelse", at(8, 9))
    conversation = add_conversation(
        cast.enrolment,
        [
            (cast.aspirant, AttendeeRole.PARTICIPANT),
            (cast.leader, AttendeeRole.LEADER),
            (cast.consultant, AttendeeRole.CONSULTANT),
        ],
        at(8, 13),
    )
    return session, conversation


def shown_items(response):
    return [e for d in response.context["week"].days for e in d.events]


def test_a_participant_sees_their_sessions_and_conversations_only(
    cast, as_, aspirants_events, others_events
):
    session, conversation = aspirants_events
    theirs, private = others_events
    client = as_(cast.aspirant)
    response = client.get(reverse("programmes:schedule"), {"uge": at(8, 9).date().isoformat()})
    assert response.status_code == 200
    items = shown_items(response)
    assert [e.event.uid for e in items] == [stable_uid(session), stable_uid(conversation)]
    assert not {stable_uid(theirs), stable_uid(private)} & {e.event.uid for e in items}
    text = response.content.decode()
    # not another cohort's session, nor another person's conversation (not even as a clash)
    assert "Karens undervisning" not in text and cast.other_aspirant.full_name not in text
    assert response.context["week"].clash_count == 0 and "Overlapper" not in text
    # no edit link, no cohort page, no HR export; their own enrolment page instead
    assert reverse("programmes:session_edit", args=[session.pk]) not in text
    assert "Ret eller flyt" not in text and "eksport=" not in text
    assert reverse("programmes:cohort_detail", args=[cast.cohort.pk]) not in text
    assert items[0].url == reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    assert items[1].url == reverse("conversations:detail", args=[conversation.pk])
    assert f"Samtale: {cast.aspirant.full_name}" in text
    for item in items:  # every link they are given opens for them
        assert client.get(item.url).status_code == 200
    assert client.get(reverse("programmes:calendar_subscription")).status_code == 200


def test_a_leader_sees_the_conversations_they_attend_not_the_cohort_sessions(
    cast, as_, aspirants_events, others_events
):
    session, _conversation = aspirants_events
    _theirs, private = others_events
    client = as_(cast.other_leader)
    response = client.get(reverse("programmes:schedule"), {"uge": at(8, 9).date().isoformat()})
    assert response.status_code == 200
    items = shown_items(response)
    assert [e.event.uid for e in items] == [stable_uid(private)]  # not the aspirant's
    assert items[0].title == f"Samtale: {cast.other_aspirant.full_name}"
    assert items[0].manage_url == "" and items[0].clashes == []
    assert client.get(items[0].url).status_code == 200
    # the chef and the host attend nothing: an empty week, still a page
    for who in (cast.chef, cast.host):
        empty = as_(who).get(reverse("programmes:schedule"), {"uge": at(8, 9).date().isoformat()})
        assert empty.status_code == 200 and empty.context["week"].count == 0
    assert stable_uid(session) not in [e.event.uid for e in items]


def test_the_consultant_still_gets_the_cohort_page_edit_link_and_clash(
    cast, as_, aspirants_events, others_events
):
    session, _conversation = aspirants_events
    response = as_(cast.consultant).get(
        reverse("programmes:schedule"), {"uge": at(8, 9).date().isoformat()}
    )
    item = next(e for e in shown_items(response) if e.event.uid == stable_uid(session))
    assert item.url == reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    assert item.manage_url == reverse("programmes:session_edit", args=[session.pk])
    assert item.clashes  # Karen's session in the same room


def test_hr_only_parts_of_the_calendar_stay_404_for_everyone_else(cast, as_):
    schedule = reverse("programmes:schedule")
    cohort_calendar = reverse("programmes:cohort_calendar", args=[cast.cohort.pk])
    for who in (cast.aspirant, cast.leader, cast.chef, cast.host, cast.outsider):
        client = as_(who)
        assert client.get(schedule).status_code == 200
        assert client.get(schedule, {"vis": "alle"}).status_code == 404
        assert client.get(schedule, {"eksport": "xlsx"}).status_code == 404
        assert client.get(schedule, {"eksport": "csv", "vis": "mine"}).status_code == 404
        assert client.get(cohort_calendar).status_code == 404
    # an administrator without a person: every cohort, but no feed of their own
    assert as_(cast.admin).get(schedule).status_code == 200
    assert as_(cast.admin).get(reverse("programmes:calendar_subscription")).status_code == 404


def test_a_participant_creates_renews_and_stops_a_feed_of_their_own_events(
    cast, as_, client, aspirants_events, others_events
):
    session, conversation = aspirants_events
    theirs, private = others_events
    aspirant = as_(cast.aspirant)
    first = subscribe(aspirant)
    assert (
        "Forny adresse"
        in aspirant.get(reverse("programmes:calendar_subscription")).content.decode()
    )
    second = subscribe(aspirant)  # renewed: the first stops at once
    assert client.get(first).status_code == 404
    response = client.get(second)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert sorted(str(e["uid"]) for e in events) == sorted(
        [stable_uid(session), stable_uid(conversation)]
    )
    assert stable_uid(theirs) not in text and stable_uid(private) not in text
    assert cast.other_aspirant.full_name not in text
    urls = {str(e["uid"]): str(e.get("url", "")) for e in events}
    enrolment_page = reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    assert urls[stable_uid(session)].endswith(enrolment_page)
    assert reverse("programmes:cohort_detail", args=[cast.cohort.pk]) not in text
    stopped = aspirant.post(reverse("programmes:calendar_subscription"), {"handling": "stop"})
    assert stopped.status_code == 302
    assert client.get(second).status_code == 404


def populate_participant(cast, other_consultant, n: int) -> None:
    """`n` cohorts the aspirant is seated on, each with a session next week, `n` conversations
    the aspirant attends, and `n` sessions and conversations of others they must not see."""
    from lederspor.conversations.models import AttendeeRole
    from lederspor.programmes.models import Enrolment

    _karen, karens_cohort = other_consultant
    d = (monday_of(None) + dt.timedelta(days=7) - timezone.localdate()).days
    for i in range(n):
        cohort = Cohort.objects.create(
            programme=cast.programme,
            name=f"Deltagerhold {i:03d}",
            starts_on=cast.cohort.starts_on,
            ends_on=cast.cohort.ends_on,
            capacity=10,
        )
        cohort.consultants.add(cast.consultant)
        Enrolment.objects.create(
            cohort=cohort,
            person=cast.aspirant,
            status=Enrolment.Status.ENROLLED,
            nominated_by=cast.leader,
        )
        add_session(cohort, f"Dag {i}", at(d, 8) + dt.timedelta(minutes=20 * i))
        add_session(karens_cohort, f"Karens dag {i}", at(d, 8) + dt.timedelta(minutes=20 * i))
        add_conversation(
            cast.enrolment,
            [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.leader, AttendeeRole.LEADER)],
            at(d + 1, 8) + dt.timedelta(minutes=20 * i),
        )
        add_conversation(
            cast.other_enrolment,
            [(cast.other_aspirant, AttendeeRole.PARTICIPANT)],
            at(d + 1, 8) + dt.timedelta(minutes=20 * i),
        )


@pytest.mark.parametrize("n", [3, 30])
def test_a_participants_calendar_queries_do_not_grow(
    cast, as_, other_consultant, django_assert_max_num_queries, n
):
    populate_participant(cast, other_consultant, n)
    client = as_(cast.aspirant)
    monday = monday_of(None) + dt.timedelta(days=7)
    with django_assert_max_num_queries(20) as ctx:
        response = client.get(reverse("programmes:schedule"), {"uge": monday})
    print(f"participant's schedule with {n}: {len(ctx.captured_queries)} queries")
    week = response.context["week"]
    assert week.count == 2 * n and week.clash_count == 0
    assert all("Karens" not in e.title for d in week.days for e in d.events)
