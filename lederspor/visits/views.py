"""Pages for job visits (seed 001): the leaders' "Mit jobbesøg" and the consultants' overview.

Thin views (STYLE.md §4): access helper → form → service → redirect or render. Every form works
without JavaScript.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lederspor.core.access import AuthenticatedHttpRequest, Relation, not_found
from lederspor.core.concurrency import VersionedForm
from lederspor.core.exports import Column, ExportFormat, export_response, requested_format
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.pdf import pdf_response
from lederspor.core.views import attempt, submit
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.people.selectors import OrgRole, load_units, unit_in_role
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import can_manage_cohort, get_cohort_for, get_enrolment_for
from lederspor.programmes.models import Cohort, Enrolment, ProgrammeKind
from lederspor.visits import selectors, services
from lederspor.visits.access import (
    get_guide_cohort_for,
    get_visit_for,
    get_wrap_up_for,
)
from lederspor.visits.forms import (
    BoundaryForm,
    EnrolSearchForm,
    IndexedTextsForm,
    NotesForm,
    PlanForm,
    ReflectionPlanForm,
    SwapForm,
    TextForm,
    ThemesForm,
    WrapUpBookForm,
    plan_initial,
    reflection_initial,
)
from lederspor.visits.models import JobVisit, PairMember, VisitPair, VisitPairing
from lederspor.visits.schedule import cohort_schedule

ENROL_PAGE_SIZE = 25

# --- leaders -----------------------------------------------------------------------------------


def _render_pair(
    request: HttpRequest, pair: VisitPair, me: Person, others: list[VisitPair]
) -> HttpResponse:
    """Render a pair from `selectors.person_pairs` (members and visits prefetched)."""
    guide = selectors.guide_for_cohort(cohort=pair.cohort)
    members = [m.person for m in pair.memberships.all()]
    note_read(request, members, RecordKind.VISIT)
    return render(
        request,
        "visits/pair_detail.html",
        {
            "pair": pair,
            "partners": [p for p in members if p.pk != me.pk],
            "visits": list(pair.visits.all()),
            "guide": guide,
            "others": others,
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "Mit jobbesøg": the leader's newest published pair, partner(s), visits and the guide."""
    me = roles_for(request).person
    pairs = selectors.person_pairs(person=me) if me else []
    if me is None or not pairs:
        # enrolled but not yet paired is told a mail will come; anyone else that they are not in
        enrolled = (
            me is not None
            and Enrolment.objects.filter(
                person=me,
                cohort__programme__kind=ProgrammeKind.JOB_VISIT,
                status__in=Enrolment.SEATED,
            ).exists()
        )
        return render(request, "visits/none.html", {"enrolled": enrolled})
    return _render_pair(request, pairs[0], me, pairs[1:])


@login_required
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published pair for its members (404 for anyone else)."""
    me = roles_for(request).person
    pair = next((p for p in selectors.person_pairs(person=me) if p.pk == pk), None) if me else None
    if pair is None or me is None:
        raise not_found()
    return _render_pair(request, pair, me, [])


def _visit_forms(
    visit: JobVisit, guide: selectors.Guide, data: QueryDict | None = None, section: str = ""
) -> dict[str, IndexedTextsForm | TextForm]:
    """The visit page's forms; the one named `section` is bound to `data` (a refused save)."""

    def bound(name: str) -> QueryDict | None:
        return data if name == section else None

    version = visit.version
    return {
        "expectations": IndexedTextsForm(
            bound("expectations"),
            labels=guide.questions,
            values=visit.expectations,
            version=version,
            prefix="expectations",
        ),
        "intended": TextForm(
            bound("intended"),
            label=_("Intenderet ledelse – det vil jeg gerne lykkes med"),
            help_text=_("Værten skriver før besøget."),
            initial={"text": visit.intended},
            version=version,
            prefix="intended",
        ),
        "observed": TextForm(
            bound("observed"),
            label=_("Faktisk ledelse – det så jeg"),
            help_text=_("Gæsten skriver sine iagttagelser – nysgerrig, ikke vurderende."),
            initial={"text": visit.observed},
            version=version,
            prefix="observed",
        ),
        "perceived": TextForm(
            bound("perceived"),
            label=_("Opfattet ledelse – det sagde deltagerne"),
            help_text=_(
                "Værten kan spørge deltagerne i aktiviteten, hvordan de oplevede ledelsen."
            ),
            initial={"text": visit.perceived},
            version=version,
            prefix="perceived",
        ),
        "reflection": IndexedTextsForm(
            bound("reflection"),
            labels=guide.prompts,
            values=visit.reflection,
            version=version,
            prefix="reflection",
        ),
    }


def _answers(labels: list[str], values: dict[str, str]) -> list[tuple[str, str]]:
    """(seed question or prompt, the pair's answer) rows for a locked visit's read-only view."""
    return [(label, values.get(str(i), "")) for i, label in enumerate(labels)]


def _render_visit(
    request: HttpRequest,
    visit: JobVisit,
    me: Person,
    guide: selectors.Guide,
    *,
    refused: tuple[str, IndexedTextsForm | TextForm | ReflectionPlanForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The visit page; `refused`: (section, its bound form with the errors and the typed text)
    after a save the service refused ("reflection_time" for the reflection's time and place).
    A locked (reflected) visit shows its texts read-only, except a refused form, which keeps
    what was typed."""
    members = [
        m.person
        for m in PairMember.objects.filter(pair_id=visit.pair_id)
        .select_related("person__unit")
        .order_by("person__first_name", "person__last_name")
    ]
    forms: dict[str, IndexedTextsForm | TextForm | ReflectionPlanForm] = {
        **_visit_forms(visit, guide),
        "reflection_time": ReflectionPlanForm(
            initial=reflection_initial(visit), version=visit.version, prefix="reflection_time"
        ),
    }
    refused_section = ""
    if refused is not None:
        refused_section, form = refused
        forms[refused_section] = form
    if guide.schedule is not None:
        selectors.with_plan_hints([visit], guide.schedule)
    is_host = visit.host_id == me.pk
    note_read(request, members, RecordKind.VISIT)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "pair": visit.pair,
            "host": visit.host,
            "guests": [m for m in members if m.pk != visit.host_id],
            "is_host": is_host,
            "guide": guide,
            "forms": forms,
            "version_form": VersionedForm(version=visit.version),
            "locked": visit.is_locked,
            "refused_section": refused_section,
            "expectation_answers": _answers(guide.questions, visit.expectations),
            "reflection_answers": _answers(guide.prompts, visit.reflection),
        },
        status=status,
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit for the pair's members: plan, expectations, roles, leadership model, reflection."""
    visit, me = get_visit_for(request, pk)
    return _render_visit(request, visit, me, selectors.guide_for_cohort(cohort=visit.pair.cohort))


@login_required
def visit_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The host chooses activity, themes, time and place, with the seed's criteria beside it."""
    visit, me = get_visit_for(request, pk)
    if visit.host_id != me.pk:
        raise not_found()
    if visit.status in JobVisit.DONE:
        # a held visit's time and place are history; no editable form (the service refuses too)
        messages.info(
            request, _("Besøget er gennemført, så aktivitet, tid og sted kan ikke ændres.")
        )
        return redirect("visits:visit_detail", pk=visit.pk)
    guide = selectors.guide_for_cohort(cohort=visit.pair.cohort)
    form = PlanForm(
        request.POST or None, initial=plan_initial(visit), guide=guide, version=visit.version
    )
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.visit_plan(
                visit=visit,
                person=me,
                by=request.user,
                expected_version=d["version"],
                activity=d["activity"],
                themes=d["themes"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
            ),
        )
        if done.ok:
            if form.cleaned_data["starts_at"]:
                messages.success(
                    request, _("Besøget er gemt. Din makker får en kalenderinvitation på mail.")
                )
            else:
                messages.success(request, _("Besøget er gemt."))
            return redirect("visits:visit_detail", pk=visit.pk)
        status = done.status
    return render(
        request,
        "visits/visit_plan.html",
        {"visit": visit, "form": form, "guide": guide},
        status=status,
    )


#: lazy: translated when the message is shown, in the request's language
SECTION_MESSAGES = {
    "expectations": gettext_lazy("Jeres forventningsafstemning er gemt."),
    "intended": gettext_lazy("Din intenderede ledelse er gemt."),
    "observed": gettext_lazy("Dine iagttagelser er gemt."),
    "perceived": gettext_lazy("Deltagernes oplevelse er gemt."),
    "reflection": gettext_lazy("Jeres fælles refleksion er gemt."),
}


@login_required
@require_POST
def visit_write(request: AuthenticatedHttpRequest, pk: int, section: str) -> HttpResponse:
    """Save one part of the visit; a refused save re-renders the page with the typed text."""
    if section not in services.SECTIONS:
        raise not_found()
    visit, me = get_visit_for(request, pk)
    guide = selectors.guide_for_cohort(cohort=visit.pair.cohort)
    form = _visit_forms(visit, guide, request.POST, section)[section]

    def value(d: dict[str, Any]) -> str | dict[str, str]:
        return form.answers() if isinstance(form, IndexedTextsForm) else d["text"]

    try:
        done = submit(
            form,
            lambda d: services.visit_write(
                visit=visit,
                section=section,
                value=value(d),
                person=me,
                by=request.user,
                expected_version=d["version"],
            ),
        )
    except PermissionDenied as exc:
        # locked (reflected): refused with 403; the page shows the form with the typed text
        messages.error(request, str(exc))
        return _render_visit(request, visit, me, guide, refused=(section, form), status=403)
    if done.ok:
        messages.success(request, SECTION_MESSAGES[section])
        return redirect(f"{reverse('visits:visit_detail', args=[visit.pk])}#{section}")
    # the refusal is told at the top of the page, as the page always did: a section's form is
    # not shown in every status (e.g. the guest's observations once the reflection is closed)
    refusal = form.non_field_errors()
    if refusal:
        messages.error(request, " ".join(str(error) for error in refusal))
        del form.errors[NON_FIELD_ERRORS]
    return _render_visit(request, visit, me, guide, refused=(section, form), status=done.status)


_TRANSITIONS = {
    "held": (services.visit_mark_held, gettext_lazy("Besøget er markeret som gennemført.")),
    "reflected": (services.visit_mark_reflected, gettext_lazy("Jeres refleksion er afsluttet.")),
    "cancel": (
        services.visit_cancel,
        gettext_lazy("Besøget er aflyst. Din makker får besked på mail."),
    ),
    "reopen": (
        services.visit_reopen_request,
        gettext_lazy("Konsulenten har fået besked og kan genåbne besøget."),
    ),
}


@login_required
@require_POST
def visit_reflection_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Host or guest saves the time and place of the joint learning reflection; a refused save
    re-renders the visit page with what was typed (400, 409, or 403 when locked)."""
    visit, me = get_visit_for(request, pk)
    guide = selectors.guide_for_cohort(cohort=visit.pair.cohort)
    form = ReflectionPlanForm(request.POST, prefix="reflection_time")
    try:
        done = submit(
            form,
            lambda d: services.visit_reflection_plan(
                visit=visit,
                person=me,
                by=request.user,
                expected_version=d["version"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
            ),
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return _render_visit(
            request, visit, me, guide, refused=("reflection_time", form), status=403
        )
    if done.ok:
        messages.success(request, _("Tid og sted for jeres fælles refleksion er gemt."))
        return redirect(f"{reverse('visits:visit_detail', args=[visit.pk])}#reflection")
    return _render_visit(
        request, visit, me, guide, refused=("reflection_time", form), status=done.status
    )


@login_required
@require_POST
def visit_transition(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Mark held, mark reflected or cancel (POST with the version the user saw)."""
    if action not in _TRANSITIONS:
        raise not_found()
    visit, me = get_visit_for(request, pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Formularen kunne ikke læses. Genindlæs siden, og prøv igen."))
        return redirect("visits:visit_detail", pk=visit.pk)
    service, done = _TRANSITIONS[action]
    ok, _result = attempt(
        request,
        service,
        visit=visit,
        person=me,
        by=request.user,
        expected_version=form.cleaned_data["version"],
    )
    if ok:
        messages.success(request, done)
    return redirect("visits:visit_detail", pk=visit.pk)


# --- consultants -------------------------------------------------------------------------------


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    """Job-visit cohorts of the consultant (HR staff see all)."""
    roles = roles_for(request)
    if not roles.works_with_programmes:
        raise not_found()
    cohorts = selectors.job_visit_cohorts(
        person=roles.person, all_cohorts=roles.can_manage_programmes
    )
    return render(request, "visits/cohort_list.html", {"cohorts": cohorts})


def _paired_people(cohort: Cohort) -> QuerySet[Person]:
    """The leaders in the cohort's pairs: the choices of the swap form."""
    return Person.objects.filter(pair_memberships__cohort=cohort).order_by(
        "first_name", "last_name"
    )


def _overview_context(request: HttpRequest, cohort: Cohort) -> dict[str, object]:
    pairs = selectors.cohort_pairs(cohort=cohort)
    note_read(request, _pair_people(pairs), RecordKind.VISIT)
    pairing = VisitPairing.objects.filter(cohort=cohort).first()
    seated = Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED).count()
    schedule = cohort_schedule(cohort)
    for pair in pairs:
        selectors.with_plan_hints(pair.visits.all(), schedule)
    return {
        "cohort": cohort,
        "schedule": schedule,
        "today": timezone.localdate(),
        "reopen_requests": [
            v for pair in pairs for v in pair.visits.all() if v.reopen_requested_at is not None
        ],
        "pairing": pairing,
        "pairs": pairs,
        "seated": seated,
        "published": bool(pairing and pairing.published_at),
        "gate": selectors.wrap_up_gate(pairs=pairs),
        "groups": selectors.cohort_wrap_up_groups(cohort=cohort),
        "can_manage": can_manage_cohort(request, cohort),
        "boundary_form": BoundaryForm(initial={"boundary": pairing.boundary} if pairing else None),
        "swap_form": SwapForm(people=_paired_people(cohort)),
    }


@login_required
def cohort_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The consultant's job-visit overview: pairs, progress of both visits (never content),
    pairing actions, wrap-up groups and the gate."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT)
    fmt = requested_format(request)
    if fmt:
        return _pairs_export(request, cohort, fmt)
    return render(request, "visits/cohort_overview.html", _overview_context(request, cohort))


def _pair_people(pairs: list[VisitPair]) -> list[int]:
    """The ids of the leaders in `pairs` (memberships prefetched), for the read log."""
    return [m.person_id for pair in pairs for m in pair.memberships.all()]


def _pairs_export(request: HttpRequest, cohort: Cohort, fmt: ExportFormat) -> HttpResponse:
    """The overview's pairs as a spreadsheet: one row per visit (a pair without visits yet: one
    row), with the partners, host, status and time – progress only, never the visits' content.
    Four queries (`selectors.cohort_pairs`), whatever the number of pairs."""
    rows: list[tuple[VisitPair, JobVisit | None]] = []
    pairs = selectors.cohort_pairs(cohort=cohort)
    note_read(request, _pair_people(pairs), RecordKind.VISIT)
    for pair in pairs:
        visits = list(pair.visits.all())
        rows += [(pair, visit) for visit in visits] or [(pair, None)]

    def partners(pair: VisitPair) -> str:
        return ", ".join(
            f"{m.person.full_name} ({m.person.unit.name})" for m in pair.memberships.all()
        )

    def wrap_up(pair: VisitPair) -> int | None:
        return pair.wrap_up_group.number if pair.wrap_up_group else None

    return export_response(
        rows=rows,
        columns=[
            Column(_("Par"), lambda r: r[0].number),
            Column(_("Makkere"), lambda r: partners(r[0])),
            Column(_("Besøg"), lambda r: r[1].label if r[1] else _("Ikke offentliggjort")),
            Column(_("Vært"), lambda r: r[1].host.full_name if r[1] else ""),
            Column(_("Status"), lambda r: r[1].get_status_display() if r[1] else ""),
            Column(_("Tidspunkt"), lambda r: r[1].starts_at if r[1] else None),
            Column(_("Opsamlingsgruppe"), lambda r: wrap_up(r[0])),
            Column(
                _("Opsamling"),
                lambda r: r[0].wrap_up_group.starts_at if r[0].wrap_up_group else None,
            ),
        ],
        filename=_("jobbesoeg %(cohort)s") % {"cohort": cohort.name},
        format=fmt,
        title=_("Besøgspar"),
    )


@login_required
@require_POST
def pairs_make(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Make the pairs across the chosen boundary."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT, write=True)
    form = BoundaryForm(request.POST)
    if form.is_valid():
        ok, pairing = attempt(
            request,
            services.pairing_make,
            cohort=cohort,
            boundary=form.cleaned_data["boundary"],
            by=request.user,
        )
        if ok and pairing is not None:
            messages.success(
                request,
                _("Parrene er dannet (%(boundary)s). Tjek dem, og offentliggør dem.")
                % {"boundary": pairing.get_boundary_display().lower()},
            )
    else:
        messages.error(request, _("Vælg en grænse."))
    return redirect("visits:cohort_overview", pk=cohort.pk)


@login_required
@require_POST
def pair_swap(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Swap two leaders between pairs (validated against the rules)."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT, write=True)
    form = SwapForm(request.POST, people=_paired_people(cohort))
    if form.is_valid():
        ok, _result = attempt(
            request,
            services.pair_swap,
            cohort=cohort,
            first=form.cleaned_data["first"],
            second=form.cleaned_data["second"],
            by=request.user,
        )
        if ok:
            messages.success(request, _("De to ledere har byttet par."))
    else:
        messages.error(request, _("Vælg to ledere."))
    return redirect("visits:cohort_overview", pk=cohort.pk)


@login_required
@require_POST
def pairs_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publish the pairs: every leader gets an e-mail with their partner and the guide."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT, write=True)
    ok, n = attempt(request, services.pairs_publish, cohort=cohort, by=request.user)
    if ok:
        messages.success(
            request,
            _("%(n)d par er offentliggjort. Lederne får en mail om deres makker.") % {"n": n},
        )
    return redirect("visits:cohort_overview", pk=cohort.pk)


@login_required
@require_POST
def wrap_up_compose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Compose wrap-up groups of two pairs."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT, write=True)
    ok, groups = attempt(request, services.wrap_up_compose, cohort=cohort, by=request.user)
    if ok and groups is not None:
        messages.success(
            request,
            _("%(n)d grupper til den fælles opsamling er dannet. Book dem.") % {"n": len(groups)},
        )
    return redirect("visits:cohort_overview", pk=cohort.pk)


@login_required
def enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Enrol leaders directly: search and page through leaders, tick and enrol."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT, write=True)
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("person") if x.isdigit()]
        persons = list(Person.objects.filter(pk__in=ids, is_active=True))
        if not persons:
            messages.error(request, _("Vælg mindst én leder."))
        else:
            ok, done = attempt(
                request,
                services.job_visit_enrol,
                cohort=cohort,
                persons=persons,
                decided_by=roles_for(request).person,
                by=request.user,
            )
            if ok and done is not None:
                messages.success(
                    request, _("%(n)d ledere er optaget på holdet.") % {"n": len(done)}
                )
                return redirect("visits:cohort_overview", pk=cohort.pk)
    search = EnrolSearchForm(request.GET or None)
    leaders = Person.objects.filter(is_leader=True, is_active=True).select_related("unit")
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if q:
        for word in q.split():
            leaders = leaders.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(job_title__icontains=word)
                | Q(unit__name__icontains=word)
            )
    page = Paginator(leaders.order_by("first_name", "last_name", "pk"), ENROL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    on_cohort = set(
        Enrolment.objects.filter(
            cohort=cohort, status__in=Enrolment.SEATED, person__in=list(page.object_list)
        ).values_list("person_id", flat=True)
    )
    # each leader's forvaltning: the configured level at any depth (issue #17 §2), one query
    units = load_units(request)
    for leader in page.object_list:
        department = unit_in_role(leader.unit_id, OrgRole.DEPARTMENT, units)
        leader.department_name = department.name if department else ""  # type: ignore[attr-defined]
    return render(
        request,
        "visits/enrol.html",
        {
            "cohort": cohort,
            "search": search,
            "page_obj": page,
            "on_cohort": on_cohort,
            "query_string": f"q={q}" if q else "",
        },
    )


@login_required
def wrap_up_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A wrap-up group: its pairs, time and place; notes for its consultants and members."""
    group, manages = get_wrap_up_for(request, pk)
    form = NotesForm(request.POST or None, initial={"notes": group.notes}, version=group.version)
    status = 200
    if request.method == "POST":
        if not manages:
            raise not_found()
        done = submit(
            form,
            lambda d: services.wrap_up_notes_save(
                group=group, expected_version=d["version"], notes=d["notes"], by=request.user
            ),
        )
        if done.ok:
            messages.success(request, _("Noterne er gemt."))
            return redirect("visits:wrap_up_detail", pk=group.pk)
        status = done.status
    pairs = list(
        VisitPair.objects.filter(wrap_up_group=group)
        .prefetch_related("memberships__person")
        .order_by("number")
    )
    note_read(request, _pair_people(pairs), RecordKind.VISIT)
    return render(
        request,
        "visits/wrap_up_detail.html",
        {"group": group, "pairs": pairs, "manages": manages, "form": form},
        status=status,
    )


@login_required
def wrap_up_book(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Book a wrap-up (time, place, consultants): members and consultants get an .ics."""
    group, manages = get_wrap_up_for(request, pk)
    if not manages:
        raise not_found()
    consultants = group.cohort.consultants.order_by("first_name", "last_name")
    initial = {
        "starts_at": group.starts_at,
        "ends_at": group.ends_at,
        "place": group.place,
        "consultants": list(group.consultants.all()),
    }
    form = WrapUpBookForm(
        request.POST or None, initial=initial, consultants=consultants, version=group.version
    )
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.wrap_up_book(
                group=group,
                expected_version=d["version"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                consultants=list(d["consultants"]),
                by=request.user,
            ),
        )
        if done.ok:
            messages.success(request, _("Opsamlingen er booket, og deltagerne får en invitation."))
            return redirect("visits:cohort_overview", pk=group.cohort_id)
        status = done.status
    return render(
        request, "visits/wrap_up_book.html", {"group": group, "form": form}, status=status
    )


@login_required
def themes_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The leader (or the cohort's consultant) chooses the leadership themes for pairing."""
    enrolment, _relations = get_enrolment_for(
        request,
        pk,
        kind=ProgrammeKind.JOB_VISIT,
        visible_to={Relation.PARTICIPANT, Relation.CONSULTANT},
    )
    themes = list(enrolment.cohort.programme.themes)
    form = ThemesForm(
        request.POST or None, themes=themes, initial={"themes": enrolment.leadership_themes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_set_themes(
                enrolment=enrolment, themes=form.cleaned_data["themes"], by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Dine ledelsestemaer er gemt."))
            return redirect("programmes:enrolment_detail", pk=enrolment.pk)
    note_read(request, enrolment.person_id, RecordKind.VISIT)
    return render(request, "visits/themes_form.html", {"enrolment": enrolment, "form": form})


@login_required
@require_POST
def visit_reopen(request: AuthenticatedHttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    """The cohort's consultant reopens a reflected visit its pair asked to reopen (POST)."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT, write=True)
    visit = JobVisit.objects.filter(pk=visit_pk, pair__cohort=cohort).first()
    if visit is None:
        raise not_found()
    ok, _result = attempt(request, services.visit_reopen, visit=visit, by=request.user)
    if ok:
        messages.success(request, _("Besøget er genåbnet, og makkerne har fået besked."))
    return redirect("visits:cohort_overview", pk=cohort.pk)


@login_required
def guide_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The guide to job visits as a printable PDF with the cohort's calendar (seed 001): for
    the cohort's leaders, its consultants and HR staff (404 for anyone else)."""
    cohort = get_guide_cohort_for(request, pk)
    guide = selectors.guide_for_cohort(cohort=cohort)
    return pdf_response(
        request,
        "visits/guide_pdf.html",
        {"cohort": cohort, "guide": guide, "schedule": guide.schedule},
        filename=f"guide-jobbesoeg-{cohort.pk}.pdf",
    )
