"""Pages of bulk mail (issue #16 §3): the history (all the viewer may see, and per cohort),
writing a mailing → preview → send, one mailing with its recipients, and the templates.

Thin views: access helper (`access.py`) → form → `core.views.submit(form, service)` → redirect
or render with the status `submit` chose.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.combobox import picker_searching
from lederspor.core.readlog import RecordKind, note_read
from lederspor.core.views import submit
from lederspor.mailings import access, merge, selectors, services
from lederspor.mailings.forms import MailingForm, TemplateForm
from lederspor.mailings.models import MailTemplate
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.roles import roles_for

#: rows per page of the history lists and the preview's recipient list
PAGE_SIZE = 25
#: how many recipients' mails the preview shows in full
PREVIEW_MAILS = 3


def _fields() -> list[tuple[str, Any]]:
    return [(f"{{{name}}}", label) for name, label in merge.FIELDS.items()]


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every mailing the viewer may see, newest first (paginated): HR staff all, a consultant
    those about their cohorts or sent by them. Anyone else: 404."""
    page = Paginator(access.mailings_for(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mailings/index.html", {"page_obj": page, "cohort": None})


@login_required
def cohort_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A cohort's mailings (paginated) and "Ny mail til holdet". The cohort's consultants and
    HR staff; anyone else 404."""
    cohort = access.get_cohort_for(request, pk)
    mailings = access.mailings_for(request, cohort=cohort)
    page = Paginator(mailings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mailings/index.html", {"page_obj": page, "cohort": cohort})


def _compose(request: HttpRequest, form: MailingForm, status: int = 200) -> HttpResponse:
    chosen, cohort = form["template"].value(), form["cohort"].value()
    return render(
        request,
        "mailings/compose.html",
        {
            "form": form,
            "templates": list(selectors.templates()),
            "chosen_template": str(getattr(chosen, "pk", chosen) or ""),
            "cohort_pk": str(getattr(cohort, "pk", cohort) or ""),
            "fields": _fields(),
        },
        status=status,
    )


def _initial(request: HttpRequest) -> dict[str, Any]:
    """The compose form's start: `?hold=` (a cohort the viewer may mail, else 404) and
    `?skabelon=` (a template's subject and text)."""
    initial: dict[str, Any] = {}
    if cohort_pk := request.GET.get("hold", "").strip():
        if not cohort_pk.isdigit():
            raise not_found()
        initial["cohort"] = access.get_cohort_for(request, int(cohort_pk))
    if template_pk := request.GET.get("skabelon", "").strip():
        if not template_pk.isdigit():
            raise not_found()
        template = access.get_template_for(request, int(template_pk))
        initial.update(template=template, subject=template.subject, body=template.body)
    return initial


def _preview(
    request: HttpRequest, form: MailingForm, recipients: selectors.RecipientList
) -> HttpResponse:
    d = form.cleaned_data
    selection = form.selection()
    samples = []
    for recipient in recipients.recipients[:PREVIEW_MAILS]:
        values = selectors.merge_values(
            recipient=recipient, audience=selection.audience, next_sessions=recipients.next_sessions
        )
        samples.append(
            {"person": recipient.person, **merge.render_mail(d["subject"], d["body"], values)}
        )
    page = Paginator(recipients.recipients, PAGE_SIZE).get_page(request.POST.get("page"))
    note_read(
        request,
        [r.person for r in page.object_list] + [s.person for s in recipients.skipped],
        RecordKind.EMAIL,
    )
    token = d["token"] or uuid.uuid4()
    return render(
        request,
        "mailings/preview.html",
        {
            "form": form,
            "token": token,
            "selection_label": selection.label(),
            "samples": samples,
            "page_obj": page,
            "count": len(recipients.recipients),
            "skipped": recipients.skipped,
        },
    )


@login_required
def compose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Write a mailing: the selection (cohort, programme, unit, statuses; participants or
    their nearest leaders), a template's text or one's own, with merge fields. POST
    "action=preview" (or a page of the preview) shows the rendered mails, the recipients and
    who is skipped; "action=send" sends it once (the preview's token) and opens the mailing;
    "action=edit" goes back to the form with the text kept. HR staff and consultants (of the
    cohorts they may choose); anyone else 404."""
    cohorts = access.cohorts_for(request)
    if request.method != "POST":
        return _compose(request, MailingForm(initial=_initial(request), cohorts=cohorts))
    action = request.POST.get("action", "preview")
    data = request.POST.copy()
    if action == "edit":
        data.pop("token", None)  # a changed mail is a new preview with a key of its own
    form = MailingForm(data, cohorts=cohorts)
    if action == "edit" or not form.is_valid():
        # "edit" and a picker's search (core.combobox) show the form again: not an error
        return _compose(request, form, 200 if action == "edit" or picker_searching(form) else 400)
    roles = roles_for(request)
    recipients = selectors.recipient_list(selection=form.selection(), cohorts=cohorts)
    if action != "send" or form.cleaned_data["token"] is None:
        if not recipients.recipients:
            form.add_error(
                None,
                _("Udvalget har ingen modtagere med en e-mailadresse. Vælg et andet udvalg."),
            )
            return _compose(request, form, 400)
        return _preview(request, form, recipients)
    result = submit(
        form,
        lambda d: services.mailing_send(
            token=d["token"],
            selection=form.selection(),
            recipients=recipients,
            subject=d["subject"],
            body=d["body"],
            template=d["template"],
            by=roles.person,
            actor=request.user,
        ),
    )
    if not result.ok or result.result is None:
        return _compose(request, form, result.status)
    mailing, created = result.result
    if created:
        messages.success(
            request,
            ngettext(
                "Mailen er sendt til %(n)d modtager. Den afsendes i baggrunden.",
                "Mailen er sendt til %(n)d modtagere. De afsendes i baggrunden.",
                mailing.recipient_count,
            )
            % {"n": mailing.recipient_count},
        )
    else:
        messages.info(request, _("Mailen var allerede sendt; den er ikke sendt igen."))
    return redirect("mailings:detail", mailing.pk)


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One mailing: its text with the merge fields, the selection, the sender, and each
    recipient with the status of their mail (paginated). HR staff, the cohort's consultants
    and the sender; anyone else 404."""
    mailing = access.get_mailing_for(request, pk)
    page = Paginator(selectors.mailing_recipients(mailing=mailing), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    note_read(request, [r.person_id for r in page.object_list], RecordKind.EMAIL)
    counts = selectors.mailing_status_counts(mailing=mailing)
    return render(
        request,
        "mailings/detail.html",
        {
            "mailing": mailing,
            "page_obj": page,
            "status_counts": [
                (label, counts[value])
                for value, label in OutgoingEmail.Status.choices
                if value in counts
            ],
        },
    )


def _template_list(request: HttpRequest, form: TemplateForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "mailings/templates.html",
        {"templates": list(selectors.templates()), "form": form, "fields": _fields()},
        status=status,
    )


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The mail templates and "Ny skabelon" (POST creates one). HR staff and consultants;
    anyone else 404."""
    roles = roles_for(request)
    if not roles.works_with_programmes:
        raise not_found()
    if request.method != "POST":
        return _template_list(request, TemplateForm(version=0))
    form = TemplateForm(request.POST)
    result = submit(
        form,
        lambda d: services.template_create(
            name=d["name"],
            subject=d["subject"],
            body=d["body"],
            by=roles.person,
            actor=request.user,
        ),
    )
    if result.ok:
        messages.success(request, _("Skabelonen er oprettet."))
        return redirect("mailings:templates")
    return _template_list(request, form, result.status)


@login_required
def template_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a mail template; a save based on an older version is refused (409) with the text
    kept. HR staff and consultants; anyone else 404."""
    template = access.get_template_for(request, pk)
    if request.method != "POST":
        form = TemplateForm(
            version=template.version,
            initial={"name": template.name, "subject": template.subject, "body": template.body},
        )
        return _template_edit(request, template, form)
    form = TemplateForm(request.POST)
    result = submit(
        form,
        lambda d: services.template_update(
            template=template,
            expected_version=d["version"],
            name=d["name"],
            subject=d["subject"],
            body=d["body"],
            actor=request.user,
        ),
    )
    if result.ok:
        messages.success(request, _("Skabelonen er gemt."))
        return redirect("mailings:templates")
    return _template_edit(request, template, form, result.status)


def _template_edit(
    request: HttpRequest, template: MailTemplate, form: TemplateForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "mailings/template_edit.html",
        {"template": template, "form": form, "fields": _fields()},
        status=status,
    )
