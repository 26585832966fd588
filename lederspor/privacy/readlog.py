"""The read log's writer: one row per request, from what the request noted.

A view (page, PDF, export, API endpoint) that shows another person's personal data calls
`note_read` (`core.readlog`, imported here too for the floors above):

    note_read(request, persons, RecordKind.CONVERSATION)

once per kind of record it shows, with the persons shown (Person objects or ids). Nothing is
written then: `ReadLogMiddleware` writes one `ReadLogEntry` after the view answered with a
success status (< 400), naming every person noted in the request, so a request adds at most
one write (issue #15 §1; measured in benchmarks/readlog.py). Reading one's own data is not
logged: the reader's own person is dropped, and a request that noted no one else writes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lederspor.core.readlog import Reads, RecordKind, note_read, reads_of
from lederspor.core.requests import client_address
from lederspor.people.roles import request_person
from lederspor.privacy.models import ReadLogEntry

__all__ = ["ReadLogMiddleware", "RecordKind", "note_read", "write_reads"]


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
    reads: Reads = reads_of(request)
    if not reads.subjects or response.status_code >= 400:
        return None
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    own = request_person(request) if signed_in else None
    own_pk = own.pk if own is not None else None
    subjects = [pk for pk in reads.subjects if pk != own_pk]
    if not subjects:
        return None
    label = reads.reader_label
    if not label:
        label = f"{own.full_name} <{user.email}>" if own is not None and user else ""
        label = label or (getattr(user, "email", "") if signed_in else "")
    return ReadLogEntry.objects.create(
        reader=user if signed_in else None,
        reader_label=label[:250],
        kinds=",".join(kind for kind, ids in reads.kinds.items() if ids - {own_pk})[:250],
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
