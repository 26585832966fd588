"""The privacy pages (issue #15 §1, §4): the read-log search for the data-protection role, "Mine
data", the privacy notice, the footer and navigation links, and the section on a person's HR
page. Erasure and the access download: test_views_erasure.py."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import RetentionRule, retention_rules

OVERVIEW = "/databeskyttelse/"
READ_LOG = "/databeskyttelse/laeselog/"
MY_DATA = "/mine-data/"
NOTICE = "/privatlivspolitik/"


def grant_data_protection(person):
    """Give `person`'s login the data-protection role; returns the person."""
    person.user.user_permissions.add(
        Permission.objects.get(codename="data_protection", content_type__app_label="privacy")
    )
    return person


@pytest.fixture
def dpo(cast):
    """An HR colleague who also holds the data-protection role."""
    return grant_data_protection(cast.hr_colleague)


def entry(reader, subjects, kinds="conversation", *, at=None, path="/samtaler/1/", channel="page"):
    """A read-log row: `reader` (a Person) read `subjects` (Persons or ids)."""
    ids = [getattr(s, "pk", s) for s in subjects]
    return ReadLogEntry.objects.create(
        at=at or timezone.now(),
        reader=reader.user,
        reader_label=f"{reader.full_name} <{reader.email}>",
        kinds=kinds,
        subjects=" " + " ".join(str(pk) for pk in ids) + " ",
        subject_count=len(ids),
        path=path,
        channel=channel,
        address="10.0.0.1",
    )


def shown_rows(response) -> list[ReadLogEntry]:
    return [row.entry for row in response.context["rows"]]


# --- who may see the data-protection pages ---------------------------------------------------


@pytest.mark.parametrize("path", [OVERVIEW, READ_LOG])
def test_the_data_protection_role_sees_its_pages(cast, as_, dpo, path):
    assert as_(dpo).get(path).status_code == 200


def test_the_role_without_hr_rights_sees_its_pages_too(cast, as_):
    dpo = grant_data_protection(cast.outsider)
    assert as_(dpo).get(OVERVIEW).status_code == 200
    assert as_(dpo).get(READ_LOG).status_code == 200


@pytest.mark.parametrize("who", ["aspirant", "leader", "chef", "consultant", "host", "outsider"])
@pytest.mark.parametrize("path", [OVERVIEW, READ_LOG, f"{READ_LOG}?eksport=csv"])
def test_everyone_else_gets_404_hr_staff_included(cast, as_, who, path):
    entry(cast.consultant, [cast.aspirant])
    assert as_(getattr(cast, who)).get(path).status_code == 404


@pytest.mark.parametrize("path", [OVERVIEW, READ_LOG, MY_DATA])
def test_the_pages_need_sign_in(cast, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_pages_are_not_stored_by_browsers(cast, as_, dpo):
    for client, path in ((as_(dpo), READ_LOG), (as_(cast.aspirant), MY_DATA)):
        assert "no-store" in as_(dpo).get(READ_LOG)["Cache-Control"]
        assert "no-store" in client.get(path)["Cache-Control"]


# --- the read log ----------------------------------------------------------------------------


def test_the_log_shows_reader_time_kinds_names_channel_and_path_newest_first(cast, as_, dpo):
    old = entry(cast.consultant, [cast.aspirant], at=timezone.now() - dt.timedelta(days=2))
    new = entry(
        cast.leader,
        [cast.aspirant, cast.other_aspirant],
        "enrolment,logbook",
        path="/logbog/?side=2",
        channel="export",
    )
    response = as_(dpo).get(READ_LOG)
    assert shown_rows(response)[:2] == [new, old]
    html = response.content.decode()
    assert "Lars Leder &lt;lars@test.dk&gt;" in html
    assert "Anna Aspirant, Bo Aspirant" in html
    assert "Forløb og tilmeldinger, Logbog" in html
    assert "Eksport" in html
    assert "/logbog/?side=2" in html


def test_filter_by_reader_matches_name_or_email(cast, as_, dpo):
    kims = entry(cast.consultant, [cast.aspirant])
    entry(cast.leader, [cast.aspirant])
    for text in ("kim konsulent", "KIM@test"):
        response = as_(dpo).get(READ_LOG, {"reader": text})
        assert shown_rows(response) == [kims]


def test_filter_by_subject_searches_persons_and_matches_whole_ids(cast, as_, dpo):
    about_anna = entry(cast.consultant, [cast.other_aspirant, cast.aspirant])
    entry(cast.consultant, [cast.other_aspirant])
    # an id that merely contains Anna's id as digits is another person
    entry(cast.consultant, [int(f"{cast.aspirant.pk}0"), int(f"9{cast.aspirant.pk}")])
    response = as_(dpo).get(READ_LOG, {"subject": "anna aspirant"})
    assert shown_rows(response) == [about_anna]
    assert "passer på 1 person" in response.content.decode()
    # (the first search's read of the log names Anna too)
    by_id = as_(dpo).get(READ_LOG, {"person": cast.aspirant.pk, "reader": "kim"})
    assert shown_rows(by_id) == [about_anna]
    assert "Viser læsninger om Anna Aspirant" in by_id.content.decode()


def test_a_subject_search_that_finds_no_one_shows_no_rows(cast, as_, dpo):
    entry(cast.consultant, [cast.aspirant])
    response = as_(dpo).get(READ_LOG, {"subject": "findes-ikke"})
    assert shown_rows(response) == []
    assert "Ingen læsninger passer på søgningen." in response.content.decode()


def test_filter_by_period_includes_both_days(cast, as_, dpo):
    today = timezone.localdate()

    def at(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))

    entry(cast.consultant, [cast.aspirant], at=at(today - dt.timedelta(days=10)))
    first = entry(cast.consultant, [cast.aspirant], at=at(today - dt.timedelta(days=5)))
    last = entry(cast.consultant, [cast.aspirant], at=at(today - dt.timedelta(days=3)))
    entry(cast.consultant, [cast.aspirant], at=at(today - dt.timedelta(days=1)))
    response = as_(dpo).get(
        READ_LOG,
        {
            "date_from": (today - dt.timedelta(days=5)).isoformat(),
            "date_to": (today - dt.timedelta(days=3)).isoformat(),
        },
    )
    assert shown_rows(response) == [last, first]


def test_a_bad_period_gets_a_danish_error_keeps_the_input_and_shows_no_rows(cast, as_, dpo):
    entry(cast.consultant, [cast.aspirant])
    response = as_(dpo).get(
        READ_LOG, {"reader": "Kim", "date_from": "2026-05-10", "date_to": "2026-05-01"}
    )
    html = response.content.decode()
    assert "Til-datoen ligger før fra-datoen." in html
    assert 'value="Kim"' in html
    assert shown_rows(response) == []
    bad = as_(dpo).get(READ_LOG, {"date_from": "i går"})
    assert "Indtast en gyldig dato." in bad.content.decode()


def test_filter_by_kind_matches_whole_kinds(cast, as_, dpo):
    person = entry(cast.consultant, [cast.aspirant], "enrolment,person")
    entry(cast.consultant, [cast.aspirant], "personality")
    response = as_(dpo).get(READ_LOG, {"kind": RecordKind.PERSON.value})
    assert shown_rows(response) == [person]


def test_reading_the_log_is_logged_naming_the_persons_shown(cast, as_, dpo):
    entry(cast.consultant, [cast.aspirant])
    entry(cast.leader, [cast.other_aspirant])
    before = ReadLogEntry.objects.count()
    as_(dpo).get(READ_LOG, {"subject": "Anna"})
    assert ReadLogEntry.objects.count() == before + 1
    logged = ReadLogEntry.objects.order_by("-pk").first()
    assert logged.reader == dpo.user
    assert logged.kinds == RecordKind.READ_LOG.value
    assert logged.subject_ids == [cast.aspirant.pk]
    assert logged.path.startswith(READ_LOG)


def test_an_empty_log_page_writes_no_read(cast, as_, dpo):
    as_(dpo).get(READ_LOG)
    assert not ReadLogEntry.objects.exists()


def add_rows(cast, count):
    ReadLogEntry.objects.bulk_create(
        ReadLogEntry(
            reader=cast.consultant.user,
            reader_label="Kim Konsulent <kim@test.dk>",
            kinds="conversation",
            subjects=f" {cast.aspirant.pk} {cast.other_aspirant.pk} ",
            subject_count=2,
            path=f"/samtaler/{i}/",
            channel="page",
        )
        for i in range(count)
    )


def test_the_log_is_paginated_with_queries_that_do_not_grow(cast, as_, dpo, settings):
    settings.LEDERSPOR_PAGE_SIZE = 5
    client = as_(dpo)
    client.get(READ_LOG)  # the session's first request
    counts = []
    for rows in (6, 30):
        ReadLogEntry.objects.all().delete()
        add_rows(cast, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(READ_LOG, {"reader": "kim", "page": 2})
        assert response.status_code == 200
        assert len(shown_rows(response)) == (1 if rows == 6 else 5)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert "Side 2 af 6" in response.content.decode()
    assert "reader=kim&amp;page=3" in response.content.decode()


def test_the_export_holds_every_matching_row_and_is_logged(cast, as_, dpo):
    entry(cast.consultant, [cast.aspirant, cast.other_aspirant], path="/=cmd/")
    entry(cast.leader, [cast.colleague])
    response = as_(dpo).get(READ_LOG, {"reader": "kim", "eksport": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="laeselog-')
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Tidspunkt", "Læser", "Slags oplysninger", "Personer"]
    assert len(rows) == 2
    assert rows[1][3] == "Anna Aspirant, Bo Aspirant"
    logged = ReadLogEntry.objects.order_by("-pk").first()
    assert logged.reader == dpo.user and logged.channel == "export"
    assert logged.subject_ids == [cast.aspirant.pk, cast.other_aspirant.pk]
    xlsx = as_(dpo).get(READ_LOG, {"eksport": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_log_page_offers_the_export_with_its_filters(cast, as_, dpo):
    entry(cast.consultant, [cast.aspirant])
    html = as_(dpo).get(READ_LOG, {"reader": "kim"}).content.decode()
    assert "reader=kim&amp;eksport=xlsx" in html or "eksport=xlsx&amp;reader=kim" in html


# --- the overview: find a person -------------------------------------------------------------


def test_the_overview_finds_persons_with_their_actions_and_logs_the_list(cast, as_, dpo):
    response = as_(dpo).get(OVERVIEW, {"q": "aspirant"})
    html = response.content.decode()
    assert "Anna Aspirant" in html and "Bo Aspirant" in html
    assert f"/databeskyttelse/personer/{cast.aspirant.pk}/sletning/" in html
    assert f"/databeskyttelse/personer/{cast.aspirant.pk}/udtraek/" in html
    assert f"{READ_LOG}?person={cast.aspirant.pk}" in html
    logged = ReadLogEntry.objects.get()
    assert set(logged.subject_ids) == {cast.aspirant.pk, cast.other_aspirant.pk}
    assert logged.kinds == RecordKind.PERSON.value


# --- Mine data -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["aspirant", "leader", "chef", "consultant", "host", "outsider"])
def test_every_person_has_their_own_page(cast, as_, who):
    response = as_(getattr(cast, who)).get(MY_DATA)
    assert response.status_code == 200
    assert "Download alle mine data" in response.content.decode()


def test_a_login_without_a_person_gets_404(cast, as_):
    assert as_(cast.admin).get(MY_DATA).status_code == 404


def test_my_page_shows_who_read_me_and_nothing_about_others(cast, as_):
    mine = entry(cast.leader, [cast.aspirant, cast.other_aspirant], "logbook")
    entry(cast.consultant, [cast.other_aspirant], "conversation", path="/hemmelig/")
    response = as_(cast.aspirant).get(MY_DATA)
    assert list(response.context["page_obj"].object_list) == [mine]
    html = response.content.decode()
    assert "Lars Leder &lt;lars@test.dk&gt;" in html
    assert "Logbog" in html
    assert "Bo Aspirant" not in html
    assert "Kim Konsulent" not in html
    assert "/hemmelig/" not in html


def test_my_page_links_the_notice_and_the_dpo(cast, as_, settings):
    settings.LEDERSPOR_DPO_EMAIL = "dpo@testkommune.dk"
    html = as_(cast.aspirant).get(MY_DATA).content.decode()
    assert "mailto:dpo@testkommune.dk" in html
    assert f'href="{NOTICE}"' in html


def test_opening_my_page_writes_no_read(cast, as_):
    entry(cast.leader, [cast.aspirant])
    as_(cast.aspirant).get(MY_DATA)
    assert ReadLogEntry.objects.count() == 1


def test_my_page_is_paginated_with_queries_that_do_not_grow(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 5
    client = as_(cast.aspirant)
    client.get(MY_DATA)
    counts = []
    for rows in (6, 30):
        ReadLogEntry.objects.all().delete()
        add_rows(cast, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(MY_DATA, {"page": 2})
        assert len(response.context["page_obj"].object_list) == (1 if rows == 6 else 5)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the privacy notice, the footer and the navigation ---------------------------------------


def test_the_notice_is_public_and_names_controller_dpo_rights_and_datatilsynet(cast, settings):
    settings.LEDERSPOR_CONTROLLER_NAME = "Testkommune"
    settings.LEDERSPOR_DPO_NAME = "Dorte Databeskyttelse"
    settings.LEDERSPOR_DPO_EMAIL = "dpo@testkommune.dk"
    settings.LEDERSPOR_PRIVACY_NOTICE_EXTRA = "Kommunens egen tekst om it-leverandøren."
    response = Client().get(NOTICE)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Testkommune er dataansvarlig",
        "Dorte Databeskyttelse",
        "mailto:dpo@testkommune.dk",
        "Indsigt",
        "Berigtigelse",
        "Sletning",
        "indsigelse",
        "Datatilsynet",
        "Carl Jacobsens Vej 35",
        "https://www.datatilsynet.dk",
        "Kommunens egen tekst om it-leverandøren.",
    ):
        assert text in html, text


def test_the_notice_renders_the_retention_schedule(cast):
    rule = RetentionRule(
        key="test.notes",
        order=999,
        label="Testnoter",
        kind=RecordKind.LOGBOOK,
        default_days=1095,
        reason="Formålet er opfyldt",
        expire=lambda cutoff, apply: 0,
    )
    retention_rules.register(rule)
    try:
        html = Client().get(NOTICE).content.decode()
    finally:
        retention_rules.unregister(rule.key)
    assert "Testnoter" in html and "3 år" in html and "Formålet er opfyldt" in html


def test_every_page_footer_links_the_notice_and_signed_in_persons_their_data(cast, as_):
    anonymous = Client().get("/login/").content.decode()
    assert f'href="{NOTICE}"' in anonymous
    assert f'href="{MY_DATA}"' not in anonymous
    signed_in = as_(cast.aspirant).get("/").content.decode()
    assert f'href="{NOTICE}"' in signed_in
    assert f'href="{MY_DATA}"' in signed_in


def test_the_navigation_shows_databeskyttelse_to_the_role_only(cast, as_, dpo):
    assert f'href="{OVERVIEW}"' in as_(dpo).get("/").content.decode()
    assert f'href="{OVERVIEW}"' not in as_(cast.consultant).get("/").content.decode()


def test_the_person_page_section_is_for_the_role_only(cast, as_, dpo):
    path = f"/organisation/personer/{cast.aspirant.pk}/"
    html = as_(dpo).get(path).content.decode()
    assert "Udtræk alle data" in html
    assert f"/databeskyttelse/personer/{cast.aspirant.pk}/sletning/" in html
    hr_only = as_(cast.consultant).get(path).content.decode()
    assert "Udtræk alle data" not in hr_only
    assert "/databeskyttelse/" not in hr_only


def test_the_overview_list_has_queries_that_do_not_grow(cast, as_, dpo, settings):
    from lederspor.people.models import Person

    settings.LEDERSPOR_PAGE_SIZE = 5
    client = as_(dpo)
    client.get(OVERVIEW)
    counts = []
    for start, count in ((7000, 6), (8000, 30)):
        Person.objects.filter(last_name="Ekstra").delete()
        Person.objects.bulk_create(
            Person(
                employee_number=str(i),
                first_name=f"Xena{i}",
                last_name="Ekstra",
                email=f"x{i}@test.dk",
                unit=cast.workplace,
                manager=cast.leader,
            )
            for i in range(start, start + count)
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(OVERVIEW, {"q": "ekstra", "page": 2})
        assert len(response.context["page_obj"].object_list) == (1 if count == 6 else 5)
        counts.append(len(queries))
    assert counts[0] == counts[1]
