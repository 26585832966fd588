"""A local OS2mo for the sync tests: a real GraphQL server (strawberry-graphql served by
uvicorn on a free port, in a thread) implementing the subset of OS2mo's GraphQL schema v30 that
`people.sources.os2mo` reads, over an organisation the test can change between syncs.

The subset follows OS2mo's own schema (github.com/OS2mo/os2mo, mora/graphapi/collections/*,
paged.py, filters.py at schema version 30): paged `org_units`, `employees` and `engagements`
(`limit: int`, `cursor: Cursor`, `objects { current }`, `page_info { next_cursor }`), the
`*_response` relations (`{ uuid current }`, nested paged ones `{ objects page_info }`),
`Engagement.managers(inherit, exclude_self)` walking up the tree as OS2mo does, and
`Employee.addresses_response(filter: {address_type: {scope}})`.
Employees also have `cpr_number`, so a query asking for it would be answered: the tests check
from the recorded query texts that the sync never asks.

Authentication as in front of a real OS2mo: every request needs `Authorization: Bearer <token>`
and the token is checked by introspection at the OpenID provider that issued it (the test
provider in client-credentials mode); inactive → HTTP 401. Each top-level collection needs its
`read_<collection>` role in the token's scope, else a GraphQL error as OS2mo gives.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NewType
from uuid import UUID

import requests
import strawberry
import uvicorn
from strawberry.asgi import GraphQL
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from lederspor.people.generator import Municipality
from lederspor.people.sources.os2mo import GRAPHQL_PATH

_NAMESPACE = UUID("6d1f0a52-7d51-4a57-9b1e-5f0c7e2d0a17")


def stable_uuid(kind: str, key: str) -> UUID:
    """A deterministic uuid for an object of `kind` with the key `key` (as OS2mo has uuids)."""
    return uuidlib.uuid5(_NAMESPACE, f"{kind}:{key}")


@dataclass
class Unit:
    uuid: UUID
    user_key: str
    name: str
    level: str
    parent: UUID | None


@dataclass
class Employee:
    uuid: UUID
    user_key: str
    given_name: str
    surname: str
    cpr_number: str
    #: (value, address type user_key)
    emails: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Engagement:
    uuid: UUID
    user_key: str
    person: UUID
    org_unit: UUID
    job_function: str
    start: str
    is_primary: bool = True


@dataclass
class Manager:
    uuid: UUID
    person: UUID | None
    org_unit: UUID


@dataclass
class Store:
    """The organisation the server answers from (tests change it between syncs), the query
    texts it received, and a failure to inject: (`collection`, page number from 1)."""

    units: dict[UUID, Unit] = field(default_factory=dict)
    employees: dict[UUID, Employee] = field(default_factory=dict)
    engagements: dict[UUID, Engagement] = field(default_factory=dict)
    managers: dict[UUID, Manager] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)
    #: pages served per collection
    pages: dict[str, int] = field(default_factory=dict)
    fail_on: tuple[str, int] | None = None
    #: HTTP statuses to answer the next authenticated requests with, one each (e.g. a gateway's
    #: 503 while OS2mo restarts), before serving normally
    http_failures: list[int] = field(default_factory=list)

    def unit_by_key(self, user_key: str) -> Unit:
        return next(u for u in self.units.values() if u.user_key == user_key)

    def employee_by_key(self, user_key: str) -> Employee:
        return next(e for e in self.employees.values() if e.user_key == user_key)


def store_from(municipality: Municipality) -> Store:
    """The generated municipality as OS2mo objects: a unit per unit row (its `niveau` as the
    org_unit_level), per person row an employee (user_key = medarbejdernummer), one primary
    engagement and, for `er_leder` = ja, a manager role in their unit."""
    store = Store()
    for row in municipality.units:
        code = row["enhedskode"]
        parent = row["overordnet_enhedskode"]
        unit = Unit(
            uuid=stable_uuid("unit", code),
            user_key=code,
            name=row["navn"],
            level=row["niveau"],
            parent=stable_uuid("unit", parent) if parent else None,
        )
        store.units[unit.uuid] = unit
    for n, row in enumerate(municipality.persons):
        number = row["medarbejdernummer"]
        employee = Employee(
            uuid=stable_uuid("employee", number),
            user_key=number,
            given_name=row["fornavn"],
            surname=row["efternavn"],
            cpr_number=f"0101{70 + n % 30:02d}{1000 + n % 9000:04d}",
            emails=[(row["email"], "EmailEmployee")],
        )
        store.employees[employee.uuid] = employee
        engagement = Engagement(
            uuid=stable_uuid("engagement", number),
            user_key=f"E{number}",
            person=employee.uuid,
            org_unit=stable_uuid("unit", row["enhedskode"]),
            job_function=row["stilling"],
            start=f"{row['ansat_siden']}T00:00:00+01:00",
        )
        store.engagements[engagement.uuid] = engagement
        if row["er_leder"] == "ja":
            manager = Manager(
                uuid=stable_uuid("manager", number),
                person=employee.uuid,
                org_unit=engagement.org_unit,
            )
            store.managers[manager.uuid] = manager
    return store


# --- the schema subset --------------------------------------------------------------------

Cursor = NewType("Cursor", str)
# OS2mo maps pydantic's PositiveInt to a scalar named `int` (mora/graphapi/schema.py)
LimitInt = NewType("LimitInt", int)
SCALARS = {
    Cursor: strawberry.scalar(
        name="Cursor",
        description="Opaque cursor of cursor-based pagination (as OS2mo's).",
        serialize=str,
        parse_value=str,
    ),
    LimitInt: strawberry.scalar(name="int", serialize=int, parse_value=int),
}


def _store(info: Info) -> Store:
    store: Store = info.context["store"]
    return store


def _require(info: Info, collection: str) -> None:
    """Raise as OS2mo does when the token lacks `read_<collection>`."""
    if f"read_{collection}" not in info.context["roles"]:
        raise PermissionError(f"{{'read_{collection}'}} permission(s) required")


@strawberry.type(name="Class")
class ClassType:
    name: str
    user_key: str


@strawberry.type
class ClassResponse:
    current: ClassType | None


def _class(name: str) -> ClassResponse:
    return ClassResponse(current=ClassType(name=name, user_key=name))


@strawberry.type
class Validity:
    from_: str | None = strawberry.field(name="from")


@strawberry.input
class ClassFilter:
    scope: list[str] | None = None


@strawberry.input
class AddressFilter:
    address_type: ClassFilter | None = None


@strawberry.type
class PageInfo:
    next_cursor: Cursor | None


@strawberry.type(name="Address")
class AddressType:
    value: str
    type_key: strawberry.Private[str]

    @strawberry.field
    def address_type_response(self, info: Info) -> ClassResponse:
        _require(info, "class")
        return _class(self.type_key)


@strawberry.type
class AddressResponse:
    current: AddressType | None


@strawberry.type
class AddressPaged:
    objects: list[AddressResponse]
    page_info: PageInfo


@strawberry.type(name="OrganisationUnit")
class OrganisationUnitType:
    obj: strawberry.Private[Unit]

    @strawberry.field
    def uuid(self) -> UUID:
        return self.obj.uuid

    @strawberry.field
    def user_key(self) -> str:
        return self.obj.user_key

    @strawberry.field
    def name(self) -> str:
        return self.obj.name

    @strawberry.field
    def unit_level_response(self, info: Info) -> ClassResponse | None:
        _require(info, "class")
        return _class(self.obj.level)

    @strawberry.field
    def unit_type_response(self, info: Info) -> ClassResponse | None:
        _require(info, "class")
        return _class("Enhed")

    @strawberry.field
    def parent_response(self, info: Info) -> OrganisationUnitResponse | None:
        parent = self.obj.parent
        if parent is None:
            return None
        return OrganisationUnitResponse(
            uuid=parent, current=OrganisationUnitType(obj=_store(info).units[parent])
        )


@strawberry.type
class OrganisationUnitResponse:
    uuid: UUID
    current: OrganisationUnitType | None


@strawberry.type(name="Manager")
class ManagerType:
    obj: strawberry.Private[Manager]

    @strawberry.field
    def uuid(self) -> UUID:
        return self.obj.uuid

    @strawberry.field
    def person_response(self, info: Info) -> EmployeeResponse | None:
        _require(info, "employee")
        if self.obj.person is None:  # a vacant manager post
            return None
        return EmployeeResponse(
            uuid=self.obj.person, current=EmployeeType(obj=_store(info).employees[self.obj.person])
        )


@strawberry.type
class ManagerResponse:
    uuid: UUID
    current: ManagerType | None


@strawberry.type
class ManagerPaged:
    objects: list[ManagerResponse]
    page_info: PageInfo


@strawberry.type(name="Employee")
class EmployeeType:
    obj: strawberry.Private[Employee]

    @strawberry.field
    def uuid(self) -> UUID:
        return self.obj.uuid

    @strawberry.field
    def user_key(self) -> str:
        return self.obj.user_key

    @strawberry.field
    def given_name(self) -> str:
        return self.obj.given_name

    @strawberry.field
    def surname(self) -> str:
        return self.obj.surname

    @strawberry.field
    def cpr_number(self) -> str | None:
        return self.obj.cpr_number

    @strawberry.field
    def addresses_response(self, info: Info, filter: AddressFilter | None = None) -> AddressPaged:
        _require(info, "address")
        scopes = filter.address_type.scope if filter and filter.address_type else None
        emails = [] if scopes is not None and "EMAIL" not in scopes else self.obj.emails
        return AddressPaged(
            objects=[
                AddressResponse(current=AddressType(value=value, type_key=kind))
                for value, kind in emails
            ],
            page_info=PageInfo(next_cursor=None),
        )

    @strawberry.field
    def manager_roles_response(self, info: Info) -> ManagerPaged:
        _require(info, "manager")
        roles = [m for m in _store(info).managers.values() if m.person == self.obj.uuid]
        return ManagerPaged(
            objects=[ManagerResponse(uuid=m.uuid, current=ManagerType(obj=m)) for m in roles],
            page_info=PageInfo(next_cursor=None),
        )


@strawberry.type
class EmployeeResponse:
    uuid: UUID
    current: EmployeeType | None


@strawberry.type(name="Engagement")
class EngagementType:
    obj: strawberry.Private[Engagement]

    @strawberry.field
    def uuid(self) -> UUID:
        return self.obj.uuid

    @strawberry.field
    def user_key(self) -> str:
        return self.obj.user_key

    @strawberry.field
    def is_primary(self) -> bool:
        return self.obj.is_primary

    @strawberry.field
    def validity(self) -> Validity:
        return Validity(from_=self.obj.start)

    @strawberry.field
    def job_function_response(self, info: Info) -> ClassResponse:
        _require(info, "class")
        return _class(self.obj.job_function)

    @strawberry.field
    def person_response(self, info: Info) -> EmployeeResponse:
        person = self.obj.person
        return EmployeeResponse(
            uuid=person, current=EmployeeType(obj=_store(info).employees[person])
        )

    @strawberry.field
    def org_unit_response(self, info: Info) -> OrganisationUnitResponse:
        unit = self.obj.org_unit
        return OrganisationUnitResponse(
            uuid=unit, current=OrganisationUnitType(obj=_store(info).units[unit])
        )

    @strawberry.field
    def managers(
        self, info: Info, inherit: bool = False, exclude_self: bool = False
    ) -> list[ManagerType]:
        """OS2mo's rule: the managers of the engagement's unit (without the employee when
        `exclude_self`); when there are none and `inherit`, those of the parent, and so on."""
        _require(info, "manager")
        store = _store(info)
        unit: UUID | None = self.obj.org_unit
        while unit is not None:
            found = [
                m
                for m in store.managers.values()
                if m.org_unit == unit and not (exclude_self and m.person == self.obj.person)
            ]
            if found or not inherit:
                return [ManagerType(obj=m) for m in sorted(found, key=lambda m: str(m.uuid))]
            unit = store.units[unit].parent
        return []


@strawberry.type
class EngagementResponse:
    uuid: UUID
    current: EngagementType | None


@strawberry.type
class OrganisationUnitPaged:
    objects: list[OrganisationUnitResponse]
    page_info: PageInfo


@strawberry.type
class EmployeePaged:
    objects: list[EmployeeResponse]
    page_info: PageInfo


@strawberry.type
class EngagementPaged:
    objects: list[EngagementResponse]
    page_info: PageInfo


def _page(
    info: Info, collection: str, items: list[Any], limit: int | None, cursor: str | None
) -> tuple[list[Any], PageInfo]:
    """One page of `items` (sorted by uuid, as OS2mo pages by uuid) after `cursor`."""
    _require(info, collection)
    store = _store(info)
    offset = int(base64.b64decode(cursor).decode()) if cursor else 0
    size = limit if limit is not None else len(items)
    number = offset // size + 1 if size else 1
    store.pages[collection] = store.pages.get(collection, 0) + 1
    if store.fail_on == (collection, number):
        raise RuntimeError(f"Database connection lost while reading {collection} page {number}")
    ordered = sorted(items, key=lambda item: str(item.uuid))
    chunk = ordered[offset : offset + size]
    following = offset + size
    next_cursor = (
        base64.b64encode(str(following).encode()).decode() if following < len(ordered) else None
    )
    return chunk, PageInfo(next_cursor=next_cursor)


@strawberry.type
class Query:
    @strawberry.field
    def org_units(
        self,
        info: Info,
        limit: LimitInt | None = None,
        cursor: Cursor | None = None,
    ) -> OrganisationUnitPaged:
        chunk, page_info = _page(info, "org_unit", list(_store(info).units.values()), limit, cursor)
        return OrganisationUnitPaged(
            objects=[
                OrganisationUnitResponse(uuid=u.uuid, current=OrganisationUnitType(obj=u))
                for u in chunk
            ],
            page_info=page_info,
        )

    @strawberry.field
    def employees(
        self,
        info: Info,
        limit: LimitInt | None = None,
        cursor: Cursor | None = None,
    ) -> EmployeePaged:
        chunk, page_info = _page(
            info, "employee", list(_store(info).employees.values()), limit, cursor
        )
        return EmployeePaged(
            objects=[EmployeeResponse(uuid=e.uuid, current=EmployeeType(obj=e)) for e in chunk],
            page_info=page_info,
        )

    @strawberry.field
    def engagements(
        self,
        info: Info,
        limit: LimitInt | None = None,
        cursor: Cursor | None = None,
    ) -> EngagementPaged:
        chunk, page_info = _page(
            info, "engagement", list(_store(info).engagements.values()), limit, cursor
        )
        return EngagementPaged(
            objects=[EngagementResponse(uuid=e.uuid, current=EngagementType(obj=e)) for e in chunk],
            page_info=page_info,
        )


# OS2mo's names are snake_case (org_units, page_info, next_cursor)
SCHEMA = strawberry.Schema(
    query=Query, config=StrawberryConfig(auto_camel_case=False, scalar_map=SCALARS)
)


class _GraphQL(GraphQL):
    """strawberry's ASGI app with the store and the token's roles in the context."""

    def __init__(self, store: Store) -> None:
        super().__init__(SCHEMA, graphql_ide=None)
        self.store = store

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        return {"store": self.store, "roles": request.scope.get("os2mo_roles", set())}


Introspect = Callable[[str], dict[str, Any]]


class _AuthApp:
    """ASGI wrapper: only `GRAPHQL_PATH`, only with an active bearer token (checked by
    `introspect`), and the query text of each request recorded in the store."""

    def __init__(self, store: Store, introspect: Introspect) -> None:
        self.inner = _GraphQL(store)
        self.store = store
        self.introspect = introspect

    async def _reply(self, send: Any, status: int, body: dict[str, Any]) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": json.dumps(body).encode()})

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # lifespan
            return await self.inner(scope, receive, send)
        if scope["path"] != GRAPHQL_PATH:
            return await self._reply(send, 404, {"detail": "Not Found"})
        headers = dict(scope["headers"])
        auth = headers.get(b"authorization", b"").decode()
        token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""
        claims = await asyncio.to_thread(self.introspect, token) if token else {}
        if not claims.get("active"):
            return await self._reply(send, 401, {"detail": "Not authenticated"})
        if self.store.http_failures:
            status = self.store.http_failures.pop(0)
            return await self._reply(send, status, {"detail": "Service Unavailable"})
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            self.store.received.append(json.loads(body).get("query", ""))
        except ValueError:
            pass
        scope = {**scope, "os2mo_roles": set(claims.get("roles") or [])}
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.inner(scope, replay, send)


def introspection(introspection_url: str, client_id: str, client_secret: str) -> Introspect:
    """A token check by RFC 7662 introspection at the provider, as the resource server
    `client_id` (what OS2mo's Keycloak integration amounts to)."""

    def check(token: str) -> dict[str, Any]:
        response = requests.post(
            introspection_url,
            data={"token": token, "client_id": client_id, "client_secret": client_secret},
            timeout=10,
        )
        response.raise_for_status()
        claims: dict[str, Any] = response.json()
        return claims

    return check


@dataclass
class RunningServer:
    """A started server: its base address (without the GraphQL path) and its store."""

    url: str
    store: Store
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_server(store: Store, introspect: Introspect) -> RunningServer:
    """Serve `store` on a free port of 127.0.0.1 in a thread; returns once it listens."""
    config = uvicorn.Config(
        _AuthApp(store, introspect), host="127.0.0.1", port=0, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the local OS2mo server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return RunningServer(url=f"http://127.0.0.1:{port}", store=store, server=server, thread=thread)
