"""Test helpers: run the real worker over the queued tasks; read a sent invitation back."""

from email import message_from_bytes, policy
from email.message import Message
from typing import Any
from unittest.mock import patch

from django.core.management import call_command
from django.db import connection
from icalendar import Calendar, Event


def _keep_connection() -> None:
    """Stand-in for `close_old_connections` while a test's transaction is open."""


def run_on_commit_callbacks() -> int:
    """Run the `transaction.on_commit` callbacks the test's services have registered so far,
    as the commit of a real request would (a test's transaction is rolled back, never
    committed), and forget them. Services enqueue tasks this way (`core.tasks.enqueue_on_commit`).
    Returns how many ran; callbacks registered while running run too."""
    ran = 0
    while connection.run_on_commit:
        pending = list(connection.run_on_commit)
        connection.run_on_commit[:] = []
        for entry in pending:  # (savepoint ids, callback, robust)
            callback = entry[1]
            callback()
            ran += 1
    return ran


def run_worker() -> None:
    """Run `lederspor worker --batch`: deliver everything queued (and due) now, then return.

    First runs the pending on-commit callbacks (the tasks the services enqueued), and again
    after the worker while its tasks enqueued more (a reminder queues its e-mails). Works inside
    a test's transaction: the database backend reads the task rows the test wrote. The worker's
    loop calls `close_old_connections()`, which on PostgreSQL closes a connection that is inside
    a transaction and so would end the test's transaction; Django's own test client disconnects
    the same housekeeping for requests, and this does the same for the worker.
    """
    while True:
        run_on_commit_callbacks()
        with patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections",
            _keep_connection,
        ):
            call_command("worker", "--batch", verbosity=0)
        if not connection.run_on_commit:  # the tasks queued nothing further (e.g. their mails)
            return


def calendar_parts(message: Any) -> dict[str, tuple[Message, Calendar]]:
    """The calendar parts of a sent Django message, read back from its bytes as a mail client
    reads them: {"alternative": (part, calendar), "attachment": (part, calendar)}, each part's
    payload decoded with the charset its Content-Type names (the attachment names none: UTF-8,
    the iCalendar default), strictly, and parsed with icalendar. Fails the test (AssertionError,
    UnicodeDecodeError) when a part is missing or not UTF-8."""
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    found: dict[str, tuple[Message, Calendar]] = {}
    for part in parsed.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() == "text/calendar":
            key = "alternative"
        elif part.get_filename() == "invitation.ics":
            key = "attachment"
        else:
            continue
        raw = part.get_payload(decode=True)
        if not isinstance(raw, bytes):
            raise AssertionError(f"{key} part has no decodable payload")
        text = raw.decode(part.get_content_charset() or "utf-8", errors="strict")
        found[key] = (part, Calendar.from_ical(text))
    if set(found) != {"alternative", "attachment"}:
        raise AssertionError(f"calendar parts: {sorted(found)}")
    return found


def event_of(calendar: Calendar) -> Event:
    """The one VEVENT of `calendar`."""
    (event,) = calendar.walk("VEVENT")
    if not isinstance(event, Event):
        raise AssertionError(f"not an event: {event!r}")
    return event
