"""Reads for the catalogue: search and host choices."""

from django.db.models import Q, QuerySet

from lederspor.catalogue.models import PracticeTask
from lederspor.people.models import Person


def practice_task_search(*, query: str = "") -> QuerySet[PracticeTask]:
    """Catalogue tasks matching every word of `query` in title, purpose, content or case.

    An empty query returns all 18 tasks by number. Case-insensitive.
    """
    qs = PracticeTask.objects.order_by("number")
    for word in query.split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(purpose__icontains=word)
            | Q(content__icontains=word)
            | Q(case__icontains=word)
        )
    return qs


def host_choices() -> QuerySet[Person]:
    """Persons who can host a task: active leaders and employees, by name (for a select)."""
    return (
        Person.objects.filter(is_active=True)
        .order_by("first_name", "last_name")
        .only("id", "first_name", "last_name")
    )
