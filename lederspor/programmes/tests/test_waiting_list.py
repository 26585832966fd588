"""The waiting list (issue #16 §3): nominations beyond a cohort's capacity go on a waiting list
in order; a withdrawal offers the seat to the first one, the consultant gives it or skips; the
leader (and, when given the seat, the participant) is told by mail; every step is audited."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker
from lederspor.people.models import Person
from lederspor.programmes import selectors, services
from lederspor.programmes.models import Cohort, Enrolment, Session
from lederspor.site.testing import make_person

Status = Enrolment.Status
MOTIVATION = "Hemmelig begrundelse om Fridas udvikling"


def audit_actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def people(cast, n: int, prefix: str = "V") -> list[Person]:
    """`n` employees of the cast's leader (so leader nominates them)."""
    return [
        make_person(
            f"{prefix}{i}navn",
            "Venter",
            cast.workplace,
            manager=cast.leader,
            number=f"{prefix}-{i}",
        )
        for i in range(n)
    ]


def nominate(cast, cohort, person) -> Enrolment:
    return services.enrolment_nominate(
        cohort=cohort,
        person=person,
        nominated_by=cast.leader,
        motivation=MOTIVATION,
        by=cast.leader.user,
    )


def approve(cast, enrolment) -> Enrolment:
    return services.enrolment_approve(
        enrolment=enrolment, decided_by=cast.consultant, by=cast.consultant.user
    )


def waitlist(cast, enrolment) -> Enrolment:
    return services.enrolment_waitlist(enrolment=enrolment, by=cast.consultant.user)


def give(cast, enrolment) -> Enrolment:
    return services.waitlist_give_place(
        enrolment=enrolment, decided_by=cast.consultant, by=cast.consultant.user
    )


def withdraw(cast, enrolment) -> Enrolment:
    return services.enrolment_withdraw(
        enrolment=enrolment, by=cast.consultant.user, reason="Flytter til en anden kommune"
    )


@pytest.fixture
def full(cast):
    """A cohort of 2 seats, both taken, with two on the waiting list (in that order).

    Returns (cohort, seated, waiting)."""
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=cast.programme,
        name="Fuldt hold",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=200),
        capacity=2,
    )
    cohort.consultants.add(cast.consultant)
    seated_people, waiting_people = people(cast, 2, "S"), people(cast, 2, "W")
    seated = [approve(cast, nominate(cast, cohort, p)) for p in seated_people]
    waiting = [waitlist(cast, nominate(cast, cohort, p)) for p in waiting_people]
    run_worker()
    mail.outbox.clear()
    return cohort, seated, waiting


# --- services: the capacity rule and the order ---------------------------------------------------


def test_approval_of_a_full_cohort_is_refused_and_offers_the_waiting_list(cast, full):
    cohort, _seated, _waiting = full
    extra = nominate(cast, cohort, people(cast, 1, "X")[0])
    with pytest.raises(ValidationError) as exc:
        approve(cast, extra)
    assert "Holdet er fuldt (2 pladser). Sæt indstillingen på venteliste" in exc.value.messages[0]
    extra.refresh_from_db()
    assert extra.status == Status.NOMINATED


def test_waiting_list_keeps_the_order_in_which_they_were_put_on_it(cast, full):
    cohort, _seated, waiting = full
    third = waitlist(cast, nominate(cast, cohort, people(cast, 1, "X")[0]))
    listed = selectors.cohort_waiting_list(cohort=cohort)
    assert listed == [*waiting, third]
    assert [services.waitlist_position(e) for e in listed] == [1, 2, 3]
    assert audit_actions(third) == ["enrolment.nominate", "waitlist.add"]
    assert (
        AuditEvent.objects.filter(action="waitlist.add", object_id=str(third.pk))
        .get()
        .data["position"]
        == 3
    )


def test_a_waitlisted_place_is_active_but_takes_no_seat(cast, full):
    cohort, _seated, waiting = full
    assert cohort.enrolments.filter(status__in=Enrolment.SEATED).count() == 2
    assert Status.WAITLISTED in Enrolment.ACTIVE and Status.WAITLISTED not in Enrolment.SEATED
    other = Cohort.objects.create(
        programme=cast.programme,
        name="Andet hold",
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        capacity=10,
    )
    with pytest.raises(ValidationError, match="allerede på venteliste på Fuldt hold"):
        nominate(cast, other, waiting[0].person)
    matrix = selectors.cohort_progress_matrix(cohort=cohort)
    assert waiting[0] not in [row.enrolment for row in matrix.rows]


def test_only_a_nomination_goes_on_the_waiting_list_and_only_when_no_seat_is_free(cast, full):
    cohort, seated, waiting = full
    with pytest.raises(ValidationError, match="Kun indstillinger"):
        waitlist(cast, seated[0])
    with pytest.raises(ValidationError, match="Kun indstillinger"):
        waitlist(cast, waiting[0])
    roomy = Cohort.objects.create(
        programme=cast.programme,
        name="Hold med plads",
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        capacity=5,
    )
    nomination = nominate(cast, roomy, people(cast, 1, "R")[0])
    with pytest.raises(ValidationError, match=r"ledig plads.*Godkend indstillingen i stedet"):
        waitlist(cast, nomination)
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED and nomination.waitlisted_at is None


def test_a_freed_seat_goes_to_the_waiting_list_before_new_nominations(cast, full):
    cohort, seated, _waiting = full
    newcomer = nominate(cast, cohort, people(cast, 1, "N")[0])
    withdraw(cast, seated[0])
    with pytest.raises(ValidationError, match="tilbydes først dem på ventelisten"):
        approve(cast, newcomer)
    # the newcomer joins the back of the list though a seat is free: the seat is the first's
    waitlist(cast, newcomer)
    assert services.waitlist_position(newcomer) == 3


# --- offer on withdrawal, confirm, skip ---------------------------------------------------------


def test_withdrawal_offers_the_seat_to_the_first_on_the_list(cast, full):
    cohort, seated, waiting = full
    assert selectors.waitlist_offers(person=cast.consultant, all_cohorts=False) == []
    withdraw(cast, seated[0])
    (offer,) = [
        o
        for o in selectors.waitlist_offers(person=cast.consultant, all_cohorts=False)
        if o.cohort == cohort
    ]
    assert offer.enrolment == waiting[0] and offer.position == 1 and offer.free_seats == 1
    assert offer.viewer_consults
    # nobody is seated automatically: the consultant confirms
    waiting[0].refresh_from_db()
    assert waiting[0].status == Status.WAITLISTED


def test_giving_the_place_enrols_invites_and_tells_participant_and_leader(cast, full):
    cohort, seated, waiting = full
    start = timezone.now() + dt.timedelta(days=20)
    services.session_create(
        cohort=cohort,
        kind=Session.Kind.TEACHING_DAY,
        theme="Første undervisningsdag",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Rådhuset",
        by=cast.consultant.user,
    )
    withdraw(cast, seated[0])
    run_worker()
    mail.outbox.clear()
    first = waiting[0]
    give(cast, first)
    first.refresh_from_db()
    assert first.status == Status.ENROLLED
    assert first.decided_by == cast.consultant and first.decided_at is not None
    assert audit_actions(first) == ["enrolment.nominate", "waitlist.add", "waitlist.give_place"]
    run_worker()
    by_address = {}
    for message in mail.outbox:
        by_address.setdefault(message.to[0], []).append(message)
    participant_mails = by_address[first.person.email]
    subjects = sorted(m.subject for m in participant_mails)
    assert "Du har fået en plads på Fuldt hold" in subjects
    # the calendar invitation of the upcoming session (SEQUENCE bumped by the withdrawal, so
    # its subject says "Ændret:")
    assert any("Første undervisningsdag" in s for s in subjects)
    (to_leader,) = by_address[cast.leader.email]
    assert to_leader.subject == "Plads fra ventelisten: Fuldt hold"
    assert first.person.full_name in to_leader.body
    for message in mail.outbox:
        assert MOTIVATION not in message.subject and MOTIVATION not in message.body
    assert OutgoingEmail.objects.filter(kind="programmes.waitlist_place").count() == 2


def test_leader_is_told_the_position_when_the_nominee_goes_on_the_list(cast, full):
    cohort, _seated, _waiting = full
    person = people(cast, 1, "P")[0]
    enrolment = waitlist(cast, nominate(cast, cohort, person))
    run_worker()
    (message,) = [m for m in mail.outbox if m.to == [cast.leader.email]]
    assert message.subject == "Indstilling sat på venteliste: Fuldt hold"
    assert f"{person.first_name} er nr. 3 på ventelisten" in message.body
    assert MOTIVATION not in message.subject + message.body
    assert person.email not in [m.to[0] for m in mail.outbox]  # only the leader
    assert OutgoingEmail.objects.get(
        kind="programmes.waitlisted", about=f"programmes.enrolment:{enrolment.pk}"
    )


def test_only_the_first_in_line_may_be_given_a_single_free_seat(cast, full):
    _cohort, seated, waiting = full
    withdraw(cast, seated[0])
    with pytest.raises(ValidationError, match=r"nr\. 2 på ventelisten"):
        give(cast, waiting[1])
    waiting[1].refresh_from_db()
    assert waiting[1].status == Status.WAITLISTED


def test_no_seat_is_given_while_the_cohort_is_full(cast, full):
    _cohort, _seated, waiting = full
    with pytest.raises(ValidationError, match="Pladsen er allerede besat"):
        give(cast, waiting[0])


def test_two_consultants_confirming_at_once_seat_one_only(cast, full):
    """Both consultants loaded the page before either confirmed: the second confirmation,
    of the same person or of the next one, is refused inside its transaction (the cohort
    row is locked and the capacity counted after the lock)."""
    cohort, seated, waiting = full
    cohort.consultants.add(cast.hr_colleague)
    withdraw(cast, seated[0])
    seen_by_first = Enrolment.objects.get(pk=waiting[0].pk)
    seen_by_second = Enrolment.objects.get(pk=waiting[0].pk)
    give(cast, seen_by_first)
    with pytest.raises(ValidationError, match="står ikke længere på ventelisten"):
        services.waitlist_give_place(
            enrolment=seen_by_second, decided_by=cast.hr_colleague, by=cast.hr_colleague.user
        )
    # the second consultant's page offered the next one after a skip they had not seen
    with pytest.raises(ValidationError, match="Pladsen er allerede besat"):
        give(cast, waiting[1])
    assert cohort.enrolments.filter(status__in=Enrolment.SEATED).count() == 2
    assert AuditEvent.objects.filter(action="waitlist.give_place").count() == 1


def test_skip_moves_the_offered_person_to_the_back_and_offers_the_next(cast, full):
    cohort, seated, waiting = full
    withdraw(cast, seated[0])
    services.waitlist_skip(enrolment=waiting[0], by=cast.consultant.user)
    assert selectors.cohort_waiting_list(cohort=cohort) == [waiting[1], waiting[0]]
    (offer,) = [
        o
        for o in selectors.waitlist_offers(person=cast.consultant, all_cohorts=False)
        if o.cohort == cohort
    ]
    assert offer.enrolment == waiting[1]
    event = AuditEvent.objects.get(action="waitlist.skip")
    assert (event.data["old_position"], event.data["position"]) == (1, 2)
    give(cast, waiting[1])


def test_skip_is_refused_for_the_only_one_waiting_and_for_others(cast, full):
    _cohort, seated, waiting = full
    withdraw(cast, waiting[1])
    with pytest.raises(ValidationError, match="den eneste på ventelisten"):
        services.waitlist_skip(enrolment=waiting[0], by=cast.consultant.user)
    with pytest.raises(ValidationError, match="står ikke længere på ventelisten"):
        services.waitlist_skip(enrolment=seated[0], by=cast.consultant.user)


def test_leaving_the_waiting_list_and_being_nominated_again(cast, full):
    cohort, _seated, waiting = full
    withdraw(cast, waiting[0])
    waiting[0].refresh_from_db()
    assert waiting[0].status == Status.WITHDRAWN
    assert services.waitlist_position(waiting[1]) == 1
    again = nominate(cast, cohort, waiting[0].person)
    assert again.pk == waiting[0].pk and again.status == Status.NOMINATED
    assert again.waitlisted_at is None


# --- pages and permissions ----------------------------------------------------------------------


def test_cohort_page_shows_the_list_and_the_offer_to_its_consultant(cast, full, as_):
    cohort, seated, waiting = full
    withdraw(cast, seated[0])
    response = as_(cast.consultant).get(reverse("programmes:cohort_detail", args=[cohort.pk]))
    html = response.content.decode()
    assert f"Pladsen kan tilbydes {waiting[0].person.full_name}" in html
    assert f"Giv pladsen til {waiting[0].person.full_name}" in html
    assert reverse("programmes:waitlist_skip", args=[waiting[0].pk]) in html
    assert f"Pladsen kan tilbydes {waiting[1].person.full_name}" not in html
    assert html.index(waiting[0].person.full_name) < html.index(waiting[1].person.full_name)
    assert "Lars Leder" in html  # nominated by


def test_hr_staff_read_the_list_without_buttons(cast, full, as_):
    cohort, seated, waiting = full
    withdraw(cast, seated[0])
    response = as_(cast.hr_colleague).get(reverse("programmes:cohort_detail", args=[cohort.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and waiting[1].person.full_name in html
    assert reverse("programmes:waitlist_give_place", args=[waiting[0].pk]) not in html


@pytest.mark.parametrize("who", ["leader", "aspirant", "other_leader", "outsider"])
def test_others_do_not_see_the_cohort_page(cast, full, as_, who):
    cohort, _seated, _waiting = full
    response = as_(getattr(cast, who)).get(reverse("programmes:cohort_detail", args=[cohort.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "who,status",
    [
        ("leader", 403),  # the nominee's nearest leader may read the enrolment, not seat it
        ("chef", 403),
        ("other_leader", 404),  # the leader of another unit does not see it at all
        ("outsider", 404),
        ("hr_colleague", 404),  # HR staff who do not run the cohort
    ],
)
@pytest.mark.parametrize("name", ["waitlist_give_place", "waitlist_skip", "enrolment_waitlist"])
def test_only_the_cohorts_consultants_decide(cast, full, as_, who, status, name):
    _cohort, seated, waiting = full
    withdraw(cast, seated[0])
    response = as_(getattr(cast, who)).post(reverse(f"programmes:{name}", args=[waiting[0].pk]))
    assert response.status_code == status
    waiting[0].refresh_from_db()
    assert waiting[0].status == Status.WAITLISTED
    assert services.waitlist_position(waiting[0]) == 1


def test_the_participant_may_not_give_themself_the_seat(cast, full, as_):
    _cohort, seated, waiting = full
    withdraw(cast, seated[0])
    response = as_(waiting[0].person).post(
        reverse("programmes:waitlist_give_place", args=[waiting[0].pk])
    )
    assert response.status_code == 403
    waiting[0].refresh_from_db()
    assert waiting[0].status == Status.WAITLISTED


def test_consultant_gives_the_place_from_the_nomination_queue(cast, full, as_):
    _cohort, seated, waiting = full
    withdraw(cast, seated[0])
    client = as_(cast.consultant)
    html = client.get(reverse("programmes:nomination_queue")).content.decode()
    assert f"Pladsen kan tilbydes {waiting[0].person.full_name}" in html
    response = client.post(
        reverse("programmes:waitlist_give_place", args=[waiting[0].pk]), {"next": "queue"}
    )
    assert response.status_code == 302 and response.url == reverse("programmes:nomination_queue")
    assert any("har fået pladsen" in m for m in messages_of(response))
    waiting[0].refresh_from_db()
    assert waiting[0].status == Status.ENROLLED
    html = client.get(reverse("programmes:nomination_queue")).content.decode()
    assert "Pladsen kan tilbydes" not in html


def test_consultant_puts_a_nomination_on_the_list_from_the_cohort_page(cast, full, as_):
    cohort, _seated, _waiting = full
    nomination = nominate(cast, cohort, people(cast, 1, "Q")[0])
    client = as_(cast.consultant)
    html = client.get(reverse("programmes:cohort_detail", args=[cohort.pk])).content.decode()
    assert reverse("programmes:enrolment_waitlist", args=[nomination.pk]) in html
    assert reverse("programmes:enrolment_approve", args=[nomination.pk]) not in html
    response = client.post(
        reverse("programmes:enrolment_waitlist", args=[nomination.pk]), {"next": "cohort"}
    )
    assert response.url == reverse("programmes:cohort_detail", args=[cohort.pk])
    assert any("sat på venteliste som nr. 3" in m for m in messages_of(response))


def test_refusals_are_clear_danish_messages_and_change_nothing(cast, full, as_):
    cohort, seated, waiting = full
    client = as_(cast.consultant)
    response = client.post(reverse("programmes:waitlist_give_place", args=[waiting[0].pk]))
    assert response.status_code == 302
    assert any("Pladsen er allerede besat" in m for m in messages_of(response))
    response = client.post(reverse("programmes:waitlist_skip", args=[seated[0].pk]))
    assert any("står ikke længere på ventelisten" in m for m in messages_of(response))
    response = client.post(reverse("programmes:enrolment_waitlist", args=[seated[0].pk]))
    assert any("Kun indstillinger kan sættes på venteliste" in m for m in messages_of(response))
    response = client.post(reverse("programmes:waitlist_give_place", args=[999999]))
    assert response.status_code == 404
    assert cohort.enrolments.filter(status=Status.WAITLISTED).count() == 2
    assert not AuditEvent.objects.filter(action__in=["waitlist.give_place", "waitlist.skip"])


def test_leader_sees_only_their_nominees_position(cast, full, as_):
    _cohort, _seated, waiting = full
    other = make_person(
        "Ulla", "Anden", cast.other_workplace, manager=cast.other_leader, number="U-1"
    )
    waiting_other = services.enrolment_waitlist(
        enrolment=services.enrolment_nominate(
            cohort=_cohort,
            person=other,
            nominated_by=cast.other_leader,
            motivation="Stærk",
            by=cast.other_leader.user,
        ),
        by=cast.consultant.user,
    )
    html = as_(cast.leader).get(reverse("site:my_reports")).content.decode()
    assert "nr. 1 på ventelisten" in html and "nr. 2 på ventelisten" in html
    assert other.full_name not in html
    html = as_(cast.other_leader).get(reverse("site:my_reports")).content.decode()
    assert "nr. 3 på ventelisten" in html
    assert waiting[0].person.full_name not in html and waiting[1].person.full_name not in html
    page = as_(cast.other_leader).get(
        reverse("programmes:enrolment_detail", args=[waiting_other.pk])
    )
    assert "Nr. 3 på ventelisten" in page.content.decode()
    assert waiting[0].person.full_name not in page.content.decode()
    assert (
        as_(cast.other_leader)
        .get(reverse("programmes:enrolment_detail", args=[waiting[0].pk]))
        .status_code
        == 404
    )


# --- queries: the same at two data sizes ---------------------------------------------------------


def _grow(cast, cohorts: int, tag: str) -> None:
    """`cohorts` extra full cohorts of the consultant, each with a freed seat and 3 waiting
    (`tag` keeps the people's e-mail addresses apart between calls)."""
    today = timezone.localdate()
    for i in range(cohorts):
        cohort = Cohort.objects.create(
            programme=cast.programme,
            name=f"Vækst {tag}{i:03d}",
            starts_on=today + dt.timedelta(days=20 + i),
            ends_on=today + dt.timedelta(days=300),
            capacity=2,
        )
        cohort.consultants.add(cast.consultant)
        for j, person in enumerate(people(cast, 5, f"G{tag}{i}x")):
            enrolment = nominate(cast, cohort, person)
            if j < 2:
                approve(cast, enrolment)
            else:
                waitlist(cast, enrolment)
        withdraw(cast, cohort.enrolments.filter(status=Status.ENROLLED).first())


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_with_the_waiting_list_use_the_same_queries_at_two_data_sizes(cast, full, as_):
    cohort, _seated, _waiting = full
    client = as_(cast.consultant)
    leader = as_(cast.leader)
    urls = [
        (client, reverse("programmes:nomination_queue")),
        (client, reverse("programmes:cohort_detail", args=[cohort.pk])),
        (leader, reverse("site:my_reports")),
    ]
    _grow(cast, 2, "a")
    small = [_count(c, url) for c, url in urls]
    _grow(cast, 12, "b")
    for person in people(cast, 20, "Z"):
        waitlist(cast, nominate(cast, cohort, person))
    large = [_count(c, url) for c, url in urls]
    assert small == large


def test_no_skip_button_when_only_one_waits(cast, full, as_):
    cohort, seated, waiting = full
    withdraw(cast, waiting[1])
    withdraw(cast, seated[0])
    client = as_(cast.consultant)
    skip_url = reverse("programmes:waitlist_skip", args=[waiting[0].pk])
    for url in (
        reverse("programmes:nomination_queue"),
        reverse("programmes:cohort_detail", args=[cohort.pk]),
    ):
        html = client.get(url).content.decode()
        assert f"Giv pladsen til {waiting[0].person.full_name}" in html
        assert skip_url not in html
