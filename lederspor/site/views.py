"""The front page: what the signed-in person has to do, per role relation."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lederspor.catalogue.models import TaskAssignment
from lederspor.core.access import not_found
from lederspor.people.roles import roles_for
from lederspor.people.selectors import person_reports
from lederspor.privacy.readlog import RecordKind, note_read
from lederspor.programmes.models import Enrolment
from lederspor.programmes.selectors import cohorts_open_for_nomination
from lederspor.site import selectors
from lederspor.site.waiting import waiting_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The front page: first "Venter på dig" (what waits on the person, per role: issue #16
    §2, `site.waiting`), then one card per role the person holds (participant, leader, chef,
    HR)."""
    roles = roles_for(request)
    person = roles.person
    waiting = waiting_for(request)
    context: dict[str, object] = {"waiting": waiting}
    if person is not None:
        if roles.is_participant:
            context["my_enrolments"] = list(
                Enrolment.objects.filter(person=person)
                .select_related("cohort__programme")
                .order_by("-cohort__starts_on")[:5]
            )
        if roles.is_leader:
            context["leader_waiting"] = waiting.leader_tasks
        hosted = list(
            TaskAssignment.objects.filter(host=person)
            .select_related("enrolment__person")
            .order_by("due_on")[:10]
        )
        note_read(request, [task.enrolment.person_id for task in hosted], RecordKind.TASK)
        context["hosted"] = hosted
        if roles.is_participant:
            from lederspor.visits.selectors import person_pairs

            context["job_visit_pairs"] = person_pairs(person=person)[:1]
    return render(request, "site/home.html", context)


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The nearest leader's page: employees on programmes, tasks awaiting them, nominate."""
    roles = roles_for(request)
    if roles.person is None or not roles.is_leader:
        raise not_found()
    enrolments = list(selectors.leader_enrolments(leader=roles.person))
    note_read(request, [e.person_id for e in enrolments], RecordKind.ENROLMENT)
    return render(
        request,
        "site/my_reports.html",
        {
            "enrolments": enrolments,
            "report_count": person_reports(leader=roles.person).count(),
            "open_cohorts": cohorts_open_for_nomination().exists(),
        },
    )


@login_required
def chef_area(request: HttpRequest) -> HttpResponse:
    """The chef's page: participants in the chef's area and their progress (read-only)."""
    roles = roles_for(request)
    if roles.person is None or not roles.is_chef:
        raise not_found()
    page = Paginator(selectors.chef_enrolments(chef=roles.person), 50).get_page(
        request.GET.get("page")
    )
    note_read(request, [e.person_id for e in page.object_list], RecordKind.ENROLMENT)
    return render(request, "site/chef_area.html", {"page_obj": page})
