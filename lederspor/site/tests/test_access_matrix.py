"""The role × URL matrix (`lederspor/site/access_matrix.py`, issue #15 §4) is complete, true and
written into docs/roles-and-access.md.

1. Every URL of the project has an entry and every entry names a URL that exists.
2. Behaviour: every URL the test can build is requested once per role of the test cast, signed
   in as the cast member who holds that role for the scenario's objects (built once for this
   module on top of the cast, in a transaction rolled back after it). A role of the entry gets
   through (not 403/404/405, no sign-in page, no server error); any other role gets 403 or 404
   (or, not signed in, the sign-in page). Each request runs in its own rolled-back transaction;
   a URL for everyone signed in is requested by the outsider, the administrator and someone
   not signed in only. A URL the test cannot request says why in the matrix (`checked=False`).
3. docs/roles-and-access.md holds what `lederspor access_matrix --write` writes.
"""

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lederspor.site.access_matrix import (
    ADMIN_WILDCARD,
    MATRIX,
    Access,
    Role,
    document_with_matrix,
    matrix_by_name,
    project_routes,
)

DOC = Path(settings.BASE_DIR) / "docs" / "roles-and-access.md"

#: the cast member who signs in for each role, and every role that member holds for the
#: scenario's objects (the consultant is also HR staff in the cast; the chef leads the nearest
#: leaders, so the chef is also "a leader" on pages without an object)
PERSONAS: dict[str, tuple[str | None, frozenset[Role]]] = {
    "anonymous": (None, frozenset({Role.ANONYMOUS})),
    "outsider": ("outsider", frozenset({Role.SIGNED_IN})),
    "participant": ("aspirant", frozenset({Role.SIGNED_IN, Role.PARTICIPANT})),
    "leader": ("leader", frozenset({Role.SIGNED_IN, Role.LEADER})),
    "chef": ("chef", frozenset({Role.SIGNED_IN, Role.CHEF})),
    "consultant": ("consultant", frozenset({Role.SIGNED_IN, Role.CONSULTANT, Role.HR})),
    "hr": ("hr_colleague", frozenset({Role.SIGNED_IN, Role.HR})),
    "host": ("host", frozenset({Role.SIGNED_IN, Role.HOST})),
    "admin": ("admin", frozenset({Role.ADMIN})),
    # a person with the permission privacy.data_protection and no other role (the scenario)
    "dpo": ("dpo", frozenset({Role.SIGNED_IN, Role.DPO})),
}


# --- 1. complete ---------------------------------------------------------------------------


def test_every_url_has_an_entry_in_the_access_matrix():
    routes = project_routes()
    missing = sorted(set(routes) - {e.name for e in MATRIX})
    assert not missing, (
        "These URLs have no entry in the role × URL matrix. Add one line per URL to MATRIX in "
        "lederspor/site/access_matrix.py (who may use it, and for an object the relation), then "
        "run `uv run lederspor access_matrix --write`:\n"
        + "\n".join(f"  {name}  ({routes[name]})" for name in missing)
    )


def test_every_entry_of_the_access_matrix_names_a_url_that_exists():
    stale = sorted({e.name for e in MATRIX} - set(project_routes()))
    assert not stale, (
        "These entries of lederspor/site/access_matrix.py name URLs that no longer exist; "
        "remove or rename them, then run `uv run lederspor access_matrix --write`:\n  "
        + "\n  ".join(stale)
    )
    matrix_by_name()  # raises on an entry given twice


def test_the_admin_is_one_entry_for_administrators_only():
    entry = matrix_by_name()[ADMIN_WILDCARD]
    assert entry.roles == {Role.ADMIN}


# --- 2. behaviour --------------------------------------------------------------------------


def _scenario(cast) -> dict[str, Any]:
    """The objects the URLs are about, all related to the cast as `PERSONAS` says."""
    from django.contrib.auth.models import Permission

    from lederspor.agreements.services import agreement_create
    from lederspor.api.models import Scope
    from lederspor.api.services import api_token_create
    from lederspor.catalogue.content import load_catalogue
    from lederspor.catalogue.services import task_assignment_propose
    from lederspor.clarification import services as lps
    from lederspor.competence.models import PlanParticipant
    from lederspor.competence.services import plan_create
    from lederspor.conversations.models import AgreedAction, AttendeeRole, ConversationKind
    from lederspor.evaluations.content import load_evaluation_templates
    from lederspor.evaluations.services import questionnaire_create, questionnaire_schedule
    from lederspor.licences.services import licence_requirement_set, licence_task_create
    from lederspor.logbook.tests.factories import make_conversation, make_groups, write
    from lederspor.notifications.models import OutgoingEmail
    from lederspor.notifications.testing import run_worker
    from lederspor.programmes.models import Session
    from lederspor.site.testing import content_conversation_templates, make_cohort, make_person
    from lederspor.visits import services as visits
    from lederspor.visits.models import JobVisit
    from lederspor.visits.tests import factories as jv

    load_catalogue()
    content_conversation_templates()
    objects: dict[str, Any] = {"cohort": cast.cohort, "enrolment": cast.enrolment}
    objects["person"] = cast.aspirant
    # a network meeting of the aspirant cohort that ended yesterday, with a questionnaire
    start = timezone.now() - dt.timedelta(days=1)
    objects["session"] = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværksmøde",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    templates = {t.key: t for t in load_evaluation_templates()}
    q = questionnaire_create(
        cohort=cast.cohort,
        template=templates["aspirant-network-meeting"],
        session=objects["session"],
        by=cast.consultant.user,
    )
    objects["draft_questionnaire"], objects["question"] = q, q.questions.first()
    # a second one sent: the participants are invited
    sent = questionnaire_create(
        cohort=cast.cohort,
        template=templates["aspirant-network-meeting"],
        session=objects["session"],
        by=cast.consultant.user,
    )
    sent.send_at = timezone.now() - dt.timedelta(minutes=1)
    sent.reminder_at = sent.send_at + dt.timedelta(days=4)
    sent.save()
    questionnaire_schedule(questionnaire=sent, expected_version=sent.version, by=cast.admin)
    run_worker()
    objects["questionnaire"] = sent
    # a practice task the leader proposed, hosted by the host
    objects["assignment"] = task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.leader,
        by=cast.leader.user,
        catalogue_task=load_catalogue()[9],
        learning_goal="Træne mødeledelse",
        host=cast.host,
    )
    # a conversation of the participant and the nearest leader, with an agreed action; a career
    # conversation of the participant and the host
    conversation = make_conversation(
        cast.enrolment,
        [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.leader, AttendeeRole.LEADER)],
    )
    objects["conversation"] = conversation
    objects["action"] = AgreedAction.objects.create(
        conversation=conversation, text="Find en vært", owner=cast.aspirant
    )
    objects["career"] = make_conversation(
        cast.enrolment,
        [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.host, AttendeeRole.HOST)],
        kind=ConversationKind.CAREER,
    )
    # network groups (published) and the participant's logbook entry
    rnd = make_groups(cast.cohort, [[cast.enrolment, cast.other_enrolment]])
    objects["round"] = rnd
    objects["group"] = rnd.groups.first()
    objects["membership"] = rnd.memberships.get(enrolment=cast.enrolment)
    objects["entry"] = write(cast.enrolment)
    # a trainee cohort with the participant, and a draft learning agreement
    trainee_cohort, (trainee_enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    objects["trainee_cohort"], objects["trainee_enrolment"] = trainee_cohort, trainee_enrolment
    agreement = agreement_create(enrolment=trainee_enrolment, user=cast.leader.user)
    objects["agreement"], objects["block"] = agreement, agreement.blocks.first()
    # Leder på spring with the participant: teaching days, homework and the leader talk
    lps_cohort, (lps_enrolment,) = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant],
        starts_in_days=-10,
    )
    objects["lps_cohort"], objects["lps_enrolment"] = lps_cohort, lps_enrolment
    days = lps.teaching_days_create(
        cohort=lps_cohort,
        dates=[lps_cohort.starts_on + dt.timedelta(days=14 * i) for i in range(5)],
        starts=dt.time(9),
        ends=dt.time(15),
        place="Rådhuset",
        by=cast.admin,
    )
    objects["teaching_day"] = days[0]
    objects["homework"] = lps.homework_create(
        session=days[0], title="Læs", text="Kapitel 1", is_network_group_task=False, by=cast.admin
    )
    objects["talk"] = lps.leader_talk_create(
        enrolment=lps_enrolment, title="Mit lederindlæg", session=days[1], by=cast.aspirant.user
    )
    # a competence plan of the leader's unit naming the participant; a kørekort task there
    plan = plan_create(title="Medicin", unit=cast.workplace, owner=cast.leader, by=cast.admin)
    PlanParticipant.objects.create(plan=plan, person=cast.aspirant)
    objects["plan"] = plan
    task = licence_task_create(unit=cast.workplace, title="Måltidet", by=cast.admin)
    objects["licence_task"] = task
    objects["requirement"] = licence_requirement_set(task=task, level="B", by=cast.admin)
    # job visits: the participant (a leader here) paired with a leader of another forvaltning;
    # two more pairs for the wrap-up groups
    cast.aspirant.is_leader = True
    cast.aspirant.save(update_fields=["is_leader"])
    partner = jv.leader(cast, "Vera")
    jv_cohort = jv.cohort(cast, [cast.aspirant, partner, *jv.leaders(cast, 2)])
    visits.pairing_make(cohort=jv_cohort, boundary="department", by=cast.admin)
    visits.pairs_publish(cohort=jv_cohort, by=cast.admin)
    objects["jv_cohort"] = jv_cohort
    objects["jv_enrolment"] = jv_cohort.enrolments.get(person=cast.aspirant)
    objects["visit"] = JobVisit.objects.filter(pair__memberships__person=cast.aspirant).first()
    objects["pair"] = objects["visit"].pair
    objects["wrap_up"] = visits.wrap_up_compose(cohort=jv_cohort, by=cast.admin)[0]
    # a mail to the participant, an API token
    objects["email"] = OutgoingEmail.objects.create(
        recipient=cast.aspirant,
        to_address=cast.aspirant.email,
        subject="Påmindelse",
        body="Tekst",
        kind="test",
        cohort=cast.cohort,
    )
    # the data-protection officer: the permission, no relation to any cohort
    dpo = make_person("Dina", "Databeskyttelse", cast.hr_unit, number="990")
    dpo.user.user_permissions.add(
        Permission.objects.get(codename="data_protection", content_type__app_label="privacy")
    )
    objects["dpo"] = dpo
    objects["token"] = api_token_create(
        by=cast.admin,
        name="BI",
        scopes=[s.value for s in Scope],
        expires_at=timezone.now() + dt.timedelta(days=30),
    )[0]
    # a bulk mail to the cohort and a mail template (issue #16 §3)
    from lederspor.mailings.models import Mailing, MailTemplate

    # a finished organisation import (issue #17 §2)
    from lederspor.people.models import OrgLoadRun

    objects["org_load_run"] = OrgLoadRun.objects.create(
        source="file", kind="units", label="enheder.csv", status="succeeded", report={"ok": True}
    )
    objects["mail_template"] = MailTemplate.objects.create(
        name="Velkomst", subject="Hej {fornavn}", body="Tekst"
    )
    objects["mailing"] = Mailing.objects.create(
        cohort=cast.cohort,
        audience="participants",
        subject="Hej",
        body="Tekst",
        created_by=cast.consultant,
    )
    return objects


@pytest.fixture(scope="module")
def world(_cast_holder, django_db_blocker) -> Iterator[dict[str, Any]]:
    """The scenario and a session cookie per persona, built once for the module in a
    transaction that is rolled back after it (the way the conftest's layers are)."""
    from lederspor.conftest import _ensure_cast, _outer_transaction

    cast = _ensure_cast(_cast_holder, django_db_blocker)

    def build() -> dict[str, Any]:
        for obj in vars(cast).values():
            if hasattr(obj, "refresh_from_db"):
                obj.refresh_from_db()
        objects = _scenario(cast)
        cookies: dict[str, str] = {}
        for persona, (member, _roles) in PERSONAS.items():
            if member is None:
                continue
            who = objects[member] if member in objects else getattr(cast, member)
            client = Client()
            client.force_login(
                getattr(who, "user", who), backend="lederspor.core.auth.EmailBackend"
            )
            cookies[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return {"objects": objects, "cookies": cookies}

    with _outer_transaction(django_db_blocker) as write_:
        yield write_(build)


def _path(entry: Access, objects: dict[str, Any]) -> str:
    if entry.name == ADMIN_WILDCARD:
        return reverse("admin:index")
    if entry.name.startswith("/"):  # a pattern without a name: its route
        return entry.name
    kwargs = {}
    for arg, source in entry.args.items():
        kwargs[arg] = source[1:] if source.startswith("=") else objects[source].pk
    return reverse(entry.name, kwargs=kwargs)


def _client(world, persona: str) -> Client:
    client = Client()
    cookie = world["cookies"].get(persona)
    if cookie:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


CHECKED = [e for e in MATRIX if e.checked]


def _request(world, entry: Access, persona: str):
    client = _client(world, persona)
    path = _path(entry, world["objects"])
    if entry.post:
        return path, client.post(path, {})
    return path, client.get(path)


def _to_login(response) -> bool:
    """A redirect to the sign-in page (or the admin's own, for Django's admin)."""
    if response.status_code != 302:
        return False
    return response["Location"].startswith((reverse("login"), reverse("admin:login")))


def _got_through(entry: Access, response) -> bool:
    """Whether the request got past the access check: not refused (401/403/404), not a wrong
    method (405) or a server error, and not sent to the sign-in page (unless the URL is for
    everyone, as signing out is)."""
    if response.status_code in (401, 403, 404, 405) or response.status_code >= 500:
        return False
    return Role.ANONYMOUS in entry.roles or not _to_login(response)


def _refused(persona: str, response) -> bool:
    """403 or 404 (401 from the API), or the sign-in page (Django's admin sends everyone who
    is not staff to its own)."""
    if response.status_code in (401, 403, 404):
        return True
    return _to_login(response) and (persona == "anonymous" or "/admin/" in response["Location"])


def _personas(entry: Access) -> list[str]:
    """Who requests `entry`: everyone; for a URL for everyone signed in, the outsider and the
    administrator stand for them (keeps the run short)."""
    if {Role.SIGNED_IN, Role.ADMIN} <= entry.roles:
        return ["anonymous", "outsider", "admin"]
    return list(PERSONAS)


CASES = [(entry, persona) for entry in CHECKED for persona in _personas(entry)]


@pytest.mark.parametrize(("entry", "persona"), CASES, ids=[f"{e.name}-{p}" for e, p in CASES])
def test_the_matrix_is_what_the_code_does(world, db, entry: Access, persona: str):
    roles = PERSONAS[persona][1]
    path, response = _request(world, entry, persona)
    answer = f"{response.status_code} {response.get('Location', '')}".strip()
    if roles & entry.roles:
        assert _got_through(entry, response), (
            f"{entry.name} ({path}) as {persona}: the access matrix says "
            f"{', '.join(sorted(roles & entry.roles))} may use it, but the code answered "
            f"{answer}. Fix the access check, or the entry in lederspor/site/access_matrix.py."
        )
    else:
        assert _refused(persona, response), (
            f"{entry.name} ({path}) as {persona}: the access matrix allows only "
            f"{', '.join(sorted(entry.roles)) or 'nobody'}, but the code answered {answer}. "
            "Fix the access check, or the entry in lederspor/site/access_matrix.py if the code "
            "is right."
        )


def test_unchecked_entries_say_why():
    for entry in MATRIX:
        assert entry.checked or entry.reason, entry.name


# --- 3. the page ---------------------------------------------------------------------------


def test_the_roles_page_holds_the_matrix():
    text = DOC.read_text(encoding="utf-8")
    assert document_with_matrix(text) == text, (
        "docs/roles-and-access.md does not hold the current role × URL matrix: run "
        "`uv run lederspor access_matrix --write` and commit the page."
    )


def test_the_command_checks_and_writes(tmp_path):
    page = tmp_path / "roles.md"
    page.write_text(
        "# Roller\n\n<!-- access-matrix:start -->\nSTALE TABLE\n<!-- access-matrix:end -->\n"
    )
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("access_matrix", "--check", "--path", str(page), stdout=out, stderr=out)
    call_command("access_matrix", "--write", "--path", str(page), stdout=out)
    written = page.read_text()
    assert "`trainee:effects`" in written and "STALE TABLE" not in written
    call_command("access_matrix", "--check", "--path", str(page), stdout=out)


def test_reverse_works_for_every_checked_entry(world, db):
    for entry in CHECKED:
        try:
            _path(entry, world["objects"])
        except (NoReverseMatch, KeyError) as error:
            pytest.fail(f"{entry.name}: cannot build its URL from args={entry.args}: {error}")
