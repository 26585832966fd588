"""Reads for job visits: the seed's guide texts, a leader's pairs, the consultant's overview."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Programme, ProgrammeKind
from lederspor.visits.models import JobVisit, PairMember, VisitPair, WrapUpGroup
from lederspor.visits.schedule import Schedule, cohort_schedule

# Element names in lederspor/content/programmes/job_visit.toml (seed 001's slide titles).
ACTIVITY = "Dit valg af ledelsesaktivitet som vært"
EXPECTATIONS = "Jeres forventningsafstemning før jobbesøgene"
ROLES = "Jeres roller under jobbesøgene"
REFLECTION = "Jeres fælles læringsrefleksion efter ledelsesaktiviteten"
MODEL_KIND = "reflection"
MAILING = "Mail om makker og guide"
TIME_AND_PLACE = "Aftaler om tid og sted for jobbesøg og fælles læringsrefleksion"


def _bullets(text: str) -> list[str]:
    return [line[1:].strip() for line in text.splitlines() if line.startswith("•")]


@dataclass(frozen=True)
class TextBlock:
    """A paragraph of a seed text: its lines without a bullet, then its bullet points."""

    lines: list[str]
    bullets: list[str]


def text_blocks(text: str) -> list[TextBlock]:
    """`text` split at blank lines into blocks of plain lines and "•" points (for real lists in
    the printable guide)."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines:
            blocks.append(
                TextBlock(
                    lines=[line for line in lines if not line.startswith("•")],
                    bullets=_bullets("\n".join(lines)),
                )
            )
    return blocks


def _intro(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


@dataclass(frozen=True)
class RoleCard:
    """A role card (seed 001 "Jeres roller under jobbesøgene"): a title and its points."""

    title: str
    points: list[str]


@dataclass(frozen=True)
class Guide:
    """Seed 001's guide texts, read from the programme's phase and element rows (word for word).

    `steps`: the guide's six steps; `calendar`: (month, text) per phase; `activity`: the
    criteria, scope and examples; `themes`: the five leadership themes; `questions`: the six
    expectation-alignment questions; `roles`: host and guest cards; `prompts`: the three
    reflection prompts; `model`: the intended/actual/perceived diagram labels and question.
    """

    programme: Programme
    steps: str
    calendar: list[tuple[str, str]]
    activity: str
    time_and_place: str
    themes: list[str]
    questions_intro: str
    questions: list[str]
    roles: list[RoleCard]
    prompts_intro: str
    prompts: list[str]
    model_labels: list[str]
    model_question: str
    mailing: str = ""
    closing: str = field(default="")
    #: the cohort's calendar when the guide is for a cohort (`guide_for_cohort`), else None
    schedule: Schedule | None = None

    @property
    def step_list(self) -> list[str]:
        """The guide's six steps without their "1." numbering (for a numbered list)."""
        return [
            re.sub(r"^\d+\.\s*", "", line.strip())
            for line in self.steps.splitlines()
            if line.strip()
        ]

    @property
    def activity_blocks(self) -> list[TextBlock]:
        """The activity criteria as blocks: "Vælg en aktivitet," / "Omfang:" / "Eksempler:"."""
        return text_blocks(self.activity)

    @property
    def time_and_place_blocks(self) -> list[TextBlock]:
        """The agreement text on time and place as blocks."""
        return text_blocks(self.time_and_place)

    @property
    def dated_calendar(self) -> list[CalendarStep]:
        """The calendar's steps with the cohort's dates (none without a schedule)."""
        periods = self.schedule.periods if self.schedule is not None else []
        return [
            CalendarStep(
                month=month,
                text=text,
                starts_on=periods[i].starts_on if i < len(periods) else None,
                ends_on=periods[i].ends_on if i < len(periods) else None,
            )
            for i, (month, text) in enumerate(self.calendar)
        ]


@dataclass(frozen=True)
class CalendarStep:
    """One step of the guide's calendar: the period's name ("Marts"), the seed's text for it
    (following the cohort's months) and, for a cohort, its first and last day."""

    month: str
    text: str
    starts_on: dt.date | None
    ends_on: dt.date | None


def guide_for(*, programme: Programme | None = None) -> Guide:
    """Return the job-visit guide (two queries). Raises Programme.DoesNotExist if the job-visit
    programme is not loaded."""
    if programme is None:
        programme = Programme.objects.get(kind=ProgrammeKind.JOB_VISIT)
    phases = list(programme.phases.prefetch_related("elements").order_by("order"))
    elements: dict[str, str] = {}
    model = ""
    for phase in phases:
        for el in phase.elements.all():
            if el.kind == MODEL_KIND and el.name != REFLECTION:
                model = model or el.description
            else:
                elements.setdefault(el.name, el.description)
    roles = []
    for block in elements.get(ROLES, "").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines:
            roles.append(RoleCard(title=lines[0].strip(), points=_bullets(block)))
    model_lines = [line for line in model.splitlines() if line.strip()]
    description_lines = programme.description.split("\n\n")
    return Guide(
        programme=programme,
        steps=description_lines[0] if description_lines else "",
        closing=description_lines[1] if len(description_lines) > 1 else "",
        calendar=[(p.name, p.description) for p in phases],
        activity=elements.get(ACTIVITY, ""),
        time_and_place=elements.get(TIME_AND_PLACE, ""),
        themes=list(programme.themes),
        questions_intro=_intro(elements.get(EXPECTATIONS, "")),
        questions=_bullets(elements.get(EXPECTATIONS, "")),
        roles=roles,
        prompts_intro=_intro(elements.get(REFLECTION, "")),
        prompts=_bullets(elements.get(REFLECTION, "")),
        model_labels=_bullets(model),
        model_question=next((x for x in reversed(model_lines) if not x.startswith("•")), ""),
        mailing=elements.get(MAILING, ""),
    )


def guide_for_cohort(*, cohort: Cohort) -> Guide:
    """The guide of `cohort`'s programme with its calendar following the cohort's dates: the
    seed's months (February → May) replaced by the cohort's periods (`schedule.Schedule`) in the
    calendar, the closing line, the agreement text and the mailing (two queries)."""
    guide = guide_for(programme=cohort.programme)
    schedule = cohort_schedule(cohort)
    follow = schedule.follow
    return replace(
        guide,
        schedule=schedule,
        calendar=[(follow(month), follow(text)) for (month, text) in guide.calendar],
        steps=follow(guide.steps),
        closing=follow(guide.closing),
        time_and_place=follow(guide.time_and_place),
        mailing=follow(guide.mailing),
    )


def with_plan_hints(visits: Iterable[JobVisit], schedule: Schedule) -> None:
    """Set each visit's `plan_hint` ("efter guiden i marts") from `schedule`. No query."""
    for visit in visits:
        visit.plan_hint = schedule.hint(visit.month)


def job_visit_cohorts(*, person: Person | None, all_cohorts: bool) -> QuerySet[Cohort]:
    """Job-visit cohorts the consultant runs (or all for HR staff), newest first."""
    qs = Cohort.objects.filter(programme__kind=ProgrammeKind.JOB_VISIT).select_related(
        "programme", "visit_pairing"
    )
    if not all_cohorts:
        qs = qs.filter(consultants=person)
    return qs.order_by("-starts_on", "name")


def _pair_prefetches() -> list[Prefetch[Any, Any, Any]]:
    return [
        Prefetch(
            "memberships",
            queryset=PairMember.objects.select_related("person__unit").order_by(
                "person__first_name", "person__last_name"
            ),
        ),
        Prefetch("visits", queryset=JobVisit.objects.select_related("host").order_by("id")),
    ]


def cohort_pairs(*, cohort: Cohort) -> list[VisitPair]:
    """The cohort's pairs with members (unit loaded), visits and wrap-up group (four queries).

    Visits carry only what progress needs; callers must not show their content to consultants.
    """
    return list(
        VisitPair.objects.filter(cohort=cohort)
        .select_related("wrap_up_group")
        .prefetch_related(*_pair_prefetches())
        .order_by("number")
    )


def person_pairs(*, person: Person) -> list[VisitPair]:
    """The published pairs `person` is in (newest cohort first), with members and visits (their
    `plan_hint` set from the cohort's calendar)."""
    pairs = list(
        VisitPair.objects.filter(memberships__person=person, published_at__isnull=False)
        .select_related("cohort__programme", "wrap_up_group")
        .prefetch_related(*_pair_prefetches())
        .order_by("-cohort__starts_on", "number")
    )
    for pair in pairs:
        with_plan_hints(pair.visits.all(), cohort_schedule(pair.cohort))
    return pairs


def person_in_published_pair(*, person: Person) -> bool:
    """True if `person` is in a published job-visit pair (one EXISTS query)."""
    return PairMember.objects.filter(person=person, pair__published_at__isnull=False).exists()


@dataclass(frozen=True)
class GateRow:
    """A pair whose visits are not all done before its wrap-up (seed 001: "Det er vigtigt, at
    jobbesøgene er gennemført inden den fælles opsamling i maj")."""

    pair: VisitPair
    group: WrapUpGroup | None
    missing: list[JobVisit]


def wrap_up_gate(*, pairs: list[VisitPair]) -> list[GateRow]:
    """Pairs (from `cohort_pairs`) that have not done all their visits before their wrap-up.

    A visit counts when it is held or reflected and started before the wrap-up's start; with no
    wrap-up booked, any visit not yet held is missing. No queries.
    """
    rows = []
    for pair in pairs:
        if pair.published_at is None:
            continue
        group = pair.wrap_up_group
        deadline = group.starts_at if group is not None else None
        missing = [
            v
            for v in pair.visits.all()
            if v.status not in JobVisit.DONE
            or (deadline is not None and v.starts_at is not None and v.starts_at >= deadline)
        ]
        if missing:
            rows.append(GateRow(pair=pair, group=group, missing=missing))
    return rows


def cohort_wrap_up_groups(*, cohort: Cohort) -> list[WrapUpGroup]:
    """The cohort's wrap-up groups with consultants and pairs' members (three queries)."""
    return list(
        WrapUpGroup.objects.filter(cohort=cohort)
        .prefetch_related(
            "consultants",
            Prefetch(
                "pairs",
                queryset=VisitPair.objects.order_by("number").prefetch_related(
                    Prefetch("memberships", queryset=PairMember.objects.select_related("person"))
                ),
            ),
        )
        .order_by("number")
    )


def missing_visit_pairs(*, person: Person) -> QuerySet[VisitPair]:
    """Published pairs that still miss a visit before their booked wrap-up, on the wrap-ups
    `person` facilitates (a consultant of the wrap-up group or of its cohort: the readers of
    `access.get_wrap_up_for` who manage it).

    The rule is the reminder's (`reminders.missing_visits_remind`, seed 001: "jobbesøgene er
    gennemført inden den fælles opsamling"): the wrap-up has a time that has not yet come, the
    pair is published, and one of its visits is not held (`JobVisit.DONE`). Whether the
    reminder mail was sent does not matter here: the visit is still missing. Returns a
    queryset of distinct pairs (use `.values(...)` for counts; the caller's one query).
    """
    not_held = JobVisit.objects.filter(pair=OuterRef("pk")).exclude(status__in=JobVisit.DONE)
    return (
        VisitPair.objects.filter(
            published_at__isnull=False,
            wrap_up_group__starts_at__gt=timezone.now(),
        )
        .filter(Q(wrap_up_group__consultants=person) | Q(wrap_up_group__cohort__consultants=person))
        .filter(Exists(not_held))
        .distinct()
    )
