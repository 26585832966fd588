"""Extension points of the kørekort pages: how an app that links to them plugs in without the
kørekort code importing it (DESIGN.md, "Floors": registries and hooks are how an app learns about
the apps that use it, the way the admin learns about models). `licences` imports no feature app.

The method text the pages quote (seed 004's "kørekort på tre niveauer", with the consequence of
not taking the relevant kørekort) comes from the competence app the same way: it registers a
loader in `licence_method_texts`.

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


@dataclass(frozen=True)
class LicenceMethodText:
    """The method text the kørekort pages quote: seed 004's box "kørekort på tre niveauer" —
    its title, introduction, what each level entails (`levels`: (level, text) in the order
    C, B, A) and the consequence of not taking the relevant kørekort after several attempts."""

    title: str
    introduction: str
    levels: tuple[tuple[str, str], ...]
    consequence: str


@dataclass(frozen=True)
class LicenceMethodTextSource:
    """An app that supplies the method text (`load`, called when a kørekort page renders, so
    the content file is read on first use, not at start-up)."""

    key: str
    load: Callable[[], LicenceMethodText]
    order: int = 0


#: where the kørekort pages get the method's words from (competence registers seed 004's box)
licence_method_texts: Registry[LicenceMethodTextSource] = Registry("licences.licence_method_texts")


def register_licence_method_text(key: str, load: Callable[[], LicenceMethodText]) -> None:
    """Let the kørekort pages show the text `load()` returns (in the order registered by key).

    Raises core.registry.DuplicateEntryError (a ValueError) if `key` is already registered.
    """
    licence_method_texts.register(LicenceMethodTextSource(key=key, load=load))


def method_texts() -> list[LicenceMethodText]:
    """The registered method texts, loaded; empty when no app supplies one."""
    return [source.load() for source in licence_method_texts]
