"""The e-mail page: what the worker has sent, what waits and what failed, for HR staff with the
permission to see all mail and for a cohort's consultants (the mails about their cohorts)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.core.readlog import RecordKind, note_read
from lederspor.notifications import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.selectors import emails_visible_to
from lederspor.people.roles import roles_for


def _visible_emails(request: AuthenticatedHttpRequest) -> QuerySet[OutgoingEmail]:
    """The mails the signed-in person may see (`selectors.emails_visible_to`); 404 if none."""
    visible = emails_visible_to(user=request.user, roles=roles_for(request))
    if visible is None:
        raise not_found()
    return visible


@login_required
def email_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Outgoing e-mails the viewer may see, newest first, filterable by status; bodies are
    not shown."""
    visible = _visible_emails(request)
    status = request.GET.get("status", "")
    emails = visible.select_related("recipient")
    if status in OutgoingEmail.Status.values:
        emails = emails.filter(status=status)
    fmt = requested_format(request)
    if fmt:
        note_read(request, emails.values_list("recipient_id", flat=True), RecordKind.EMAIL)
        # never the body: the list shows subjects and status only
        return export_response(
            rows=emails.only(
                "subject",
                "to_address",
                "status",
                "attempts",
                "last_error",
                "created_at",
                "sent_at",
                "recipient__first_name",
                "recipient__last_name",
            ),
            columns=[
                Column(_("Oprettet"), lambda e: e.created_at),
                Column(_("Til"), lambda e: e.recipient.full_name if e.recipient else ""),
                Column(_("E-mailadresse"), lambda e: e.to_address),
                Column(_("Emne"), lambda e: e.subject),
                Column(_("Status"), lambda e: e.get_status_display()),
                Column(_("Forsøg"), lambda e: e.attempts),
                Column(_("Sendt"), lambda e: e.sent_at),
                Column(_("Seneste fejl"), lambda e: e.last_error),
            ],
            filename=_("e-mails"),
            format=fmt,
            title=_("E-mails"),
        )
    page = Paginator(emails, settings.LEDERSPOR_PAGE_SIZE).get_page(request.GET.get("page"))
    note_read(request, [e.recipient_id for e in page.object_list], RecordKind.EMAIL)
    failed = visible.filter(status=OutgoingEmail.Status.FAILED).count()
    return render(
        request,
        "notifications/email_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": OutgoingEmail.Status.choices,
            "failed_count": failed,
            "query_string": f"status={status}" if status else "",
        },
    )


@login_required
def email_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Send igen" on a mail the viewer may see (others: 404). A failed or waiting mail is
    queued at once; one the relay may already have accepted (sent, being sent, an interrupted
    send) first shows a confirmation step, and is queued only when that form is posted with
    `confirm`. A GET shows the confirmation step for such a mail, else goes back to the list."""
    email = get_object_or_404(_visible_emails(request), pk=pk)
    confirmed = request.method == "POST" and request.POST.get("confirm") == "1"
    if request.method != "POST" or (email.may_have_been_sent and not confirmed):
        if not email.may_have_been_sent:
            return redirect("notifications:email_list")
        note_read(request, email.recipient_id, RecordKind.EMAIL)
        return render(request, "notifications/email_retry_confirm.html", {"email": email})
    try:
        services.email_retry(email=email, by=request.user, confirmed=confirmed)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("E-mailen er sat i kø igen."))
    return redirect("notifications:email_list")
