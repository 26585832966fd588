"""A realistic, deterministic demo municipality for `lederspor demo` (DESIGN.md "The main job").

`build_demo()` loads the seed content and creates "Lederspor Kommune" (`organisation.py`): five
forvaltninger with their areas and 44 workplaces, some 800 employees with Danish names and job
titles that fit the forvaltning, and an HR team. Then one running cohort of each programme, told
as a story through the services, one module per programme: the aspirants with their network
meetings, practice tasks and network groups, and next year's cohort (`aspirant.py`), job visits
(`job_visits.py`), competence plans and kørekort (`competence.py`, `licences.py`), Leder på
spring with its conversations and a logbook (`clarification.py`, `logbook.py`) and the trainees
with their conversations and learning agreements (`trainee.py`, `agreements.py`). Behind them,
three earlier years of completed cohorts of each programme and the organisation changing over
time, recorded as leadership changes from a baseline when the story begins (`history.py`,
issue #13 §5).

Every row is written by a service at the moment the story has it happen (`story.py`): nothing
is back-dated afterwards, so `created_at`, the audit trail and every other stamp tell the same
story. All randomness comes from `random.Random(seed)`: the same seed gives the same people.
Persons and logins are bulk-created with unusable passwords; only the role logins share one
precomputed hash of `DEMO_PASSWORD`, so the build takes seconds.
"""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from lederspor.catalogue.content import load_catalogue
from lederspor.catalogue.content_pages import task_content_page
from lederspor.catalogue.models import PracticeTask, TaskAssignment
from lederspor.competence.services import examples_load
from lederspor.conversations.content import load_conversation_templates
from lederspor.core.audit import audit_record
from lederspor.core.content_pages import save_content
from lederspor.core.content_versions import live_version
from lederspor.core.models import AuditEvent, User
from lederspor.evaluations.content import load_evaluation_templates
from lederspor.people.leadership import SOURCE_DEMO, record_leadership_changes
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of
from lederspor.programmes.content import load_programmes
from lederspor.programmes.models import Enrolment, Programme
from lederspor.site.audit import SiteAction
from lederspor.site.demo.aspirant import ACTIVE_COHORT, NEXT_COHORT, AspirantStory
from lederspor.site.demo.clarification import (
    CLARIFICATION_COHORT,
    CLARIFICATION_PAST_COHORT,
    build_clarification,
)
from lederspor.site.demo.competence import build_competence
from lederspor.site.demo.evaluations import build_evaluations
from lederspor.site.demo.history import build_history
from lederspor.site.demo.job_visits import build_job_visits
from lederspor.site.demo.mailings import build_mailings
from lederspor.site.demo.organisation import (
    ADMIN_EMAIL,
    CARE_WORKPLACE,
    EMAIL_DOMAIN,
    HR_TEAM,
    MUNICIPALITY_CODE,
    MUNICIPALITY_NAME,
    StaffPicker,
    build_organisation,
    build_teams,
)
from lederspor.site.demo.privacy import DPO_TEAM, appoint_data_protection_officer, build_read_log
from lederspor.site.demo.story import Story, at
from lederspor.site.demo.trainee import TRAINEE_COHORT, build_trainee
from lederspor.site.demo.waiting_list import build_waiting_list
from lederspor.texts.services import load_text_defaults

__all__ = [
    "ACTIVE_COHORT",
    "ADMIN_EMAIL",
    "BUILD_ACTION",
    "CARE_WORKPLACE",
    "CLARIFICATION_COHORT",
    "CLARIFICATION_PAST_COHORT",
    "DEMO_PASSWORD",
    "EMAIL_DOMAIN",
    "HR_TEAM",
    "MUNICIPALITY_CODE",
    "MUNICIPALITY_NAME",
    "NEXT_COHORT",
    "ROLES",
    "STORY_DAYS",
    "TRAINEE_COHORT",
    "DemoLogins",
    "build_demo",
    "demo_exists",
    "demo_logins",
    "demo_summary",
]

DEMO_PASSWORD = "lederspor-demo"
ROLES = (
    "konsulent",
    "leder",
    "chef",
    "aspirant",
    "vaert",
    "administrator",
    "plejeleder",
    "medarbejder",
    "afklaring",
    "trainee",
    "karrierevaert",
    "hr-konsulent",
    "databeskyttelse",
)
BUILD_ACTION = SiteAction.DEMO_BUILD
#: the story begins this many days before today: the seed content is loaded and the
#: organisation imported then, before the oldest event (the set-up of the oldest past cohort,
#: about T-1290, `history.py`)
STORY_DAYS = 1500


@dataclass(frozen=True)
class DemoLogins:
    """The demo's role logins, in display order; all share `password`."""

    entries: tuple[tuple[str, str], ...]
    password: str = DEMO_PASSWORD

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def email(self, role: str) -> str:
        """The e-mail of `role` (one of `ROLES`). Raises KeyError for an unknown role."""
        return dict(self.entries)[role]


def demo_exists() -> bool:
    """Whether the demo municipality is already in the database."""
    return OrgUnit.objects.filter(code=MUNICIPALITY_CODE).exists()


def demo_logins() -> DemoLogins | None:
    """The role logins recorded by the last `build_demo`, or None if there is no demo."""
    event = (
        AuditEvent.objects.filter(action=BUILD_ACTION, object_type="people.orgunit")
        .order_by("-at", "-id")
        .first()
    )
    if event is None or not demo_exists():
        return None
    return DemoLogins(tuple((role, email) for role, email in event.data["logins"]))


def demo_summary() -> dict[str, int]:
    """Counts for the console: departments, areas, workplaces, persons, enrolments."""
    return {
        "departments": OrgUnit.objects.filter(parent__code=MUNICIPALITY_CODE).count(),
        "areas": OrgUnit.objects.filter(parent__parent__code=MUNICIPALITY_CODE).count(),
        "workplaces": OrgUnit.objects.filter(
            parent__parent__parent__code=MUNICIPALITY_CODE
        ).count(),
        "persons": Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count(),
        "enrolled": Enrolment.objects.filter(
            cohort__name=ACTIVE_COHORT, status=Enrolment.Status.ENROLLED
        ).count(),
        "tasks": TaskAssignment.objects.filter(enrolment__cohort__name=ACTIVE_COHORT).count(),
    }


def _load_content() -> tuple[dict[str, Programme], dict[int, PracticeTask]]:
    """The seed content (`lederspor load_content`): programmes, task catalogue, conversation
    templates, the competence examples and the evaluation templates."""
    programmes = {p.key: p for p in load_programmes()}
    catalogue = {t.number: t for t in load_catalogue()}
    load_conversation_templates()
    examples_load()
    load_evaluation_templates()
    load_text_defaults()  # the editable texts' defaults (Tekster, issue #16 §1)
    return programmes, catalogue


#: the titled link the demo's HR consultant adds to catalogue task 15 (issue #16 §1)
DEMO_TASK_LINK = {
    "title": "Den fælles projektmodel på intranettet",
    "url": "https://intranet.example.dk/projektmodel",
}


def adapt_catalogue_task(task: PracticeTask, *, by: User) -> None:
    """HR staff's edit of `task` as its edit page saves it (a new version, written to the task,
    audited): `DEMO_TASK_LINK` added to its links. Raises ConcurrentEditError if stale."""
    page = task_content_page(task)
    live = live_version(page.key)
    if live is None or DEMO_TASK_LINK in live.data.get("links", []):
        return
    data = dict(live.data, links=[*live.data.get("links", []), DEMO_TASK_LINK])
    save_content(page, how="edit", by=by, expected_version=live.item.version, data=data)


@transaction.atomic
def build_demo(*, seed: int = 2026, today: dt.date | None = None) -> DemoLogins:
    """Create the demo municipality, its people and programme activity; return the role logins.

    Deterministic for a given `seed` and `today` (names, e-mails, units, tasks). `today` dates
    the whole story (default: the real date); its present moment is `today` at the wall clock's
    time of day. Raises IntegrityError if the demo already exists (check `demo_exists()` first).
    """
    today = today or timezone.localdate()
    rng = random.Random(seed)
    story = Story(today)
    begins = at(today - dt.timedelta(days=STORY_DAYS), 8)
    # the seed content is loaded when the story begins, unless the database has it already
    # (`lederspor load_content` was run first): then the build refreshes it on the real clock,
    # so no row is updated before it was created
    if Programme.objects.exists():
        programmes, catalogue = _load_content()
    else:
        programmes, catalogue = story.do(begins, _load_content)
    org = story.do(begins, lambda: build_organisation(rng=rng, today=today))
    # who leads when the story begins: the baseline of "who became a leader" (issue #13 §1)
    story.do(begins, lambda: record_leadership_changes(on=begins.date(), source=SOURCE_DEMO))
    consultant, hr_consultant = org.consultants
    # the data-protection officer (issue #15), there from the start
    dpo = story.do(
        begins, lambda: appoint_data_protection_officer(team=org.by_name[DPO_TEAM].staff)
    )

    aspirant = AspirantStory(story, rng, org.consultants, catalogue, org.by_name, seed).build(
        programmes["aspirant"], org.workplaces
    )
    leader = aspirant.leader
    build_job_visits(story=story, rng=rng, consultant=consultant, showcase_leader=leader)
    care = org.by_name[CARE_WORKPLACE]
    competence = build_competence(
        story=story,
        care_unit=care.unit,
        care_leader=care.leader,
        care_staff=care.staff,
        school_unit=leader.unit,
        school_leader=leader,
        rng=rng,
    )
    picker, leaders = StaffPicker(), org.leaders_for_development()
    clarification = build_clarification(
        story=story,
        rng=rng,
        consultant=consultant,
        showcase_leader=leader,
        leaders=leaders,
        picker=picker,
    )
    trainee = build_trainee(
        story=story,
        consultant=hr_consultant,
        showcase_leader=leader,
        leaders=leaders,
        picker=picker,
        clarification_cohort=clarification.past_cohort,
    )
    # three earlier years of completed cohorts and the organisation changing (issue #13 §5)
    build_history(story=story, seed=seed, consultants=org.consultants)
    # a full cohort with a waiting list and a seat freed three days ago (issue #16 §3); after
    # the history, so its people are on no programme yet
    build_waiting_list(
        story=story,
        programme=programmes["aspirant"],
        consultants=org.consultants,
        showcase_leader=leader,
    )
    # last: evaluations of every cohort built above (generic over whatever cohorts exist)
    build_evaluations(story=story, rng=random.Random(seed + 13), open_for=aspirant.aspirant)
    # bulk mail (issue #16 §3): two templates and a welcome mail to the active aspirant cohort
    build_mailings(story=story, consultant=consultant)
    # data protection (issue #15): a fortnight of the read log
    build_read_log(
        story=story,
        consultant=consultant,
        leader=leader,
        chef=aspirant.chef,
        aspirant=aspirant.aspirant,
        trainee_consultant=hr_consultant,
        trainee=trainee.trainee,
    )

    # issue #16 §1: the HR consultant has adapted catalogue task 15 on its edit page (a titled
    # link to the project model), so its version history shows the seed default and an edit
    adapt_catalogue_task(catalogue[15], by=login_of(hr_consultant))
    # issue #17 §2: one workplace split into two teams, a fifth level of the tree
    build_teams()

    logins = DemoLogins(
        (
            ("konsulent", consultant.email),
            ("leder", leader.email),
            ("chef", aspirant.chef.email),
            ("aspirant", aspirant.aspirant.email),
            ("vaert", aspirant.host.email),
            ("administrator", org.admin.email),
            ("plejeleder", competence.care_leader.email),
            ("medarbejder", competence.employee.email),
            ("afklaring", clarification.participant.email),
            ("trainee", trainee.trainee.email),
            ("karrierevaert", clarification.career_host.email),
            ("hr-konsulent", hr_consultant.email),
            ("databeskyttelse", dpo.email),
        )
    )
    demo_hash = make_password(DEMO_PASSWORD)
    User.objects.filter(email__in=[email for _role, email in logins]).update(password=demo_hash)
    # the build itself happens now, outside the story
    audit_record(
        actor=login_of(org.admin),
        action=BUILD_ACTION,
        obj=OrgUnit.objects.get(code=MUNICIPALITY_CODE),
        summary=MUNICIPALITY_NAME,
        seed=seed,
        logins=[list(pair) for pair in logins],
    )
    return logins
