"""The leader's and chef's pages and the host's front page write the persons they show to the
read log (issue #15 §1); a person's front page with only their own data writes nothing."""

import pytest
from django.urls import reverse

from lederspor.privacy.models import ReadLogEntry

pytestmark = pytest.mark.django_db


def test_the_leaders_page_names_the_employees_shown(cast, as_):
    response = as_(cast.leader).get(reverse("site:my_reports"))
    shown = {e.person_id for e in response.context["enrolments"]}
    entry = ReadLogEntry.objects.get()
    assert cast.aspirant.pk in shown
    assert set(entry.subject_ids) == shown
    assert (entry.kinds, entry.reader_id) == ("enrolment", cast.leader.user.pk)


def test_the_chefs_page_names_the_participants_of_the_area(cast, as_):
    response = as_(cast.chef).get(reverse("site:chef_area"))
    shown = {e.person_id for e in response.context["page_obj"].object_list}
    assert shown and set(ReadLogEntry.objects.get().subject_ids) == shown


def test_refused_pages_write_nothing(cast, as_):
    assert as_(cast.aspirant).get(reverse("site:chef_area")).status_code == 404
    assert as_(cast.aspirant).get(reverse("site:my_reports")).status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_a_participants_front_page_writes_nothing(cast, as_):
    assert as_(cast.aspirant).get(reverse("site:home")).status_code == 200
    assert not ReadLogEntry.objects.exists()
