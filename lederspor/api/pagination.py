"""Cursor pagination of the API's lists (docs/api.md "Sider").

Every list is ordered by id and a page starts after the last id of the previous one, so rows
inserted or deleted while a client walks the pages neither repeat nor shift what follows (new
rows with higher ids appear on the last pages). The cursor is opaque to clients: URL-safe
base64 of "id:<last id>".
"""

import base64
import binascii
from typing import Any
from urllib import parse

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read

#: rows per page when the client does not ask (`limit`)
DEFAULT_LIMIT = 100
#: the most rows a page may hold
MAX_LIMIT = 500

BAD_CURSOR = _("Ugyldig markør (cursor). Brug linket i “next” fra den forrige side.")


def cursor_encode(last_id: int) -> str:
    """The opaque cursor for the page after id `last_id`."""
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> int:
    """The last id a cursor names. Raises ValueError for anything `cursor_encode` did not make."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError) as error:
        raise ValueError(cursor) from error
    mark, _colon, number = text.partition(":")
    if mark != "id" or not number.isdigit():
        raise ValueError(cursor)
    return int(number)


class CursorPagination(PaginationBase):
    """`?limit=` (1–`MAX_LIMIT`, default `DEFAULT_LIMIT`) and `?cursor=`; the answer is
    `{"items": [...], "next": <URL of the next page or null>}`. One query per page (limit + 1
    rows, to know whether there is a next page; no COUNT). An invalid cursor is 400."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rækker pr. side (1–500, standard 100)."
        )
        cursor: str | None = Field(
            None, description="Markøren fra den forrige sides “next”-link; udelad på første side."
        )

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(description="Adressen på næste side, eller null på den sidste.")

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        """The page of `queryset` after `pagination.cursor`, ordered by id."""
        rows = queryset.order_by("id")
        if pagination.cursor:
            try:
                rows = rows.filter(id__gt=cursor_decode(pagination.cursor))
            except ValueError:
                raise HttpError(400, str(BAD_CURSOR)) from None
        page = list(rows[: pagination.limit + 1])
        items = page[: pagination.limit]
        note_page_read(request, items)
        next_url = None
        if len(page) > pagination.limit:
            next_url = _with_cursor(request.build_absolute_uri(), cursor_encode(items[-1].id))
        return {"items": items, "next": next_url}


def _with_cursor(url: str, cursor: str) -> str:
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    params = parse.parse_qs(query, keep_blank_values=True)
    params["cursor"] = [cursor]
    query = parse.urlencode(sorted(params.items()), doseq=True)
    return parse.urlunsplit((scheme, netloc, path, query, fragment))


def note_page_read(request: HttpRequest, items: list[Any]) -> None:
    """Write the persons a page of the API shows to the read log (issue #15 §1): a page of
    persons as PERSON, a page of rows with a `person_id` (enrolments) as ENROLMENT; the reader
    is the API token (`request.auth`), named "API-nøgle: <name>". Pages of structure (units,
    programmes, cohorts, sessions) note nothing."""
    if not items:
        return
    token = getattr(request, "auth", None)
    label = f"API-nøgle: {token.name}" if token is not None and hasattr(token, "name") else ""
    if isinstance(items[0], Person):
        note_read(request, [item.pk for item in items], RecordKind.PERSON, reader_label=label)
    elif hasattr(items[0], "person_id"):
        persons = [item.person_id for item in items]
        note_read(request, persons, RecordKind.ENROLMENT, reader_label=label)
