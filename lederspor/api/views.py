"""The API tokens page (/api/noegler/): administrators who are HR staff create and revoke the
integrations' tokens (`api.access.may_manage_tokens`; anyone else gets 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lederspor.api.access import may_manage_tokens
from lederspor.api.forms import ApiTokenForm
from lederspor.api.models import ApiToken
from lederspor.api.selectors import api_tokens_for_page
from lederspor.api.services import api_token_create, api_token_revoke
from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.views import submit


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tokens and the form to create one. After a create, the same page shows the raw
    token once (never stored, never in a redirect or a message) and is not cached."""
    if not may_manage_tokens(request.user):
        raise not_found()
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    status = 200
    raw = None
    if request.method == "POST":
        done = submit(
            form, lambda data: api_token_create(by=request.user, **form.service_arguments(data))
        )
        status = done.status
        if done.ok and done.result is not None:
            raw = done.result[1]
            form = ApiTokenForm()
    response = render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": list(api_tokens_for_page()), "raw_token": raw},
        status=status,
    )
    return response


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Revoke token `pk` (POST), then back to the list."""
    if not may_manage_tokens(request.user):
        raise not_found()
    token = get_object_or_404(ApiToken, pk=pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("API-nøglen “%(name)s” er tilbagekaldt.") % {"name": token.name})
    return redirect("api:token_list")
