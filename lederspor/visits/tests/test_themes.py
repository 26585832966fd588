"""A leader's leadership themes for pairing: who may set them, validation, and use in pairing."""

import pytest
from django.urls import reverse

from lederspor.core.models import AuditEvent
from lederspor.programmes.models import Enrolment
from lederspor.visits import services
from lederspor.visits.models import Boundary
from lederspor.visits.tests import factories as f

THEMES = ["Visionsledelse", "Distribueret ledelse"]


@pytest.fixture
def enrolment(cast):
    leader = f.leader(cast, "Tema")
    return Enrolment.objects.get(cohort=f.cohort(cast, [leader]), person=leader)


def _url(enrolment):
    return reverse("visits:themes_edit", args=[enrolment.pk])


def test_the_leader_chooses_themes_in_the_seed_order(cast, as_, enrolment):
    client = as_(enrolment.person)
    page = client.get(_url(enrolment))
    assert page.status_code == 200
    assert "Relationsskabende ledelse" in page.content.decode()
    response = client.post(_url(enrolment), {"themes": list(reversed(THEMES))})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.leadership_themes == THEMES
    assert AuditEvent.objects.filter(action="visits.themes", object_id=str(enrolment.pk)).exists()


def test_an_unknown_theme_is_refused_and_nothing_saved(cast, as_, enrolment):
    response = as_(enrolment.person).post(_url(enrolment), {"themes": ["Kaosledelse"]})
    assert response.status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.leadership_themes == []


@pytest.mark.parametrize("who", ["leader", "chef", "outsider", "aspirant"])
def test_others_get_404(cast, as_, enrolment, who):
    assert as_(getattr(cast, who)).get(_url(enrolment)).status_code == 404
    assert as_(getattr(cast, who)).post(_url(enrolment), {"themes": THEMES}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.leadership_themes == []


def test_not_for_an_aspirant_enrolment(cast, as_):
    assert (
        as_(cast.aspirant).get(reverse("visits:themes_edit", args=[cast.enrolment.pk])).status_code
        == 404
    )


def test_the_consultant_may_set_them_but_not_after_publishing(cast, as_, enrolment):
    assert as_(cast.consultant).post(_url(enrolment), {"themes": THEMES}).status_code == 302
    other = f.leader(cast, "Makker", unit=f.department(cast, "Anden"))
    Enrolment.objects.create(
        cohort=enrolment.cohort, person=other, status=Enrolment.Status.ENROLLED
    )
    services.pairing_make(
        cohort=enrolment.cohort, boundary=Boundary.DEPARTMENT, by=cast.consultant.user
    )
    services.pairs_publish(cohort=enrolment.cohort, by=cast.consultant.user)
    response = as_(enrolment.person).post(_url(enrolment), {"themes": THEMES[:1]})
    assert "Parrene er dannet" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.leadership_themes == THEMES


def test_the_enrolment_page_links_to_the_themes(cast, as_, enrolment):
    page = as_(enrolment.person).get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    assert _url(enrolment) in page.content.decode()
    assert "ikke valgt endnu" in page.content.decode()
