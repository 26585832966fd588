"""The organisation endpoints of /api/v1/ (scope `org:read`): units and persons.

Persons carry the minimal fields an integration needs to match people (no gender, birth year,
job title or anything from a programme). A token reads what HR staff read: every unit and person.
"""

from typing import Annotated, Any

from django.db.models import F, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lederspor.api.auth import TokenAuth
from lederspor.api.models import Scope
from lederspor.api.pagination import CursorPagination
from lederspor.api.schemas import enum_schema
from lederspor.people.models import OrgUnit, Person

UnitKind = Annotated[OrgUnit.Kind, enum_schema(OrgUnit.Kind, "OrgUnitKind")]

router = Router(auth=TokenAuth(Scope.ORG_READ), tags=["Organisation"])


class OrgUnitOut(Schema):
    """A unit of the organisation tree."""

    code: str = Field(description="Enhedskode fra lønsystemet (entydig).")
    name: str
    kind: UnitKind
    parent_code: str | None = Field(description="Den overordnede enheds kode (null for kommunen).")


class PersonOut(Schema):
    """A person, with the fields needed to match them in another system."""

    employee_number: str
    first_name: str
    last_name: str
    email: str
    unit_code: str
    manager_employee_number: str | None = Field(
        description="Nærmeste leders medarbejdernummer, eller null."
    )
    is_leader: bool
    is_active: bool


@router.get("/org-units", response=list[OrgUnitOut], summary="Enheder")
@paginate(CursorPagination)
def org_units(request: HttpRequest, kind: UnitKind | None = None) -> QuerySet[Any]:
    """Every unit of the organisation, with its parent's code; `kind` filters by level."""
    units = OrgUnit.objects.annotate(parent_code=F("parent__code")).only(
        "id", "code", "name", "kind"
    )
    if kind is not None:
        units = units.filter(kind=kind)
    return units


@router.get("/persons", response=list[PersonOut], summary="Personer")
@paginate(CursorPagination)
def persons(
    request: HttpRequest, unit: str | None = None, is_active: bool | None = None
) -> QuerySet[Any]:
    """Every person (active and inactive); `unit` filters by unit code (that unit only, not
    its sub-units), `is_active` by whether the person is still employed."""
    people = Person.objects.annotate(
        unit_code=F("unit__code"), manager_employee_number=F("manager__employee_number")
    ).only("id", "employee_number", "first_name", "last_name", "email", "is_leader", "is_active")
    if unit is not None:
        people = people.filter(unit__code=unit)
    if is_active is not None:
        people = people.filter(is_active=is_active)
    return people
