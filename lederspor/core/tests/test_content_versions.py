"""Versioned content (issue #16 §1): seed defaults, HR edits never overwritten, offers, history,
stale edits refused by the shared optimistic-locking mechanism."""

import pytest

from lederspor.core import content_versions as cv
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.models import ContentItem, ContentVersion, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr() -> User:
    return User.objects.create_user(email="hr@example.dk")


def _version(key: str) -> int:
    return ContentItem.objects.get(key=key).version


def test_first_load_creates_a_live_seed_version_and_reloading_changes_nothing() -> None:
    first = cv.seed_default("programme:x", {"name": "Aspirant"})
    again = cv.seed_default("programme:x", {"name": "Aspirant"})
    assert first.outcome == cv.SeedOutcome.CREATED
    assert again.outcome == cv.SeedOutcome.UNCHANGED
    assert ContentVersion.objects.filter(item__key="programme:x").count() == 1
    assert cv.live_data(["programme:x"]) == {"programme:x": {"name": "Aspirant"}}


def test_a_changed_seed_replaces_a_seed_default_and_bumps_the_edit_counter() -> None:
    cv.seed_default("programme:x", {"name": "Gammel"})
    before = _version("programme:x")
    result = cv.seed_default("programme:x", {"name": "Ny"})
    assert result.outcome == cv.SeedOutcome.UPDATED
    assert result.live == {"name": "Ny"}
    assert _version("programme:x") == before + 1  # an editor opened on the old text is stale


def test_an_hr_edit_is_never_overwritten_and_a_changed_seed_is_offered(hr: User) -> None:
    cv.seed_default("task:5", {"title": "Seed"})
    cv.edit("task:5", {"title": "HR's tekst"}, by=hr, expected_version=_version("task:5"))
    result = cv.seed_default("task:5", {"title": "Ny seed"})
    assert result.outcome == cv.SeedOutcome.OFFERED
    assert result.live == {"title": "HR's tekst"}
    assert cv.live_data(["task:5"])["task:5"] == {"title": "HR's tekst"}
    offer = cv.pending_offer("task:5")
    assert offer is not None and offer.data == {"title": "Ny seed"}
    # loading the same seed again does not offer it twice
    assert cv.seed_default("task:5", {"title": "Ny seed"}).outcome == cv.SeedOutcome.UNCHANGED
    assert ContentVersion.objects.filter(item__key="task:5", applied_at=None).count() == 1


def test_accepting_the_offer_makes_it_live_and_later_seeds_apply_again(hr: User) -> None:
    cv.seed_default("task:5", {"title": "Seed"})
    cv.edit("task:5", {"title": "HR"}, by=hr, expected_version=_version("task:5"))
    cv.seed_default("task:5", {"title": "Seed 2"})
    taken = cv.accept_offer("task:5", by=hr, expected_version=_version("task:5"))
    assert taken.created_by == hr
    assert cv.live_data(["task:5"])["task:5"] == {"title": "Seed 2"}
    assert cv.pending_offer("task:5") is None
    assert cv.seed_default("task:5", {"title": "Seed 3"}).outcome == cv.SeedOutcome.UPDATED


def test_no_offer_to_accept_raises(hr: User) -> None:
    cv.seed_default("task:5", {"title": "Seed"})
    with pytest.raises(ContentVersion.DoesNotExist):
        cv.accept_offer("task:5", by=hr, expected_version=_version("task:5"))


def test_an_edit_made_on_an_old_version_is_refused_as_stale(hr: User) -> None:
    cv.seed_default("text:a", {"body": "1"})
    loaded = _version("text:a")
    cv.edit("text:a", {"body": "2"}, by=hr, expected_version=loaded)
    with pytest.raises(ConcurrentEditError):
        cv.edit("text:a", {"body": "3"}, by=hr, expected_version=loaded)
    assert cv.live_data(["text:a"])["text:a"] == {"body": "2"}


def test_an_item_created_by_an_edit_needs_expected_version_zero(hr: User) -> None:
    cv.edit("text:new", {"body": "x"}, by=hr, expected_version=0)
    with pytest.raises(ConcurrentEditError):  # someone else created it meanwhile
        cv.edit("text:new", {"body": "y"}, by=hr, expected_version=0)


def test_restore_brings_back_an_old_text_as_a_new_edit_and_history_lists_all(hr: User) -> None:
    cv.seed_default("text:a", {"body": "1"})
    cv.edit("text:a", {"body": "2"}, by=hr, expected_version=_version("text:a"))
    restored = cv.restore("text:a", 1, by=hr, expected_version=_version("text:a"))
    assert restored.number == 3 and restored.origin == ContentVersion.Origin.EDIT
    assert cv.live_data(["text:a"])["text:a"] == {"body": "1"}
    assert [v.number for v in cv.history("text:a")] == [3, 2, 1]


def test_live_data_reads_many_keys_in_one_query(django_assert_num_queries) -> None:
    for n in range(5):
        cv.seed_default(f"text:{n}", {"body": str(n)})
    with django_assert_num_queries(1):
        data = cv.live_data([f"text:{n}" for n in range(5)] + ["text:missing"])
    assert data == {f"text:{n}": {"body": str(n)} for n in range(5)}
