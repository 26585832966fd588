"""Relations between the signed-in person and an object, and the 404/403 rules (STYLE.md §4).

A person with no relation to an object gets 404 (we do not reveal that it exists); a person who
may only read gets 403 on a write.
"""

from enum import StrEnum

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails

from lederspor.core.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind `@login_required` receives: its `user` is a `User`, and
    django-htmx's middleware has added `htmx`.

    An annotation only (the pattern django-stubs and django-htmx document): Django passes an
    ordinary `HttpRequest`, whose anonymous users `@login_required` has already sent to the
    login page.
    """

    user: User
    htmx: HtmxDetails


class Relation(StrEnum):
    """How a person relates to an enrolment, task or cohort."""

    PARTICIPANT = "participant"
    LEADER = "leader"
    CHEF = "chef"
    CONSULTANT = "consultant"
    HOST = "host"
    ADMIN = "admin"


RELATION_LABELS = {
    Relation.PARTICIPANT: _("deltager"),
    Relation.LEADER: _("nærmeste leder"),
    Relation.CHEF: _("chef"),
    Relation.CONSULTANT: _("konsulent"),
    Relation.HOST: _("opgaveejer/vært"),
    Relation.ADMIN: _("administrator"),
}


def not_found() -> Http404:
    """The 404 raised when the person has no relation to the object."""
    return Http404(_("Siden findes ikke, eller du har ikke adgang til den."))
