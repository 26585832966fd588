"""The demo's waiting list (issue #16 §3): a full cohort with two waiting and a seat freed by a
recent withdrawal, which the consultant is offered to give to the first on the list."""

from django.test import Client
from django.urls import reverse

from lederspor.programmes import selectors
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.site.demo.aspirant import ACTIVE_COHORT
from lederspor.site.demo.waiting_list import CAPACITY, WAITLIST_COHORT

Status = Enrolment.Status


def test_demo_cohort_is_full_with_two_waiting_and_a_seat_to_offer(demo):
    cohort = Cohort.objects.get(name=WAITLIST_COHORT)
    assert cohort.capacity == CAPACITY
    waiting = selectors.cohort_waiting_list(cohort=cohort)
    assert len(waiting) == 2
    assert cohort.enrolments.filter(status__in=Enrolment.SEATED).count() == CAPACITY - 1
    assert cohort.enrolments.filter(status=Status.WITHDRAWN).count() == 1
    assert selectors.offered_from(waiting, 1) == waiting[:1]
    # the active cohort keeps its 26 seated participants (test_demo.py)
    assert (
        Enrolment.objects.filter(cohort__name=ACTIVE_COHORT, status=Status.ENROLLED).count() == 26
    )


def test_demo_consultant_sees_the_offer_and_the_leader_the_position(demo):
    cohort = Cohort.objects.get(name=WAITLIST_COHORT)
    first = selectors.cohort_waiting_list(cohort=cohort)[0]
    consultant = Client()
    consultant.force_login(cohort.consultants.order_by("pk").first().user)
    html = consultant.get(reverse("programmes:cohort_detail", args=[cohort.pk])).content.decode()
    assert f"Pladsen kan tilbydes {first.person.full_name}" in html
    queue = consultant.get(reverse("programmes:nomination_queue")).content.decode()
    assert f"Pladsen kan tilbydes {first.person.full_name}" in queue
    leader = Client()
    leader.force_login(first.person.manager.user)
    page = leader.get(reverse("site:my_reports")).content.decode()
    assert "nr. 1 på ventelisten" in page
