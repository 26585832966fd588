"""Migration catalogue 0006 (issue #16 §1): raw URL strings in `PracticeTask.links` become
titled links with a readable, percent-decoded title; reversing gives the URLs back."""

import importlib

import pytest
from django.apps import apps

from lederspor.catalogue.models import PracticeTask

migration = importlib.import_module("lederspor.catalogue.migrations.0006_content_titled_links")

pytestmark = pytest.mark.django_db

RAW = (
    "https://broen.randers.dk/organisation/stabene/stab-for-%C3%B8konomi-personale-og-it/"
    "personalejuridisk-team/"
)


def _task(links):
    return PracticeTask.objects.create(
        number=90, title="T", purpose="p", content="c", case="k", links=links
    )


def test_raw_urls_become_titled_links_and_back():
    task = _task([RAW, {"title": "Allerede titel", "url": "https://x.dk"}])
    migration.titled(apps, None)
    task.refresh_from_db()
    assert task.links == [
        {"title": "Personalejuridisk team (broen.randers.dk)", "url": RAW},
        {"title": "Allerede titel", "url": "https://x.dk"},
    ]
    migration.raw(apps, None)
    task.refresh_from_db()
    assert task.links == [RAW, "https://x.dk"]


def test_a_decoded_title_reads_danish_letters():
    assert migration._title("https://a.dk/%C3%B8konomi") == "Økonomi (a.dk)"
    assert migration._title("https://a.dk/") == "a.dk"
