""" "Venter på dig" (issue #16 §2): what waits on the signed-in person, per role, computed from
the data, for the top of the front page.

Every item is a link to the page where the thing is done, with a count or a date. Labels carry
no private content: never a conversation's answers, an action's text, a logbook text or a JTI
type — "2 aftalte handlinger er overskredet", and the link. Only things the person may open are
counted: each query is narrowed by the same relation the target page's access helper checks
(attendee of the conversation, nearest leader of the enrolment's person, consultant of the
cohort, chef of the person, HR staff).

Query count: each kind of item is one query, whatever the size of the data (the counts are
made in the database or from one `values_list`), so the list costs a fixed number of queries
per role; `site/tests/test_waiting.py` holds it at two data sizes.

The rules, per role (issue #16 §2):

- nearest leader: practice tasks the aspirant proposed (to agree) or marked done (to follow
  up; the rule of `site.selectors.leader_enrolments`), learning agreement drafts the leader has
  not approved, conversations the leader attends to prepare or confirm, overdue agreed actions
  in those conversations, and open cohorts whose nomination deadline falls within
  `NOMINATION_HORIZON_DAYS` while one of the leader's active employees has no place on it.
- participant: the next steps of the practice tasks (the "Næste skridt" section of the
  programme page, `catalogue/_enrolment_section.html`, which the item links to), the next
  session, homework for the coming teaching days not marked done (clarification's `Homework`),
  evaluations to answer, agreement drafts to approve, conversations to prepare or confirm and
  overdue actions.
- consultant / HR staff: nominations to decide, sessions this week, conversations past their
  end not registered as held, failed e-mails (HR staff who may see every mail), visit pairs
  still missing a visit before their wrap-up (the reminder's rule,
  `visits.selectors.missing_visit_pairs`) and evaluations still in draft (to send).
- chef: aspirants of the chef's area, enrolled on an aspirant cohort, without a practice task.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lederspor.agreements.models import AgreementStatus, LearningAgreement
from lederspor.catalogue.models import TaskAssignment
from lederspor.clarification.models import Homework, HomeworkStatus
from lederspor.conversations.access import visible_q
from lederspor.conversations.models import (
    AgreedAction,
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationStatus,
)
from lederspor.evaluations.models import Questionnaire
from lederspor.evaluations.selectors import open_invitations
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.selectors import emails_visible_to
from lederspor.people.models import Person
from lederspor.people.roles import Roles, roles_for
from lederspor.people.selectors import chef_scope_q
from lederspor.programmes.models import Enrolment, ProgrammeKind, Session
from lederspor.programmes.selectors import cohorts_open_for_nomination, waitlist_offers
from lederspor.visits.selectors import missing_visit_pairs

#: a nomination deadline this many days ahead (or fewer) puts the cohort on the leader's list:
#: six weeks, the time to talk it over with the employee and write the motivation
NOMINATION_HORIZON_DAYS = 42
#: a planned conversation starting within this many days is one to prepare
PREPARATION_HORIZON_DAYS = 14

TaskStatus = TaskAssignment.Status


class Group:
    """Keys of the role groups, in the order the front page shows them."""

    PARTICIPANT = "participant"
    LEADER = "leader"
    CHEF = "chef"
    CONSULTANT = "consultant"


@dataclass(frozen=True)
class WaitingItem:
    """One thing that waits: `label` (translated, already holding the count; no private
    content), `url` (the page where it is done), and optionally `due` (a date: a deadline) or
    `when` (a time: a session or conversation), shown beside the label."""

    label: str
    url: str
    due: dt.date | None = None
    when: dt.datetime | None = None


@dataclass
class WaitingGroup:
    """The items of one role (`key`: a `Group` value, `title`: its translated heading)."""

    key: str
    title: str
    items: list[WaitingItem] = field(default_factory=list)


@dataclass
class Waiting:
    """What waits on one person: the groups of the roles they hold, in `Group` order, with
    groups without items left out. `leader_tasks`: the number of practice tasks waiting on the
    nearest leader (the page's context keeps it as `leader_waiting`)."""

    groups: list[WaitingGroup]
    leader_tasks: int = 0

    @property
    def empty(self) -> bool:
        """True when nothing waits (the page says "Intet venter på dig lige nu")."""
        return not any(g.items for g in self.groups)


def _one_or_many(ids: Iterable[int], one: str, many: str) -> str:
    """The URL of the one object when all rows point at the same one (URL name `one` with its
    pk), else the list page `many` (a URL name, or a URL when it starts with "/")."""
    distinct = set(ids)
    if len(distinct) == 1:
        return reverse(one, args=[distinct.pop()])
    return many if many.startswith("/") else reverse(many)


def waiting_for(request: HttpRequest) -> Waiting:
    """What waits on the signed-in person (see the module's docstring for the rules).

    Returns a `Waiting` with one group per role the person holds (`people.roles.roles_for`);
    an administrator without a person record gets the HR group only. A fixed number of queries
    per role, whatever the size of the data.
    """
    roles = roles_for(request)
    person = roles.person
    groups: dict[str, WaitingGroup] = {}
    if person is not None:
        if roles.is_participant:
            groups[Group.PARTICIPANT] = WaitingGroup(Group.PARTICIPANT, _("Som deltager"))
        if roles.is_leader:
            groups[Group.LEADER] = WaitingGroup(Group.LEADER, _("Som nærmeste leder"))
        if roles.is_chef:
            groups[Group.CHEF] = WaitingGroup(Group.CHEF, _("Som chef"))
    if roles.works_with_programmes:
        groups[Group.CONSULTANT] = WaitingGroup(Group.CONSULTANT, _("Som HR-konsulent"))
    waiting = Waiting(groups=list(groups.values()))
    if person is not None:
        if roles.is_leader:
            waiting.leader_tasks = _leader_tasks(person, groups[Group.LEADER])
            _leader_nominations(person, groups[Group.LEADER])
        if roles.is_participant:
            _participant(person, groups[Group.PARTICIPANT])
        if roles.is_participant or roles.is_leader:
            _agreements(person, groups)
        if roles.is_chef:
            _chef(person, groups[Group.CHEF])
    if roles.works_with_programmes:
        _consultant(request, roles, groups[Group.CONSULTANT])
    if person is not None:
        # last, so that in each group the role's own items come before the conversations
        _conversations(person, groups)
    waiting.groups = [g for g in waiting.groups if g.items]
    return waiting


def _leader_tasks(leader: Person, group: WaitingGroup) -> int:
    """Practice tasks of the leader's employees waiting on the leader: proposed by the aspirant
    (to agree; a proposal by the chef or a consultant waits on the aspirant, issue #14) or
    marked done (to follow up). One query. Returns the number of tasks."""
    rows = list(
        TaskAssignment.objects.filter(
            Q(status=TaskStatus.DONE)
            | (Q(status=TaskStatus.PROPOSED) & Q(proposed_by=F("enrolment__person"))),
            enrolment__person__manager=leader,
        ).values_list("status", "enrolment_id")
    )
    to_agree = [e for s, e in rows if s == TaskStatus.PROPOSED]
    to_follow = [e for s, e in rows if s == TaskStatus.DONE]
    if to_agree:
        n = len(to_agree)
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d praksisopgave venter på, at du aftaler den",
                    "%(n)d praksisopgaver venter på, at du aftaler dem",
                    n,
                )
                % {"n": n},
                _one_or_many(to_agree, "programmes:enrolment_detail", "site:my_reports"),
            )
        )
    if to_follow:
        n = len(to_follow)
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d udført praksisopgave venter på jeres opfølgning",
                    "%(n)d udførte praksisopgaver venter på jeres opfølgning",
                    n,
                )
                % {"n": n},
                _one_or_many(to_follow, "programmes:enrolment_detail", "site:my_reports"),
            )
        )
    return len(rows)


def _leader_nominations(leader: Person, group: WaitingGroup) -> None:
    """Open cohorts (`cohorts_open_for_nomination`) whose nomination deadline is within
    `NOMINATION_HORIZON_DAYS` days and on which at least one of the leader's active employees
    has no place (no enrolment row in any status): the leader may still nominate them. Whether
    the employee suits the programme is the leader's call; the list only says the deadline is
    near. One query; one item per cohort, soonest deadline first."""
    today = timezone.localdate()
    free = Person.objects.filter(manager=leader, is_active=True).exclude(
        Exists(Enrolment.objects.filter(person=OuterRef("pk"), cohort=OuterRef(OuterRef("pk"))))
    )
    cohorts = (
        cohorts_open_for_nomination()
        .filter(nomination_deadline__lte=today + dt.timedelta(days=NOMINATION_HORIZON_DAYS))
        .filter(Exists(free))
        .order_by("nomination_deadline", "pk")
        .values_list("name", "nomination_deadline")
    )
    for name, deadline in cohorts:
        group.items.append(
            WaitingItem(
                _("Indstil medarbejdere til %(cohort)s") % {"cohort": name},
                reverse("programmes:nominate"),
                due=deadline,
            )
        )


def _participant(person: Person, group: WaitingGroup) -> None:
    """The participant's next steps, next session, homework and evaluations to answer, on the
    cohorts they are enrolled on (not nominated or finished ones). Five queries."""
    now = timezone.now()
    enrolment_of = dict(
        Enrolment.objects.filter(person=person, status=Enrolment.Status.ENROLLED).values_list(
            "cohort_id", "pk"
        )
    )
    if not enrolment_of:
        return
    # next steps: the practice tasks that wait on the participant (the programme page's
    # "Næste skridt" says what to do with each)
    steps = list(
        TaskAssignment.objects.filter(enrolment_id__in=enrolment_of.values())
        .filter(
            (Q(status=TaskStatus.PROPOSED) & ~Q(proposed_by=person))
            | Q(status__in=(TaskStatus.AGREED, TaskStatus.IN_PROGRESS))
        )
        .values_list("enrolment_id", "status", "due_on")
    )
    to_agree = [e for e, s, _d in steps if s == TaskStatus.PROPOSED]
    working = [(e, d) for e, s, d in steps if s != TaskStatus.PROPOSED]
    if to_agree:
        n = len(to_agree)
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d praksisopgave er foreslået til dig og venter på, at du aftaler den",
                    "%(n)d praksisopgaver er foreslået til dig og venter på, at du aftaler dem",
                    n,
                )
                % {"n": n},
                _next_steps_url(to_agree),
            )
        )
    if working:
        n = len(working)
        dues = [d for _e, d in working if d is not None]
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d aftalt praksisopgave at arbejde videre med",
                    "%(n)d aftalte praksisopgaver at arbejde videre med",
                    n,
                )
                % {"n": n},
                _next_steps_url([e for e, _d in working]),
                due=min(dues) if dues else None,
            )
        )
    session = (
        Session.objects.filter(cohort_id__in=enrolment_of, starts_at__gte=now)
        .order_by("starts_at", "pk")
        .values_list("theme", "starts_at", "cohort_id")
        .first()
    )
    if session is not None:
        theme, starts_at, cohort_id = session
        group.items.append(
            WaitingItem(
                _("Næste mødegang: %(theme)s") % {"theme": theme},
                reverse("programmes:enrolment_detail", args=[enrolment_of[cohort_id]]),
                when=starts_at,
            )
        )
    homework = list(
        Homework.objects.filter(session__cohort_id__in=enrolment_of, session__ends_at__gte=now)
        .exclude(
            Exists(HomeworkStatus.objects.filter(homework=OuterRef("pk"), enrolment__person=person))
        )
        .values_list("session__cohort_id", "session__starts_at")
    )
    if homework:
        n = len(homework)
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d hjemmeopgave til de kommende undervisningsdage",
                    "%(n)d hjemmeopgaver til de kommende undervisningsdage",
                    n,
                )
                % {"n": n},
                _one_or_many(
                    [enrolment_of[c] for c, _s in homework],
                    "programmes:enrolment_detail",
                    "/",
                ),
                due=timezone.localdate(min(s for _e, s in homework)),
            )
        )
    invitations = list(
        open_invitations(person).values_list("questionnaire_id", "questionnaire__closes_on")
    )
    if invitations:
        n = len(invitations)
        # the soonest closing first; the rest are on the programme page ("Evalueringer du
        # mangler at besvare") and on the thank-you page
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d evaluering venter på dit svar",
                    "%(n)d evalueringer venter på dit svar",
                    n,
                )
                % {"n": n},
                reverse("evaluations:answer", args=[invitations[0][0]]),
                due=invitations[0][1],
            )
        )


def _next_steps_url(enrolment_ids: list[int]) -> str:
    """The programme page's "Næste skridt" section of the one enrolment, else the front page's
    own "Mit forløb" (several enrolments: rare, the participant picks)."""
    distinct = set(enrolment_ids)
    if len(distinct) == 1:
        return reverse("programmes:enrolment_detail", args=[distinct.pop()]) + "#next-heading"
    return reverse("site:home") + "#my-programmes"


def _agreements(person: Person, groups: dict[str, WaitingGroup]) -> None:
    """Learning agreement drafts waiting on the person's approval: as the trainee (their own)
    or as the nearest leader (their employees'). One query."""
    rows = list(
        LearningAgreement.objects.filter(
            status=AgreementStatus.DRAFT, enrolment__status=Enrolment.Status.ENROLLED
        )
        .filter(
            Q(enrolment__person=person, trainee_approved_at__isnull=True)
            | Q(enrolment__person__manager=person, leader_approved_at__isnull=True)
        )
        .values_list("pk", "enrolment__person_id")
    )
    for key, mine in ((Group.PARTICIPANT, True), (Group.LEADER, False)):
        ids = [pk for pk, who in rows if (who == person.pk) == mine]
        if not ids or key not in groups:
            continue
        n = len(ids)
        groups[key].items.append(
            WaitingItem(
                ngettext(
                    "%(n)d læringsaftale venter på din godkendelse",
                    "%(n)d læringsaftaler venter på din godkendelse",
                    n,
                )
                % {"n": n},
                _one_or_many(
                    ids,
                    "agreements:agreement_detail",
                    "site:my_reports" if not mine else "/",
                ),
            )
        )


#: the role group an attendee's role counts in (a host's conversations are on the host's
#: own pages; a consultant's in the HR group)
ATTENDEE_GROUP = {
    AttendeeRole.PARTICIPANT: Group.PARTICIPANT,
    AttendeeRole.LEADER: Group.LEADER,
    AttendeeRole.CONSULTANT: Group.CONSULTANT,
}


def _conversations(person: Person, groups: dict[str, WaitingGroup]) -> None:
    """Conversations the person attends that wait on them, in the group of their role there:
    to prepare (planned, starting within `PREPARATION_HORIZON_DAYS` days, nothing prepared
    yet) and to confirm (held, the record not yet confirmed by them); and overdue agreed
    actions (due date passed, not done) of the conversations they attend. Two queries."""
    now = timezone.now()
    wanted = [g for g in ATTENDEE_GROUP if ATTENDEE_GROUP[g] in groups]
    if not wanted:
        return
    rows = list(
        ConversationAttendee.objects.filter(person=person, role__in=wanted)
        .filter(
            Q(
                conversation__status=ConversationStatus.PLANNED,
                conversation__starts_at__gte=now,
                conversation__starts_at__lte=now + dt.timedelta(days=PREPARATION_HORIZON_DAYS),
                preparation={},
            )
            | Q(conversation__status=ConversationStatus.HELD, confirmed_at__isnull=True)
        )
        .order_by("conversation__starts_at")
        .values_list("role", "conversation_id", "conversation__status", "conversation__starts_at")
    )
    overdue = Counter(
        AgreedAction.objects.filter(
            done_at__isnull=True,
            due_on__lt=timezone.localdate(),
            conversation__attendees__person=person,
            conversation__attendees__role__in=wanted,
        )
        .exclude(conversation__status=ConversationStatus.CANCELLED)
        .values_list("conversation__attendees__role", "conversation_id")
    )
    for role in wanted:
        group = groups[ATTENDEE_GROUP[role]]
        prepare = [(c, t) for r, c, s, t in rows if r == role and s == ConversationStatus.PLANNED]
        confirm = [c for r, c, s, _t in rows if r == role and s == ConversationStatus.HELD]
        if prepare:
            n = len(prepare)
            group.items.append(
                WaitingItem(
                    ngettext(
                        "%(n)d samtale at forberede",
                        "%(n)d samtaler at forberede",
                        n,
                    )
                    % {"n": n},
                    _one_or_many(
                        [c for c, _t in prepare],
                        "conversations:prepare",
                        "conversations:list",
                    ),
                    when=prepare[0][1],
                )
            )
        if confirm:
            n = len(confirm)
            group.items.append(
                WaitingItem(
                    ngettext(
                        "%(n)d samtalereferat venter på din bekræftelse",
                        "%(n)d samtalereferater venter på din bekræftelse",
                        n,
                    )
                    % {"n": n},
                    _one_or_many(confirm, "conversations:detail", "conversations:list"),
                )
            )
        actions = [(c, k) for (r, c), k in overdue.items() if r == role]
        if actions:
            n = sum(k for _c, k in actions)
            group.items.append(
                WaitingItem(
                    ngettext(
                        "%(n)d aftalt handling er overskredet",
                        "%(n)d aftalte handlinger er overskredet",
                        n,
                    )
                    % {"n": n},
                    _one_or_many(
                        [c for c, _k in actions], "conversations:detail", "conversations:list"
                    ),
                )
            )


def _chef(chef: Person, group: WaitingGroup) -> None:
    """Aspirants of the chef's area (`chef_scope_q`, the rule of `site.views.chef_area`)
    enrolled on an aspirant cohort without any practice task. One query."""
    ids = list(
        Enrolment.objects.filter(
            chef_scope_q(chef=chef, prefix="person__"),
            status=Enrolment.Status.ENROLLED,
            cohort__programme__kind=ProgrammeKind.ASPIRANT,
        )
        .annotate(tasks=Count("task_assignments"))
        .filter(tasks=0)
        .values_list("pk", flat=True)
    )
    if ids:
        n = len(ids)
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d aspirant i dit område har ingen praksisopgave",
                    "%(n)d aspiranter i dit område har ingen praksisopgave",
                    n,
                )
                % {"n": n},
                _one_or_many(ids, "programmes:enrolment_detail", "site:chef_area"),
            )
        )


def _consultant(request: HttpRequest, roles: Roles, group: WaitingGroup) -> None:
    """A cohort's consultant's and HR staff's items: nominations to decide (HR staff: every
    cohort's), sessions this week (Monday to Sunday; HR staff: every cohort's), conversations
    past their end not registered as held (those the person may see: `visible_q`), failed
    e-mails (HR staff who may see every mail), pairs missing a visit before their wrap-up,
    evaluations in draft, and free seats to give from a waiting list
    (`programmes.selectors.waitlist_offers`, issue #16 §3). At most eight queries (plus the
    permission check of the e-mails)."""
    person = roles.person
    every = roles.can_manage_programmes
    now = timezone.now()

    def scoped_cohorts(prefix: str) -> Q:
        return Q() if every else Q(**{f"{prefix}consultants": person})

    nominations = Enrolment.objects.filter(
        scoped_cohorts("cohort__"), status=Enrolment.Status.NOMINATED
    ).count()
    if nominations:
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d indstilling venter på din afgørelse",
                    "%(n)d indstillinger venter på din afgørelse",
                    nominations,
                )
                % {"n": nominations},
                reverse("programmes:nomination_queue"),
            )
        )
    offers = waitlist_offers(person=person, all_cohorts=every)
    if offers:
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d ledig plads kan gives til den næste på ventelisten",
                    "%(n)d ledige pladser kan gives til de næste på ventelisterne",
                    len(offers),
                )
                % {"n": len(offers)},
                _one_or_many(
                    [offer.cohort.pk for offer in offers],
                    "programmes:cohort_detail",
                    "programmes:nomination_queue",
                ),
            )
        )
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    week = [
        timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=d), dt.time.min))
        for d in (0, 7)
    ]
    sessions = list(
        Session.objects.filter(
            scoped_cohorts("cohort__"), starts_at__gte=week[0], starts_at__lt=week[1]
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )
    if sessions:
        n = len(sessions)
        upcoming = [s for s in sessions if s >= now]
        group.items.append(
            WaitingItem(
                ngettext("%(n)d mødegang i denne uge", "%(n)d mødegange i denne uge", n) % {"n": n},
                reverse("programmes:schedule"),
                when=upcoming[0] if upcoming else None,
            )
        )
    if person is not None:
        not_held = list(
            Conversation.objects.filter(
                visible_q(person), status=ConversationStatus.PLANNED, ends_at__lt=now
            )
            .distinct()
            .values_list("pk", flat=True)
        )
        if not_held:
            n = len(not_held)
            group.items.append(
                WaitingItem(
                    ngettext(
                        "%(n)d samtale er ikke registreret som afholdt",
                        "%(n)d samtaler er ikke registreret som afholdt",
                        n,
                    )
                    % {"n": n},
                    _one_or_many(not_held, "conversations:detail", "conversations:list"),
                )
            )
    user = request.user
    if roles.can_manage_programmes and user.is_authenticated:
        visible = emails_visible_to(user=user, roles=roles)
        failed = (
            visible.filter(status=OutgoingEmail.Status.FAILED).count() if visible is not None else 0
        )
        if failed:
            group.items.append(
                WaitingItem(
                    ngettext(
                        "%(n)d e-mail kunne ikke sendes", "%(n)d e-mails kunne ikke sendes", failed
                    )
                    % {"n": failed},
                    reverse("notifications:email_list") + "?status=failed",
                )
            )
    if person is not None:
        pairs = list(
            missing_visit_pairs(person=person).values_list(
                "wrap_up_group_id", "wrap_up_group__starts_at"
            )
        )
        if pairs:
            n = len(pairs)
            group.items.append(
                WaitingItem(
                    ngettext(
                        "%(n)d besøgspar mangler et jobbesøg før den fælles opsamling",
                        "%(n)d besøgspar mangler jobbesøg før den fælles opsamling",
                        n,
                    )
                    % {"n": n},
                    _one_or_many(
                        [g for g, _s in pairs], "visits:wrap_up_detail", "visits:cohort_list"
                    ),
                    when=min((s for _g, s in pairs if s is not None), default=None),
                )
            )
    drafts = list(
        Questionnaire.objects.filter(scoped_cohorts("cohort__"), status=Questionnaire.Status.DRAFT)
        .order_by("send_at")
        .values_list("pk", "cohort_id", "send_at")
    )
    if drafts:
        n = len(drafts)
        cohorts = {c for _q, c, _s in drafts}
        url = (
            reverse("evaluations:edit", args=[drafts[0][0]])
            if n == 1
            else reverse("evaluations:cohort_list", args=[cohorts.pop()])
            if len(cohorts) == 1
            else reverse("programmes:cohort_list")
        )
        group.items.append(
            WaitingItem(
                ngettext(
                    "%(n)d evaluering er en kladde og venter på at blive sendt",
                    "%(n)d evalueringer er kladder og venter på at blive sendt",
                    n,
                )
                % {"n": n},
                url,
                due=timezone.localdate(drafts[0][2]),  # to schedule before its send time
            )
        )
