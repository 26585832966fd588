"""HR staff edit a catalogue task's texts on pages (issue #16 §1): preview, save, history,
restore, offered seed defaults, stale edits, bad input, titled links, permissions."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lederspor.catalogue.content import task_key
from lederspor.catalogue.models import PracticeTask
from lederspor.core import content_versions as cv
from lederspor.core.audit import AuditEvent
from lederspor.core.models import ContentVersion
from lederspor.site.testing import make_person

pytestmark = pytest.mark.django_db

NUMBER = 15  # Projektleder: has a titled link when the intranet link is configured


def edit_url(number: int = NUMBER) -> str:
    return reverse("catalogue:task_content_edit", args=[number])


def history_url(number: int = NUMBER) -> str:
    return reverse("catalogue:task_content_history", args=[number])


def form_data(task: PracticeTask, version: int, **changes: str) -> dict[str, str]:
    """The edit form as the page posts it, with `changes`."""
    data = {
        "version": str(version),
        "title": task.title,
        "purpose": task.purpose,
        "content": task.content,
        "case": task.case,
        "steps": "\n".join(s["text"] for s in task.steps),
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
        "links-0-title": "Projektmodellen",
        "links-0-url": "https://intra.example.dk/projekt",
        "links-1-title": "",
        "links-1-url": "",
        "action": "save",
    }
    data.update(changes)
    return data


def item_version(number: int = NUMBER) -> int:
    return cv.live_version(task_key(number)).item.version  # type: ignore[union-attr]


@pytest.fixture
def task(seed_content) -> PracticeTask:
    return PracticeTask.objects.get(number=NUMBER)


def test_hr_edits_a_task_and_participants_see_it_with_titled_links(cast, task, as_):
    hr = as_(cast.hr_colleague)
    page = hr.get(edit_url())
    assert page.status_code == 200
    assert "Forhåndsvis" in page.content.decode()
    response = hr.post(edit_url(), form_data(task, item_version(), title="Projektleder i praksis"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Projektleder i praksis"
    assert task.links == [{"title": "Projektmodellen", "url": "https://intra.example.dk/projekt"}]
    assert "projektleder i praksis" in task.search_text
    html = as_(cast.aspirant).get(reverse("catalogue:task_detail", args=[NUMBER])).content.decode()
    assert '<a href="https://intra.example.dk/projekt" rel="noopener">Projektmodellen</a>' in html
    assert "Redigér" not in html  # the participant gets no edit link
    assert AuditEvent.objects.filter(action="task.content_edit", object_id=str(task.pk)).exists()
    newest = cv.history(task_key(NUMBER))[0]
    assert (
        newest.origin == ContentVersion.Origin.EDIT and newest.created_by == cast.hr_colleague.user
    )


def test_preview_shows_the_text_and_saves_nothing(cast, task, as_):
    before = ContentVersion.objects.count()
    response = as_(cast.hr_colleague).post(
        edit_url(), form_data(task, item_version(), purpose="Et nyt formål.", action="preview")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forhåndsvisning – ikke gemt endnu" in html and "Et nyt formål." in html
    assert ContentVersion.objects.count() == before
    task.refresh_from_db()
    assert task.purpose != "Et nyt formål."


def test_bad_input_keeps_the_text_with_danish_errors(cast, task, as_):
    response = as_(cast.hr_colleague).post(
        edit_url(),
        form_data(
            task,
            item_version(),
            title="",
            case="Min nye case",
            **{
                "links-0-url": "ikke en adresse",
                "links-1-url": "https://x.dk",
                "links-1-title": "",
            },
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in html
    assert "Skriv en gyldig webadresse, der starter med https://." in html
    assert "Skriv en titel til linket." in html
    assert "Min nye case" in html
    task.refresh_from_db()
    assert task.case != "Min nye case"


def test_a_second_editor_gets_the_stale_message_with_their_text_kept(cast, task, as_):
    version = item_version()
    first = as_(cast.hr_colleague).post(edit_url(), form_data(task, version, title="Første"))
    assert first.status_code == 302
    second = as_(cast.consultant).post(edit_url(), form_data(task, version, title="Anden udgave"))
    html = second.content.decode()
    assert second.status_code == 409
    assert "Anden udgave" in html
    assert "ændret" in html  # the shared Danish stale message
    task.refresh_from_db()
    assert task.title == "Første"


def test_history_shows_restores_and_is_stale_safe(cast, task, as_, django_assert_max_num_queries):
    hr = as_(cast.hr_colleague)
    original = task.title
    hr.post(edit_url(), form_data(task, item_version(), title="Redigeret titel"))
    page = hr.get(history_url())
    html = page.content.decode()
    assert "Version 1" in html and "Version 2" in html and "Udrulning" in html
    assert cast.hr_colleague.user.email in html
    shown = hr.get(history_url() + "?vis=1").content.decode()
    assert "Gendan denne version" in shown and original in shown
    stale = hr.post(history_url(), {"version": "1", "number": "1"})
    assert stale.status_code == 409
    restored = hr.post(history_url(), {"version": str(item_version()), "number": "1"})
    assert restored.status_code == 302
    task.refresh_from_db()
    assert task.title == original
    assert [v.number for v in cv.history(task_key(NUMBER))] == [3, 2, 1]
    assert hr.get(history_url() + "?vis=99").status_code == 404


@pytest.mark.parametrize("n", [2, 30])
def test_history_queries_do_not_grow(cast, task, as_, django_assert_max_num_queries, n):
    key = task_key(NUMBER)
    data = cv.live_data([key])[key]
    for i in range(n):
        cv.edit(
            key,
            dict(data, title=f"T{i}"),
            by=cast.hr_colleague.user,
            expected_version=item_version(),
        )
    client = as_(cast.hr_colleague)
    with django_assert_max_num_queries(15):  # the same at both sizes
        response = client.get(history_url())
    assert response.status_code == 200


def test_an_offered_default_is_shown_and_taken(cast, task, as_):
    key = task_key(NUMBER)
    data = cv.live_data([key])[key]
    cv.edit(
        key,
        dict(data, title="HR's titel"),
        by=cast.hr_colleague.user,
        expected_version=item_version(),
    )
    PracticeTask.objects.filter(pk=task.pk).update(title="HR's titel")
    result = cv.seed_default(key, dict(data, title="Ny titel fra kilden"))
    assert result.outcome == cv.SeedOutcome.OFFERED
    hr = as_(cast.hr_colleague)
    html = hr.get(edit_url()).content.decode()
    assert "Der er en ny standardtekst fra kilden" in html
    assert "Se forskel" in html and "Ny titel fra kilden" in html and "Tag i brug" in html
    response = hr.post(edit_url(), {"action": "accept", "version": str(item_version())})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Ny titel fra kilden"
    assert cv.pending_offer(key) is None
    assert "Der er en ny standardtekst" not in hr.get(edit_url()).content.decode()


def test_only_hr_staff_may_edit(cast, task, as_, client):
    lone_consultant = make_person("Kurt", "Konsulent", cast.hr_unit, number="901")
    cast.cohort.consultants.add(lone_consultant)  # a cohort's consultant without HR rights
    assert not lone_consultant.user.has_perm("programmes.manage_programmes")
    for person in (
        cast.aspirant,
        cast.leader,
        cast.chef,
        cast.host,
        cast.outsider,
        lone_consultant,
    ):
        for url in (edit_url(), history_url()):
            assert as_(person).get(url).status_code == 404, (person, url)
        assert as_(person).post(edit_url(), form_data(task, item_version())).status_code == 404
        detail = as_(person).get(reverse("catalogue:task_detail", args=[NUMBER])).content.decode()
        assert edit_url() not in detail
    assert client.get(edit_url()).status_code == 302  # to the sign-in page
    assert as_(cast.admin).get(edit_url()).status_code == 200
    detail = as_(cast.hr_colleague).get(reverse("catalogue:task_detail", args=[NUMBER]))
    assert edit_url() in detail.content.decode()
    perm = Permission.objects.get(codename="manage_programmes")
    lone_consultant.user.user_permissions.add(perm)
    assert as_(lone_consultant).get(edit_url()).status_code == 200


def test_browser_line_breaks_are_stored_as_in_the_seed(cast, task, as_):
    """A textarea posts CRLF: an unchanged text must not show as changed in the history."""
    key = task_key(NUMBER)
    posted = form_data(task, item_version(), content=task.content.replace("\n", "\r\n"))
    assert as_(cast.hr_colleague).post(edit_url(), posted).status_code == 302
    assert cv.live_data([key])[key]["content"] == task.content
