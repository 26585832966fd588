"""The demo municipality books no unintended clash (issue #16 §3: "the demo today books four
wrap-ups in the same room at the same hour"): over every dated event of the demo, no two
overlapping events share a person or a room (but the JTI feedback, part of the second teaching
day by seed 002 §5), and the demo consultant opens her calendar and the feed page."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lederspor.conversations.models import Conversation
from lederspor.notifications.ics import stable_uid
from lederspor.programmes.calendar_events import find_clashes
from lederspor.programmes.extensions import calendar_events


def test_the_demo_has_no_clash(demo):
    now = timezone.now()
    events = calendar_events(
        person=None,
        cohort=None,
        start=now - dt.timedelta(days=3 * 365),
        end=now + dt.timedelta(days=2 * 365),
    )
    assert len(events) > 50  # sessions, conversations, wrap-ups and the joint start meeting
    # seed 002 §5: the individual JTI feedback is part of the second teaching day, so the
    # consultant stepping out of the day for it is a true clash of the same person, by design
    part_of_the_day = {stable_uid(c) for c in Conversation.objects.filter(kind="jti_feedback")}
    clashes = {
        uid: [c for c in found if c.same_room or not ({uid, c.other.uid} & part_of_the_day)]
        for uid, found in find_clashes(events).items()
    }
    described = sorted(
        f"{e.attendee_title or e.title} {e.starts_at:%Y-%m-%d %H:%M}–{e.ends_at:%H:%M} "
        f"{e.place!r} ↔ {c.other.attendee_title or c.other.title} "
        f"{c.other.starts_at:%Y-%m-%d %H:%M}–{c.other.ends_at:%H:%M} {c.other.place!r}"
        f"{' (same person)' if c.same_person else ''}"
        for e in events
        for c in clashes.get(e.uid, [])
    )
    assert described == []


def test_the_demo_consultant_opens_her_calendar_and_the_feed_page(demo, client):
    from lederspor.core.models import User

    client.force_login(
        User.objects.get(email=demo.email("konsulent")), backend="lederspor.core.auth.EmailBackend"
    )
    response = client.get(reverse("programmes:schedule"))
    assert response.status_code == 200
    assert client.get(reverse("programmes:calendar_subscription")).status_code == 200
