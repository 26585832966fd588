"""Test helpers: run the real worker over the queued tasks."""

from unittest.mock import patch

from django.core.management import call_command


def _keep_connection() -> None:
    """Stand-in for `close_old_connections` while a test's transaction is open."""


def run_worker() -> None:
    """Run `lederspor worker --batch`: deliver everything queued (and due) now, then return.

    Works inside a test's transaction: the database backend reads the task rows the test wrote.
    The worker's loop calls `close_old_connections()`, which on PostgreSQL closes a connection
    that is inside a transaction and so would end the test's transaction; Django's own test
    client disconnects the same housekeeping for requests, and this does the same for the worker.
    """
    with patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", _keep_connection
    ):
        call_command("worker", "--batch", verbosity=0)
