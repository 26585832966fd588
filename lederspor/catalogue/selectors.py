"""Reads for the catalogue: search and host choices."""

from django.db.models import QuerySet

from lederspor.catalogue.models import PracticeTask
from lederspor.people.models import Person


def practice_task_search(*, query: str = "") -> QuerySet[PracticeTask]:
    """Catalogue tasks matching every word of `query` in title, purpose, content or case.

    An empty query returns all 18 tasks by number. Case-insensitive, also for æ, ø and å on
    SQLite (the lower-cased `search_text` is matched).
    """
    qs = PracticeTask.objects.order_by("number")
    for word in query.lower().split():
        qs = qs.filter(search_text__contains=word)
    return qs


def host_choices() -> QuerySet[Person]:
    """Persons who can host a task: active leaders and employees, by name (for a select)."""
    return (
        Person.objects.filter(is_active=True)
        .order_by("first_name", "last_name")
        .only("id", "first_name", "last_name")
    )
