"""HR's import page runs each upload in the background (issue #17 §2): the file is stored
privately on a queued `OrgLoadRun`, the page returns at once to the run's page with a progress
bar, the worker runs it all or nothing, the report lists every error or the counts and the
deactivation list, a full load over the share waits for "Bekræft og deaktivér", the file is
deleted after the run, and only HR may see any of it."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lederspor.core.models import AuditEvent
from lederspor.core.storage import MediaStorage
from lederspor.notifications.testing import run_worker
from lederspor.people.importing import Table
from lederspor.people.models import OrgLoadRun, OrgUnit, Person
from lederspor.people.runs import execute_run
from lederspor.people.tests.test_deactivation import persons_table
from lederspor.people.tests.test_import import PERSON_HEADER, UNIT_HEADER, prow, snapshot

URL = "/organisation/import/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder (MediaStorage reads MEDIA_ROOT at every use)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def upload(name: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def csv_lines(table: Table) -> list[str]:
    return [";".join(table.columns)] + [
        ";".join(values.get(c, "") for c in table.columns) for _line, values in table.rows
    ]


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def post(client: Client, kind: str, file: SimpleUploadedFile, **flags: str):
    return client.post(URL, {"kind": kind, "file": file, **flags})


def run_of(response) -> OrgLoadRun:
    assert response.status_code == 302, response.content.decode()[:500]
    run = OrgLoadRun.objects.latest("id")
    assert response["Location"] == reverse("people:import_run", args=[run.pk])
    return run


# --- the upload and the worker ------------------------------------------------------------


def test_the_page_shows_the_form_and_no_runs_yet(cast, as_):
    assert reverse("people:import") == URL
    html = as_(cast.consultant).get(URL).content.decode()
    assert 'accept=".csv,.xlsx"' in html
    assert 'name="full"' in html and "Fuld indlæsning" in html
    assert "Der er ingen indlæsninger endnu." in html


def test_an_upload_returns_at_once_and_the_worker_imports_it(cast, as_, media):
    client = as_(cast.consultant)
    run = run_of(post(client, "units", upload("u.csv", [UNIT_HEADER, "NYF;Ny;forvaltning;K"])))
    # nothing is written until the worker runs; the file waits privately
    assert run.status == OrgLoadRun.Status.QUEUED and run.by == cast.consultant.user
    assert not OrgUnit.objects.filter(code="NYF").exists()
    assert len(stored_files(media)) == 1
    assert run.label == "u.csv" and "u.csv" not in run.file.name  # a random stored name
    page = client.get(reverse("people:import_run", args=[run.pk])).content.decode()
    assert "I kø" in page and "<progress" in page and 'hx-trigger="every 1s"' in page
    assert ">Opdatér</a>" in page

    run_worker()

    run.refresh_from_db()
    assert run.status == OrgLoadRun.Status.SUCCEEDED
    assert (run.progress_done, run.progress_total) == (1, 1)
    assert OrgUnit.objects.filter(code="NYF").exists()
    assert AuditEvent.objects.filter(action="org.import").latest("id").actor == cast.consultant.user
    assert stored_files(media) == [] and not run.file  # the file is deleted after the run
    page = client.get(reverse("people:import_run", args=[run.pk])).content.decode()
    assert "Indlæsningen er gennemført." in page and "hx-trigger" not in page
    assert "Opdatér" not in page
    listing = client.get(URL).content.decode()
    assert reverse("people:import_run", args=[run.pk]) in listing and "Gennemført" in listing


def test_a_bad_file_lists_every_error_and_writes_nothing(cast, as_, media):
    before = snapshot()
    client = as_(cast.consultant)
    bad = upload("p.csv", [PERSON_HEADER, prow("900", email="x"), prow("901", unit="NOPE")])
    run = run_of(post(client, "persons", bad))
    run_worker()
    run.refresh_from_db()
    assert run.status == OrgLoadRun.Status.FAILED
    assert len(run.report["persons"]["errors"]) == 2
    assert snapshot() == before
    assert stored_files(media) == []
    html = client.get(reverse("people:import_run", args=[run.pk])).content.decode()
    assert "Intet er gemt" in html and "<caption>Fejl i p.csv</caption>" in html
    assert "Ugyldig e-mail" in html and "Enhedskoden &#x27;NOPE&#x27; findes ikke" in html
    assert "Bekræft og deaktivér" not in html


def test_an_unreadable_file_fails_with_its_one_error(cast, as_):
    client = as_(cast.consultant)
    data = SimpleUploadedFile("p.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    run = run_of(post(client, "persons", data))
    run_worker()
    run.refresh_from_db()
    assert run.status == OrgLoadRun.Status.FAILED
    assert len(run.report["persons"]["errors"]) == 1


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(cast, as_):
    before = snapshot()
    client = as_(cast.consultant)
    run = run_of(
        post(client, "persons", upload("p.csv", [PERSON_HEADER, prow("900")]), dry_run="on")
    )
    run_worker()
    run.refresh_from_db()
    assert run.status == OrgLoadRun.Status.SUCCEEDED and run.dry_run
    assert run.report["persons"]["created"] == 1
    assert snapshot() == before
    html = client.get(reverse("people:import_run", args=[run.pk])).content.decode()
    assert "Afprøvningen gik godt. Intet er gemt." in html and "Ville blive oprettet" in html


def test_a_full_load_over_the_share_waits_for_confirmation_then_deactivates(
    cast, as_, settings, media
):
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.1
    client = as_(cast.consultant)
    lines = csv_lines(persons_table(without=(cast.outsider, cast.colleague)))
    run = run_of(post(client, "persons", upload("alle.csv", lines), full="on"))
    run_worker()
    run.refresh_from_db()
    assert run.status == OrgLoadRun.Status.FAILED and run.needs_confirmation
    assert Person.objects.get(pk=cast.outsider.pk).is_active
    assert len(stored_files(media)) == 1  # kept for the confirmation
    page = reverse("people:import_run", args=[run.pk])
    html = client.get(page).content.decode()
    assert "2 af 11 aktive personer" in html and "Otto Udenfor" in html and "Carl Kollega" in html
    assert "Bekræft og deaktivér" in html and "Ville blive deaktiveret" in html

    confirm = reverse("people:import_run_confirm", args=[run.pk])
    assert client.post(confirm).status_code == 302
    assert client.post(confirm).status_code == 302  # a double click queues it once
    run.refresh_from_db()
    assert run.status == OrgLoadRun.Status.QUEUED and run.confirmed
    run_worker()
    run.refresh_from_db()
    assert run.status == OrgLoadRun.Status.SUCCEEDED
    assert not Person.objects.get(pk=cast.outsider.pk).is_active
    assert not Person.objects.get(pk=cast.colleague.pk).is_active
    assert stored_files(media) == []
    html = client.get(page).content.decode()
    assert "Deaktiveret" in html and "Otto Udenfor" in html and "Bekræft og deaktivér" not in html


def test_a_full_dry_run_lists_who_would_go(cast, as_, settings):
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.5
    client = as_(cast.consultant)
    lines = csv_lines(persons_table(without=(cast.outsider,)))
    run = run_of(post(client, "persons", upload("alle.csv", lines), full="on", dry_run="on"))
    run_worker()
    html = client.get(reverse("people:import_run", args=[run.pk])).content.decode()
    assert "Ville blive deaktiveret" in html and "Otto Udenfor" in html
    assert Person.objects.get(pk=cast.outsider.pk).is_active


# --- the progress fragment ----------------------------------------------------------------


def test_the_progress_fragment_polls_until_the_run_ends_then_reloads_the_page(cast, as_):
    client = as_(cast.consultant)
    run = run_of(post(client, "units", upload("u.csv", [UNIT_HEADER, "NYF;Ny;forvaltning;K"])))
    fragment = reverse("people:import_run_progress", args=[run.pk])
    response = client.get(fragment, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "HX-Refresh" not in response and 'hx-trigger="every 1s"' in html
    assert '<label for="run-progress-bar">' in html and 'value="0"' in html
    assert "Venter på baggrundsarbejderen." in html
    # as the worker stores it while it runs (the status stays queued so the worker takes it)
    OrgLoadRun.objects.filter(pk=run.pk).update(progress_done=1000, progress_total=4000)
    html = client.get(fragment, headers={"HX-Request": "true"}).content.decode()
    assert 'value="25"' in html and "1000 af 4000 rækker behandlet." in html
    run_worker()
    response = client.get(fragment, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()


# --- who may see it -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "leader", "chef", "aspirant"])
def test_others_get_404_everywhere_and_nothing_is_queued(cast, as_, who):
    run = OrgLoadRun.objects.create(
        source="file", kind="units", label="u.csv", by=cast.consultant.user
    )
    client = as_(getattr(cast, who))
    assert client.get(URL).status_code == 404
    response = post(client, "units", upload("u.csv", [UNIT_HEADER, "NYF;Ny;forvaltning;K"]))
    assert response.status_code == 404
    for name in ("people:import_run", "people:import_run_progress"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404
    assert client.post(reverse("people:import_run_confirm", args=[run.pk])).status_code == 404
    assert OrgLoadRun.objects.count() == 1


def test_anonymous_is_sent_to_sign_in_and_an_unknown_run_is_404(cast, as_):
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert as_(cast.consultant).get(reverse("people:import_run", args=[99999])).status_code == 404


def test_a_run_that_waits_for_nothing_is_not_queued_again(cast, as_):
    run = OrgLoadRun.objects.create(
        source="file", kind="units", label="u.csv", status="succeeded", report={"ok": True}
    )
    client = as_(cast.consultant)
    response = client.post(reverse("people:import_run_confirm", args=[run.pk]), follow=True)
    assert "venter ikke på en bekræftelse" in response.content.decode()
    run.refresh_from_db()
    assert run.status == "succeeded" and not run.confirmed


# --- form errors keep the page, the list of runs paginates --------------------------------


def test_too_large_and_wrong_files_are_form_errors_and_queue_nothing(cast, as_):
    client = as_(cast.consultant)
    data = (UNIT_HEADER + "\n").encode() + b"NYF;Ny;forvaltning;K\n" * (5 * 1024 * 1024 // 20 + 1)
    response = post(client, "units", SimpleUploadedFile("u.csv", data, content_type="text/csv"))
    assert response.status_code == 200 and "højst fylde 5 MB" in response.content.decode()
    response = post(client, "units", upload("u.txt", [UNIT_HEADER]), full="on")
    assert "Vælg en .csv- eller .xlsx-fil." in response.content.decode()
    assert response.context["form"]["full"].value() is True  # what was chosen is kept
    assert client.post(URL, {"kind": "units"}).context["form"].errors["file"]
    assert not OrgLoadRun.objects.exists()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_of_runs_paginates_with_the_same_queries_at_two_sizes(cast, as_, settings):
    client = as_(cast.consultant)
    for i in range(3):
        OrgLoadRun.objects.create(source="file", kind="units", label=f"a{i}.csv", by=cast.admin)
    small = _count(client, URL)
    for i in range(settings.LEDERSPOR_PAGE_SIZE + 5):
        OrgLoadRun.objects.create(
            source="os2mo", kind="organisation", label=f"b{i}", by=cast.consultant.user
        )
    large = _count(client, URL)
    assert small == large
    assert len(client.get(URL).context["page_obj"].object_list) == settings.LEDERSPOR_PAGE_SIZE
    assert client.get(URL + "?page=2").status_code == 200


# --- the command records a run too --------------------------------------------------------


def test_the_command_records_a_run_and_takes_full_and_confirm(cast, tmp_path, settings):
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.0
    path = tmp_path / "alle.csv"
    path.write_text("\n".join(csv_lines(persons_table(without=(cast.outsider,)))) + "\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Intet er gemt"):
        call_command("import_org", "persons", str(path), "--full", stderr=err, stdout=io.StringIO())
    assert "1 af 11 aktive personer" in err.getvalue()
    refused = OrgLoadRun.objects.latest("id")
    assert refused.full and refused.status == "failed" and refused.label == "alle.csv"
    out = io.StringIO()
    call_command("import_org", "persons", str(path), "--full", "--confirm", stdout=out)
    assert "Deaktiveret: 1 personer og 0 enheder." in out.getvalue() and "Otto" in out.getvalue()
    assert not Person.objects.get(pk=cast.outsider.pk).is_active
    run = OrgLoadRun.objects.latest("id")
    assert run.confirmed and run.status == "succeeded" and not run.file
    with pytest.raises(CommandError, match="--confirm"):
        call_command("import_org", "persons", str(path), "--confirm")


def test_a_run_is_run_once(cast, media):
    run = OrgLoadRun.objects.create(source="file", kind="units", label="u.csv")
    assert execute_run(run.pk, data=(UNIT_HEADER + "\nNYF;Ny;forvaltning;K\n").encode()) == (
        "succeeded"
    )
    assert execute_run(run.pk, data=b"") == "skipped"
    assert OrgUnit.objects.filter(code="NYF").count() == 1
    assert MediaStorage().exists("org-import") is False


# --- privacy: who started a run, and how long runs are kept --------------------------------


def test_privacy_exports_and_anonymises_who_started_a_run_and_expires_old_runs(cast, media):
    import datetime as dt

    from django.utils import timezone

    from lederspor.privacy.registry import personal_data, retention_rules

    run = OrgLoadRun.objects.create(
        source="file", kind="units", label="enheder.csv", by=cast.consultant.user
    )
    entry = personal_data.get("people.org_load_runs")
    assert [r["label"] for r in entry.export(cast.consultant)] == ["enheder.csv"]
    assert entry.export(cast.aspirant) == []
    (line,) = entry.erase(cast.consultant, False)
    assert line.count == 1
    run.refresh_from_db()
    assert run.by_id == cast.consultant.user_id  # the preview writes nothing
    entry.erase(cast.consultant, True)
    run.refresh_from_db()
    assert run.by_id is None

    rule = retention_rules.get("people.org_load_runs")
    OrgLoadRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    recent = OrgLoadRun.objects.create(source="file", kind="units", label="ny.csv")
    cutoff = timezone.now() - dt.timedelta(days=rule.days)
    assert rule.expire(cutoff, False) == 1 and OrgLoadRun.objects.filter(pk=run.pk).exists()
    assert rule.expire(cutoff, True) == 1
    assert list(OrgLoadRun.objects.values_list("pk", flat=True)) == [recent.pk]
    assert rule.expire(cutoff, True) == 0


def test_the_run_page_uses_the_same_queries_for_a_small_and_a_large_report(cast, as_):
    def report(n: int) -> dict:
        people = [{"id": i, "number": str(i), "name": f"P {i}", "unit": "U"} for i in range(n)]
        errors = [{"line": i + 2, "column": "email", "message": "Ugyldig"} for i in range(n)]
        return {
            "ok": False,
            "persons": {"errors": errors},
            "deactivation": {"full_persons": True, "persons": people, "percent": "5"},
        }

    client = as_(cast.consultant)
    small = OrgLoadRun.objects.create(
        source="file", kind="persons", label="s.csv", status="failed", report=report(2)
    )
    large = OrgLoadRun.objects.create(
        source="file", kind="persons", label="l.csv", status="failed", report=report(300)
    )
    assert _count(client, reverse("people:import_run", args=[small.pk])) == _count(
        client, reverse("people:import_run", args=[large.pk])
    )
    html = client.get(reverse("people:import_run", args=[large.pk])).content.decode()
    assert html.count("<td>Ugyldig</td>") == 300 and "P 299" in html
