"""The ground floor's optimistic locking: the expected version is required and checked."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from lederspor.core.concurrency import ConcurrentEditError, VersionedForm, lock_version
from lederspor.programmes.forms import SessionEditForm
from lederspor.programmes.models import Session


@pytest.mark.parametrize("expected", [None, "3", 1.0, True])
def test_lock_version_refuses_anything_but_an_int(cast, expected):
    with transaction.atomic(), pytest.raises(TypeError, match="int version"):
        lock_version(cast.cohort, expected)


def test_lock_version_returns_the_locked_row_bumped_in_memory_only(cast):
    with transaction.atomic():
        locked = lock_version(cast.cohort, cast.cohort.version)
    assert locked is not cast.cohort
    assert locked.version == cast.cohort.version + 1
    cast.cohort.refresh_from_db()
    assert cast.cohort.version == locked.version - 1  # the caller saves; nothing saved yet


def test_a_stale_version_raises_the_models_danish_message(cast):
    with transaction.atomic(), pytest.raises(ConcurrentEditError) as caught:
        lock_version(cast.cohort, cast.cohort.version + 1)
    assert caught.value.code == "stale"
    assert caught.value.messages[0].startswith("Holdet er ændret af en anden")


def test_the_form_mixin_takes_the_version_from_the_instance_or_the_keyword(cast):
    class Plain(VersionedForm):
        pass

    assert Plain(version=7).fields["version"].initial == 7
    assert not Plain({}).is_valid() and "version" in Plain({}).errors
    start = timezone.make_aware(
        dt.datetime.combine(cast.cohort.starts_on + dt.timedelta(days=1), dt.time(9))
    )
    session = cast.cohort.sessions.create(
        kind="other", theme="T", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    Session.objects.filter(pk=session.pk).update(version=4)
    session.refresh_from_db()
    assert SessionEditForm(instance=session).fields["version"].initial == 4
