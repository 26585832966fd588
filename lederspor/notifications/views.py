"""The e-mail page: what the worker has sent, what waits and what failed (for HR staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.notifications import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.roles import roles_for


def _require_hr(request: HttpRequest) -> None:
    roles = roles_for(request)
    if not roles.works_with_programmes:
        raise not_found()


@login_required
def email_list(request: HttpRequest) -> HttpResponse:
    """Outgoing e-mails, newest first, filterable by status; bodies are not shown."""
    _require_hr(request)
    status = request.GET.get("status", "")
    emails = OutgoingEmail.objects.select_related("recipient")
    if status in OutgoingEmail.Status.values:
        emails = emails.filter(status=status)
    fmt = requested_format(request)
    if fmt:
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
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
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
    """Queue a failed or waiting e-mail again (a GET, e.g. a reload, goes back to the list)."""
    _require_hr(request)
    email = get_object_or_404(OutgoingEmail, pk=pk)
    if request.method != "POST":
        return redirect("notifications:email_list")
    try:
        services.email_retry(email=email, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("E-mailen er sat i kø igen."))
    return redirect("notifications:email_list")
