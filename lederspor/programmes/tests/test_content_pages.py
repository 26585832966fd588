"""HR staff edit a programme template's texts on pages (issue #16 §1): the programme, a phase
(description, effects, tools) and an element, with preview, history and permissions."""

import pytest
from django.urls import reverse

from lederspor.core import content_versions as cv
from lederspor.programmes.content import element_key, phase_key, programme_key
from lederspor.programmes.models import Element, Phase, Programme

pytestmark = pytest.mark.django_db


def _version(key: str) -> int:
    return cv.live_version(key).item.version  # type: ignore[union-attr]


def test_hr_edits_a_phase_and_the_template_page_shows_it(cast, seed_content, as_):
    phase = Phase.objects.get(programme__key="trainee", order=1)
    url = reverse("programmes:phase_content_edit", args=["trainee", 1])
    hr = as_(cast.hr_colleague)
    assert hr.get(url).status_code == 200
    data = {
        "version": _version(phase_key("trainee", 1)),
        "name": phase.name,
        "description": "Ny beskrivelse af opstarten.",
        "effects": "Første effekt\n\nAnden effekt\n",
        "tools": "",
        "action": "save",
    }
    preview = hr.post(url, dict(data, action="preview"))
    assert preview.status_code == 200 and "Anden effekt" in preview.content.decode()
    phase.refresh_from_db()
    assert phase.description != "Ny beskrivelse af opstarten."
    assert hr.post(url, data).status_code == 302
    phase.refresh_from_db()
    assert phase.description == "Ny beskrivelse af opstarten."
    assert phase.effects == ["Første effekt", "Anden effekt"]
    page = hr.get(reverse("programmes:programme_detail", args=["trainee"])).content.decode()
    assert "Ny beskrivelse af opstarten." in page
    assert url in page and reverse("programmes:programme_content_edit", args=["trainee"]) in page
    history = hr.get(reverse("programmes:phase_content_history", args=["trainee", 1]))
    assert "Version 2" in history.content.decode()


def test_programme_and_element_edits(cast, seed_content, as_):
    hr = as_(cast.hr_colleague)
    url = reverse("programmes:programme_content_edit", args=["aspirant"])
    response = hr.post(
        url,
        {
            "version": _version(programme_key("aspirant")),
            "name": "Lederaspirantforløbet",
            "summary": "Kort.",
            "description": "Lang.",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert Programme.objects.get(key="aspirant").name == "Lederaspirantforløbet"
    element = Element.objects.get(phase__programme__key="trainee", phase__order=2, order=1)
    url = reverse("programmes:element_content_edit", args=["trainee", 2, 1])
    empty = hr.post(
        url,
        {"version": _version(element_key("trainee", 2, 1)), "name": "", "description": "x"},
    )
    assert empty.status_code == 400 and "Dette felt er påkrævet." in empty.content.decode()
    element.refresh_from_db()
    assert element.name != ""
    assert (
        hr.get(reverse("programmes:element_content_edit", args=["trainee", 2, 99])).status_code
        == 404
    )


def test_a_stale_phase_edit_is_409_with_the_text_kept(cast, seed_content, as_):
    url = reverse("programmes:phase_content_edit", args=["trainee", 1])
    phase = Phase.objects.get(programme__key="trainee", order=1)
    version = _version(phase_key("trainee", 1))
    data = {"version": version, "name": phase.name, "description": "A", "effects": "", "tools": ""}
    assert as_(cast.hr_colleague).post(url, data).status_code == 302
    second = as_(cast.consultant).post(url, dict(data, description="Min tekst B"))
    assert second.status_code == 409 and "Min tekst B" in second.content.decode()


def test_nobody_but_hr_staff_edits_templates(cast, seed_content, as_):
    urls = [
        reverse("programmes:programme_content_edit", args=["trainee"]),
        reverse("programmes:programme_content_history", args=["trainee"]),
        reverse("programmes:phase_content_edit", args=["trainee", 1]),
        reverse("programmes:element_content_history", args=["trainee", 1, 1]),
    ]
    for person in (cast.aspirant, cast.leader, cast.chef, cast.host, cast.outsider):
        for url in urls:
            assert as_(person).get(url).status_code == 404
        page = as_(person).get(reverse("programmes:programme_detail", args=["trainee"]))
        assert urls[0] not in page.content.decode()
