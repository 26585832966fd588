"""The privacy services: erasure preview and erasure, the access export ZIP and the retention
run, with the privacy app's own entries (persons, logins, audit and admin logs, read log,
sessions) and those of accounts and the API."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.models import ExternalIdentity, Invitation, SignInEvent
from lederspor.core.audit import audit_record
from lederspor.core.models import AuditEvent, User
from lederspor.people.audit import OrganisationAction
from lederspor.people.models import LeadershipChange, Person
from lederspor.privacy import services
from lederspor.privacy.audit import PrivacyAction
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, Document, PersonalData, personal_data
from lederspor.site.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _read(reader: Person, subjects: list[Person], *, at=None) -> ReadLogEntry:
    return ReadLogEntry.objects.create(
        at=at or timezone.now(),
        reader=reader.user,
        reader_label=f"{reader.full_name} <{reader.email}>",
        kinds="conversation",
        subjects=" " + " ".join(str(p.pk) for p in subjects) + " ",
        subject_count=len(subjects),
        path="/forloeb/1/",
        channel="page",
        address="10.1.2.3",
    )


@pytest.fixture
def history(cast):
    """The aspirant's login has an SSO identity, two-factor devices, an invitation, sign-in
    events with an address, an audit event naming them, reads about them and reads they made."""
    aspirant = cast.aspirant
    login = aspirant.user
    ExternalIdentity.objects.create(user=login, issuer="https://idp.test", subject="sub-1")
    TOTPDevice.objects.create(user=login, name="Telefon", confirmed=True)
    StaticDevice.objects.create(user=login, name="Gendannelseskoder", confirmed=True)
    Invitation.objects.create(user=login, sent_by=cast.admin, sent_at=timezone.now())
    audit_record(actor=login, action=AccountAction.LOGIN, obj=login, address="10.9.9.9")
    audit_record(
        actor=None,
        action=AccountAction.LOGIN_FAILED,
        obj=login,
        address="10.9.9.8",
        email=login.email,
    )
    audit_record(
        actor=cast.consultant.user,
        action=OrganisationAction.ORG_IMPORT,
        obj=aspirant,
        summary=f"Samtale: {aspirant.full_name}",
    )
    audit_record(actor=login, action=OrganisationAction.ORG_IMPORT, obj=None, summary="egen")
    _read(cast.consultant, [aspirant, cast.other_aspirant])
    _read(aspirant, [cast.colleague])
    LeadershipChange.objects.create(
        person=aspirant, kind="became", on=dt.date(2026, 1, 5), source="sync"
    )
    LogEntry.objects.log_actions(
        user_id=cast.admin.pk,
        queryset=[aspirant],
        action_flag=ADDITION,
    )
    return aspirant


def _counts() -> dict[str, int]:
    return {
        "persons": Person.objects.filter(is_active=True).count(),
        "logins": User.objects.filter(is_active=True).count(),
        "identities": ExternalIdentity.objects.count(),
        "devices": TOTPDevice.objects.count() + StaticDevice.objects.count(),
        "invitations": Invitation.objects.count(),
        "audit": AuditEvent.objects.count(),
        "addresses": AuditEvent.objects.filter(address__isnull=False).count(),
        "reads": ReadLogEntry.objects.count(),
        "leadership": LeadershipChange.objects.count(),
    }


def _lines(result) -> dict[str, dict[str, int]]:
    return {entry.key: {str(line.label): line.count for line in lines} for entry, lines in result}


# --- erasure ----------------------------------------------------------------------------------


def test_the_preview_lists_every_entry_and_writes_nothing(cast, history):
    before = _counts()
    name, email = history.full_name, history.email
    result = services.erasure_preview(history)
    assert [entry.key for entry, _lines in result] == personal_data.keys()
    assert result[-1][0].key == "people.person"  # the person row last
    lines = _lines(result)
    assert lines["accounts.identities"]["Kommunens login (SSO-identiteter)"] == 1
    assert lines["accounts.two_factor"]["To-faktor-enheder og gendannelseskoder"] == 2
    assert lines["core.audit"]["Hændelser, der nævner personens navn"] == 1
    assert _counts() == before
    history.refresh_from_db()
    assert (history.full_name, history.email) == (name, email)
    assert not AuditEvent.objects.filter(action=PrivacyAction.ERASURE).exists()


def test_erasure_anonymises_the_person_and_login_and_deletes_account_data(cast, history):
    login = history.user
    old_email = history.email
    result = services.erase_person(person=history, by=cast.hr_colleague.user, reason="Anmodning")
    history.refresh_from_db()
    login.refresh_from_db()
    assert history.full_name == "Slettet person"
    assert history.email == f"slettet-{history.pk}@slettet.invalid"
    assert history.employee_number == f"slettet-{history.pk}"
    assert (history.job_title, history.profession, history.manager_id, history.user_id) == (
        "",
        "",
        None,
        None,
    )
    assert not history.is_active
    assert history.unit_id == cast.aspirant.unit_id  # reports by unit still count the row
    # the login: closed and anonymous, no password, not deleted
    assert not login.is_active and not login.has_usable_password()
    assert login.email.endswith("@slettet.invalid")
    assert not login.check_password(PASSWORD)
    assert not ExternalIdentity.objects.filter(user=login).exists()
    assert not TOTPDevice.objects.filter(user=login).exists()
    assert not StaticDevice.objects.filter(user=login).exists()
    assert not Invitation.objects.filter(user=login).exists()
    # the sign-in events stay (counted), without address or typed e-mail
    events = SignInEvent.objects.filter(object_id=str(login.pk))
    assert events.count() == 2
    assert all(e.address is None and "email" not in e.data for e in events)
    # the audit log keeps what was done; the name in summaries is gone
    assert not AuditEvent.objects.filter(summary__contains="Anna").exists()
    assert AuditEvent.objects.filter(summary="Samtale: Slettet person").exists()
    assert AuditEvent.objects.filter(actor=login, summary="egen").exists()
    # reads about the person kept; the reader's name on their own reads replaced
    assert ReadLogEntry.objects.filter(subjects__contains=f" {history.pk} ").count() == 1
    assert ReadLogEntry.objects.get(reader=login).reader_label == "Slettet person"
    assert LeadershipChange.objects.filter(person=history).count() == 1
    assert LogEntry.objects.get(object_id=str(history.pk)).object_repr == "Slettet person"
    # one audit row: who, for whom, the reason and counts, never the content
    row = AuditEvent.objects.get(action=PrivacyAction.ERASURE)
    assert row.actor == cast.hr_colleague.user
    assert row.object_id == str(history.pk)
    assert row.data["reason"] == "Anmodning"
    assert row.data["counts"]["accounts.identities"] == {"delete": 1}
    assert row.data["counts"]["people.person"] == {"anonymise": 1}
    dumped = json.dumps(row.data) + row.summary
    assert "Anna" not in dumped and old_email not in dumped
    assert {entry.key for entry, _lines in result} == set(personal_data.keys())


def test_erasure_leaves_other_persons_alone(cast, history):
    other = cast.other_aspirant
    before = (other.full_name, other.email, other.user.email, other.user.is_active)
    services.erase_person(person=history, by=cast.hr_colleague.user, reason="")
    other.refresh_from_db()
    other.user.refresh_from_db()
    assert (other.full_name, other.email, other.user.email, other.user.is_active) == before
    assert ReadLogEntry.objects.get(reader=cast.consultant.user).reader_label.startswith(
        cast.consultant.full_name
    )


def test_a_second_erasure_does_nothing_harmful(cast, history):
    services.erase_person(person=history, by=cast.hr_colleague.user, reason="første")
    history.refresh_from_db()
    snapshot = (history.full_name, history.email, history.employee_number, history.updated_at)
    audit = AuditEvent.objects.exclude(action=PrivacyAction.ERASURE).count()
    result = services.erase_person(person=history, by=cast.hr_colleague.user, reason="anden")
    history.refresh_from_db()
    assert (history.full_name, history.email, history.employee_number, history.updated_at) == (
        snapshot
    )
    assert AuditEvent.objects.exclude(action=PrivacyAction.ERASURE).count() == audit
    for _entry, lines in result:
        for line in lines:
            if line.action == Action.DELETE:
                assert line.count == 0
    assert AuditEvent.objects.filter(action=PrivacyAction.ERASURE).count() == 2


def test_an_erasure_that_fails_writes_nothing(cast, history):
    def boom(person, apply):
        if apply:
            raise RuntimeError("stop")
        return []

    personal_data.register(
        PersonalData(
            key="test.failing",
            order=999,
            label="Fejl",
            kind=RecordKind.PERSON,
            models=(Person,),
            export=lambda person: [],
            erase=boom,
        )
    )
    before = _counts()
    try:
        with pytest.raises(RuntimeError):
            services.erase_person(person=history, by=cast.hr_colleague.user, reason="")
    finally:
        personal_data.unregister("test.failing")
    assert _counts() == before
    assert Person.objects.get(pk=history.pk).first_name == "Anna"


# --- access export ----------------------------------------------------------------------------


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_the_access_export_holds_every_entry_the_read_log_and_a_readable_summary(cast, history):
    archive = _zip(services.access_export(person=history, by=cast.hr_colleague.user))
    names = set(archive.namelist())
    assert {"index.html", "README.txt", "data/read_log.json"} <= names
    for key in personal_data.keys():
        if key != services.READ_LOG_KEY:
            assert f"data/{key}.json" in names
    person = json.loads(archive.read("data/people.person.json"))
    assert person[0]["email"] == history.email
    assert person[0]["unit.name"] == history.unit.name
    login = json.loads(archive.read("data/core.user.json"))
    assert login[0]["email"] == history.user.email
    sign_ins = json.loads(archive.read("data/accounts.sign_in_log.json"))
    assert {row["action"] for row in sign_ins} == {"Logget ind", "Mislykket log ind"}
    reads = json.loads(archive.read("data/read_log.json"))
    assert len(reads) == 1
    assert reads[0]["reader"].startswith(cast.consultant.full_name)
    assert reads[0]["kinds"] == ["Samtaler"]
    assert "10.1.2.3" not in archive.read("data/read_log.json").decode()
    index = archive.read("index.html").decode()
    assert history.full_name in index and "Stamdata" in index and "Læselog" in index
    assert '<th scope="col">Enhed</th>' in index  # columns carry the fields' Danish names
    assert '<th scope="col">Nærmeste leder</th>' in index
    assert "<link" not in index and "src=" not in index  # self-contained
    assert "Indsigt" in archive.read("README.txt").decode()


def test_the_access_export_holds_no_one_elses_data(cast, history):
    other = cast.other_aspirant
    audit_record(actor=other.user, action=AccountAction.LOGIN, obj=other.user, address="10.7.7.7")
    archive = _zip(services.access_export(person=history, by=history.user))
    everything = "".join(archive.read(name).decode() for name in archive.namelist())
    assert other.email not in everything
    assert other.employee_number not in json.dumps(everything)
    assert "10.7.7.7" not in everything
    # the reads the aspirant made of the colleague are not reads about the aspirant
    assert cast.colleague.full_name not in everything


def test_the_access_export_carries_the_entries_documents_and_is_audited(cast, history):
    personal_data.register(
        PersonalData(
            key="test.documents",
            order=1,
            label="Dokumenter",
            kind=RecordKind.CONVERSATION,
            models=(Person,),
            export=lambda person: [{"title": "Samtale"}],
            erase=lambda person, apply: [],
            documents=lambda person: [
                Document("samtale.pdf", b"%PDF-1"),
                Document("../samtale.pdf", b"%PDF-2"),
            ],
        )
    )
    try:
        data = services.access_export(person=history, by=cast.hr_colleague.user)
    finally:
        personal_data.unregister("test.documents")
    archive = _zip(data)
    assert archive.read("documents/samtale.pdf") == b"%PDF-1"
    assert archive.read("documents/samtale-2.pdf") == b"%PDF-2"
    assert "documents/samtale-2.pdf" in archive.read("index.html").decode()
    row = AuditEvent.objects.get(action=PrivacyAction.ACCESS_EXPORT)
    assert row.actor == cast.hr_colleague.user
    assert row.object_id == str(history.pk)
    assert row.data["counts"]["people.person"] == 1 and row.data["documents"] == 2
    assert history.email not in json.dumps(row.data) + row.summary


def test_the_export_file_name_carries_the_id_not_the_name(cast):
    name = services.access_export_filename(cast.aspirant)
    assert name.startswith(f"indsigt-{cast.aspirant.pk}-") and name.endswith(".zip")
    assert "Anna" not in name


# --- retention --------------------------------------------------------------------------------

NOW = dt.datetime(2030, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def expired(cast):
    """An audit event, a sign-in event, an admin log entry and a read each 6 years old, a
    session expired 2 days ago, and a fresh one of each."""
    old = NOW - dt.timedelta(days=6 * 365)
    fresh = NOW - dt.timedelta(days=10)
    for at in (old, fresh):
        event = audit_record(actor=None, action=OrganisationAction.ORG_IMPORT, obj=None)
        sign_in = audit_record(actor=None, action=AccountAction.LOGIN, obj=None)
        AuditEvent.objects.filter(pk__in=[event.pk, sign_in.pk]).update(at=at)
        _read(cast.consultant, [cast.aspirant], at=at)
        entry = LogEntry.objects.create(
            user=cast.admin,
            content_type=ContentType.objects.get_for_model(Person),
            object_id="1",
            object_repr="x",
            action_flag=ADDITION,
        )
        LogEntry.objects.filter(pk=entry.pk).update(action_time=at)
    Session.objects.create(
        session_key="a" * 32, session_data="", expire_date=NOW - dt.timedelta(days=2)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="", expire_date=NOW + dt.timedelta(days=1)
    )


def _by_key(result) -> dict[str, int]:
    return {rule.key: count for rule, count in result}


def test_a_dry_run_counts_and_writes_nothing(expired):
    before = (AuditEvent.objects.count(), ReadLogEntry.objects.count(), Session.objects.count())
    counts = _by_key(services.apply_retention(now=NOW, apply=False))
    assert counts["core.audit"] == 2  # the audit event and the admin log entry
    assert counts["accounts.sign_in_log"] == 1
    assert counts["privacy.read_log"] == 1
    assert counts["sessions.expired"] == 1
    after = (AuditEvent.objects.count(), ReadLogEntry.objects.count(), Session.objects.count())
    assert after == before
    assert not AuditEvent.objects.filter(action=PrivacyAction.RETENTION_RUN).exists()


def test_the_run_deletes_what_expired_keeps_the_rest_is_audited_and_idempotent(expired):
    counts = _by_key(services.apply_retention(now=NOW, apply=True))
    assert counts["core.audit"] == 2 and counts["privacy.read_log"] == 1
    assert counts["sessions.expired"] == 1 and counts["accounts.sign_in_log"] == 1
    assert AuditEvent.objects.filter(action=OrganisationAction.ORG_IMPORT).count() == 1
    assert SignInEvent.objects.count() == 1
    assert ReadLogEntry.objects.count() == 1 and LogEntry.objects.count() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    row = AuditEvent.objects.get(action=PrivacyAction.RETENTION_RUN)
    assert row.actor is None
    assert row.data["counts"]["privacy.read_log"] == 1
    assert row.data["days"]["privacy.read_log"] == 730
    again = _by_key(services.apply_retention(now=NOW, apply=True))
    assert set(again.values()) == {0}


def test_the_setting_shortens_a_period(expired, settings):
    settings.LEDERSPOR_RETENTION_DAYS = {"privacy.read_log": 5}
    counts = _by_key(services.apply_retention(now=NOW, apply=False))
    assert counts["privacy.read_log"] == 2


def test_deactivated_persons_are_erased_after_the_period(cast):
    Person.objects.filter(pk=cast.colleague.pk).update(
        is_active=False, updated_at=NOW - dt.timedelta(days=6 * 365)
    )
    Person.objects.filter(pk=cast.host.pk).update(is_active=False, updated_at=NOW)
    assert _by_key(services.apply_retention(now=NOW, apply=False))["people.deactivated"] == 1
    assert _by_key(services.apply_retention(now=NOW, apply=True))["people.deactivated"] == 1
    assert Person.objects.get(pk=cast.colleague.pk).full_name == "Slettet person"
    assert Person.objects.get(pk=cast.host.pk).full_name == cast.host.full_name
    assert _by_key(services.apply_retention(now=NOW, apply=True))["people.deactivated"] == 0


def test_the_command_prints_each_rule_and_its_dry_run_writes_nothing(expired):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Læselog: 730 dage:" in text
    assert "prøvekørsel" in text
    assert not AuditEvent.objects.filter(action=PrivacyAction.RETENTION_RUN).exists()
    call_command("apply_retention", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action=PrivacyAction.RETENTION_RUN).count() == 1


def test_api_tokens_the_person_created_are_exported_without_secrets_and_kept(cast):
    from lederspor.api.models import ApiToken

    creator = cast.hr_colleague
    token = ApiToken.objects.create(
        name="BI-udtræk",
        prefix="abcd1234",
        token_hash="f" * 64,
        scopes=["org:read"],
        created_by=creator.user,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    archive = _zip(services.access_export(person=creator, by=creator.user))
    tokens = archive.read("data/api.tokens.json").decode()
    assert "BI-udtræk" in tokens
    assert "abcd1234" not in tokens and "f" * 64 not in tokens
    (row,) = json.loads(tokens)
    assert set(row) == {"name", "created_at", "expires_at", "revoked_at"}
    login = creator.user
    result = services.erase_person(person=creator, by=cast.admin, reason="")
    kept = {str(line.label): line for _entry, lines in result for line in lines}
    assert kept["API-nøgler oprettet eller tilbagekaldt af personen"].action == Action.KEEP
    token.refresh_from_db()
    login.refresh_from_db()
    assert token.created_by == login  # the login is kept (anonymised), the token still works
    assert login.email.endswith("@slettet.invalid") and login.last_login is None


def test_lockout_records_go_and_invitations_the_person_sent_lose_their_sender(cast):
    from axes.models import AccessAttempt

    aspirant, colleague = cast.aspirant, cast.colleague
    AccessAttempt.objects.create(
        username=aspirant.user.email, ip_address="10.3.3.3", failures_since_start=2
    )
    AccessAttempt.objects.create(
        username=colleague.user.email, ip_address="10.3.3.4", failures_since_start=1
    )
    sent = Invitation.objects.create(
        user=colleague.user, sent_by=aspirant.user, sent_at=timezone.now()
    )
    lines = _lines(services.erasure_preview(aspirant))
    assert lines["accounts.sign_in_log"]["Spærringer efter mislykket log ind"] == 1
    assert lines["accounts.invitations"]["Invitationer sendt af personen"] == 1
    services.erase_person(person=aspirant, by=cast.admin, reason="")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [colleague.user.email]
    sent.refresh_from_db()
    assert sent.sent_by is None and sent.user == colleague.user


def test_old_lockout_records_expire_with_the_sign_in_log(cast):
    from axes.models import AccessAttempt

    old = AccessAttempt.objects.create(
        username="x@test.dk", ip_address="10.3.3.3", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - dt.timedelta(days=400)
    )
    AccessAttempt.objects.create(
        username="y@test.dk", ip_address="10.3.3.4", failures_since_start=1
    )
    counts = _by_key(
        services.apply_retention(now=timezone.now() + dt.timedelta(days=1), apply=True)
    )
    assert counts["accounts.sign_in_log"] >= 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y@test.dk"]
