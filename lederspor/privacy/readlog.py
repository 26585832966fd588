"""Note reads of personal data during a request; the middleware writes one row at the end.

A view (page, PDF, export, API endpoint) that shows another person's personal data calls

    note_read(request, persons, RecordKind.CONVERSATION)

once per kind of record it shows, with the persons shown (Person objects or ids). Nothing is
written then: `ReadLogMiddleware` writes one `ReadLogEntry` after the view answered with a
success status (< 400), naming every person noted in the request, so a request adds at most
one write (issue #15 §1; measured in benchmarks/readlog.py). Reading one's own data is not
logged: the reader's own person is dropped, and a request that noted no one else writes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse

from lederspor.core.requests import client_address
from lederspor.people.models import Person
from lederspor.people.roles import person_for_user
from lederspor.privacy.models import ReadLogEntry, RecordKind

#: the request attribute that collects what the request showed
_ATTRIBUTE = "_lederspor_reads"


@dataclass
class _Reads:
    """What one request showed: person ids in first-noted order, kinds in first-noted order."""

    subjects: dict[int, None] = field(default_factory=dict)
    kinds: dict[str, None] = field(default_factory=dict)
    reader_label: str = ""


def _reads(request: HttpRequest) -> _Reads:
    reads = getattr(request, _ATTRIBUTE, None)
    if reads is None:
        reads = _Reads()
        setattr(request, _ATTRIBUTE, reads)
    return reads


def note_read(
    request: HttpRequest,
    persons: Iterable[Person | int | None] | Person | int | None,
    kind: RecordKind,
    *,
    reader_label: str = "",
) -> None:
    """Note that this request shows `persons`' records of `kind` (e.g. RecordKind.LOGBOOK).

    `persons` is one Person, one id, or an iterable of either; None entries are skipped. Call
    it in the view before the response is built (or while building an export). `reader_label`
    names a reader that is not a signed-in person (an API token: "API-nøgle: BI-udtræk"). The
    row is written by `ReadLogMiddleware` after the view; nothing is written when the view
    fails (status ≥ 400) or only the reader's own person was noted.
    Raises TypeError when `kind` is not a RecordKind.
    """
    if not isinstance(kind, RecordKind):
        raise TypeError(f"read-log kind must be a RecordKind member, not {kind!r}")
    if persons is None or isinstance(persons, Person | int):
        persons = [persons]
    reads = _reads(request)
    added = False
    for person in persons:
        pk = person.pk if isinstance(person, Person) else person
        if pk is not None:
            reads.subjects.setdefault(int(pk), None)
            added = True
    if added:
        reads.kinds.setdefault(kind.value, None)
    if reader_label:
        reads.reader_label = reader_label


def _channel(request: HttpRequest, response: HttpResponse) -> str:
    content_type = response.get("Content-Type", "")
    if request.path.startswith("/api/"):
        return "api"
    if content_type.startswith("application/pdf"):
        return "pdf"
    if content_type.startswith("text/html") or not content_type:
        return "page"
    return "export"


def write_reads(request: HttpRequest, response: HttpResponse) -> ReadLogEntry | None:
    """Write the one read-log row for `request` (see the module), or None when there is
    nothing to log: nothing noted, only the reader's own person, or a failed response."""
    reads: _Reads | None = getattr(request, _ATTRIBUTE, None)
    if reads is None or not reads.subjects or response.status_code >= 400:
        return None
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    own = person_for_user(user) if signed_in else None
    subjects = [pk for pk in reads.subjects if own is None or pk != own.pk]
    if not subjects:
        return None
    label = reads.reader_label
    if not label:
        label = f"{own.full_name} <{user.email}>" if own is not None and user else ""
        label = label or (getattr(user, "email", "") if signed_in else "")
    return ReadLogEntry.objects.create(
        reader=user if signed_in else None,
        reader_label=label[:250],
        kinds=",".join(reads.kinds)[:250],
        subjects=" " + " ".join(str(pk) for pk in subjects) + " ",
        subject_count=len(subjects),
        path=request.get_full_path()[:500],
        channel=_channel(request, response),
        address=client_address(request),
    )


class ReadLogMiddleware:
    """Write what the request noted with `note_read` as one `ReadLogEntry` after the view.

    Placed after `AuthenticationMiddleware`. A streaming response (a large export) is logged
    when the view returns, before the stream is sent.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        write_reads(request, response)
        return response
