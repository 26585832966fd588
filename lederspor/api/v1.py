"""Version 1 of Lederspor's JSON API: /api/v1/ (docs/api.md).

One `NinjaAPI` with a router per area; each router's `auth` is `TokenAuth(<its scope>)`. To add
an area, write `lederspor/api/<area>.py` with `router = Router(auth=TokenAuth(Scope.…),
tags=[…])` and register it below with one `api.add_router("", <area>.router)` line; the tests
read the endpoint list from the schema, so the new endpoints are checked for refusals at once.

The schema is /api/v1/openapi.json and the interactive docs /api/v1/docs: Swagger UI from the
static files django-ninja ships (never a CDN), started by a script file, so it works under the
strict Content-Security-Policy (`core.middleware`).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.openapi.docs import Swagger

from lederspor.api import organisation, programmes, reports
from lederspor.api.auth import TokenRateThrottle
from lederspor.api.selectors import TokenRefusal


class LocalSwagger(Swagger):
    """Swagger UI from our template (`api/swagger.html`: a language, a main landmark, the
    files django-ninja ships and our contrast fixes), whatever `INSTALLED_APPS` says. No
    validator badge (it would call validator.swagger.io) and no deep links (they put a link
    inside each operation's button, which axe rightly finds: nested interactive controls)."""

    template = "api/swagger.html"

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        """The docs page for `api`."""
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(
            request,
            self.template,
            {"swagger_settings": self.settings, "api": api},
        )


api = NinjaAPI(
    title="Lederspor API",
    version="1",
    description=(
        "Læseadgang for integrationer og BI: organisation, forløb, hold, mødegange, "
        "deltagelser og rapporter. Log ind med en API-nøgle: `Authorization: Bearer <nøgle>`. "
        "Se docs/api.md."
    ),
    urls_namespace="api_v1",
    docs=LocalSwagger(settings={"validatorUrl": None, "deepLinking": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[TokenRateThrottle()],
)


@api.exception_handler(TokenRefusal)
def token_refused(request: HttpRequest, exc: TokenRefusal) -> HttpResponse:
    """401/403 with the Danish reason; a 401 names the scheme (RFC 6750)."""
    response = api.create_response(request, {"detail": str(exc.message)}, status=exc.status)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="lederspor"'
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429 in Danish; ninja adds Retry-After (whole seconds) to the response."""
    return api.create_response(
        request,
        {"detail": _("For mange forespørgsler med denne API-nøgle. Vent lidt, og prøv igen.")},
        status=429,
    )


api.add_router("", organisation.router)
api.add_router("", programmes.router)
api.add_router("", reports.router)
