"""Pages of 'Leder på spring' (seed 002): the consultant's cohort page (teaching days, the
pre-start mailing, homework, participants' steps), the participant's steps (JTI answered,
homework done, leader talk), peer feedback on leader talks and the course certificate PDF.

Thin functions: access helper → form → service → redirect or render (STYLE.md §4).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lederspor.clarification import forms as f
from lederspor.clarification import services
from lederspor.clarification.access import (
    TalkRole,
    get_attachment_for,
    get_certificate_enrolment,
    get_talk_for,
    seated_enrolment,
)
from lederspor.clarification.mailing import send_time
from lederspor.clarification.models import (
    Homework,
    LeaderTalk,
    LeaderTalkFeedback,
    PreStartMailing,
)
from lederspor.clarification.selectors import (
    CERTIFICATE_TEMPLATE,
    certificate_context,
    certificate_filename,
    cohort_overview,
    cohort_talks,
)
from lederspor.conversations.services import conversation_plan
from lederspor.core.access import AuthenticatedHttpRequest, Relation, not_found
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.pdf import pdf_response
from lederspor.core.views import submit
from lederspor.people.roles import roles_for
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import can_manage_cohort, get_cohort_for, get_enrolment_for
from lederspor.programmes.models import Cohort, Enrolment, ProgrammeKind, Session

WRITERS_OF_OWN = {Relation.PARTICIPANT}
MANAGERS = {Relation.CONSULTANT, Relation.ADMIN}


def _back(enrolment: Enrolment) -> HttpResponse:
    return redirect(f"{reverse('programmes:enrolment_detail', args=[enrolment.pk])}#lps-heading")


# --- the consultant's cohort page --------------------------------------------------------------


@login_required
def cohort_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's Leder på spring page: teaching days and homework, the 14-day mailing and its
    status, and every participant's steps."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.CLARIFICATION)
    overview = cohort_overview(cohort=cohort)
    mailing = overview.mailing
    note_read(request, [e.person_id for e in overview.rows], RecordKind.ENROLMENT)
    return render(
        request,
        "clarification/cohort.html",
        {
            "cohort": cohort,
            "o": overview,
            "can_manage": can_manage_cohort(request, cohort),
            "element_count": len(services.teaching_day_elements(cohort)),
            "send_at": send_time(mailing) if mailing else None,
        },
    )


@login_required
def teaching_days_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Opret de fem undervisningsdage: a date per teaching day, one time span and place."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.CLARIFICATION, write=True)
    elements = services.teaching_day_elements(cohort)
    if services.teaching_days(cohort):
        messages.info(request, _("Holdet har allerede undervisningsdage."))
        return redirect("clarification:cohort", pk=cohort.pk)
    form = f.TeachingDaysForm(request.POST or None, names=[(e.name, e.theme) for e in elements])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.teaching_days_create(
                    cohort=cohort,
                    dates=form.dates(),
                    starts=form.cleaned_data["starts"],
                    ends=form.cleaned_data["ends"],
                    place=form.cleaned_data["place"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
                status = 400
            else:
                messages.success(request, _("De fem undervisningsdage er oprettet."))
                return redirect("clarification:cohort", pk=cohort.pk)
        else:
            status = 400
    return render(
        request,
        "clarification/teaching_days_form.html",
        {"cohort": cohort, "form": form, "elements": elements},
        status=status,
    )


def _mailing_fields(d: dict[str, Any]) -> dict[str, Any]:
    """The mailing's fields from a MailingForm's cleaned data (the service keywords)."""
    return {
        name: d[name] for name in ("subject", "body", "jti_url", "article_links", "days_before")
    }


@login_required
def mailing_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The mail 14 days before the start: text, JTI link, article links, files, offset. The
    first save writes it; later saves carry the version the page was loaded with, and a stale
    save (someone saved in between) gets 409 and the typed text back."""
    cohort = get_cohort_for(
        request, pk, kind=ProgrammeKind.CLARIFICATION, write=request.method == "POST"
    )
    mailing = PreStartMailing.objects.filter(cohort=cohort).first()
    data = request.POST if request.method == "POST" else None
    form: f.MailingForm
    if mailing is None:
        form = f.MailingEditForm(data, instance=services.mailing_initial(cohort), version=0)

        def save(d: dict[str, Any]) -> PreStartMailing:
            return services.mailing_create(cohort=cohort, **_mailing_fields(d), by=request.user)

    else:
        form = f.MailingEditForm(data, instance=mailing)

        def save(d: dict[str, Any]) -> PreStartMailing:
            return services.mailing_update(
                mailing=mailing,
                expected_version=d["version"],
                **_mailing_fields(d),
                by=request.user,
            )

    status = 200
    if data is not None:
        done = submit(form, save)
        if done.ok:
            messages.success(request, _("Mailen er gemt og planlagt."))
            return redirect("clarification:mailing_edit", pk=cohort.pk)
        status = done.status
    return _mailing_page(request, cohort, mailing, form, f.AttachmentForm(), status=status)


def _mailing_page(
    request: HttpRequest,
    cohort: Cohort,
    mailing: PreStartMailing | None,
    form: f.MailingForm,
    attachment_form: f.AttachmentForm,
    *,
    status: int,
) -> HttpResponse:
    """The mailing page (`mailing_edit`, and `attachment_add` after a refused upload)."""
    return render(
        request,
        "clarification/mailing_form.html",
        {
            "cohort": cohort,
            "mailing": mailing,
            "form": form,
            "attachment_form": attachment_form,
            "attachments": list(mailing.attachments.all()) if mailing else [],
            "send_at": send_time(mailing) if mailing else None,
            "delivered": mailing.deliveries.count() if mailing else 0,
            "missing": _missing(mailing),
            "seed_text": services.MAILING_SEED_TEXT,
        },
        status=status,
    )


def _missing(mailing: PreStartMailing | None) -> int:
    """Enrolled participants who have not had the (sent) mailing."""
    if mailing is None or mailing.sent_at is None:
        return 0
    return (
        Enrolment.objects.filter(cohort_id=mailing.cohort_id, status=Enrolment.Status.ENROLLED)
        .exclude(prestart_deliveries__mailing=mailing)
        .count()
    )


@login_required
@require_POST
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload an article file (PDF/Word) to the cohort's mailing (save the mailing first)."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.CLARIFICATION, write=True)
    mailing = PreStartMailing.objects.filter(cohort=cohort).first()
    if mailing is None:
        messages.error(request, _("Gem mailen, før du vedhæfter artikler."))
        return redirect("clarification:mailing_edit", pk=cohort.pk)
    form = f.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                mailing=mailing,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["upload"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Artiklen er vedhæftet."))
            return redirect("clarification:mailing_edit", pk=cohort.pk)
    return _mailing_page(
        request,
        cohort,
        mailing,
        f.MailingEditForm(instance=mailing),
        form,
        status=400,
    )


@login_required
@require_POST
def mailing_send_missing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send the mail now to enrolled participants who have not had it (the consultants)."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.CLARIFICATION, write=True)
    mailing = PreStartMailing.objects.filter(cohort=cohort).first()
    if mailing is None:
        raise not_found()
    try:
        count = services.mailing_send_missing(mailing=mailing, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "Mailen er sendt til %(n)d deltager mere.",
                    "Mailen er sendt til %(n)d deltagere mere.",
                    count,
                )
                % {"n": count},
            )
        else:
            messages.info(request, _("Alle optagne deltagere har allerede fået mailen."))
    return redirect("clarification:mailing_edit", pk=cohort.pk)


@login_required
@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove an article file (the cohort's consultants)."""
    attachment = get_attachment_for(request, pk)
    cohort = attachment.mailing.cohort
    if not can_manage_cohort(request, cohort):
        raise PermissionDenied
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("Artiklen “%(t)s” er fjernet.") % {"t": attachment.title})
    return redirect("clarification:mailing_edit", pk=cohort.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """An article file, for the cohort's participants and consultants (404 for anyone else)."""
    attachment = get_attachment_for(request, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise not_found() from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.filename)


@login_required
@require_POST
def homework_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Set a homework task on teaching day `pk` (the cohort's consultants)."""
    session = Session.objects.select_related("cohort").filter(pk=pk).first()
    if session is None:
        raise not_found()
    cohort = get_cohort_for(
        request, session.cohort_id, kind=ProgrammeKind.CLARIFICATION, write=True
    )
    form = f.HomeworkForm(request.POST, auto_id="hw_%s")
    if form.is_valid():
        try:
            services.homework_create(
                session=session,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                is_network_group_task=form.cleaned_data["is_network_group_task"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Hjemmeopgaven er oprettet."))
            return redirect(f"{reverse('clarification:cohort', args=[cohort.pk])}#day-{session.pk}")
    return render(
        request,
        "clarification/homework_form.html",
        {"cohort": cohort, "session": session, "form": form},
        status=400,
    )


@login_required
@require_POST
def homework_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a homework task (the cohort's consultants)."""
    homework = Homework.objects.select_related("session").filter(pk=pk).first()
    if homework is None:
        raise not_found()
    cohort = get_cohort_for(
        request, homework.session.cohort_id, kind=ProgrammeKind.CLARIFICATION, write=True
    )
    services.homework_delete(homework=homework, by=request.user)
    messages.success(request, _("Hjemmeopgaven “%(t)s” er slettet.") % {"t": homework.title})
    return redirect("clarification:cohort", pk=cohort.pk)


# --- the participant's steps -------------------------------------------------------------------


@login_required
@require_POST
def homework_mark(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant marks a homework task done (`done=1`) or not done (`done=0`)."""
    homework = Homework.objects.select_related("session__cohort").filter(pk=pk).first()
    if homework is None:
        raise not_found()
    me = seated_enrolment(request, homework.session.cohort_id)
    if me is None:
        if can_manage_cohort(request, homework.session.cohort):
            raise PermissionDenied
        raise not_found()
    done = request.POST.get("done") == "1"
    try:
        services.homework_mark(homework=homework, enrolment=me, done=done, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("“%(t)s” er markeret som udført.") % {"t": homework.title}
            if done
            else _("“%(t)s” er ikke længere markeret som udført.") % {"t": homework.title},
        )
    return _back(me)


@login_required
@require_POST
def jti_answered(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant records "Jeg har besvaret JTI-analysen" (`answered=1`) or undoes it."""
    enrolment, _relations = get_enrolment_for(
        request, pk, kind=ProgrammeKind.CLARIFICATION, allowed=WRITERS_OF_OWN
    )
    answered = request.POST.get("answered") == "1"
    try:
        services.jti_answered_set(enrolment=enrolment, answered=answered, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Du har markeret, at du har besvaret JTI-analysen.")
            if answered
            else _("Markeringen af JTI-analysen er fjernet."),
        )
    return _back(enrolment)


@login_required
def jti_book(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The consultant books the individual JTI feedback session (*tilbagemeldingssamtale*, seed
    002 §5 day 2) through `conversations.services.conversation_plan`."""
    enrolment, _relations = get_enrolment_for(
        request, pk, kind=ProgrammeKind.CLARIFICATION, allowed=MANAGERS
    )
    days = services.teaching_days(enrolment.cohort)
    initial = {}
    if len(days) >= 2:
        day2 = timezone.localtime(days[1].starts_at)
        initial = {"date": day2.date(), "place": days[1].place}
    form = f.BookingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            starts = timezone.make_aware(dt.datetime.combine(data["date"], data["starts"]))
            ends = timezone.make_aware(dt.datetime.combine(data["date"], data["ends"]))
            me = roles_for(request).person
            attendees = None
            if me is not None and me.pk != enrolment.person_id:
                attendees = [(enrolment.person, "participant"), (me, "consultant")]
            try:
                conversation_plan(
                    enrolment=enrolment,
                    kind="jti_feedback",
                    starts_at=starts,
                    ends_at=ends,
                    place=data["place"],
                    attendees=attendees,
                    by=request.user,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Tilbagemeldingssamtalen med %(name)s er booket, og invitationen er sendt.")
                    % {"name": enrolment.person.full_name},
                )
                return redirect("clarification:cohort", pk=enrolment.cohort_id)
        else:
            status = 400
    note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
    return render(
        request,
        "clarification/jti_book.html",
        {"enrolment": enrolment, "form": form},
        status=status,
    )


@login_required
def talk_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant (or a consultant) registers the leader talk's title and teaching day;
    a change carries the talk's version (409 with the typed text kept when it is stale)."""
    enrolment, relations = get_enrolment_for(
        request, pk, kind=ProgrammeKind.CLARIFICATION, allowed=WRITERS_OF_OWN | MANAGERS
    )
    talk = LeaderTalk.objects.filter(enrolment=enrolment).first()
    days = services.teaching_days(enrolment.cohort)
    form: f.TalkForm
    if talk is None:
        initial: dict[str, object] = {"session": days[-1].pk} if days else {}
        form = f.TalkEditForm(request.POST or None, initial=initial, sessions=days, version=0)

        def save(d: dict[str, Any]) -> LeaderTalk:
            return services.leader_talk_create(
                enrolment=enrolment, title=d["title"], session=d["session"], by=request.user
            )

    else:
        initial = {"title": talk.title, "session": talk.session_id}
        form = f.TalkEditForm(
            request.POST or None, initial=initial, sessions=days, version=talk.version
        )

        def save(d: dict[str, Any]) -> LeaderTalk:
            return services.leader_talk_update(
                talk=talk,
                expected_version=d["version"],
                title=d["title"],
                session=d["session"],
                by=request.user,
            )

    status = 200
    if request.method == "POST":
        done = submit(form, save)
        if done.ok and done.result is not None:
            messages.success(request, _("Lederindlægget er gemt."))
            return redirect("clarification:talk_detail", pk=done.result.pk)
        status = done.status
    note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
    return render(
        request,
        "clarification/talk_form.html",
        {
            "enrolment": enrolment,
            "talk": talk,
            "form": form,
            "is_participant": Relation.PARTICIPANT in relations,
        },
        status=status,
    )


@login_required
def talk_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's leader talks, for its seated participants and consultants (404 else)."""
    cohort = Cohort.objects.select_related("programme").filter(pk=pk).first()
    if cohort is None or cohort.programme.kind != ProgrammeKind.CLARIFICATION:
        raise not_found()
    me = seated_enrolment(request, cohort.pk)
    if me is None and not can_manage_cohort(request, cohort):
        raise not_found()
    # each talk with the reason the viewer may not give feedback on it yet ("" if they may)
    talks = [(t, services.talk_feedback_refusal(t)) for t in cohort_talks(cohort_id=cohort.pk)]
    note_read(request, [t.enrolment.person_id for t, _refusal in talks], RecordKind.ENROLMENT)
    given = (
        set(LeaderTalkFeedback.objects.filter(author=me).values_list("talk_id", flat=True))
        if me
        else set()
    )
    return render(
        request,
        "clarification/talk_list.html",
        {"cohort": cohort, "talks": talks, "my_enrolment": me, "given": given},
    )


@login_required
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader talk: the speaker and the consultants see all peer feedback, a peer only their
    own (with a link to give or edit it)."""
    access = get_talk_for(request, pk)
    feedback = LeaderTalkFeedback.objects.filter(talk=access.talk).select_related("author__person")
    if not access.sees_all_feedback:
        feedback = feedback.filter(author=access.me)
    shown = list(feedback)
    # the speaker's talk and the peers whose feedback is shown
    note_read(
        request,
        [access.talk.enrolment.person_id, *(fb.author.person_id for fb in shown)],
        RecordKind.ENROLMENT,
    )
    return render(
        request,
        "clarification/talk_detail.html",
        {
            "access": access,
            "talk": access.talk,
            "feedback": shown,
            "is_peer": access.role == TalkRole.PEER,
            "feedback_refusal": services.talk_feedback_refusal(access.talk),
        },
    )


@login_required
def feedback_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A peer's structured feedback and feedforward on a talk (create or edit their own). The
    speaker and consultants get 403 (they read, they do not write peer feedback); a stale save
    gets 409 with the typed text kept. Before the talk's teaching day the form is not offered
    (redirect to the talk with the reason) and a save is refused (400, text kept)."""
    access = get_talk_for(request, pk)
    if access.role != TalkRole.PEER or access.me is None:
        raise PermissionDenied
    refusal = services.talk_feedback_refusal(access.talk)
    if refusal and request.method != "POST":
        messages.info(request, refusal)
        return redirect("clarification:talk_detail", pk=access.talk.pk)
    talk, me = access.talk, access.me
    feedback = LeaderTalkFeedback.objects.filter(talk=talk, author=me).first()
    data = request.POST if request.method == "POST" else None
    form: f.FeedbackForm
    if feedback is None:
        form = f.FeedbackEditForm(data, version=0)

        def save(d: dict[str, Any]) -> LeaderTalkFeedback:
            return services.talk_feedback_create(talk=talk, author=me, values=d, by=request.user)

    else:
        form = f.FeedbackEditForm(data, instance=feedback)

        def save(d: dict[str, Any]) -> LeaderTalkFeedback:
            return services.talk_feedback_update(
                feedback=feedback, expected_version=d["version"], values=d, by=request.user
            )

    status = 200
    if data is not None:
        done = submit(form, save)
        if done.ok:
            messages.success(request, _("Din feedback er gemt."))
            return redirect("clarification:talk_detail", pk=talk.pk)
        status = done.status
    return render(
        request,
        "clarification/feedback_form.html",
        {"talk": talk, "form": form},
        status=status,
    )


# --- the course certificate (seed 002 §7) ------------------------------------------------------


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The course certificate (*kursusbevis*) as a PDF (WeasyPrint) for a completed enrolment:
    participant, programme, cohort dates, the teaching days and their themes (the programme's
    five teaching-day elements without dates when the cohort has no teaching-day sessions), a
    signature line.
    The participant, their nearest leader and the cohort's consultants may have it; anyone
    else, or anyone before completion, gets 404."""
    enrolment = get_certificate_enrolment(request, pk)
    note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
    return pdf_response(
        request,
        CERTIFICATE_TEMPLATE,
        certificate_context(enrolment),
        certificate_filename(enrolment),
    )
