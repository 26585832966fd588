"""This app's panel on a participant's programme page (`programmes:enrolment_detail`)."""

from __future__ import annotations

from django.http import HttpRequest

from lederspor.core.access import Relation
from lederspor.programmes.models import Enrolment


def enrolment_panel(request: HttpRequest, enrolment: Enrolment, relations: set[Relation]) -> str:
    """Rendered HTML of the panel for `enrolment` as seen with `relations`, or "" for none."""
    return ""
