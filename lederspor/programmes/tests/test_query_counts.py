"""List and overview pages use a fixed number of queries, whatever the size of the data.

Each page is measured with 24 and with 240 participants (plus sessions, attendance, tasks and
cohorts in proportion) against the same bound: the count measured at 24. A page whose queries
grow with the data (N+1) fails at 240.
"""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.catalogue.content import load_catalogue
from lederspor.catalogue.models import TaskAssignment
from lederspor.catalogue.services import task_assignment_propose
from lederspor.people.models import Person
from lederspor.programmes import services
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Session

Status = Enrolment.Status
TaskStatus = TaskAssignment.Status

#: page → (who, url builder, bound = queries measured with 24 participants)
PAGES = {
    "cohort_list": ("consultant", lambda cast: reverse("programmes:cohort_list"), 11),
    "cohort_detail": (
        "consultant",
        lambda cast: reverse("programmes:cohort_detail", args=[cast.cohort.pk]),
        # +4 since issue #16 §3: the upcoming sessions and the clash check's events; +1 the
        # waiting list
        25,
    ),
    # +1 since issue #15: the read log's one insert (the consultant's person is cached)
    "nomination_queue": ("consultant", lambda cast: reverse("programmes:nomination_queue"), 13),
    # issue #16 §3: the week's events, shown and all (the clash check), each source's fixed count
    # (+2: the viewer's consulted cohorts and seats, for the links they may open)
    "schedule": ("consultant", lambda cast: reverse("programmes:schedule"), 21),
    "cohort_calendar": (
        "consultant",
        lambda cast: reverse("programmes:cohort_calendar", args=[cast.cohort.pk]),
        23,
    ),
    # +1 on pages that show other persons: the read-log row (issue #15 §1)
    "my_reports": ("leader", lambda cast: reverse("site:my_reports"), 14),
    "chef_area": ("chef", lambda cast: reverse("site:chef_area"), 12),
    "enrolment_detail": (
        "aspirant",
        lambda cast: reverse("programmes:enrolment_detail", args=[cast.enrolment.pk]),
        # +1: the "Mit jobbesøg" navigation check, made for participants only;
        # +4: the conversations and logbook panels (issue #3), two queries each;
        # +1: the participant's open evaluations (issue #13)
        # +1: whether the menu shows "Kompetenceudvikling": is a participant on a plan (issue #16)
        22,
    ),
    "session_attendance": (
        "consultant",
        lambda cast: reverse(
            "programmes:session_attendance", args=[cast.cohort.sessions.order_by("pk")[0].pk]
        ),
        # +1 since issue #15: the read log's one insert naming the seated participants
        16,
    ),
}


def grow(cast, n: int) -> None:
    """Add `n` participants under leader/other_leader (so chef is their chef) with enrolments,
    tasks, sessions, attendance and extra cohorts in proportion to `n`."""
    tasks = load_catalogue()
    now = timezone.now()
    today = timezone.localdate()
    Cohort.objects.filter(pk=cast.cohort.pk).update(capacity=1000)
    cast.cohort.refresh_from_db()

    extra_cohorts = []
    for i in range(max(1, n // 12)):
        cohort = Cohort.objects.create(
            programme=cast.programme,
            name=f"Ekstra hold {i:03d}",
            starts_on=today + dt.timedelta(days=20 + i),
            ends_on=today + dt.timedelta(days=300),
            capacity=1000,
        )
        cohort.consultants.add(cast.consultant)
        extra_cohorts.append(cohort)

    leaders = [cast.leader, cast.leader, cast.other_leader]
    people = Person.objects.bulk_create(
        [
            Person(
                employee_number=f"Q{n}-{i:04d}",
                first_name=f"Deltager{i:04d}",
                last_name="Testesen",
                email=f"deltager{n}-{i}@test.dk",
                job_title="Pædagog",
                unit=cast.workplace,
                manager=leaders[i % 3],
            )
            for i in range(n)
        ]
    )
    # every 6th is a pending nomination on an extra cohort, every 12th (offset) is rejected or
    # withdrawn on the cast cohort; the rest are enrolled on the cast cohort.
    rows = []
    for i, person in enumerate(people):
        common = {"person": person, "nominated_by": person.manager, "nominated_at": now}
        if i % 6 == 0:
            cohort = extra_cohorts[i % len(extra_cohorts)]
            rows.append(
                Enrolment(cohort=cohort, status=Status.NOMINATED, motivation="Klar", **common)
            )
        elif i % 12 == 1:
            rows.append(
                Enrolment(
                    cohort=cast.cohort, status=Status.REJECTED, decision_reason="Ikke nu", **common
                )
            )
        elif i % 12 == 7:
            rows.append(
                Enrolment(
                    cohort=cast.cohort,
                    status=Status.WITHDRAWN,
                    withdrawal_reason="Nyt job",
                    withdrawn_at=now,
                    **common,
                )
            )
        else:
            rows.append(Enrolment(cohort=cast.cohort, status=Status.ENROLLED, **common))
    enrolments = Enrolment.objects.bulk_create(rows)
    enrolled = [e for e in enrolments if e.status == Status.ENROLLED]

    # sessions: half past, half upcoming, plus one per extra cohort; one through the service
    sessions = [
        services.session_create(
            cohort=cast.cohort,
            kind=Session.Kind.TAKE_OFF,
            theme="Take-off",
            starts_at=now - dt.timedelta(days=20),
            ends_at=now - dt.timedelta(days=20) + dt.timedelta(hours=3),
            by=cast.consultant.user,
        )
    ]
    k = max(2, n // 8)
    sessions += Session.objects.bulk_create(
        [
            Session(
                cohort=cast.cohort,
                kind=Session.Kind.NETWORK_MEETING,
                theme=f"Netværksmøde {j}",
                starts_at=now + dt.timedelta(days=7 * (j - k // 2)),
                ends_at=now + dt.timedelta(days=7 * (j - k // 2), hours=3),
                place="Rådhuset",
            )
            for j in range(k)
        ]
        + [
            Session(
                cohort=c,
                kind=Session.Kind.TEACHING_DAY,
                theme=f"Undervisning {c.name}",
                starts_at=now + dt.timedelta(days=30),
                ends_at=now + dt.timedelta(days=30, hours=6),
            )
            for c in extra_cohorts
        ]
    )
    past = [s for s in sessions if s.cohort_id == cast.cohort.pk and s.starts_at < now]
    statuses = itertools.cycle(Attendance.Status.values)
    Attendance.objects.bulk_create(
        [
            Attendance(session=s, enrolment=e, status=next(statuses))
            for s in past
            for e in [*enrolled, cast.enrolment, cast.other_enrolment]
        ]
    )

    # tasks: one per enrolled participant in every status; the cast aspirant gets n // 8 more
    hosts = [None, cast.host, cast.colleague]
    task_statuses = TaskStatus.values

    def task(enrolment, j, proposer):
        return TaskAssignment(
            enrolment=enrolment,
            catalogue_task=tasks[j % len(tasks)] if j % 2 else None,
            title=f"Opgave {j}",
            learning_goal="Lære at lede",
            host=hosts[j % 3],
            status=task_statuses[j % len(task_statuses)],
            proposed_by=proposer,
            due_on=today + dt.timedelta(days=(j % 40) - 20),
        )

    TaskAssignment.objects.bulk_create(
        [task(e, j, e.person if j % 2 else e.person.manager) for j, e in enumerate(enrolled)]
        + [task(cast.enrolment, j, cast.leader) for j in range(n // 8)]
    )
    task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.aspirant,
        by=cast.aspirant.user,
        catalogue_task=tasks[0],
        learning_goal="Rekruttering i praksis",
        host=cast.host,
    )


@pytest.mark.parametrize("size", [24, 240])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_the_data(
    cast, as_, django_assert_max_num_queries, page, size
):
    who, url_for, bound = PAGES[page]
    grow(cast, size)
    client = as_(getattr(cast, who))
    url = url_for(cast)
    with django_assert_max_num_queries(bound) as ctx:
        response = client.get(url)
    print(f"{page} with {size} participants: {len(ctx.captured_queries)} queries (bound {bound})")
    assert response.status_code == 200


def test_the_data_really_shows_on_the_pages(cast, as_):
    """Guard against a bound that passes because the pages show nothing."""
    grow(cast, 24)
    consultant = as_(cast.consultant)
    detail = consultant.get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert len(detail.context["matrix"].rows) == 2 + 16  # cast aspirants + enrolled extras
    assert len(detail.context["matrix"].sessions) == 4
    assert len(detail.context["others"]) == 4
    queue = consultant.get(reverse("programmes:nomination_queue"))
    assert len(queue.context["page_obj"]) == 4
    reports = as_(cast.leader).get(reverse("site:my_reports"))
    assert len(reports.context["enrolments"]) == 1 + 16
    chef = as_(cast.chef).get(reverse("site:chef_area"))
    assert chef.context["page_obj"].paginator.count == 2 + 24
    mine = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[cast.enrolment.pk]))
    assert len(mine.context["tasks"]) == 3 + 1
