"""The OS2mo sync (issue #17 §2, "OS2mo sync"; docs/os2mo.md): read org units, employees and
engagements from OS2mo's GraphQL API at one pinned schema version, turn them into the import's
two `Table`s and hand them to `people.importing.load_tables`, the one validation and write path
of the file import. Everything is fetched first and written after: an error on any page writes
nothing. Each run is recorded as a `people.OrgLoadRun` (source os2mo, kind "organisation").

Authentication: Keycloak client credentials (`grant_type=client_credentials` at the realm's
token endpoint); the client needs only the `read_*` roles in `ROLES`. CPR numbers are never
asked for: the queries below name every field read, and none of them is `cpr_number`.

Mapping (docs/os2mo.md "Feltoversættelse"):

- unit: `enhedskode` = org unit `user_key`, `navn` = `name`, `niveau` = the name of its
  `unit_level_response` (else `unit_type_response`), `overordnet_enhedskode` = the parent's
  `user_key`;
- person: one per employee with a current engagement: `medarbejdernummer` = the employee's
  `user_key` (stable across engagements; an employee's engagements are one person in
  Lederspor), the unit and job function of the primary engagement (else the engagement with the lowest
  `user_key`), `leder_medarbejdernummer` = the employee `user_key` of the first manager of
  `managers(inherit: true, exclude_self: true)` on that engagement, `email` = an e-mail address
  (scope EMAIL; the type `LEDERSPOR_OS2MO_EMAIL_TYPE` first), `er_leder` = holds a manager role,
  `ansat_siden` = the engagement's start. Gender and birth year are not in OS2mo except through
  the CPR number, which is never read: they are left blank (kept as *andet/uoplyst*).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from lederspor.core.models import User
from lederspor.people.importing import (
    PERSON_COLUMNS,
    UNIT_COLUMNS,
    ImportResult,
    LoadResult,
    Table,
    load_tables,
)
from lederspor.people.models import OrgLoadRun, OrgUnit, Person

#: the pinned GraphQL schema version (the newest OS2mo offered when the sync was written,
#: OS2mo's mora/graphapi/version.py LATEST_VERSION = 30); OS2mo keeps old versions for a while,
#: so a newer OS2mo keeps answering this path until the version is retired
SCHEMA_VERSION = 30
GRAPHQL_PATH = f"/graphql/v{SCHEMA_VERSION}"
#: the Keycloak roles the client needs: exactly the collections the queries read
ROLES = (
    "read_org_unit",
    "read_employee",
    "read_engagement",
    "read_manager",
    "read_address",
    "read_class",
)
#: what the OrgLoadRun's `label` says and the import's report and audit row name as the source
SOURCE_LABEL = "OS2mo"
#: HTTP statuses of a GraphQL read worth another try (a gateway or OS2mo restarting)
RETRY_STATUSES = (502, 503, 504)
#: seconds before a token's expiry at which the client fetches a new one
TOKEN_MARGIN_SECONDS = 30

# The `*_response` relations, not the list-valued ones (`parent`, `person`, `org_unit`,
# `job_function`, `addresses`, `manager_roles`, …) that v30 marks deprecated.
UNITS_QUERY = """
query LedersporOrgUnits($limit: int, $cursor: Cursor) {
  org_units(limit: $limit, cursor: $cursor) {
    objects {
      current {
        uuid
        user_key
        name
        unit_level_response { current { name } }
        unit_type_response { current { name } }
        parent_response { uuid }
      }
    }
    page_info { next_cursor }
  }
}
"""

EMPLOYEES_QUERY = """
query LedersporEmployees($limit: int, $cursor: Cursor) {
  employees(limit: $limit, cursor: $cursor) {
    objects {
      current {
        uuid
        user_key
        given_name
        surname
        addresses_response(filter: {address_type: {scope: ["EMAIL"]}}) {
          objects {
            current {
              value
              address_type_response { current { user_key } }
            }
          }
        }
        manager_roles_response { objects { current { uuid } } }
      }
    }
    page_info { next_cursor }
  }
}
"""

ENGAGEMENTS_QUERY = """
query LedersporEngagements($limit: int, $cursor: Cursor) {
  engagements(limit: $limit, cursor: $cursor) {
    objects {
      current {
        uuid
        user_key
        is_primary
        validity { from }
        job_function_response { current { name } }
        person_response { uuid }
        org_unit_response { uuid }
        managers(inherit: true, exclude_self: true) {
          person_response { uuid }
        }
      }
    }
    page_info { next_cursor }
  }
}
"""

#: a user_key shaped like a CPR number (DDMMYY-NNNN or 10 digits): refused, never stored
_CPR_LIKE = re.compile(r"^\d{6}-?\d{4}$")


def _network_reason(exc: requests.RequestException, timeout: float) -> str:
    """Why a request failed, in Danish (no address or secret in it)."""
    if isinstance(exc, requests.Timeout):
        return _("intet svar inden for %(seconds)d sekunder") % {"seconds": timeout}
    if isinstance(exc, requests.ConnectionError):
        return _("forbindelsen blev afvist eller afbrudt")
    return _("forespørgslen mislykkedes")


class Os2moError(Exception):
    """The sync cannot go on: OS2mo or Keycloak cannot be reached, refuses, or answers with an
    error. `str(exc)` is a Danish sentence for HR and the operator (never private content)."""


@dataclass(frozen=True)
class Os2moConfig:
    """Where OS2mo and its Keycloak are and the client's credentials (settings
    LEDERSPOR_OS2MO_*, docs/os2mo.md). `url` is OS2mo's base address without the GraphQL path;
    `page_size` objects per page; `timeout` seconds per HTTP request."""

    url: str
    token_url: str
    client_id: str
    client_secret: str
    email_type: str = "EmailEmployee"
    page_size: int = 500
    timeout: float = 60

    @classmethod
    def from_settings(cls) -> Os2moConfig:
        """The configuration from the settings. Raises Os2moError naming the missing setting."""
        values = {
            "LEDERSPOR_OS2MO_URL": settings.LEDERSPOR_OS2MO_URL,
            "LEDERSPOR_OS2MO_TOKEN_URL": settings.LEDERSPOR_OS2MO_TOKEN_URL,
            "LEDERSPOR_OS2MO_CLIENT_ID": settings.LEDERSPOR_OS2MO_CLIENT_ID,
            "LEDERSPOR_OS2MO_CLIENT_SECRET": settings.LEDERSPOR_OS2MO_CLIENT_SECRET,
        }
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise Os2moError(
                _("OS2mo er ikke sat op: %(names)s mangler.") % {"names": ", ".join(missing)}
            )
        return cls(
            url=settings.LEDERSPOR_OS2MO_URL.rstrip("/"),
            token_url=settings.LEDERSPOR_OS2MO_TOKEN_URL,
            client_id=settings.LEDERSPOR_OS2MO_CLIENT_ID,
            client_secret=settings.LEDERSPOR_OS2MO_CLIENT_SECRET,
            email_type=settings.LEDERSPOR_OS2MO_EMAIL_TYPE,
            page_size=settings.LEDERSPOR_OS2MO_PAGE_SIZE,
            timeout=settings.LEDERSPOR_OS2MO_TIMEOUT,
        )

    @property
    def graphql_url(self) -> str:
        """The pinned schema version's endpoint, e.g. https://os2mo.kommune.dk/graphql/v30."""
        return self.url.rstrip("/") + GRAPHQL_PATH


def os2mo_configured() -> bool:
    """Whether the sync is set up (LEDERSPOR_OS2MO_URL is set): the worker schedules it then."""
    return bool(settings.LEDERSPOR_OS2MO_URL)


class Os2moClient:
    """Reads OS2mo's GraphQL API with a Keycloak client-credentials token.

    The token is fetched when first needed and again shortly before it expires. A GraphQL read
    is retried (3 times, backing off from 0.5 s) on a lost connection or HTTP 502/503/504: it
    is idempotent; the token request is not retried. Every failure raises Os2moError.
    """

    def __init__(self, config: Os2moConfig) -> None:
        self.config = config
        self.session = requests.Session()
        retry = Retry(
            total=3,
            backoff_factor=0.5,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"POST"}),
            raise_on_status=False,
        )
        self.session.mount(config.graphql_url, HTTPAdapter(max_retries=retry))
        self._token = ""
        self._token_expires = 0.0

    def _bearer(self) -> str:
        """A valid access token (fetched anew when missing or about to expire)."""
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        try:
            response = requests.post(
                self.config.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.config.client_id,
                    "client_secret": self.config.client_secret,
                },
                timeout=self.config.timeout,
            )
        except requests.RequestException as exc:
            raise Os2moError(
                _("Keycloak kunne ikke nås (%(url)s): %(error)s.")
                % {
                    "url": self.config.token_url,
                    "error": _network_reason(exc, self.config.timeout),
                }
            ) from exc
        if response.status_code in (400, 401, 403):
            raise Os2moError(
                _(
                    "Keycloak afviste klientens id eller hemmelighed (HTTP %(status)d). Tjek "
                    "LEDERSPOR_OS2MO_CLIENT_ID og LEDERSPOR_OS2MO_CLIENT_SECRET."
                )
                % {"status": response.status_code}
            )
        if response.status_code != 200:
            raise Os2moError(
                _("Keycloak svarede med HTTP %(status)d.") % {"status": response.status_code}
            )
        try:
            body = response.json()
            token = str(body["access_token"])
            expires_in = float(body.get("expires_in", 300))
        except (ValueError, KeyError, TypeError) as exc:
            raise Os2moError(_("Keycloak svarede uden et adgangstoken.")) from exc
        self._token = token
        self._token_expires = time.monotonic() + max(expires_in - TOKEN_MARGIN_SECONDS, 1)
        return token

    def query(self, text: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Run one GraphQL query; returns its `data`. Raises Os2moError on an HTTP error, an
        answer that is not JSON, or GraphQL `errors` (the first one's message is quoted)."""
        url = self.config.graphql_url
        try:
            response = self.session.post(
                url,
                json={"query": text, "variables": variables},
                headers={"Authorization": f"Bearer {self._bearer()}"},
                timeout=self.config.timeout,
            )
        except requests.RequestException as exc:
            raise Os2moError(
                _("OS2mo kunne ikke nås (%(url)s): %(error)s.")
                % {"url": url, "error": _network_reason(exc, self.config.timeout)}
            ) from exc
        if response.status_code in (401, 403):
            raise Os2moError(
                _(
                    "OS2mo afviste adgangen (HTTP %(status)d). Tjek at klienten i Keycloak har "
                    "rollerne %(roles)s."
                )
                % {"status": response.status_code, "roles": ", ".join(ROLES)}
            )
        if response.status_code != 200:
            raise Os2moError(
                _("OS2mo svarede med HTTP %(status)d.") % {"status": response.status_code}
            )
        try:
            body = response.json()
        except ValueError as exc:
            raise Os2moError(_("OS2mo svarede ikke med JSON.")) from exc
        if body.get("errors"):
            first = body["errors"][0]
            message = first.get("message", "") if isinstance(first, dict) else str(first)
            raise Os2moError(_("OS2mo afviste forespørgslen: %(message)s") % {"message": message})
        data = body.get("data")
        if not isinstance(data, dict):
            raise Os2moError(_("OS2mo svarede uden data."))
        return data

    def paged(self, text: str, key: str) -> Iterator[dict[str, Any]]:
        """Yield the `current` object of every element of the paged collection `key`, following
        `page_info.next_cursor` until it is null (an element without a current one is skipped:
        it is not valid today)."""
        cursor: str | None = None
        while True:
            page = self.query(text, {"limit": self.config.page_size, "cursor": cursor})[key]
            for obj in page["objects"]:
                if obj.get("current") is not None:
                    yield obj["current"]
            cursor = page["page_info"]["next_cursor"]
            if cursor is None:
                return


@dataclass
class Os2moOrganisation:
    """What a sync read, as the import's tables: `units` and `persons`, and for the report
    the OS2mo uuid behind each table line and what was left out and why."""

    units: Table
    persons: Table
    #: table line → OS2mo uuid of the unit / employee on it
    unit_sources: dict[int, str] = field(default_factory=dict)
    person_sources: dict[int, str] = field(default_factory=dict)
    #: OS2mo uuids of employees without a current engagement (they have left)
    without_engagement: list[str] = field(default_factory=list)
    #: OS2mo uuids of employees with an engagement but no e-mail (Lederspor needs one)
    without_email: list[str] = field(default_factory=list)
    #: objects read: {"units": n, "employees": n, "engagements": n}
    fetched: dict[str, int] = field(default_factory=dict)


def fetch_organisation(client: Os2moClient) -> Os2moOrganisation:
    """Read every org unit, employee and engagement (all pages) and build the tables.

    Raises Os2moError on any failure; nothing is written by this function.
    """
    units = list(client.paged(UNITS_QUERY, "org_units"))
    employees = list(client.paged(EMPLOYEES_QUERY, "employees"))
    engagements = list(client.paged(ENGAGEMENTS_QUERY, "engagements"))
    return build_tables(
        units=units,
        employees=employees,
        engagements=engagements,
        email_type=client.config.email_type,
    )


def _uuid(response: dict[str, Any] | None) -> str:
    """The uuid of a `*_response` relation (`person_response { uuid }`), "" when null."""
    return str((response or {}).get("uuid") or "")


def _current(response: dict[str, Any] | None) -> dict[str, Any]:
    """The `current` object of a `*_response` relation, {} when null or not valid today."""
    return (response or {}).get("current") or {}


def _currents(paged: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The current objects of a nested paged relation (`addresses_response { objects }`)."""
    return [o["current"] for o in (paged or {}).get("objects") or [] if o.get("current")]


def _unit_rows(units: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[str]]:
    """Units as rows of a units file, parents before children; returns (rows, uuids)."""
    by_uuid = {str(u["uuid"]): u for u in units}
    children: dict[str, list[str]] = {}
    roots = []
    for uuid, unit in by_uuid.items():
        parent = _uuid(unit.get("parent_response"))
        if parent in by_uuid:
            children.setdefault(parent, []).append(uuid)
        else:
            roots.append(uuid)
    ordered: list[str] = []
    queue = sorted(roots, key=lambda u: by_uuid[u]["user_key"])
    while queue:  # breadth first; a cycle in OS2mo leaves its units out of `ordered`
        uuid = queue.pop(0)
        ordered.append(uuid)
        queue.extend(sorted(children.get(uuid, []), key=lambda u: by_uuid[u]["user_key"]))
    ordered += sorted(set(by_uuid) - set(ordered), key=lambda u: by_uuid[u]["user_key"])
    rows = []
    for uuid in ordered:
        unit = by_uuid[uuid]
        level = _current(unit.get("unit_level_response")) or _current(
            unit.get("unit_type_response")
        )
        parent = _uuid(unit.get("parent_response"))
        # a parent OS2mo did not list is named by its uuid: the import reports it as unknown
        parent_code = by_uuid[parent]["user_key"] if parent in by_uuid else parent
        rows.append(
            {
                "enhedskode": str(unit["user_key"]).strip(),
                "navn": str(unit["name"]).strip(),
                "niveau": str(level.get("name") or "").strip(),
                "overordnet_enhedskode": parent_code,
            }
        )
    return rows, ordered


def _primary(engagements: list[dict[str, Any]]) -> dict[str, Any]:
    """The engagement that places a person: the primary one, else the lowest `user_key`."""
    return sorted(engagements, key=lambda e: (not e.get("is_primary"), str(e["user_key"])))[0]


def _email(employee: dict[str, Any], email_type: str) -> str:
    """The employee's e-mail: of the type `email_type` if there is one, else the first."""
    addresses = [a for a in _currents(employee.get("addresses_response")) if a.get("value")]
    preferred = [
        a
        for a in addresses
        if _current(a.get("address_type_response")).get("user_key") == email_type
    ]
    chosen = (preferred or addresses or [{}])[0]
    return str(chosen.get("value") or "").strip()


def build_tables(
    *,
    units: list[dict[str, Any]],
    employees: list[dict[str, Any]],
    engagements: list[dict[str, Any]],
    email_type: str = "EmailEmployee",
) -> Os2moOrganisation:
    """Turn OS2mo's `current` objects (shaped as the queries above ask) into the import's
    tables (module docstring: the mapping). Line numbers are as in a file with a header
    (first row = line 2). Raises Os2moError when an employee's `user_key` looks like a CPR
    number (it would become the employee number; the message names the OS2mo uuid only).
    """
    unit_rows, unit_uuids = _unit_rows(units)
    unit_code = {uuid: row["enhedskode"] for uuid, row in zip(unit_uuids, unit_rows, strict=True)}

    by_person: dict[str, list[dict[str, Any]]] = {}
    for engagement in engagements:
        person = _uuid(engagement.get("person_response"))
        if person:
            by_person.setdefault(person, []).append(engagement)

    number_of: dict[str, str] = {}
    for employee in employees:
        key = str(employee["user_key"]).strip()
        if _CPR_LIKE.match(key):
            raise Os2moError(
                _(
                    "Medarbejderen med OS2mo-uuid %(uuid)s har en user_key, der ligner et "
                    "CPR-nummer. Lederspor gemmer aldrig CPR-numre: giv medarbejderne et "
                    "medarbejdernummer som user_key i OS2mo."
                )
                % {"uuid": employee["uuid"]}
            )
        number_of[str(employee["uuid"])] = key

    organisation = Os2moOrganisation(
        units=Table(columns=UNIT_COLUMNS, rows=[]),
        persons=Table(columns=PERSON_COLUMNS, rows=[]),
        fetched={
            "units": len(units),
            "employees": len(employees),
            "engagements": len(engagements),
        },
    )
    for index, (uuid, row) in enumerate(zip(unit_uuids, unit_rows, strict=True)):
        organisation.units.rows.append((index + 2, row))
        organisation.unit_sources[index + 2] = uuid

    placed: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    for employee in sorted(employees, key=lambda e: str(e["user_key"])):
        uuid = str(employee["uuid"])
        if uuid not in by_person:
            organisation.without_engagement.append(uuid)
            continue
        email = _email(employee, email_type)
        if not email:
            organisation.without_email.append(uuid)
            continue
        placed.append((employee, _primary(by_person[uuid]), email))
    kept = {str(employee["uuid"]) for employee, _e, _m in placed}

    for index, (employee, engagement, email) in enumerate(placed):
        uuid = str(employee["uuid"])
        manager = ""
        for role in engagement.get("managers") or []:
            person = _uuid(role.get("person_response"))
            if person and person != uuid and person in kept:
                manager = number_of[person]
                break
        unit = _uuid(engagement.get("org_unit_response"))
        since = str((engagement.get("validity") or {}).get("from") or "")[:10]
        row = {
            "medarbejdernummer": number_of[uuid],
            "fornavn": str(employee.get("given_name") or "").strip(),
            "efternavn": str(employee.get("surname") or "").strip(),
            "email": email,
            "stilling": str(
                _current(engagement.get("job_function_response")).get("name") or ""
            ).strip(),
            "faggruppe": "",
            "enhedskode": unit_code.get(unit, unit),
            "leder_medarbejdernummer": manager,
            "køn": "",
            "fødselsår": "",
            "ansat_siden": since,
            "er_leder": "ja" if _currents(employee.get("manager_roles_response")) else "nej",
        }
        organisation.persons.rows.append((index + 2, row))
        organisation.person_sources[index + 2] = uuid
    return organisation


def _result_report(result: ImportResult | None, sources: dict[int, str]) -> dict[str, Any]:
    """One kind's part of a run's report: counts and the row errors with their OS2mo uuid."""
    if result is None:
        return {}
    report: dict[str, Any] = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": [
            {
                "line": error.line,
                "column": error.column,
                "message": error.message,
                "os2mo_uuid": sources.get(error.line, ""),
            }
            for error in result.errors
        ],
    }
    if result.kind == "persons":
        report["users_created"] = result.users_created
        report["leadership"] = result.leadership_summary
    return report


def _missing(organisation: Os2moOrganisation) -> dict[str, list[str]]:
    """Active units and persons in Lederspor that OS2mo no longer has (codes / numbers): a full
    load deactivates them; the run lists them either way."""
    codes = {row["enhedskode"] for _line, row in organisation.units.rows}
    numbers = {row["medarbejdernummer"] for _line, row in organisation.persons.rows}
    stored_units = OrgUnit.objects.filter(is_active=True).values_list("code", flat=True)
    stored_persons = Person.objects.filter(is_active=True).values_list("employee_number", flat=True)
    return {
        "units": sorted(set(stored_units) - codes),
        "persons": sorted(set(stored_persons) - numbers),
    }


def sync_report(
    organisation: Os2moOrganisation, result: LoadResult, missing: dict[str, list[str]]
) -> dict[str, Any]:
    """The JSON report of a finished sync (stored in `OrgLoadRun.report`): what was read, the
    import's counts and row errors per kind, what was missing from OS2mo before the load
    (`missing`, from `_missing`), and who was left out (employees without an engagement or an
    e-mail, by OS2mo uuid)."""
    return {
        "fetched": organisation.fetched,
        "units": _result_report(result.units, organisation.unit_sources),
        "persons": _result_report(result.persons, organisation.person_sources),
        "missing": missing,
        **(
            {"deactivation": result.deactivation.as_report()}
            if result.deactivation is not None
            else {}
        ),
        "left_out": {
            "without_engagement": organisation.without_engagement,
            "without_email": organisation.without_email,
        },
    }


def sync_organisation(
    *,
    config: Os2moConfig | None = None,
    by: User | None = None,
    dry_run: bool = False,
    confirm: bool = False,
) -> OrgLoadRun:
    """Run one OS2mo sync and record it: fetch everything, then `load_tables` (all or nothing;
    `dry_run` validates and counts without keeping anything).

    A sync is a full load: persons and units no longer in OS2mo become inactive; when more
    than `LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE` would go, nothing is written unless `confirm`
    (`sync_org --confirm`; the nightly run never confirms).

    `config` defaults to the settings. Returns the `OrgLoadRun` (status succeeded or failed;
    `report["error"]` holds the Danish message when OS2mo, Keycloak or the settings failed,
    `report["units"/"persons"]["errors"]` the rows the import refused). An unexpected
    exception is recorded as failed and raised again.
    """
    run = OrgLoadRun.objects.create(
        source=OrgLoadRun.Source.OS2MO,
        kind="organisation",
        label=(config.url if config else settings.LEDERSPOR_OS2MO_URL) or SOURCE_LABEL,
        status=OrgLoadRun.Status.RUNNING,
        dry_run=dry_run,
        full=True,
        confirmed=confirm,
        by=by,
        started_at=timezone.now(),
    )
    try:
        organisation = fetch_organisation(Os2moClient(config or Os2moConfig.from_settings()))
        run.progress_total = len(organisation.units.rows) + len(organisation.persons.rows)
        missing = _missing(organisation)  # before the load makes them inactive
        result = load_tables(
            units=organisation.units,
            persons=organisation.persons,
            label=SOURCE_LABEL,
            by=by,
            dry_run=dry_run,
            full=True,
            confirm=confirm,
        )
    except Os2moError as exc:
        run.status = OrgLoadRun.Status.FAILED
        run.report = {"error": str(exc)}
    except Exception:
        run.status = OrgLoadRun.Status.FAILED
        run.report = {"error": _("Uventet fejl under synkroniseringen; se serverens log.")}
        run.finished_at = timezone.now()
        run.save()
        raise
    else:
        run.status = OrgLoadRun.Status.SUCCEEDED if result.ok else OrgLoadRun.Status.FAILED
        run.progress_done = run.progress_total
        run.report = sync_report(organisation, result, missing)
        if not result.ok:
            refusal = result.deactivation.errors if result.deactivation is not None else []
            run.report["error"] = " ".join(refusal) or _(
                "OS2mo's data kunne ikke indlæses; intet er gemt. Se fejlene pr. række."
            )
    run.finished_at = timezone.now()
    run.save()
    return run
