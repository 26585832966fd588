"""The privacy app's own entries in its registries: the data of the organisation floor and the
ground floor (persons, logins, the audit log, sessions, Django's admin log) and the read log
itself, which no higher app owns.

Registers in `personal_data` (in erasure order; the person row last):

- `people.leadership_changes` (960): when the person became or stopped being a nearest leader
  — kept as the leader report counts them; the person row they link to is anonymised;
- `people.org_load_runs` (965): the organisation imports the person's login started — kept
  without who started them;
- `privacy.read_log` (970): the reads about the person (the access export's
  data/read_log.json) — kept as evidence; the reads the person made are anonymised;
- `admin.log` (975): what the person's login changed in Django's admin — kept with the audit
  log; entries naming the person's row are anonymised;
- `core.audit` (980): the events the person's login did — kept; their name in event
  summaries is replaced by "Slettet person";
- `core.user` (990): the login — anonymised and closed (not deleted, so the audit log keeps
  its actor and an API token its creator);
- `people.person` (1000): the person row — anonymised ("Slettet person"), last.

and in `retention_rules`: `core.audit` (1825 days), `privacy.read_log` (730 days),
`sessions.expired` (1 day after expiry), `people.org_load_runs` (365 days: the runs and their
reports) and `people.deactivated` (1825 days after a person was deactivated: erased as on
request).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.core.models import AuditEvent, ContentVersion, User
from lederspor.people.models import LeadershipChange, OrgLoadRun, Person
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)
from lederspor.privacy.services import erase_expired_person

#: what an erased person is called; their e-mail and employee number become
#: "slettet-<id>@slettet.invalid" and "slettet-<id>" (unique, and never a real address)
ERASED_FIRST_NAME = "Slettet"
ERASED_LAST_NAME = "person"
ERASED_NAME = f"{ERASED_FIRST_NAME} {ERASED_LAST_NAME}"
ERASED_DOMAIN = "slettet.invalid"

#: the reason kept audit rows are not erased (also the admin log's)
AUDIT_REASON = _(
    "Hændelsesloggen dokumenterer, hvem der gjorde hvad; slettes efter opbevaringsperioden"
)


def is_erased(person: Person) -> bool:
    """Whether `person` is already anonymised by an erasure (own fields only)."""
    return person.email.endswith(f"@{ERASED_DOMAIN}")


def _sign_in_actions() -> dict[str, Any]:
    """The sign-in log's rows (`auth.*`) belong to the accounts app's entry and rule."""
    return {"action__startswith": "auth."}


# --- people.Person ----------------------------------------------------------------------------


def person_export(person: Person) -> list[dict[str, Any]]:
    """The person's master data: name, e-mail, employee number, job, unit, nearest leader."""
    row = Person.objects.select_related("unit", "manager", "chef_override").get(pk=person.pk)
    return records(
        [row],
        [
            "first_name",
            "last_name",
            "email",
            "employee_number",
            "job_title",
            "profession",
            "unit.name",
            "manager.full_name",
            "chef_override.full_name",
            "gender",
            "birth_year",
            "employed_since",
            "is_leader",
            "is_active",
            "created_at",
            "updated_at",
        ],
    )


def person_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Anonymise the person row: "Slettet person", e-mail and employee number replaced by
    unique non-addresses, job, profession, gender, birth year and start date blanked, nearest
    leader and chef removed, login unlinked, deactivated. The row and its unit stay, so
    reports still count the person's enrolments. Runs last (order 1000)."""
    if is_erased(person):
        return [ErasureLine(_("Stamdata (allerede anonymiseret)"), 0, Action.ANONYMISE)]
    if apply:
        Person.objects.filter(pk=person.pk).update(
            first_name=ERASED_FIRST_NAME,
            last_name=ERASED_LAST_NAME,
            email=f"slettet-{person.pk}@{ERASED_DOMAIN}",
            employee_number=f"slettet-{person.pk}",
            job_title="",
            profession="",
            gender=Person.Gender.OTHER,
            birth_year=None,
            employed_since=None,
            manager=None,
            chef_override=None,
            user=None,
            is_active=False,
            updated_at=timezone.now(),
        )
    return [
        ErasureLine(
            _("Stamdata (navn, e-mail, medarbejdernummer, stilling, leder)"),
            1,
            Action.ANONYMISE,
            _("Personen bliver til “Slettet person”, så rapporternes optællinger stadig passer"),
        )
    ]


# --- people.LeadershipChange ------------------------------------------------------------------


def leadership_export(person: Person) -> list[dict[str, Any]]:
    """When the person became or stopped being a nearest leader (as imports saw it)."""
    return records(
        LeadershipChange.objects.filter(person=person).order_by("on", "pk"),
        ["kind", "on", "baseline", "source"],
    )


def leadership_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Kept, anonymised through the person row: the leader report counts who became a leader
    in a period (nothing is written here)."""
    count = LeadershipChange.objects.filter(person=person).count()
    return [
        ErasureLine(
            _("Lederskifter"),
            count,
            Action.ANONYMISE,
            _("Tælles i rapporten over nye ledere; knyttes kun til den anonymiserede person"),
        )
    ]


# --- people.OrgLoadRun -----------------------------------------------------------------------


def org_load_runs_export(person: Person) -> list[dict[str, Any]]:
    """The organisation imports the person's login started (when, file, status; not the
    report, which is about other people)."""
    login = _login(person)
    if login is None:
        return []
    return records(
        OrgLoadRun.objects.filter(by=login).order_by("created_at", "pk"),
        ["created_at", "source", "kind", "label", "status", "dry_run", "full"],
    )


def org_load_runs_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """The runs stay (HR's record of each load) without who started them."""
    login = _login(person)
    runs = OrgLoadRun.objects.filter(by=login) if login is not None else OrgLoadRun.objects.none()
    count = runs.count()
    if apply and count:
        runs.update(by=None, updated_at=timezone.now())
    return [
        ErasureLine(
            _("Indlæsninger af organisationen, du har startet"),
            count,
            Action.ANONYMISE,
            _("Indlæsningen bevares uden oplysning om, hvem der startede den"),
        )
    ]


def org_load_runs_expire(cutoff: dt.datetime, apply: bool) -> int:
    """Delete organisation load runs created before `cutoff` (their reports name the persons
    a full load deactivated and quote the files' rows), with any file still stored."""
    runs = OrgLoadRun.objects.filter(created_at__lt=cutoff)
    count = runs.count()
    if apply and count:
        for run in runs.exclude(file=""):
            run.file.delete(save=False)
        runs.delete()
    return count


# --- core.User --------------------------------------------------------------------------------


def _login(person: Person) -> User | None:
    return User.objects.filter(person__pk=person.pk).first()


def user_export(person: Person) -> list[dict[str, Any]]:
    """The person's login: e-mail, language, last sign-in, created, active."""
    login = _login(person)
    return records(
        [login] if login else [],
        ["email", "language", "last_login", "date_joined", "is_active"],
    )


def user_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Anonymise and close the login: e-mail "slettet-login-<id>@slettet.invalid", no name,
    language or last sign-in, no password (which also ends its sessions), inactive, no staff or administrator rights,
    groups and permissions removed. Not deleted: the audit log keeps its actor, and an API
    token its creator (the person row is unlinked by the person entry)."""
    login = _login(person)
    if login is None:
        return []
    if apply:
        login.email = f"slettet-login-{login.pk}@{ERASED_DOMAIN}"
        login.first_name = ""
        login.last_name = ""
        login.language = ""
        login.last_login = None
        login.is_active = False
        login.is_staff = False
        login.is_superuser = False
        login.set_unusable_password()
        login.save()
        login.groups.clear()
        login.user_permissions.clear()
    return [
        ErasureLine(
            _("Login"),
            1,
            Action.ANONYMISE,
            _(
                "Login'en lukkes og gøres anonym; den slettes ikke, så hændelsesloggen hænger sammen"
            ),
        )
    ]


# --- core.AuditEvent --------------------------------------------------------------------------


def audit_export(person: Person) -> list[dict[str, Any]]:
    """The events the person's login did: when, the action and the type of object (never the
    event's data or summary, which may be about others). Sign-in events are the accounts
    app's entry."""
    login = _login(person)
    if login is None:
        return []
    return records(
        AuditEvent.objects.filter(actor=login).exclude(**_sign_in_actions()).order_by("at", "pk"),
        ["at", "action", "object_type"],
    )


def audit_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the events the person's login did (who did what); replace the person's name in
    event summaries ("Samtale: Anna Hansen") by "Slettet person"."""
    lines: list[ErasureLine] = []
    login = _login(person)
    if login is not None:
        done = AuditEvent.objects.filter(actor=login).exclude(**_sign_in_actions()).count()
        lines.append(
            ErasureLine(_("Hændelser udført af personen"), done, Action.KEEP, AUDIT_REASON)
        )
    name = person.full_name
    if not is_erased(person) and len(name) > 3:
        naming = list(AuditEvent.objects.filter(summary__contains=name))
        if apply:
            for event in naming:
                event.summary = event.summary.replace(name, ERASED_NAME)
            AuditEvent.objects.bulk_update(naming, ["summary"])
        lines.append(
            ErasureLine(
                _("Hændelser, der nævner personens navn"),
                len(naming),
                Action.ANONYMISE,
                _("Navnet erstattes af “Slettet person”; hændelsen selv bevares"),
            )
        )
    return lines


# --- core.ContentVersion ----------------------------------------------------------------------


def content_versions_export(person: Person) -> list[dict[str, Any]]:
    """The content versions the person's login wrote or took into use (issue #16 §1): which
    text (its key), the version number, when and how (edit or a seed default taken)."""
    login = _login(person)
    if login is None:
        return []
    return [
        {
            "content": version.item.key,
            "number": version.number,
            "origin": version.origin,
            "created_at": version.created_at.isoformat(),
        }
        for version in ContentVersion.objects.filter(created_by=login)
        .select_related("item")
        .order_by("created_at", "pk")
    ]


def content_versions_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the versions (the municipality's texts, not personal data) and forget who wrote
    them: `created_by` is cleared."""
    login = _login(person)
    if login is None:
        return []
    versions = ContentVersion.objects.filter(created_by=login)
    count = versions.count()
    if apply and count:
        versions.update(created_by=None)
    return [
        ErasureLine(
            _("Versioner af tekster, personen har redigeret"),
            count,
            Action.ANONYMISE,
            _("Teksterne bevares; det fjernes, hvem der skrev dem"),
        )
    ]


# --- admin.LogEntry ---------------------------------------------------------------------------


def admin_log_export(person: Person) -> list[dict[str, Any]]:
    """What the person's login changed in Django's admin: when, the kind of change and the
    type of object (not the object's name, which may be someone else's)."""
    login = _login(person)
    if login is None:
        return []
    return records(
        LogEntry.objects.filter(user=login).select_related("content_type").order_by("action_time"),
        ["action_time", "action_flag", "content_type.name"],
    )


def admin_log_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the admin changes the login made (with the audit log); anonymise the admin log's
    entries about the person row (their object name is the person's name)."""
    lines: list[ErasureLine] = []
    login = _login(person)
    if login is not None:
        done = LogEntry.objects.filter(user=login).count()
        lines.append(
            ErasureLine(_("Ændringer i administrationen"), done, Action.KEEP, AUDIT_REASON)
        )
    about = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).exclude(object_repr=ERASED_NAME)
    count = about.count()
    if apply:
        about.update(object_repr=ERASED_NAME, change_message="")
    lines.append(
        ErasureLine(
            _("Administrationens log om personen"),
            count,
            Action.ANONYMISE,
            _("Navnet erstattes af “Slettet person”"),
        )
    )
    return lines


# --- privacy.ReadLogEntry ---------------------------------------------------------------------


def read_log_export(person: Person) -> list[dict[str, Any]]:
    """Every read of the person's records: when, who read (name and e-mail, or the API token),
    which kinds of record, how (page, PDF, export, API). Not the reader's address."""
    rows = ReadLogEntry.objects.filter(subjects__contains=f" {person.pk} ").order_by("at", "pk")
    return [
        {
            "at": row.at.isoformat(),
            "reader": row.reader_label,
            "kinds": row.kind_labels,
            "channel": row.channel,
        }
        for row in rows
    ]


def read_log_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the reads about the person (they document who read what; deleted after the
    retention period); anonymise the reader's name on the reads the person's login made."""
    about = ReadLogEntry.objects.filter(subjects__contains=f" {person.pk} ").count()
    lines = [
        ErasureLine(
            _("Læsninger af personens oplysninger"),
            about,
            Action.KEEP,
            _(
                "Læseloggen dokumenterer, hvem der har læst personens oplysninger; "
                "slettes efter opbevaringsperioden"
            ),
        )
    ]
    login = _login(person)
    if login is not None:
        made = ReadLogEntry.objects.filter(reader=login).exclude(reader_label=ERASED_NAME)
        count = made.count()
        if apply:
            made.update(reader_label=ERASED_NAME)
        lines.append(
            ErasureLine(
                _("Personens egne læsninger af andres oplysninger"),
                count,
                Action.ANONYMISE,
                _("Læserens navn erstattes af “Slettet person”"),
            )
        )
    return lines


# --- retention --------------------------------------------------------------------------------


def audit_expire(cutoff: dt.datetime, apply: bool) -> int:
    """Delete audit events (not the sign-in log, which has its own rule) and Django admin log
    entries older than `cutoff`."""
    events = AuditEvent.objects.filter(at__lt=cutoff).exclude(**_sign_in_actions())
    admin_entries = LogEntry.objects.filter(action_time__lt=cutoff)
    count = events.count() + admin_entries.count()
    if apply and count:
        events.delete()
        admin_entries.delete()
    return count


def read_log_expire(cutoff: dt.datetime, apply: bool) -> int:
    """Delete read-log rows older than `cutoff`."""
    rows = ReadLogEntry.objects.filter(at__lt=cutoff)
    count = rows.count()
    if apply and count:
        rows.delete()
    return count


def sessions_expire(cutoff: dt.datetime, apply: bool) -> int:
    """Delete sessions that expired before `cutoff` (Django's `clearsessions`, dated)."""
    rows = Session.objects.filter(expire_date__lt=cutoff)
    count = rows.count()
    if apply and count:
        rows.delete()
    return count


def deactivated_expire(cutoff: dt.datetime, apply: bool) -> int:
    """Erase, as on request, persons deactivated before `cutoff`: dated by `deactivated_at`
    (set by a full organisation load, issue #17 §2), else by the row's `updated_at` (a person
    made inactive otherwise). Persons already erased are skipped, so a second run finds
    nobody."""
    expired = (
        Person.objects.filter(is_active=False)
        .filter(
            Q(deactivated_at__lt=cutoff) | Q(deactivated_at__isnull=True, updated_at__lt=cutoff)
        )
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .order_by("pk")
    )
    if not apply:
        return expired.count()
    count = 0
    for person in expired:
        erase_expired_person(person)
        count += 1
    return count


def register() -> None:
    """Register the privacy app's `personal_data` and `retention_rules` entries (called once
    from `PrivacyConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="people.leadership_changes",
            order=960,
            label=_("Lederskifter"),
            kind=RecordKind.PERSON,
            models=(LeadershipChange,),
            export=leadership_export,
            erase=leadership_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="people.org_load_runs",
            order=965,
            label=_("Indlæsninger af organisationen"),
            kind=RecordKind.AUDIT,
            models=(OrgLoadRun,),
            export=org_load_runs_export,
            erase=org_load_runs_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="privacy.read_log",
            order=970,
            label=_("Læselog: hvem har læst dine oplysninger"),
            kind=RecordKind.READ_LOG,
            models=(ReadLogEntry,),
            export=read_log_export,
            erase=read_log_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="admin.log",
            order=975,
            label=_("Ændringer i administrationen"),
            kind=RecordKind.AUDIT,
            models=(LogEntry,),
            export=admin_log_export,
            erase=admin_log_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="core.content_versions",
            order=978,
            label=_("Tekster, du har redigeret"),
            kind=RecordKind.AUDIT,
            models=(ContentVersion,),
            export=content_versions_export,
            erase=content_versions_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="core.audit",
            order=980,
            label=_("Hændelseslog: hvad du har gjort"),
            kind=RecordKind.AUDIT,
            models=(AuditEvent,),
            export=audit_export,
            erase=audit_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="core.user",
            order=990,
            label=_("Login"),
            kind=RecordKind.ACCOUNT,
            models=(User,),
            export=user_export,
            erase=user_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="people.person",
            order=1000,
            label=_("Stamdata"),
            kind=RecordKind.PERSON,
            models=(Person,),
            export=person_export,
            erase=person_erase,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="core.audit",
            order=900,
            label=_("Hændelseslog og administrationens log"),
            kind=RecordKind.AUDIT,
            default_days=1825,
            reason=_(
                "Hændelsesloggen dokumenterer, hvem der gjorde hvad (behandlingssikkerhed, "
                "art. 5, stk. 2 og art. 32); opbevares 5 år og slettes derefter"
            ),
            expire=audit_expire,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="privacy.read_log",
            order=910,
            label=_("Læselog"),
            kind=RecordKind.READ_LOG,
            default_days=730,
            reason=_(
                "Læseloggen dokumenterer, hvem der har læst hvis oplysninger (art. 32, "
                "logning af adgang); opbevares 2 år og slettes derefter"
            ),
            expire=read_log_expire,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="sessions.expired",
            order=920,
            label=_("Udløbne sessioner"),
            kind=RecordKind.ACCOUNT,
            default_days=1,
            reason=_(
                "En session bruges kun, mens man er logget ind; udløbne sessioner slettes "
                "dagen efter (dataminimering, art. 5, stk. 1, litra c)"
            ),
            expire=sessions_expire,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="people.org_load_runs",
            order=985,
            label=_("Indlæsninger af organisationen"),
            kind=RecordKind.AUDIT,
            default_days=365,
            reason=_(
                "Rapporten over en indlæsning bruges til at følge op på den; den nævner de "
                "personer, der blev deaktiveret, og fejl i filens rækker, og slettes efter et år "
                "(dataminimering, art. 5, stk. 1, litra c)"
            ),
            expire=org_load_runs_expire,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="people.deactivated",
            order=990,
            label=_("Deaktiverede personer"),
            kind=RecordKind.PERSON,
            default_days=1825,
            reason=_(
                "En fratrådt medarbejders oplysninger opbevares 5 år efter deaktiveringen "
                "(dokumentation af gennemført uddannelse); derefter slettes og anonymiseres "
                "alt som ved sletning efter anmodning. Dateres efter deaktiveringen (uden dato: "
                "personens seneste ændring)"
            ),
            expire=deactivated_expire,
        )
    )
