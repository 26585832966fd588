"""The session keepalive: the page's "Bliv logget ind" button and its status check (issue #12
§3; static/lederspor/session.js)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lederspor.accounts.middleware import session_activity_record, session_seconds_left


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def session_keepalive(request: HttpRequest) -> JsonResponse:
    """POST (CSRF-checked): the person wants to stay signed in; counts as activity at once.
    GET: how long the session has left (the page asks before it warns, with the background
    header, so another tab's activity is seen and the check itself is not activity).

    Returns JSON `{"seconds_left": n}`: seconds until the idle limit or the absolute lifetime,
    whichever comes first. A session that has ended never gets here: the middleware sends it
    to the sign-in page."""
    if request.method == "POST":
        session_activity_record(request, force=True)
    return JsonResponse({"seconds_left": session_seconds_left(request)})
