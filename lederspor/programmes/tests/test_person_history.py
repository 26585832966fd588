"""A person's programme history on HR's person page (issue #16 §3): every enrolment across the
years, newest first, each linking to the enrolment page, registered by programmes into
`people.extensions.person_sections`."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lederspor.people.extensions import person_sections
from lederspor.privacy.models import ReadLogEntry
from lederspor.programmes.models import Cohort, Enrolment


def detail(person) -> str:
    return f"/organisation/personer/{person.pk}/"


def past_cohort(cast, *, years_ago: int, name: str) -> Cohort:
    today = timezone.localdate()
    return Cohort.objects.create(
        programme=cast.programme,
        name=name,
        starts_on=today - dt.timedelta(days=365 * years_ago),
        ends_on=today - dt.timedelta(days=365 * years_ago - 150),
        capacity=20,
    )


def history_of(response) -> str:
    page = response.content.decode()
    start = page.index('id="programme-history-heading"')
    return page[start : page.index("</section>", start)]


def test_programmes_registers_the_history_section():
    assert "programmes.history" in person_sections


def test_every_enrolment_newest_first_with_its_link(cast, as_):
    old = past_cohort(cast, years_ago=3, name="Aspiranthold 2023")
    older = past_cohort(cast, years_ago=5, name="Aspiranthold 2021")
    now = timezone.now()
    withdrawn = Enrolment.objects.create(
        cohort=older,
        person=cast.aspirant,
        status=Enrolment.Status.WITHDRAWN,
        nominated_by=cast.leader,
        withdrawn_at=now - dt.timedelta(days=365 * 5 - 30),
        withdrawal_reason="Nyt job",
    )
    rejected = Enrolment.objects.create(
        cohort=old,
        person=cast.aspirant,
        status=Enrolment.Status.REJECTED,
        nominated_by=cast.leader,
        decided_by=cast.consultant,
        decided_at=now - dt.timedelta(days=365 * 3 + 20),
        decision_reason="Holdet var fuldt",
    )
    section = history_of(as_(cast.consultant).get(detail(cast.aspirant)))
    assert section.count('href="/forloeb/') == 3
    positions = [section.index(e.cohort.name + "<") for e in (cast.enrolment, rejected, withdrawn)]
    assert positions == sorted(positions)  # newest cohort first
    for text in ("Optaget", "Afvist", "Udtrådt", cast.leader.full_name, cast.consultant.full_name):
        assert text in section
    assert "Aspiranthold 2021" in section and "Lederaspirantforløb" in section
    # private reasons stay on the enrolment page
    assert "Nyt job" not in section and "Holdet var fuldt" not in section


def test_a_completed_enrolment_shows_its_date(cast, as_):
    when = timezone.now() - dt.timedelta(days=10)
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        status=Enrolment.Status.COMPLETED, completed_at=when
    )
    section = history_of(as_(cast.consultant).get(detail(cast.aspirant)))
    assert "Gennemført" in section


@pytest.mark.parametrize("who", ["consultant", "hr_colleague", "admin"])
def test_every_link_in_the_history_opens_for_the_viewer(cast, as_, who):
    """The cohort's consultant and an administrator get the enrolment page; other HR staff,
    who may not open an enrolment (404, docs/roles-and-access.md), get the cohort's page."""
    old = past_cohort(cast, years_ago=2, name="Aspiranthold gammelt")
    Enrolment.objects.create(cohort=old, person=cast.aspirant, status=Enrolment.Status.COMPLETED)
    client = as_(getattr(cast, who))
    section = history_of(client.get(detail(cast.aspirant)))
    links = re.findall(r'href="([^"]+)"', section)
    assert len(links) == 2
    for link in links:
        assert client.get(link).status_code == 200, link
    if who == "hr_colleague":
        assert all("/hold/" in link for link in links)
    elif who == "admin":
        assert all("/deltagelse/" in link for link in links)
    else:  # a consultant of today's cohort only
        assert links == [
            f"/forloeb/deltagelse/{cast.enrolment.pk}/",
            f"/forloeb/hold/{old.pk}/",
        ]


def test_a_person_without_enrolments_has_an_empty_state(cast, as_):
    page = as_(cast.consultant).get(detail(cast.outsider)).content.decode()
    assert "Personen har ikke været indstillet til eller deltaget i et forløb." in page


@pytest.mark.parametrize("who", ["leader", "chef", "aspirant", "host"])
def test_the_history_is_never_shown_outside_hr(cast, as_, who):
    assert as_(getattr(cast, who)).get(detail(cast.aspirant)).status_code == 404


def test_the_read_is_logged_as_enrolment_data(cast, as_):
    as_(cast.consultant).get(detail(cast.aspirant))
    entry = ReadLogEntry.objects.get()
    assert entry.subject_ids == [cast.aspirant.pk]
    assert "enrolment" in entry.kinds and "person" in entry.kinds


def test_the_page_makes_the_same_queries_for_a_longer_history(cast, as_):
    client = as_(cast.consultant)
    client.get(detail(cast.aspirant))
    with CaptureQueriesContext(connection) as few:
        client.get(detail(cast.aspirant))
    for years in range(1, 9):
        cohort = past_cohort(cast, years_ago=years, name=f"Aspiranthold år {years}")
        Enrolment.objects.create(
            cohort=cohort,
            person=cast.aspirant,
            status=Enrolment.Status.COMPLETED,
            nominated_by=cast.leader,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(detail(cast.aspirant))
    assert history_of(response).count('href="/forloeb/') == 9
    assert len(many) == len(few)
