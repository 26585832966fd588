"""The role × URL matrix (issue #15 §4): every URL of the project with the roles that may use it.

This is data on the top floor. It documents what the code does (the access helpers in
`core/access.py`, `programmes/access.py` and each app's `access.py`), and two tests hold it to
that (`site/tests/test_access_matrix.py`):

- every URL name of the project has exactly one entry here, and every entry names a URL that
  exists (a new URL without an entry fails the test, with a message saying to add it here);
- every URL whose arguments the test can build from the shared test cast is requested as each
  role: a role of the entry must get through (not 403, 404 or the sign-in page), every other
  role must not (403, 404 or, when not signed in, the sign-in page).

`docs/roles-and-access.md` holds the table written from this matrix
(`uv run lederspor access_matrix --write`; a test fails when the page's table is not what the
command writes).

Adding a URL is one line in `MATRIX`::

    url("privacy:log", "dpo", note="Læseloggen / the read log", args={})

`roles` is a space-separated list of `Role` values. For a URL about one object, `relation`
says which relation to that object gives the role (e.g. "participant of this enrolment"), and
`args` maps each URL argument to the test scenario's object of that kind (`enrolment`,
`trainee_enrolment`, `conversation`, …; a value starting with `=` is used as it is). An entry the
behavioural test cannot request says `checked=False` and why (`reason`).
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.urls import URLPattern, URLResolver, get_resolver


class Role(StrEnum):
    """Who may use a URL. A relation role (participant … host) holds for the object the URL is
    about; on a URL without an object it means "anyone who has that relation to someone"."""

    #: not signed in
    ANONYMOUS = "anonymous"
    #: anyone signed in, with no relation needed
    SIGNED_IN = "signed_in"
    #: deltager: the person enrolled (`Enrolment.person`), a plan's participant, a pair member
    PARTICIPANT = "participant"
    #: nærmeste leder: `Person.manager` of the participant; on competence pages: leads the unit
    LEADER = "leader"
    #: chef: `chef_override`, else the nearest leader's own manager
    CHEF = "chef"
    #: konsulent: one of the cohort's consultants (`Cohort.consultants`)
    CONSULTANT = "consultant"
    #: HR-medarbejder: has `programmes.manage_programmes` (`people.roles.HR_PERMISSION`)
    HR = "hr"
    #: vært / opgaveejer: `TaskAssignment.host`, a career conversation's host
    HOST = "host"
    #: databeskyttelsesrådgiver: has the permission `privacy.data_protection`
    DPO = "dpo"
    #: administrator: `User.is_staff` (`people.roles.Roles.is_admin`), what that alone gives; an
    #: administrator who is also a person has that person's relations as well (the test cast's
    #: admin is a superuser with no person)
    ADMIN = "admin"
    #: an integration with an API token (`Authorization: Bearer …`), never a session
    INTEGRATION = "integration"


#: the column headings of the generated table, in order (Danish / English)
ROLE_LABELS: Mapping[Role, str] = {
    Role.ANONYMOUS: "anonym",
    Role.SIGNED_IN: "logget ind",
    Role.PARTICIPANT: "deltager",
    Role.LEADER: "nærmeste leder",
    Role.CHEF: "chef",
    Role.CONSULTANT: "konsulent",
    Role.HR: "HR",
    Role.HOST: "vært",
    Role.DPO: "DPO",
    Role.ADMIN: "admin",
    Role.INTEGRATION: "integration (API-nøgle)",
}

#: the key of the one entry that stands for every URL of Django's admin (`admin:…`)
ADMIN_WILDCARD = "admin:*"


@dataclass(frozen=True)
class Access:
    """One URL's entry in the matrix.

    `name`: the URL name with its namespace (`"trainee:effects"`), `ADMIN_WILDCARD`, or for a
    pattern without a name its route with a leading slash (`"/password_reset/"`).
    `roles`: who may use it. `relation`: for a URL about one object, the relation that gives
    access. `note`: a short remark (Danish or English). `args`: URL argument → the test
    scenario's object (or `=literal`). `post`: the URL only takes POST (the behavioural test
    posts an empty form). `checked`: whether the behavioural test requests it; `reason`: why
    not.
    """

    name: str
    roles: frozenset[Role]
    relation: str = ""
    note: str = ""
    args: Mapping[str, str] = field(default_factory=dict)
    post: bool = False
    checked: bool = True
    reason: str = ""


def url(
    name: str,
    roles: str,
    *,
    relation: str = "",
    note: str = "",
    args: Mapping[str, str] | None = None,
    post: bool = False,
    checked: bool = True,
    reason: str = "",
) -> Access:
    """An entry of `MATRIX`; `roles` is space-separated `Role` values ("participant leader").

    Raises ValueError for an unknown role or an unchecked entry without a reason."""
    if not checked and not reason:
        raise ValueError(f"{name}: say why the behavioural test does not request it (reason=)")
    return Access(
        name=name,
        roles=frozenset(Role(r) for r in roles.split()),
        relation=relation,
        note=note,
        args=dict(args or {}),
        post=post,
        checked=checked,
        reason=reason,
    )


# Shorthands for the recurring role sets (readable in the table as the roles they list).
_STAFF = "consultant hr admin"  # the cohort's consultants, HR staff and administrators
_HR = "hr admin"  # HR staff (administrators have every permission)
_ANYONE = "anonymous signed_in participant leader chef consultant hr host dpo admin"
_SIGNED = "signed_in participant leader chef consultant hr host dpo admin"
_TWO_FACTOR_NOTE = "to-faktor: administrators and HR staff with a local password; 404 while off"
_TWO_FACTOR_OFF = "two-factor is off in these tests (404); accounts/tests/test_two_factor.py"
_SSO_OFF = "SSO is off in these tests (404); accounts/tests/test_sso.py"
_NEEDS_UPLOAD = "needs an uploaded file; clarification/tests/test_mailing.py"
_LINK_HOLDER = "whoever holds the link's token (no role)"
_API_NOTE = "401 without a valid token, 403 outside its scopes; session cookies are refused"

MATRIX: tuple[Access, ...] = (
    # --- project
    url("login", _ANYONE, note="Log ind; signed in: on to the home page"),
    url("logout", _ANYONE, note="Log ud (SSO: also at the identity provider)", post=True),
    url("oidc_authentication_callback", _ANYONE, note="SSO", checked=False, reason=_SSO_OFF),
    url("oidc_authentication_init", _ANYONE, note="SSO", checked=False, reason=_SSO_OFF),
    url("oidc_logout", _ANYONE, note="SSO sign-out", post=True),
    # --- accounts
    url("accounts:account", _SIGNED, note="Min konto: own sign-ins only (takes no id)"),
    url("accounts:two_factor", _HR, note=_TWO_FACTOR_NOTE, checked=False, reason=_TWO_FACTOR_OFF),
    url(
        "accounts:two_factor_setup",
        _HR,
        note=_TWO_FACTOR_NOTE,
        checked=False,
        reason=_TWO_FACTOR_OFF,
    ),
    url(
        "accounts:two_factor_verify",
        _HR,
        note=_TWO_FACTOR_NOTE,
        checked=False,
        reason=_TWO_FACTOR_OFF,
    ),
    url(
        "accounts:two_factor_codes",
        _HR,
        note=_TWO_FACTOR_NOTE,
        checked=False,
        reason=_TWO_FACTOR_OFF,
    ),
    url(
        "accounts:two_factor_codes_new",
        _HR,
        note=_TWO_FACTOR_NOTE,
        post=True,
        checked=False,
        reason=_TWO_FACTOR_OFF,
    ),
    url(
        "accounts:two_factor_remove",
        _HR,
        note=_TWO_FACTOR_NOTE,
        checked=False,
        reason=_TWO_FACTOR_OFF,
    ),
    url("accounts:session_keepalive", _SIGNED),
    url("accounts:password_reset", _ANYONE, note="Glemt adgangskode (local passwords)"),
    url("accounts:password_reset_done", _ANYONE),
    url("accounts:password_reset_complete", _ANYONE),
    url(
        "accounts:password_reset_confirm",
        _ANYONE,
        relation=_LINK_HOLDER,
        checked=False,
        reason="a one-time link; accounts/tests/test_passwords.py",
    ),
    url(
        "accounts:invitation_accept",
        _ANYONE,
        relation=_LINK_HOLDER,
        checked=False,
        reason="a one-time link; accounts/tests/test_invitations.py",
    ),
    url("accounts:password_change", _SIGNED, note="own password"),
    url("accounts:password_change_done", _SIGNED),
    url(
        "accounts:invitation_send",
        _HR,
        relation="every person",
        note="Send invitation igen",
        args={"pk": "person"},
        post=True,
    ),
    # --- project
    url(
        "/password_reset/",
        _ANYONE,
        note="Django's English address: a redirect to Glemt adgangskode",
    ),
    # --- admin
    url(
        ADMIN_WILDCARD,
        "admin",
        note="Django's admin, every page: is_staff, then the model permissions",
        args={},
    ),
    # --- core
    url("core:language", _ANYONE, note="choose the language", post=True),
    url("core:favicon", _ANYONE, note="the icon: a redirect to the static file"),
    url(
        "core:health",
        _ANYONE,
        note="the load balancer's health check: JSON, no personal data (issue #17 §3)",
        checked=False,
        reason="503 until a worker writes a heartbeat; core/tests/test_health.py",
    ),
    url(
        "core:picker",
        _SIGNED,
        relation="whoever may use the form the picker key belongs to (its `choices` rule)",
        note="Søg i en vælger / a picker's search (issue #17 §1, docs/pickers.md)",
        args={"key": "=catalogue.task_host"},
        checked=False,
        reason="each picker key has its own rule and a `for` object; core/tests/test_combobox.py",
    ),
    # --- site
    url("site:home", _SIGNED),
    url(
        "site:my_reports",
        "leader chef",
        note="Mine medarbejdere: whoever has reports (a chef leads leaders)",
    ),
    url("site:chef_area", "chef", note="Mit område: read-only"),
    # --- people
    url("people:import", _HR),
    url("people:import_run", _HR, relation="every organisation load", args={"pk": "org_load_run"}),
    url(
        "people:import_run_progress",
        _HR,
        note="the run's progress fragment (htmx)",
        relation="every organisation load",
        args={"pk": "org_load_run"},
    ),
    url(
        "people:import_run_confirm",
        _HR,
        note="Bekræft og deaktivér",
        relation="every organisation load",
        args={"pk": "org_load_run"},
        post=True,
    ),
    url("people:person_list", _HR, note="Personer: every person, their login status"),
    url("people:person_detail", _HR, relation="every person", args={"pk": "person"}),
    # --- programmes
    url("programmes:programme_list", _SIGNED),
    url("programmes:programme_detail", _SIGNED, args={"key": "=aspirant"}),
    url("programmes:programme_content_edit", _HR, note="issue #16 §1", args={"key": "=trainee"}),
    url("programmes:programme_content_history", _HR, args={"key": "=trainee"}),
    url("programmes:phase_content_edit", _HR, args={"key": "=trainee", "order": "=1"}),
    url("programmes:phase_content_history", _HR, args={"key": "=trainee", "order": "=1"}),
    url(
        "programmes:element_content_edit",
        _HR,
        args={"key": "=trainee", "order": "=1", "element": "=1"},
    ),
    url(
        "programmes:element_content_history",
        _HR,
        args={"key": "=trainee", "order": "=1", "element": "=1"},
    ),
    url("programmes:cohort_list", _STAFF, note="a consultant: own cohorts; HR staff: all"),
    url(
        "programmes:cohort_archive",
        _STAFF,
        note="Arkiv: finished cohorts; a consultant: own cohorts; HR staff: all",
    ),
    url("programmes:cohort_create", _HR),
    url(
        "programmes:cohort_detail",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "cohort"},
    ),
    url(
        "programmes:cohort_edit",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "cohort"},
    ),
    url(
        "programmes:session_create",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "cohort"},
    ),
    url(
        "programmes:session_edit",
        "consultant admin",
        relation="consultant of the session's cohort",
        args={"pk": "session"},
    ),
    url(
        "programmes:session_delete",
        "consultant admin",
        relation="consultant of the session's cohort",
        args={"pk": "session"},
    ),
    url(
        "programmes:session_attendance",
        "consultant admin",
        relation="consultant of the session's cohort",
        args={"pk": "session"},
    ),
    # issue #16 §3: the calendars and the iCalendar feed
    url(
        "programmes:schedule",
        _SIGNED,
        note="Min kalender: what the person attends (every person); HR staff also every cohort"
        " (?vis=alle); an administrator without a person sees every cohort",
    ),
    url(
        "programmes:cohort_calendar",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "cohort"},
    ),
    url(
        "programmes:calendar_subscription",
        "signed_in participant leader chef consultant hr host dpo",
        note="the person's own feed address (every person); an administrator without a person: 404",
    ),
    url(
        "programmes:calendar_feed",
        _ANYONE,
        note="no sign-in: the secret token in the address is the key; unknown or revoked: 404",
        args={"token": "=kal_00000000_ukendt"},
        checked=False,
        reason="a valid token is made per test: programmes/tests/test_calendar.py",
    ),
    url("programmes:nominate", "leader chef"),
    url("programmes:nomination_queue", "consultant hr admin"),
    url(
        "programmes:enrolment_detail",
        "participant leader chef consultant admin",
        note="the chef reads; other HR staff: 404",
        relation="relation to this enrolment's participant",
        args={"pk": "enrolment"},
    ),
    url(
        "programmes:enrolment_approve",
        "consultant admin",
        relation="relation to this enrolment's participant",
        args={"pk": "enrolment"},
        post=True,
    ),
    url(
        "programmes:enrolment_reject",
        "consultant admin",
        relation="relation to this enrolment's participant",
        args={"pk": "enrolment"},
    ),
    url(
        "programmes:enrolment_withdraw",
        "leader consultant admin",
        relation="relation to this enrolment's participant",
        args={"pk": "enrolment"},
    ),
    url(
        "programmes:enrolment_complete",
        "consultant admin",
        relation="relation to this enrolment's participant",
        args={"pk": "enrolment"},
    ),
    url(
        "programmes:enrolment_reopen",
        "consultant admin",
        relation="relation to this enrolment's participant",
        args={"pk": "enrolment"},
        post=True,
    ),
    # the waiting list (issue #16 §3)
    url(
        "programmes:enrolment_waitlist",
        "consultant admin",
        relation="consultant of this enrolment's cohort",
        args={"pk": "enrolment"},
        post=True,
    ),
    url(
        "programmes:waitlist_give_place",
        "consultant admin",
        relation="consultant of this enrolment's cohort",
        args={"pk": "enrolment"},
        post=True,
    ),
    url(
        "programmes:waitlist_skip",
        "consultant admin",
        relation="consultant of this enrolment's cohort",
        args={"pk": "enrolment"},
        post=True,
    ),
    url(
        "programmes:my_programme",
        "signed_in participant leader chef consultant hr host dpo",
        note="own enrolments; a login without a person gets 404",
    ),
    # --- catalogue
    url("catalogue:task_list", _SIGNED),
    url("catalogue:task_print", _SIGNED),
    url("catalogue:task_detail", _SIGNED, args={"number": "=10"}),
    url("catalogue:task_content_edit", _HR, note="issue #16 §1: texts", args={"number": "=10"}),
    url("catalogue:task_content_history", _HR, args={"number": "=10"}),
    url(
        "catalogue:cohort_tasks",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "cohort"},
    ),
    url(
        "catalogue:assignment_create",
        "participant leader chef consultant admin",
        relation="relation to this enrolment's participant; chef: of the participant's area",
        args={"enrolment_pk": "enrolment"},
    ),
    url(
        "catalogue:assignment_detail",
        "participant leader chef consultant host admin",
        relation="relation to the task's participant; host: the task's host",
        args={"pk": "assignment"},
    ),
    url(
        "catalogue:assignment_edit",
        "participant leader chef consultant admin",
        relation="relation to the task's participant; chef: of the participant's area",
        args={"pk": "assignment"},
    ),
    url(
        "catalogue:assignment_follow_up",
        "leader chef consultant admin",
        relation="relation to the task's participant; chef: of the participant's area",
        args={"pk": "assignment"},
    ),
    url(
        "catalogue:assignment_note",
        "participant leader chef consultant host admin",
        relation="relation to the task's participant; host: the task's host",
        args={"pk": "assignment"},
        post=True,
    ),
    url(
        "catalogue:assignment_step",
        "participant leader chef consultant admin",
        note="check off the task's own steps (seed 000, tasks 5, 10, 18) once it is agreed",
        checked=False,
        reason="a step can be checked off only on an agreed task (catalogue/tests/test_shared_responsibility.py)",
        relation="relation to the task's participant; chef: of the participant's area",
        args={"pk": "assignment", "step_pk": "=1"},
        post=True,
    ),
    url(
        "catalogue:assignment_transition",
        "participant leader chef consultant host admin",
        note="who may take which step: catalogue/access.py; host: only `bekraeft` (confirm tasks 12/16)",
        checked=False,
        reason="who may take a step depends on the task's status and who proposed it (catalogue/tests/test_views.py)",
        relation="relation to the task's participant; host: the task's host",
        args={"pk": "assignment", "step": "=aftal"},
        post=True,
    ),
    # --- grouping
    url(
        "grouping:round_list",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"cohort_pk": "cohort"},
    ),
    url(
        "grouping:round_detail",
        "consultant hr admin",
        relation="consultant of the round's cohort; other HR staff read",
        args={"pk": "round"},
    ),
    url(
        "grouping:round_settings",
        "consultant admin",
        relation="consultant of the round's cohort; other HR staff: 403",
        args={"pk": "round"},
        post=True,
    ),
    url(
        "grouping:round_compose",
        "consultant admin",
        relation="consultant of the round's cohort; other HR staff: 403",
        args={"pk": "round"},
        post=True,
    ),
    url(
        "grouping:round_publish",
        "consultant admin",
        relation="consultant of the round's cohort; other HR staff: 403",
        args={"pk": "round"},
    ),
    url(
        "grouping:membership_move",
        "consultant admin",
        relation="consultant of the round's cohort",
        args={"pk": "membership"},
        post=True,
    ),
    url(
        "grouping:membership_lock",
        "consultant admin",
        relation="consultant of the round's cohort",
        args={"pk": "membership"},
        post=True,
    ),
    url(
        "grouping:group_tasks",
        "consultant admin",
        relation="consultant of the round's cohort",
        args={"pk": "group"},
    ),
    url(
        "grouping:enrolment_jti",
        "participant",
        note="own JTI type and consent only",
        relation="relation to this enrolment's participant",
        args={"pk": "enrolment"},
    ),
    # --- visits
    url("visits:mine", _SIGNED),
    url("visits:pair_detail", "participant", relation="member of this pair", args={"pk": "pair"}),
    url(
        "visits:visit_detail",
        "participant",
        note="private to the pair: consultants, leaders, administrators 404",
        relation="member of this visit's pair",
        args={"pk": "visit"},
    ),
    url(
        "visits:visit_plan",
        "participant",
        relation="member of this visit's pair",
        args={"pk": "visit"},
    ),
    url(
        "visits:visit_write",
        "participant",
        relation="member of this visit's pair",
        args={"pk": "visit", "section": "=expectations"},
        post=True,
    ),
    url(
        "visits:visit_transition",
        "participant",
        relation="member of this visit's pair",
        args={"pk": "visit", "action": "=held"},
        post=True,
    ),
    url(
        "visits:visit_reflection_plan",
        "participant",
        note="host or guest: the joint reflection's own time and place",
        relation="member of this visit's pair",
        args={"pk": "visit"},
        post=True,
    ),
    url(
        "visits:visit_reopen",
        "consultant admin",
        note="reopens a reflected visit its pair asked to reopen; never shows its content",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "jv_cohort", "visit_pk": "visit"},
        post=True,
    ),
    url(
        "visits:guide_pdf",
        "participant consultant hr admin",
        note="the printable guide with the cohort's calendar (no one's content)",
        relation="leader enrolled on this cohort; its consultants; HR staff read",
        args={"pk": "jv_cohort"},
    ),
    url(
        "visits:themes_edit",
        "participant consultant",
        relation="the leader enrolled on job visits; the cohort's consultants",
        args={"pk": "jv_enrolment"},
    ),
    url("visits:cohort_list", "consultant hr admin"),
    url(
        "visits:cohort_overview",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "jv_cohort"},
    ),
    url(
        "visits:enrol",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "jv_cohort"},
    ),
    url(
        "visits:pairs_make",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "jv_cohort"},
        post=True,
    ),
    url(
        "visits:pair_swap",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "jv_cohort"},
        post=True,
    ),
    url(
        "visits:pairs_publish",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "jv_cohort"},
        post=True,
    ),
    url(
        "visits:wrap_up_compose",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "jv_cohort"},
        post=True,
    ),
    url(
        "visits:wrap_up_detail",
        "participant consultant",
        relation="member of a pair in this group; its consultants",
        args={"pk": "wrap_up"},
    ),
    url(
        "visits:wrap_up_book",
        "consultant",
        relation="member of a pair in this group; its consultants",
        args={"pk": "wrap_up"},
    ),
    # --- notifications
    url(
        "notifications:email_list",
        "consultant admin",
        relation="a cohort's consultants: the mails about their cohorts; HR staff with "
        "notifications.view_all_email: every mail",
        note="never a body",
    ),
    url(
        "notifications:email_retry",
        "consultant admin",
        note="Send igen; a mail the relay may have accepted asks for confirmation first",
        relation="the mail is about a cohort the viewer consults, or HR with view_all_email",
        args={"pk": "email"},
        post=True,
    ),
    # --- privacy
    url("privacy:overview", "dpo", note="Databeskyttelse: find a person (never by superuser)"),
    url("privacy:read_log", "dpo", note="Læseloggen; reading it is logged"),
    url(
        "privacy:person_export",
        "dpo",
        note="the person's access ZIP (logged)",
        args={"pk": "person"},
        post=True,
    ),
    url(
        "privacy:erasure",
        "dpo",
        note="preview (GET) and erasure (POST, with a reason and a confirmation)",
        args={"pk": "person"},
    ),
    url(
        "privacy:my_data",
        "signed_in participant leader chef consultant hr host dpo",
        note="Mine data: who read my records; 404 for a login without a person",
    ),
    url(
        "privacy:my_data_export",
        "signed_in participant leader chef consultant hr host dpo",
        note="my own access ZIP",
        post=True,
    ),
    url("privacy:notice", _ANYONE, note="Privatlivspolitik, linked from every footer"),
    # --- competence
    url("competence:plan_list", _SIGNED),
    url("competence:plan_create", "leader chef consultant hr admin"),
    url("competence:examples", _SIGNED),
    url(
        "competence:lynguide",
        _SIGNED,
        note="the method's quick guide as PDF: seed text only, no plan or person, like the examples",
    ),
    url("competence:plan_restore", _SIGNED, post=True),
    url(
        "competence:plan_detail",
        "participant leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan"},
    ),
    url(
        "competence:plan_field",
        "leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan", "field": "=task"},
    ),
    url(
        "competence:plan_participants",
        "leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan"},
    ),
    url(
        "competence:plan_status",
        "leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan"},
        post=True,
    ),
    url(
        "competence:plan_evaluate",
        "leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan"},
        post=True,
    ),
    url(
        "competence:plan_copy",
        "leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan"},
    ),
    url(
        "competence:plan_delete",
        "leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan"},
    ),
    url(
        "competence:plan_pdf",
        "participant leader chef consultant hr admin",
        relation="leader: leads the plan's unit or one above it; participant: named in the plan; consultants and HR staff: every plan",
        args={"pk": "plan"},
    ),
    # --- licences
    url("licences:licence_list", _SIGNED),
    url(
        "licences:licence_task",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task"},
    ),
    url(
        "licences:licence_task_edit",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task"},
    ),
    url(
        "licences:licence_requirement_add",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task"},
        post=True,
    ),
    url(
        "licences:licence_requirement_remove",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task", "requirement_pk": "requirement"},
        post=True,
    ),
    url(
        "licences:licence_publish",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task"},
    ),
    url(
        "licences:licence_unpublish",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task"},
    ),
    url(
        "licences:licence_review",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task"},
    ),
    url(
        "licences:licence_export",
        "leader chef consultant hr admin",
        relation="leader: leads the task's unit or one above it; consultants and HR staff: every task",
        args={"pk": "licence_task"},
    ),
    url("licences:my_licences", _SIGNED),
    # --- conversations
    url("conversations:list", _SIGNED),
    url("conversations:template_list", "participant leader chef consultant hr admin"),
    url(
        "conversations:template_detail",
        "participant leader chef consultant hr admin",
        args={"kind": "=leader_before"},
    ),
    url("conversations:template_edit", "consultant hr admin", args={"kind": "=leader_before"}),
    url(
        "conversations:plan",
        "participant leader consultant",
        relation="relation to this enrolment's participant",
        args={"enrolment_pk": "enrolment"},
    ),
    url(
        "conversations:plan_task",
        "participant leader consultant",
        relation="relation to the task's participant; host: the task's host",
        args={"assignment_pk": "assignment"},
    ),
    url(
        "conversations:detail",
        "participant leader",
        note="never the chef or an administrator",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
    ),
    url(
        "conversations:record",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
    ),
    url(
        "conversations:prepare",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
    ),
    url(
        "conversations:reschedule",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
    ),
    url(
        "conversations:cancel",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
        post=True,
    ),
    url(
        "conversations:held",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
        post=True,
    ),
    url(
        "conversations:confirm",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
        post=True,
    ),
    url(
        "conversations:career",
        "participant",
        relation="attendee of this career conversation",
        args={"pk": "career"},
    ),
    url(
        "conversations:action_add",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
        post=True,
    ),
    url(
        "conversations:action_done",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation", "action_pk": "action"},
        post=True,
    ),
    url(
        "conversations:summary_pdf",
        "participant leader",
        relation="attendee of this conversation (consultants only of the kinds the seed makes them part of)",
        args={"pk": "conversation"},
    ),
    url(
        "conversations:host_letter_pdf",
        "participant consultant host",
        relation="attendee of this career conversation",
        args={"pk": "career"},
    ),
    # --- agreements
    url(
        "agreements:enrolment_agreement",
        "participant leader chef consultant admin",
        note="chef and administrators read",
        relation="relation to this trainee",
        args={"enrolment_pk": "trainee_enrolment"},
    ),
    url(
        "agreements:agreement_create",
        "participant leader consultant",
        relation="relation to this trainee",
        args={"enrolment_pk": "trainee_enrolment"},
        post=True,
    ),
    url(
        "agreements:agreement_detail",
        "participant leader chef consultant admin",
        relation="relation to the agreement's trainee",
        args={"pk": "agreement"},
    ),
    url(
        "agreements:agreement_edit",
        "participant leader consultant",
        relation="relation to the agreement's trainee",
        args={"pk": "agreement"},
    ),
    url(
        "agreements:agreement_approve",
        "participant leader consultant",
        relation="relation to the agreement's trainee",
        args={"pk": "agreement"},
        post=True,
    ),
    url(
        "agreements:agreement_revise",
        "participant leader consultant",
        relation="relation to the agreement's trainee",
        args={"pk": "agreement"},
        post=True,
    ),
    url(
        "agreements:block_execution",
        "participant leader consultant",
        relation="relation to the agreement's trainee",
        args={"pk": "agreement", "block_pk": "block"},
        post=True,
    ),
    url(
        "agreements:agreement_pdf",
        "participant leader chef consultant admin",
        relation="relation to the agreement's trainee",
        args={"pk": "agreement"},
    ),
    # --- logbook
    url("logbook:entry_list", _SIGNED),
    url("logbook:entry_create", "participant"),
    url("logbook:entry_restore", _SIGNED, post=True),
    url("logbook:group_entries", _SIGNED),
    url(
        "logbook:shared_with_me",
        "participant leader",
        relation="relation to this enrolment's participant",
        args={"enrolment_pk": "enrolment"},
    ),
    url(
        "logbook:entry_detail",
        "participant",
        note="private: never consultants, chef or administrators",
        relation="the author",
        args={"pk": "entry"},
    ),
    url("logbook:entry_edit", "participant", relation="the author", args={"pk": "entry"}),
    url(
        "logbook:entry_share", "participant", relation="the author", args={"pk": "entry"}, post=True
    ),
    url("logbook:entry_delete", "participant", relation="the author", args={"pk": "entry"}),
    # --- clarification
    url(
        "clarification:cohort",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "lps_cohort"},
    ),
    url(
        "clarification:teaching_days_create",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "lps_cohort"},
    ),
    url(
        "clarification:mailing_edit",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "lps_cohort"},
    ),
    url(
        "clarification:mailing_send_missing",
        "consultant admin",
        checked=False,
        reason="404 until the cohort has a pre-start mailing (clarification/tests/test_mailing.py)",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "lps_cohort"},
        post=True,
    ),
    url(
        "clarification:attachment_add",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "lps_cohort"},
        post=True,
    ),
    url(
        "clarification:attachment_download",
        "participant consultant admin",
        relation="seated on the mailing's cohort; the cohort's consultants",
        note="an article of the pre-start mail",
        checked=False,
        reason=_NEEDS_UPLOAD,
    ),
    url(
        "clarification:attachment_delete",
        "consultant admin",
        relation="consultant of the mailing's cohort (a participant: 403)",
        post=True,
        checked=False,
        reason=_NEEDS_UPLOAD,
    ),
    url(
        "clarification:talk_list",
        "participant consultant admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "lps_cohort"},
    ),
    url(
        "clarification:homework_create",
        "consultant admin",
        relation="consultant of the teaching day's cohort",
        args={"pk": "teaching_day"},
        post=True,
    ),
    url(
        "clarification:homework_delete",
        "consultant admin",
        relation="consultant of the cohort; participant: enrolled on it",
        args={"pk": "homework"},
        post=True,
    ),
    url(
        "clarification:homework_mark",
        "participant",
        relation="consultant of the cohort; participant: enrolled on it",
        args={"pk": "homework"},
        post=True,
    ),
    url(
        "clarification:jti_answered",
        "participant",
        relation="relation to this participant of Leder på spring",
        args={"pk": "lps_enrolment"},
        post=True,
    ),
    url(
        "clarification:jti_book",
        "consultant admin",
        relation="relation to this participant of Leder på spring",
        args={"pk": "lps_enrolment"},
    ),
    url(
        "clarification:talk_edit",
        "participant consultant admin",
        relation="relation to this participant of Leder på spring",
        args={"pk": "lps_enrolment"},
    ),
    url(
        "clarification:certificate",
        "participant leader consultant admin",
        note="once the enrolment is completed (404 before)",
        checked=False,
        reason="only for a completed enrolment (clarification/tests/test_certificate.py)",
        relation="relation to this participant of Leder på spring",
        args={"pk": "lps_enrolment"},
    ),
    url(
        "clarification:talk_detail",
        "participant consultant admin",
        relation="the speaker (participant); the cohort's consultants",
        args={"pk": "talk"},
    ),
    url(
        "clarification:feedback_edit",
        "participant",
        note="a peer on the cohort, not the speaker",
        checked=False,
        reason="the scenario's participant is the speaker (clarification/tests/test_talks.py)",
        relation="the speaker (participant); the cohort's consultants",
        args={"pk": "talk"},
    ),
    # --- trainee
    url(
        "trainee:effects",
        "participant leader chef consultant admin",
        note="Effekt af forløbet: the trainee and the nearest leader answer (the others 403)",
        relation="relation to this trainee",
        args={"pk": "trainee_enrolment"},
    ),
    url(
        "trainee:personality_test",
        "consultant admin",
        note="Registrér persontest; the trainee, leader and chef: 403",
        relation="relation to this trainee",
        args={"pk": "trainee_enrolment"},
    ),
    url(
        "trainee:outcome",
        "leader consultant admin",
        note="Resultat; the trainee and the chef: 403",
        relation="relation to this trainee",
        args={"pk": "trainee_enrolment"},
    ),
    url(
        "trainee:cohort_summary",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "trainee_cohort"},
    ),
    url(
        "trainee:take_off",
        "consultant admin",
        relation="consultant of this cohort; other HR staff: 403",
        args={"pk": "trainee_cohort"},
    ),
    url(
        "trainee:joint_start",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff and admins read (a POST: 403)",
        note="Opstartssamtalens første del som fælles møde: only the cohort's consultant "
        "chooses, plans and marks it held",
        args={"pk": "trainee_cohort"},
    ),
    # --- reports
    url(
        "reports:programme", "consultant hr admin", note="a consultant: own cohorts; HR staff: all"
    ),
    url("reports:leaders", "consultant hr admin"),
    url("reports:effects", "consultant hr admin"),
    url("reports:diversity", "consultant hr admin"),
    url("reports:evaluations", "consultant hr admin"),
    # --- api_v1
    url("api_v1:openapi-json", _ANYONE, note="the API's schema (no data)"),
    url("api_v1:openapi-view", _ANYONE, note="the API's documentation (no data)"),
    url(
        "api_v1:org_units",
        "integration",
        relation="a token with the scope org:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:persons", "integration", relation="a token with the scope org:read", note=_API_NOTE
    ),
    url(
        "api_v1:programmes",
        "integration",
        relation="a token with the scope programmes:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:cohorts",
        "integration",
        relation="a token with the scope programmes:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:sessions",
        "integration",
        relation="a token with the scope programmes:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:enrolments",
        "integration",
        relation="a token with the scope programmes:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:report_programme",
        "integration",
        relation="a token with the scope reports:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:report_leaders",
        "integration",
        relation="a token with the scope reports:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:report_effects",
        "integration",
        relation="a token with the scope reports:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:report_diversity",
        "integration",
        relation="a token with the scope reports:read",
        note=_API_NOTE,
    ),
    url(
        "api_v1:report_evaluations",
        "integration",
        relation="a token with the scope reports:read",
        note=_API_NOTE,
    ),
    url("api_v1:api-root", "", note="no page: 404 for everyone"),
    # --- texts (issue #16 §1: the editable texts; HR staff, 404 for anyone else)
    url("texts:list", _HR, note="Tekster"),
    url(
        "texts:edit", _HR, note="Rediger tekst, eksempel", args={"key": "=mail.accounts.invitation"}
    ),
    url(
        "texts:version",
        _HR,
        args={"key": "=mail.accounts.invitation", "number": "=1"},
        checked=False,
        reason="needs a stored version; texts/tests/test_views.py",
    ),
    url(
        "texts:restore",
        _HR,
        args={"key": "=mail.accounts.invitation", "number": "=1"},
        post=True,
    ),
    url(
        "texts:accept_default",
        _HR,
        args={"key": "=mail.accounts.invitation"},
        post=True,
    ),
    # --- api
    url("api:token_list", "admin", note="API-nøgler: is_staff with the HR permission"),
    url(
        "api:token_revoke",
        "admin",
        relation="administrator (is_staff) with the HR permission",
        args={"pk": "token"},
        post=True,
    ),
    # --- mailings (bulk mail, issue #16 §3)
    url("mailings:index", _STAFF, note="Fællesmails: HR all; a consultant their cohorts' and own"),
    url("mailings:compose", _STAFF, note="a consultant chooses among their own cohorts"),
    url(
        "mailings:cohort_list",
        _STAFF,
        relation="consultant of this cohort, HR staff",
        args={"pk": "cohort"},
    ),
    url(
        "mailings:detail",
        _STAFF,
        relation="consultant of the mailing's cohort or its sender, HR staff",
        args={"pk": "mailing"},
    ),
    url("mailings:templates", _STAFF, note="Mailskabeloner, shared by HR and the consultants"),
    url(
        "mailings:template_edit",
        _STAFF,
        relation="HR staff and consultants (templates are shared)",
        args={"pk": "mail_template"},
    ),
    # --- evaluations
    url(
        "evaluations:cohort_list",
        "consultant hr admin",
        relation="consultant of this cohort; other HR staff read",
        args={"pk": "cohort"},
    ),
    url(
        "evaluations:edit",
        "consultant hr admin",
        relation="consultant of the cohort, HR staff",
        args={"pk": "draft_questionnaire"},
    ),
    url(
        "evaluations:question_update",
        "consultant hr admin",
        relation="consultant of the cohort, HR staff",
        args={"pk": "draft_questionnaire", "question_pk": "question"},
        post=True,
    ),
    url(
        "evaluations:question_remove",
        "consultant hr admin",
        relation="consultant of the cohort, HR staff",
        args={"pk": "draft_questionnaire", "question_pk": "question"},
        post=True,
    ),
    url(
        "evaluations:schedule",
        "consultant hr admin",
        relation="consultant of the cohort, HR staff",
        args={"pk": "draft_questionnaire"},
        post=True,
    ),
    url(
        "evaluations:close",
        "consultant hr admin",
        relation="consultant of the cohort, HR staff; participant: invited",
        args={"pk": "questionnaire"},
        post=True,
    ),
    url(
        "evaluations:results",
        "consultant hr admin",
        relation="consultant of the cohort, HR staff; participant: invited",
        args={"pk": "questionnaire"},
    ),
    url(
        "evaluations:answer_token",
        _ANYONE,
        relation=_LINK_HOLDER + ": the invited person's own link",
        checked=False,
        reason="the invitation's link; evaluations/tests/test_views.py",
    ),
    url(
        "evaluations:answer",
        "participant",
        relation="consultant of the cohort, HR staff; participant: invited",
        args={"pk": "questionnaire"},
    ),
    url(
        "evaluations:thanks",
        "participant",
        relation="consultant of the cohort, HR staff; participant: invited",
        args={"pk": "questionnaire"},
    ),
)


def matrix_by_name() -> dict[str, Access]:
    """The entries by name. Raises ValueError when two entries have the same name."""
    found: dict[str, Access] = {}
    for entry in MATRIX:
        if entry.name in found:
            raise ValueError(f"{entry.name} is in the access matrix twice")
        found[entry.name] = entry
    return found


@dataclass(frozen=True)
class Route:
    """A URL pattern of the project: its matrix key (see `Access.name`) and its full route."""

    key: str
    route: str


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            continue
        route = "/" + prefix + str(pattern.pattern)
        if namespace.startswith("admin:"):
            yield Route(ADMIN_WILDCARD, "/" + prefix)
        elif pattern.name:
            yield Route(namespace + pattern.name, route)
        else:
            yield Route(route, route)


def project_routes() -> dict[str, str]:
    """Every URL pattern of the project (`get_resolver()`, walked through every include): its
    matrix key → its route (`"/ledertrainee/<int:pk>/effekt/"`). Django's admin is one key,
    `ADMIN_WILDCARD`."""
    routes: dict[str, str] = {}
    for found in _walk(get_resolver().url_patterns, "", ""):
        routes.setdefault(found.key, found.route)
    return routes


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def matrix_markdown() -> str:
    """The matrix as the Markdown table of `docs/roles-and-access.md` (between the markers),
    one row per URL in route order: URL, name, one column per role (✓ may use it), the relation
    and the note. Ends with a newline."""
    routes = project_routes()
    entries = sorted(MATRIX, key=lambda e: (routes.get(e.name, e.name), e.name))
    roles = list(Role)
    head = ["URL", "navn / name", *(ROLE_LABELS[r] for r in roles), "relation / note"]
    lines = [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join("---" for _ in head) + " |",
    ]
    for entry in entries:
        marks = ["✓" if r in entry.roles else "" for r in roles]
        remark = "; ".join(part for part in (entry.relation, entry.note) if part)
        if entry.post:
            remark = ("POST. " + remark).strip()
        route = routes.get(entry.name, "")
        row = [f"`{route}`", f"`{entry.name}`", *marks, _cell(remark)]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


#: the markers around the generated table in docs/roles-and-access.md
START_MARKER = "<!-- access-matrix:start -->"
END_MARKER = "<!-- access-matrix:end -->"


def document_with_matrix(text: str) -> str:
    """`text` (the page) with the part between the markers replaced by `matrix_markdown()`.

    Raises ValueError when the markers are missing or out of order."""
    start, end = text.find(START_MARKER), text.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(f"the page needs {START_MARKER} … {END_MARKER} (in that order)")
    head = text[: start + len(START_MARKER)]
    return head + "\n" + matrix_markdown() + text[end:]
