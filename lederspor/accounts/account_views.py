"""The signed-in person's account page (/konto/): how they signed in, their password and
two-factor, and their own latest sign-in events."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lederspor.accounts.audit import ACTION_LABELS
from lederspor.accounts.models import SignInEvent
from lederspor.accounts.two_factor import two_factor_enforced, two_factor_required_for
from lederspor.accounts.views import AUTH_METHOD_SESSION_KEY, local_passwords_enabled
from lederspor.core.access import AuthenticatedHttpRequest

#: how many of the person's own sign-in events their account page lists
ACCOUNT_EVENTS_SHOWN = 10


@login_required
@require_GET
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's account page (/konto/): how this session signed in, links to change
    the password (while local passwords are on) and to two-factor (for those who must use it),
    and their own latest sign-in events (`ACCOUNT_EVENTS_SHOWN`), so that a person can spot a
    sign-in that was not theirs. Only the person's own rows: the page takes no id."""
    user = request.user
    events = [
        {"at": event.at, "label": ACTION_LABELS.get(event.action, event.action), "event": event}
        for event in SignInEvent.objects.filter(object_type=user._meta.label_lower)
        .filter(object_id=str(user.pk))
        .order_by("-at", "-pk")[:ACCOUNT_EVENTS_SHOWN]
    ]
    method = request.session.get(AUTH_METHOD_SESSION_KEY, "")
    return render(
        request,
        "accounts/account.html",
        {
            "method": method,
            "local_passwords": local_passwords_enabled(),
            "two_factor": two_factor_enforced() and two_factor_required_for(user),
            "events": events,
        },
    )
