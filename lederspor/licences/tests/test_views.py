"""Kørekort pages: who may see and do what, forms, export (STYLE.md §6)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lederspor.core.browser_testing import CHROMIUM, A11yChecker, pick
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.licences import services
from lederspor.licences.models import Licence, LicenceRequirement, LicenceTask, PracticeReview
from lederspor.site.testing import PASSWORD, make_person

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=10)


@pytest.fixture
def task(cast):
    return services.licence_task_create(
        unit=cast.workplace,
        title="Måltidet er mere end mad",
        description="Tilberede måltider hos beboerne.",
        valid_months=24,
        by=cast.leader.user,
    )


@pytest.fixture
def published(cast, task):
    return services.licence_task_publish(
        task=task, expected_version=task.version, by=cast.leader.user
    )


def url(name, *args):
    return reverse(f"licences:{name}", args=args)


TASK_PAGES = [
    "licence_task",
    "licence_task_edit",
    "licence_review",
    "licence_export",
    "licence_publish",
]


# --- list --------------------------------------------------------------------------------------


def test_list_needs_login(client):
    response = client.get(url("licence_list"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who", ["leader", "consultant", "chef"])
def test_list_shows_managed_tasks_and_the_create_form(cast, as_, task, who):
    response = as_(getattr(cast, who)).get(url("licence_list"))
    assert response.status_code == 200
    assert task.title in response.text
    assert "Opret kørekortopgave" in response.text


@pytest.mark.parametrize("who", ["aspirant", "outsider", "other_leader"])
def test_list_hides_unpublished_tasks_from_others(cast, as_, task, who):
    response = as_(getattr(cast, who)).get(url("licence_list"))
    assert response.status_code == 200
    assert url("licence_task", task.pk) not in response.text


def test_list_shows_a_published_task_to_unit_staff_without_the_create_form(cast, as_, published):
    response = as_(cast.aspirant).get(url("licence_list"))
    assert published.title in response.text
    assert "Opret kørekortopgave" not in response.text
    assert url("licence_task", published.pk) not in as_(cast.outsider).get(url("licence_list")).text


def test_list_search_filters_by_title(cast, as_, task):
    services.licence_task_create(unit=cast.workplace, title="Medicin", by=cast.leader.user)
    response = as_(cast.leader).get(url("licence_list"), {"q": "medicin"})
    assert "Medicin" in response.text and url("licence_task", task.pk) not in response.text


def test_list_query_count_does_not_grow(cast, as_, django_assert_max_num_queries):
    client = as_(cast.consultant)
    for i in range(3):
        services.licence_task_create(unit=cast.workplace, title=f"Opgave {i}", by=cast.leader.user)
    with django_assert_max_num_queries(14):
        client.get(url("licence_list"))
    for i in range(20):
        services.licence_task_create(
            unit=cast.other_workplace, title=f"Mere {i}", by=cast.leader.user
        )
    with django_assert_max_num_queries(14):
        client.get(url("licence_list"))


def test_leader_creates_a_task_in_a_led_unit(cast, as_):
    response = as_(cast.leader).post(
        url("licence_list"),
        {"unit": cast.workplace.pk, "title": "Medicin", "description": "", "valid_months": "12"},
    )
    task = LicenceTask.objects.get(title="Medicin")
    assert response.status_code == 302 and response["Location"] == url("licence_task", task.pk)
    assert task.unit == cast.workplace and task.valid_months == 12


def test_create_in_a_unit_the_leader_does_not_lead_is_rejected(cast, as_):
    response = as_(cast.leader).post(
        url("licence_list"), {"unit": cast.other_workplace.pk, "title": "Medicin"}
    )
    assert response.status_code == 400
    assert not LicenceTask.objects.exists()


def test_consultant_may_create_in_any_unit(cast, as_):
    as_(cast.consultant).post(url("licence_list"), {"unit": cast.other_workplace.pk, "title": "X"})
    assert LicenceTask.objects.get(title="X").unit == cast.other_workplace


def test_bad_create_form_keeps_what_was_typed_and_writes_nothing(cast, as_, task):
    response = as_(cast.leader).post(
        url("licence_list"),
        {"unit": cast.workplace.pk, "title": task.title, "description": "Min tekst"},
    )
    assert response.status_code == 400
    assert "Min tekst" in response.text
    assert LicenceTask.objects.count() == 1


def test_create_by_a_non_leader_is_403(cast, as_):
    response = as_(cast.aspirant).post(url("licence_list"), {"title": "X"})
    assert response.status_code == 403
    assert not LicenceTask.objects.exists()


# --- task page and access ----------------------------------------------------------------------


@pytest.mark.parametrize("name", TASK_PAGES)
def test_task_pages_need_login(client, task, name):
    response = client.get(url(name, task.pk))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", TASK_PAGES)
@pytest.mark.parametrize("who", ["leader", "consultant"])
def test_task_pages_work_for_leader_and_consultant(cast, as_, task, name, who):
    assert as_(getattr(cast, who)).get(url(name, task.pk)).status_code == 200


@pytest.mark.parametrize("name", TASK_PAGES)
@pytest.mark.parametrize("who", ["outsider", "other_leader"])
def test_task_pages_are_404_for_outsiders_even_when_published(cast, as_, published, name, who):
    assert as_(getattr(cast, who)).get(url(name, published.pk)).status_code == 404


@pytest.mark.parametrize("name", TASK_PAGES)
def test_unpublished_task_is_404_for_unit_staff(cast, as_, task, name):
    assert as_(cast.aspirant).get(url(name, task.pk)).status_code == 404


def test_task_page_shows_requirements_missing_and_reviews_to_managers(cast, as_, task):
    services.licence_requirement_set(task=task, level="B", by=cast.leader.user)
    services.practice_review_record(
        task=task,
        person=cast.aspirant,
        level="C",
        reviewer=cast.leader,
        reviewed_on=PAST,
        passed=True,
        note="Flot",
        by=cast.leader.user,
    )
    response = as_(cast.leader).get(url("licence_task", task.pk))
    text = response.text
    assert "Mangler krav" in text and "Praksisgennemgange" in text and "Flot" in text
    assert f"?person={cast.aspirant.pk}&amp;level=B" in text


def test_published_task_page_shows_only_holders_to_unit_staff(cast, as_, published):
    services.licence_requirement_set(task=published, level="B", by=cast.leader.user)
    services.practice_review_record(
        task=published,
        person=cast.colleague,
        level="B",
        reviewer=cast.leader,
        reviewed_on=PAST,
        passed=True,
        note="Hemmelig note",
        by=cast.leader.user,
    )
    response = as_(cast.aspirant).get(url("licence_task", published.pk))
    assert response.status_code == 200
    assert "Carl Kollega" in response.text
    assert "Mangler krav" not in response.text and "Hemmelig note" not in response.text


def _grow(cast, task, n):
    for i in range(n):
        p = make_person(
            f"V{n}x{i}", "Person", cast.workplace, manager=cast.leader, number=f"8{n}{i:03d}"
        )
        Licence.objects.create(task=task, person=p, level="C", awarded_on=PAST)
        PracticeReview.objects.create(
            task=task, person=p, level="C", reviewer=cast.leader, reviewed_on=PAST, passed=True
        )


def test_task_page_query_count_does_not_grow(cast, as_, task, django_assert_max_num_queries):
    services.licence_requirement_set(task=task, level="B", by=cast.leader.user)
    client = as_(cast.leader)
    # 19 + 1 for the read log (issue #15): the one insert naming every holder, gap and review
    # shown, whatever their number
    _grow(cast, task, 2)
    with django_assert_max_num_queries(20):
        client.get(url("licence_task", task.pk))
    _grow(cast, task, 25)
    with django_assert_max_num_queries(20):
        client.get(url("licence_task", task.pk))


# --- writes by readers -------------------------------------------------------------------------


def test_reader_of_a_published_list_gets_403_on_every_write(cast, as_, published):
    req = services.licence_requirement_set(task=published, level="C", by=cast.leader.user)
    client = as_(cast.aspirant)
    posts = [
        (url("licence_requirement_add", published.pk), {"level": "A"}),
        (url("licence_requirement_remove", published.pk, req.pk), {}),
        (url("licence_unpublish", published.pk), {"confirm": "on"}),
        (url("licence_task_edit", published.pk), {"title": "Nyt"}),
        (
            url("licence_review", published.pk),
            {
                "person": cast.aspirant.pk,
                "level": "A",
                "reviewer": cast.leader.pk,
                "reviewed_on": PAST.isoformat(),
                "result": "passed",
            },
        ),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == 403, target
    published.refresh_from_db()
    assert published.published_at is not None and published.title != "Nyt"
    assert LicenceRequirement.objects.filter(task=published).count() == 1
    assert not PracticeReview.objects.exists()


def test_writes_are_post_only(cast, as_, task):
    req = services.licence_requirement_set(task=task, level="C", by=cast.leader.user)
    client = as_(cast.leader)
    assert client.get(url("licence_requirement_add", task.pk)).status_code == 405
    assert client.get(url("licence_requirement_remove", task.pk, req.pk)).status_code == 405


# --- requirements ------------------------------------------------------------------------------


def test_leader_adds_and_removes_a_requirement(cast, as_, task):
    client = as_(cast.leader)
    response = client.post(
        url("licence_requirement_add", task.pk),
        {"level": "B", "profession": "Social- og sundhedsassistent", "job_title": ""},
    )
    assert response.status_code == 302
    req = LicenceRequirement.objects.get(task=task)
    assert (req.level, req.profession) == ("B", "Social- og sundhedsassistent")
    client.post(url("licence_requirement_remove", task.pk, req.pk))
    assert not LicenceRequirement.objects.exists()


def test_bad_requirement_is_rejected_and_keeps_what_was_typed(cast, as_, task):
    response = as_(cast.consultant).post(
        url("licence_requirement_add", task.pk), {"level": "D", "profession": "Kok"}
    )
    assert response.status_code == 400
    assert 'value="Kok"' in response.text
    assert not LicenceRequirement.objects.exists()


def test_removing_another_tasks_requirement_is_404(cast, as_, task):
    other = services.licence_task_create(unit=cast.workplace, title="Andet", by=cast.leader.user)
    req = services.licence_requirement_set(task=other, level="C", by=cast.leader.user)
    response = as_(cast.leader).post(url("licence_requirement_remove", task.pk, req.pk))
    assert response.status_code == 404
    assert LicenceRequirement.objects.filter(pk=req.pk).exists()


# --- publishing --------------------------------------------------------------------------------


def test_publish_needs_the_confirmation(cast, as_, task):
    client = as_(cast.leader)
    assert "Ja, jeg er sikker" in client.get(url("licence_publish", task.pk)).text
    seen = {"version": task.version}
    assert client.post(url("licence_publish", task.pk), seen).status_code == 400
    task.refresh_from_db()
    assert task.published_at is None
    published = client.post(url("licence_publish", task.pk), {"confirm": "on"} | seen)
    assert published.status_code == 302
    task.refresh_from_db()
    assert task.published_at is not None
    client.post(url("licence_unpublish", task.pk), {"confirm": "on", "version": task.version})
    task.refresh_from_db()
    assert task.published_at is None


def test_a_publish_confirmed_on_a_stale_page_changes_nothing(cast, as_, task):
    client = as_(cast.leader)
    stale = {"confirm": "on", "version": task.version}
    services.licence_task_update(
        task=task,
        expected_version=task.version,
        title=task.title,
        description="Ændret af en kollega",
        valid_months=task.valid_months,
        by=cast.consultant.user,
    )
    response = client.post(url("licence_publish", task.pk), stale, follow=True)
    assert "Kørekortopgaven er ændret af en anden" in response.text
    task.refresh_from_db()
    assert task.published_at is None


def test_a_publish_without_the_version_changes_nothing(cast, as_, task):
    response = as_(cast.leader).post(url("licence_publish", task.pk), {"confirm": "on"})
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.published_at is None


# --- editing a task ----------------------------------------------------------------------------


def test_a_manager_edits_the_task_and_a_stale_edit_keeps_the_first(cast, as_, task):
    edit = url("licence_task_edit", task.pk)
    data = {"title": task.title, "description": "Lederens tekst", "valid_months": "24"}
    seen = {"version": task.version}
    assert as_(cast.leader).post(edit, data | seen).status_code == 302
    stale = as_(cast.consultant).post(edit, data | seen | {"description": "Konsulentens tekst"})
    assert stale.status_code == 409
    assert "Kørekortopgaven er ændret af en anden" in stale.text
    assert "Konsulentens tekst" in stale.text
    task.refresh_from_db()
    assert (task.description, task.version) == ("Lederens tekst", 2)


@pytest.mark.parametrize(
    "write",
    [
        lambda task, by, **kw: services.licence_task_update(
            task=task, title="Ny", description="", valid_months=None, by=by, **kw
        ),
        lambda task, by, **kw: services.licence_task_publish(task=task, by=by, **kw),
        lambda task, by, **kw: services.licence_task_unpublish(task=task, by=by, **kw),
    ],
    ids=["update", "publish", "unpublish"],
)
def test_every_task_change_needs_the_version_the_page_was_loaded_with(cast, task, write):
    with pytest.raises(TypeError):
        write(task, cast.leader.user)
    with pytest.raises(TypeError, match="int version"):
        write(task, cast.leader.user, expected_version=None)
    assert LicenceTask.objects.get(pk=task.pk).version == 1


# --- practice review ---------------------------------------------------------------------------


def test_review_form_prefills_person_and_level(cast, as_, task):
    response = as_(cast.leader).get(
        url("licence_review", task.pk), {"person": cast.aspirant.pk, "level": "B"}
    )
    form = response.context["form"]
    assert form.initial["person"] == cast.aspirant.pk and form.initial["level"] == "B"
    assert f'type="radio" name="person" value="{cast.aspirant.pk}" data-label="' in response.text
    reviewers = set(form.fields["reviewer"].queryset)
    assert reviewers == {cast.leader, cast.chef}
    assert cast.outsider not in set(form.fields["person"].queryset)


def test_passed_review_awards_the_licence(cast, as_, task):
    response = as_(cast.consultant).post(
        url("licence_review", task.pk),
        {
            "person": cast.aspirant.pk,
            "level": "B",
            "reviewer": cast.leader.pk,
            "reviewed_on": PAST.isoformat(),
            "result": "passed",
            "note": "God praksis",
        },
    )
    assert response.status_code == 302
    licence = Licence.objects.get(task=task, person=cast.aspirant)
    assert licence.level == "B" and licence.awarded_on == PAST
    assert PracticeReview.objects.get().note == "God praksis"


def test_review_by_someone_not_in_the_choices_is_rejected(cast, as_, task):
    response = as_(cast.leader).post(
        url("licence_review", task.pk),
        {
            "person": cast.aspirant.pk,
            "level": "C",
            "reviewer": cast.colleague.pk,
            "reviewed_on": PAST.isoformat(),
            "result": "passed",
            "note": "Min note",
        },
    )
    assert response.status_code == 400
    assert "Min note" in response.text
    assert not PracticeReview.objects.exists() and not Licence.objects.exists()


def test_self_review_is_refused_by_the_service_and_shown_on_the_form(cast, as_, task):
    response = as_(cast.consultant).post(
        url("licence_review", task.pk),
        {
            "person": cast.leader.pk,
            "level": "C",
            "reviewer": cast.leader.pk,
            "reviewed_on": PAST.isoformat(),
            "result": "passed",
        },
    )
    assert response.status_code == 400
    assert "kan ikke selv holde sin praksisgennemgang" in response.text
    assert not PracticeReview.objects.exists()


def test_review_in_the_future_is_rejected(cast, as_, task):
    response = as_(cast.leader).post(
        url("licence_review", task.pk),
        {
            "person": cast.aspirant.pk,
            "level": "C",
            "reviewer": cast.leader.pk,
            "reviewed_on": (TODAY + dt.timedelta(days=3)).isoformat(),
            "result": "failed",
        },
    )
    assert response.status_code == 400
    assert not PracticeReview.objects.exists()


# --- export ------------------------------------------------------------------------------------


def _sheet(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_export_for_a_manager_has_everyone_in_the_unit(cast, as_, task):
    services.licence_requirement_set(task=task, level="B", by=cast.leader.user)
    Licence.objects.create(task=task, person=cast.aspirant, level="C", awarded_on=PAST)
    rows = _sheet(as_(cast.leader).get(url("licence_task", task.pk), {"eksport": "xlsx"}))
    assert rows[0] == (
        "Navn",
        "Enhed",
        "Stilling",
        "Faggruppe",
        "Niveau",
        "Tildelt",
        "Udløber",
        "Krav",
        "Mangler",
    )
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"Lars Leder", "Anna Aspirant", "Carl Kollega"}
    assert by_name["Anna Aspirant"][4:] == (
        "C",
        dt.datetime.combine(PAST, dt.time()),
        None,
        "B",
        "Ja",
    )


def test_the_old_export_address_gives_the_same_file(cast, as_, task):
    Licence.objects.create(task=task, person=cast.aspirant, level="B", awarded_on=PAST)
    client = as_(cast.leader)
    old = _sheet(client.get(url("licence_export", task.pk)))
    assert old == _sheet(client.get(url("licence_task", task.pk), {"eksport": "xlsx"}))


def test_export_for_a_reader_of_a_published_list_has_only_holders(cast, as_, published):
    Licence.objects.create(task=published, person=cast.colleague, level="A", awarded_on=PAST)
    expected = [
        ("Navn", "Enhed", "Stilling", "Faggruppe", "Niveau", "Tildelt", "Udløber"),
        (
            "Carl Kollega",
            cast.workplace.name,
            "Medarbejder",
            "Pædagog",
            "A",
            dt.datetime.combine(PAST, dt.time()),
            None,
        ),
    ]
    client = as_(cast.aspirant)
    assert _sheet(client.get(url("licence_export", published.pk))) == expected
    assert _sheet(client.get(url("licence_task", published.pk), {"eksport": "xlsx"})) == expected
    response = client.get(url("licence_task", published.pk), {"eksport": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8").lstrip("\ufeff")
    assert text.splitlines()[0] == "Navn;Enhed;Stilling;Faggruppe;Niveau;Tildelt;Udløber"
    assert "Anna Aspirant" not in text and "Mangler" not in text


@pytest.mark.parametrize("eksport", ["xlsx", "csv"])
def test_export_is_404_where_the_page_is(cast, as_, task, published, eksport):
    # published: outsiders and other leaders get 404; an unpublished task: unit staff too
    for who in (cast.outsider, cast.other_leader):
        response = as_(who).get(url("licence_task", published.pk), {"eksport": eksport})
        assert response.status_code == 404
    other = services.licence_task_create(unit=cast.workplace, title="Skjult", by=cast.leader.user)
    response = as_(cast.aspirant).get(url("licence_task", other.pk), {"eksport": eksport})
    assert response.status_code == 404


def test_the_task_page_offers_the_export_links(cast, as_, task):
    page = as_(cast.leader).get(url("licence_task", task.pk)).content.decode()
    assert "eksport=xlsx" in page and "eksport=csv" in page


# --- mine kørekort -----------------------------------------------------------------------------


def test_my_licences_needs_login(client):
    response = client.get(url("my_licences"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_my_licences_shows_only_my_own_and_what_i_lack(cast, as_, published):
    other = services.licence_task_create(unit=cast.workplace, title="Medicin", by=cast.leader.user)
    services.licence_requirement_set(task=other, level="B", by=cast.leader.user)
    services.licence_task_publish(task=other, expected_version=other.version, by=cast.leader.user)
    Licence.objects.create(
        task=published,
        person=cast.aspirant,
        level="C",
        awarded_on=PAST - dt.timedelta(days=800),
        expires_on=PAST,
    )
    Licence.objects.create(task=published, person=cast.colleague, level="A", awarded_on=PAST)
    response = as_(cast.aspirant).get(url("my_licences"))
    assert response.status_code == 200
    mine = response.context["licences"]
    assert [(m.task, m.level, m.expired) for m in mine] == [(published, "C", True)]
    assert "Udløbet" in response.text
    assert [(m.task, m.required) for m in response.context["missing"]] == [(other, "B")]
    assert as_(cast.colleague).get(url("my_licences")).context["licences"][0].level == "A"


def test_my_licences_empty_state(cast, as_):
    response = as_(cast.outsider).get(url("my_licences"))
    assert "Du har ingen kørekort endnu" in response.text


# --- browser journey (axe) ---------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed")
def test_journey_leader_creates_requires_reviews_publishes_and_staff_read(
    live_server, cast, browser
):
    """The leader creates a task, adds a requirement, records a review and publishes; the
    colleague reads the list and "Mine kørekort". axe runs on every page, desktop and phone."""
    import re

    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("licences")

    def sign_in(email: str):
        return browser_sign_in(browser, live_server.url, email, PASSWORD)

    lars = sign_in("lars@test.dk")
    lars.goto(url("licence_list"))
    check(lars, "list-empty", phone=True)
    pick(lars, "Enhed", "A1a", f"{cast.workplace.name} – Område A1")
    lars.locator("#id_title").fill("Medicin til beboerne")
    lars.get_by_label("Gyldighed i måneder").fill("12")
    lars.get_by_role("button", name="Opret kørekortopgave").click()
    expect(lars.get_by_role("heading", level=1)).to_have_text("Medicin til beboerne")
    lars.locator("#id_level").select_option("C")
    lars.get_by_role("button", name="Gem krav").click()
    expect(lars.get_by_role("status")).to_contain_text("Kravet er gemt")
    check(lars, "task-manager", phone=True)
    lars.get_by_role("link", name=re.compile("Registrér gennemgang – Anna Aspirant")).click()
    check(lars, "review-form", phone=True)
    pick(lars, "Ressourceperson", "lars", "Lars Leder – Afdelingsleder, Arbejdsplads A1a")
    lars.get_by_label("Bestået", exact=True).check()
    lars.get_by_role("button", name="Registrér", exact=True).click()
    expect(lars.get_by_role("status")).to_contain_text("kørekort på C-niveau")
    lars.get_by_role("link", name="Offentliggør listen").click()
    check(lars, "publish-confirm", phone=True)
    lars.get_by_label("Ja, jeg er sikker").check()
    lars.get_by_role("button", name="Offentliggør listen").click()
    expect(lars.get_by_role("status")).to_contain_text("offentliggjort")

    anna = sign_in("anna@test.dk")
    anna.goto(url("licence_list"))
    check(anna, "list-reader", phone=True)
    anna.get_by_role("link", name="Medicin til beboerne").click()
    expect(anna.get_by_role("cell", name="C").first).to_be_visible()
    check(anna, "task-reader", phone=True)
    anna.goto(url("my_licences"))
    check(anna, "my-licences", phone=True)

    for page in (lars, anna):
        page.context.close()
    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe found serious/critical violations:\n" + "\n".join(
        check.failures
    )
