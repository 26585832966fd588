"""The hub's picker (issue #17 §1; `core.combobox`, docs/pickers.md): a cohort's consultants on
the new-cohort and edit-cohort forms, searched as the user types instead of listing every
person who could be one."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.core.access import not_found
from lederspor.core.combobox import picker_object_id, pickers
from lederspor.people.models import Person
from lederspor.people.pickers import person_picker
from lederspor.people.roles import roles_for

#: the consultants of the cohort form (`for`: the cohort's id on the edit form, empty on the
#: new-cohort form)
COHORT_CONSULTANTS = "programmes.cohort_consultants"


def cohort_consultant_choices(request: HttpRequest, picker_for: str) -> QuerySet[Person]:
    """The consultants offered on the cohort form: the rule of `cohort_edit` for cohort
    `picker_for` (`get_cohort_for(write=True)`), or of `cohort_create` without one (the
    manage-programmes permission); Http404 otherwise. The set is
    `selectors.consultant_choices`."""
    from lederspor.programmes.access import get_cohort_for
    from lederspor.programmes.selectors import consultant_choices

    if picker_for:
        get_cohort_for(request, picker_object_id(picker_for), write=True)
    elif not roles_for(request).can_manage_programmes:
        raise not_found()
    return consultant_choices()


def register() -> None:
    """Register the hub's picker (called from `ProgrammesConfig.ready`)."""
    pickers.register(person_picker(COHORT_CONSULTANTS, choices=cohort_consultant_choices))
