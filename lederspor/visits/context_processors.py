"""Template context for the navigation item "Mit jobbesøg"."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lederspor.people.roles import roles_for
from lederspor.visits.selectors import person_in_published_pair


def job_visit_navigation(request: HttpRequest) -> dict[str, object]:
    """`in_job_visit`: whether the signed-in person is in a published job-visit pair.

    Lazy, and only asked for participants (a pair member is always enrolled), so pages of
    people who are not on a programme make no extra query.
    """
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"in_job_visit": False}

    def compute() -> bool:
        roles = roles_for(request)
        return bool(
            roles.person is not None
            and roles.is_participant
            and person_in_published_pair(person=roles.person)
        )

    return {"in_job_visit": SimpleLazyObject(compute)}
