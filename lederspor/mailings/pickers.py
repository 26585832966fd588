"""The bulk mail's picker (issue #17 §1; `core.combobox`, docs/pickers.md): the unit filter
of a mailing, searched as the user types instead of listing every unit of the municipality."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.core.combobox import pickers
from lederspor.people.models import OrgUnit
from lederspor.people.pickers import unit_picker

#: the unit filter of the compose form (no `for`: the set is every unit)
MAILING_UNIT = "mailings.unit"


def mailing_unit_choices(request: HttpRequest, picker_for: str) -> QuerySet[OrgUnit]:
    """Every unit, by name, for those who may write a mailing (HR staff and consultants: the
    rule of `mailings.views.compose`, `access.cohorts_for`); Http404 for anyone else."""
    from lederspor.mailings.access import cohorts_for

    cohorts_for(request)
    return OrgUnit.objects.order_by("name")


def register() -> None:
    """Register the mailings' picker (called from `MailingsConfig.ready`)."""
    pickers.register(unit_picker(MAILING_UNIT, choices=mailing_unit_choices))
