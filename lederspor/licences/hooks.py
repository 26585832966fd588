"""Extension points of the kørekort pages: how an app that links to them plugs in without the
kørekort code importing it (DESIGN.md, "Floors": registries and hooks are how an app learns about
the apps that use it, the way the admin learns about models). `licences` imports no feature app.

A page that opens the practice-review form (a competence plan's participant list) adds its own
query parameter (`?plan=<id>`) and registers a resolver for it in its `AppConfig.ready()`; after
the review is recorded, and as the form's cancel link, the viewer goes back there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lederspor.core.registry import Registry
from lederspor.licences.models import LicenceTask


@dataclass(frozen=True)
class ReviewOrigin:
    """Where a practice review was opened from: the link back and its (translated) text."""

    url: str
    label: str


#: resolver(task, value of its query parameter) → the origin, or None if the value does not
#: name one that belongs to `task` (then the form falls back to the task's page)
ReviewOriginResolver = Callable[[LicenceTask, str], ReviewOrigin | None]


@dataclass(frozen=True)
class ReviewOriginSource:
    """A page that opens the review form: its query parameter (`key`, e.g. "plan") and resolver."""

    key: str
    resolve: ReviewOriginResolver
    order: int = 0


#: the registered sources, one per query parameter (core.registry.Registry)
review_origin_sources: Registry[ReviewOriginSource] = Registry("licences.review_origin_sources")


def register_review_origin(param: str, resolver: ReviewOriginResolver) -> None:
    """Let `?<param>=<value>` on the practice-review page lead back to what `resolver` finds.

    Raises core.registry.DuplicateEntryError (a ValueError) if `param` is already registered.
    """
    review_origin_sources.register(ReviewOriginSource(key=param, resolve=resolver))


def review_origin(*, task: LicenceTask, query: Mapping[str, str]) -> ReviewOrigin | None:
    """The origin named in `query` (the review page's GET parameters), if any resolves."""
    for source in review_origin_sources:
        value = query.get(source.key, "")
        if value:
            origin = source.resolve(task, value)
            if origin is not None:
                return origin
    return None
