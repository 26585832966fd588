"""Full loads deactivate (issue #17 §2): persons and units missing from a full load become
inactive with a date (never deleted), a dry run lists them and writes nothing, more than the
allowed share is refused until confirmed, whoever comes back is active again, a unit that
still has active persons is not deactivated, inactive people cannot sign in, and pickers and
HR's list leave them out."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from lederspor.core.models import AuditEvent, User
from lederspor.people import importing
from lederspor.people.importing import Table, load_tables
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import active_persons, person_search
from lederspor.site.testing import PASSWORD

LEVEL_NAMES = {kind: name for name, kind in reversed(importing.LEVELS.items())}


def persons_table(*, without: tuple[Person, ...] = (), extra: list[dict] | None = None) -> Table:
    """Every stored person (active or not, erased ones aside) as a persons file, less
    `without`, plus `extra` rows."""
    gone = {p.pk for p in without}
    rows: list[tuple[int, dict[str, str]]] = []
    for person in Person.objects.select_related("unit", "manager").order_by("pk"):
        if person.pk in gone:
            continue
        rows.append(
            (
                len(rows) + 2,
                {
                    "medarbejdernummer": person.employee_number,
                    "fornavn": person.first_name,
                    "efternavn": person.last_name,
                    "email": person.email,
                    "stilling": person.job_title,
                    "faggruppe": person.profession,
                    "enhedskode": person.unit.code,
                    "leder_medarbejdernummer": (
                        person.manager.employee_number
                        if person.manager and person.manager.pk not in gone
                        else ""
                    ),
                    "køn": "",
                    "fødselsår": "",
                    "ansat_siden": "",
                    "er_leder": "ja" if person.is_leader else "nej",
                },
            )
        )
    for values in extra or []:
        rows.append((len(rows) + 2, values))
    return Table(columns=tuple(importing.PERSON_COLUMNS), rows=rows)


def units_table(*, without: tuple[OrgUnit, ...] = ()) -> Table:
    """Every stored unit as a units file (parents first), less `without`."""
    gone = {u.pk for u in without}
    rows = []
    for unit in OrgUnit.objects.select_related("parent").order_by("pk"):
        if unit.pk in gone:
            continue
        rows.append(
            (
                len(rows) + 2,
                {
                    "enhedskode": unit.code,
                    "navn": unit.name,
                    "niveau": LEVEL_NAMES[unit.kind],
                    "overordnet_enhedskode": unit.parent.code if unit.parent else "",
                },
            )
        )
    return Table(columns=tuple(importing.UNIT_COLUMNS), rows=rows)


def signs_in(email: str) -> bool:
    """Whether `email` with the cast's password gets through the sign-in backends (axes first)."""
    request = RequestFactory().post("/login/")
    return authenticate(request, username=email, password=PASSWORD) is not None


@pytest.fixture
def share(settings):
    """Allow half of the (few) cast persons and units to go without confirmation."""
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.5
    return settings


def state(*persons: Person) -> list[tuple[bool, bool, bool]]:
    """(person active, has deactivated_at, login active) for each of `persons`, re-read."""
    out = []
    for p in persons:
        p.refresh_from_db()
        out.append((p.is_active, p.deactivated_at is not None, p.user.is_active))
    return out


def test_a_full_persons_load_deactivates_the_missing_and_keeps_the_rows(cast, share):
    count = Person.objects.count()
    result = load_tables(
        units=None,
        persons=persons_table(without=(cast.outsider, cast.colleague)),
        label="personer.csv",
        by=cast.consultant.user,
        full=True,
    )
    assert result.ok, result.deactivation and result.deactivation.errors
    assert Person.objects.count() == count
    assert state(cast.outsider, cast.colleague) == [(False, True, False)] * 2
    assert state(cast.aspirant) == [(True, False, True)]
    listed = {p["number"] for p in result.deactivation.persons}
    assert listed == {cast.outsider.employee_number, cast.colleague.employee_number}
    event = AuditEvent.objects.filter(action="org.deactivate").latest("id")
    assert event.data["persons_deactivated"] == 2
    assert "Otto" not in event.summary and "Carl" not in event.summary


def test_a_load_that_is_not_full_deactivates_nobody(cast, share):
    result = load_tables(
        units=None, persons=persons_table(without=(cast.outsider,)), label="p.csv", by=None
    )
    assert result.ok and result.deactivation.persons == []
    assert state(cast.outsider) == [(True, False, True)]


def test_the_dry_run_lists_who_would_go_and_writes_nothing(cast, share):
    events = AuditEvent.objects.count()
    result = load_tables(
        units=None,
        persons=persons_table(without=(cast.outsider,)),
        label="p.csv",
        by=None,
        full=True,
        dry_run=True,
    )
    assert result.ok
    assert [p["name"] for p in result.deactivation.persons] == ["Otto Udenfor"]
    assert result.deactivation.as_report()["persons"][0]["unit"] == "Arbejdsplads B1a"
    assert not result.deactivation.applied
    assert state(cast.outsider) == [(True, False, True)]
    assert AuditEvent.objects.count() == events


def test_more_than_the_share_is_refused_with_the_numbers_until_confirmed(cast, settings):
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.1  # 1 of the 11 active persons
    table = persons_table(without=(cast.outsider, cast.colleague))
    active = Person.objects.filter(is_active=True).count()

    refused = load_tables(units=None, persons=table, label="p.csv", by=None, full=True)
    assert not refused.ok
    assert refused.persons.ok  # the rows were fine; the share refused the load
    (message,) = refused.deactivation.errors
    assert f"2 af {active} aktive personer" in message and "10 %" in message
    assert "(1)" in message and "Intet er gemt" in message
    assert refused.deactivation.needs_confirmation
    assert state(cast.outsider, cast.colleague) == [(True, False, True)] * 2

    confirmed = load_tables(
        units=None, persons=table, label="p.csv", by=None, full=True, confirm=True
    )
    assert confirmed.ok, confirmed.deactivation.errors
    assert state(cast.outsider, cast.colleague) == [(False, True, False)] * 2


def test_the_share_is_refused_in_a_dry_run_too_and_then_writes_nothing(cast, settings):
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.0
    result = load_tables(
        units=None,
        persons=persons_table(without=(cast.outsider,)),
        label="p.csv",
        by=None,
        full=True,
        dry_run=True,
    )
    assert not result.ok and result.deactivation.needs_confirmation
    assert len(result.deactivation.persons) == 1


def test_a_person_who_comes_back_is_active_again_and_can_sign_in(cast, share):
    load_tables(
        units=None, persons=persons_table(without=(cast.outsider,)), label="p", by=None, full=True
    )
    assert not signs_in("otto@test.dk")

    result = load_tables(units=None, persons=persons_table(), label="p", by=None, full=True)
    assert result.ok
    assert [p["number"] for p in result.deactivation.reactivated_persons] == ["110"]
    assert state(cast.outsider) == [(True, False, True)]
    assert signs_in("otto@test.dk")


def test_a_full_units_load_deactivates_only_units_and_never_one_with_active_persons(cast, share):
    empty = OrgUnit.objects.create(
        code="TOM", name="Tom enhed", kind="workplace", parent=cast.other_workplace.parent
    )
    # the outsider's workplace is missing too, but Otto still works there
    result = load_tables(
        units=units_table(without=(empty, cast.outsider.unit)),
        persons=None,
        label="enheder.csv",
        by=None,
        full=True,
    )
    assert not result.ok
    (blocked,) = result.deactivation.blocked_units
    assert blocked == {"code": "WB1a", "name": "Arbejdsplads B1a", "persons": 1, "units": 0}
    assert (
        "WB1a" in result.deactivation.errors[0]
        and "1 aktive personer" in (result.deactivation.errors[0])
    )
    empty.refresh_from_db()
    assert empty.is_active  # all or nothing

    result = load_tables(
        units=units_table(without=(empty,)), persons=None, label="e.csv", by=None, full=True
    )
    assert result.ok
    empty.refresh_from_db()
    assert not empty.is_active and empty.deactivated_at is not None
    assert OrgUnit.objects.filter(code="TOM").exists()
    assert Person.objects.filter(is_active=False).count() == 0  # a units load leaves persons


def test_a_unit_whose_persons_leave_in_the_same_load_can_go(cast, share):
    result = load_tables(
        units=units_table(without=(cast.outsider.unit,)),
        persons=persons_table(without=(cast.outsider,)),
        label="organisation",
        by=None,
        full=True,
    )
    assert result.ok, result.deactivation.errors
    assert state(cast.outsider)[0][0] is False
    assert not OrgUnit.objects.get(code="WB1a").is_active


def test_a_row_error_writes_nothing_and_deactivates_nobody(cast, share):
    bad = persons_table(
        without=(cast.outsider,), extra=[{"medarbejdernummer": "999", "fornavn": ""}]
    )
    result = load_tables(units=None, persons=bad, label="p", by=None, full=True)
    assert not result.ok and result.persons.errors
    assert state(cast.outsider) == [(True, False, True)]


# --- inactive people: sign-in, sessions, pickers ------------------------------------------


def deactivate(*persons: Person) -> None:
    importing.deactivation.set_persons_active(person_ids=[p.pk for p in persons], active=False)


def test_an_inactive_person_cannot_sign_in_with_a_password(cast):
    deactivate(cast.aspirant)
    assert not signs_in("anna@test.dk")
    response = Client().post("/login/", {"username": "anna@test.dk", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated


def test_an_open_session_ends_when_the_person_is_deactivated(cast):
    client = Client()
    client.force_login(cast.aspirant.user)
    assert client.get("/").status_code == 200
    deactivate(cast.aspirant)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_pickers_and_the_default_search_leave_inactive_persons_out(cast):
    deactivate(cast.outsider)
    assert cast.outsider not in active_persons()
    assert cast.aspirant in active_persons()
    assert cast.outsider not in person_search(q="Otto")
    assert cast.outsider in person_search(q="Otto", include_inactive=True)


def test_hr_list_shows_inactive_persons_only_when_asked(cast, as_):
    deactivate(cast.outsider)
    client = as_(cast.consultant)
    names = [p.full_name for p in client.get("/organisation/personer/").context["page_obj"]]
    assert "Otto Udenfor" not in names
    response = client.get("/organisation/personer/?inaktive=1")
    names = [p.full_name for p in response.context["page_obj"]]
    assert "Otto Udenfor" in names
    assert "Ikke aktiv" in response.content.decode()
    assert User.objects.get(pk=cast.outsider.user_id).is_active is False


def test_a_deactivated_leader_stops_leading_the_same_day(cast, share):
    from lederspor.people.models import LeadershipChange

    load_tables(units=None, persons=persons_table(), label="p", by=None)  # a baseline
    result = load_tables(
        units=None,
        persons=persons_table(without=(cast.other_leader, cast.other_aspirant, cast.host)),
        label="p",
        by=None,
        full=True,
    )
    assert result.ok, result.deactivation.errors
    latest = LeadershipChange.objects.filter(person=cast.other_leader).latest("pk")
    assert latest.kind == LeadershipChange.Kind.STOPPED


def test_the_person_page_says_when_a_full_load_deactivated_them(cast, as_):
    deactivate(cast.outsider)
    html = as_(cast.consultant).get(f"/organisation/personer/{cast.outsider.pk}/").content.decode()
    assert "deaktiveret" in html and "(mangler i en fuld indlæsning)" in html


def test_a_unit_that_units_in_the_file_still_lie_under_is_not_deactivated(cast, share):
    area = cast.other_workplace.parent  # Område A1: both workplaces lie under it in the file
    table = units_table(without=(area,))
    result = load_tables(units=table, persons=None, label="e.csv", by=None, full=True)
    assert not result.ok
    (blocked,) = result.deactivation.blocked_units
    assert blocked["code"] == "OA1" and blocked["units"] == 2
    assert any("2 enheder i filen ligger under den" in e for e in result.deactivation.errors)
    area.refresh_from_db()
    assert area.is_active
