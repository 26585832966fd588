"""Test helpers: run the real worker over the queued tasks."""

from django.core.management import call_command


def run_worker() -> None:
    """Run `lederspor worker --batch`: deliver everything queued (and due) now, then return.

    Works inside a test's transaction: the database backend reads the task rows the test wrote.
    """
    call_command("worker", "--batch", verbosity=0)
