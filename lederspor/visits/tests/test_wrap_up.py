"""May's wrap-up: groups of two pairs, booking with .ics, the gate, and who sees the notes."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lederspor.notifications.testing import run_worker
from lederspor.visits import services
from lederspor.visits.models import JobVisit, WrapUpGroup
from lederspor.visits.selectors import cohort_pairs, wrap_up_gate
from lederspor.visits.tests import factories as f


def _calendar_part(message) -> str:
    """The text/calendar alternative of a sent message (beside the text and HTML parts)."""
    (content,) = [c for c, mime in message.alternatives if mime.startswith("text/calendar")]
    return content


def _people(cast, n):
    """`n` leaders with logins, each in their own forvaltning."""
    return [f.leader(cast, f"Wu{i}x") for i in range(n)]


def test_groups_of_two_pairs_and_one_of_three_when_odd(cast):
    c = f.published(cast, f.leaders(cast, 10))  # five pairs
    groups = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    sizes = sorted(g.pairs.count() for g in groups)
    assert sizes == [2, 3]
    assert all(list(g.consultants.all()) == [cast.consultant] for g in groups)


def test_wrap_up_needs_published_pairs(cast):
    c = f.cohort(cast, f.leaders(cast, 4))
    with pytest.raises(ValidationError, match="Offentliggør"):
        services.wrap_up_compose(cohort=c, by=cast.consultant.user)


def test_booking_mails_members_and_consultants_an_ics_and_rebooking_bumps_sequence(cast):
    people = _people(cast, 4)
    c = f.published(cast, people)
    (group,) = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    run_worker()
    mail.outbox.clear()
    start = timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=60)
    group = services.wrap_up_book(
        group=group,
        expected_version=group.version,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Rådhuset",
        consultants=[cast.consultant, cast.hr_colleague],
        by=cast.consultant.user,
    )
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [p.email for p in people] + [cast.consultant.email, cast.hr_colleague.email]
    )
    cal = Calendar.from_ical(_calendar_part(mail.outbox[0]))
    event = next(iter(cal.walk("VEVENT")))
    assert str(cal["method"]) == "REQUEST" and int(event["sequence"]) == 0
    mail.outbox.clear()
    services.wrap_up_book(
        group=group,
        expected_version=group.version,
        starts_at=start + dt.timedelta(days=1),
        ends_at=start + dt.timedelta(days=1, hours=3),
        place="Rådhuset",
        consultants=[cast.consultant],
        by=cast.consultant.user,
    )
    run_worker()
    event = next(iter(Calendar.from_ical(_calendar_part(mail.outbox[0])).walk("VEVENT")))
    assert int(event["sequence"]) == 1


def test_gate_lists_pairs_without_both_visits_done_before_their_wrap_up(cast):
    c = f.published(cast, f.leaders(cast, 6))  # three pairs → one group of three pairs
    (group,) = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    wrap_up = timezone.now() + dt.timedelta(days=30)
    WrapUpGroup.objects.filter(pk=group.pk).update(
        starts_at=wrap_up, ends_at=wrap_up + dt.timedelta(hours=2)
    )
    done, late, open_ = list(c.visit_pairs.order_by("number"))
    before = timezone.now() - dt.timedelta(days=5)
    for pair in (done, late):
        pair.visits.update(status=JobVisit.Status.REFLECTED, starts_at=before)
    late_visit = late.visits.order_by("id").last()
    JobVisit.objects.filter(pk=late_visit.pk).update(starts_at=wrap_up + dt.timedelta(days=1))
    open_.visits.filter(pk=open_.visits.order_by("id").first().pk).update(
        status=JobVisit.Status.HELD, starts_at=before
    )
    gate = wrap_up_gate(pairs=cohort_pairs(cohort=c))
    assert {row.pair.pk for row in gate} == {late.pk, open_.pk}
    assert [v.pk for v in next(r for r in gate if r.pair.pk == late.pk).missing] == [late_visit.pk]


@pytest.fixture
def two_groups(cast):
    people = _people(cast, 8)
    c = f.published(cast, people)
    groups = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    for g in groups:
        services.wrap_up_notes_save(
            group=g, expected_version=g.version, notes=f"Noter {g.number}", by=cast.consultant.user
        )
    return groups


def test_wrap_up_notes_for_its_members_and_consultants_only(cast, two_groups, as_):
    first, second = two_groups
    url = reverse("visits:wrap_up_detail", args=[first.pk])
    member = first.pairs.first().memberships.first().person
    stranger = second.pairs.first().memberships.first().person
    assert "Noter 1" in as_(member).get(url).content.decode()
    assert "Noter 1" in as_(cast.consultant).get(url).content.decode()
    for person in (stranger, cast.chef, cast.outsider, cast.leader, cast.hr_colleague):
        assert as_(person).get(url).status_code == 404
    # members read, they do not book or write notes
    assert as_(member).post(url, {"notes": "x"}).status_code == 404
    assert as_(member).get(reverse("visits:wrap_up_book", args=[first.pk])).status_code == 404


def test_notes_another_consultant_saved_meanwhile_are_not_overwritten(cast, two_groups, as_):
    group = two_groups[0]
    group.consultants.add(cast.hr_colleague)
    url = reverse("visits:wrap_up_detail", args=[group.pk])
    seen = WrapUpGroup.objects.get(pk=group.pk).version
    first = as_(cast.hr_colleague).post(url, {"notes": "Kollegaens noter", "version": seen})
    assert first.status_code == 302
    stale = as_(cast.consultant).post(url, {"notes": "Mine noter", "version": seen})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Den fælles opsamling er ændret af en anden" in html and "Mine noter" in html
    assert WrapUpGroup.objects.get(pk=group.pk).notes == "Kollegaens noter"


def test_booking_and_notes_need_the_version_they_were_loaded_with(cast, two_groups):
    group = two_groups[0]
    with pytest.raises(TypeError, match="int version"):
        services.wrap_up_notes_save(
            group=group, expected_version=None, notes="x", by=cast.consultant.user
        )
    start = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(TypeError):
        services.wrap_up_book(
            group=group,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="Rådhuset",
            consultants=[cast.consultant],
            by=cast.consultant.user,
        )
    assert WrapUpGroup.objects.get(pk=group.pk).starts_at is None


def test_consultant_books_through_the_page(cast, two_groups, as_):
    group = two_groups[0]
    client = as_(cast.consultant)
    url = reverse("visits:wrap_up_book", args=[group.pk])
    assert client.get(url).status_code == 200
    group.refresh_from_db()
    bad = client.post(
        url,
        {"starts_at": "2030-05-10T12:00", "ends_at": "2030-05-10T09:00", "version": group.version},
    )
    assert bad.status_code == 400  # core.views.submit: an invalid form is 400
    ok = client.post(
        url,
        {
            "starts_at": "2030-05-10T09:00",
            "ends_at": "2030-05-10T12:00",
            "place": "Rådhuset",
            "consultants": [cast.consultant.pk],
            "version": group.version,
        },
    )
    assert ok.status_code == 302
    group.refresh_from_db()
    assert group.place == "Rådhuset"
    again = client.get(url).content.decode()
    assert "Flyt og send ny invitation" in again and "Book og send invitation" not in again
    assert reverse("visits:wrap_up_detail", args=[group.pk]) in again


def test_wrap_up_page_has_breadcrumbs_and_tells_consultants_members_read_the_notes(
    cast, two_groups, as_
):
    group = two_groups[0]
    url = reverse("visits:wrap_up_detail", args=[group.pk])
    consultant_html = as_(cast.consultant).get(url).content.decode()
    assert 'class="breadcrumbs"' in consultant_html
    assert reverse("visits:cohort_overview", args=[group.cohort_id]) in consultant_html
    assert "Noterne kan læses af deltagerne i gruppen." in consultant_html
    member = group.pairs.first().memberships.first().person
    member_html = as_(member).get(url).content.decode()
    assert 'class="breadcrumbs"' in member_html and reverse("visits:mine") in member_html
    assert "Noterne kan læses af deltagerne i gruppen." not in member_html
