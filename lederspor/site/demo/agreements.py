"""Learning agreements (issue #3 §7) in the demo: agreements in every state, built through the
services as the trainee, the nearest leader and the consultant would build them.

The story: version 1 is drafted when start conversation part 2 ends (the trainee creates it,
the leader fills it in) and approved by the trainee two days later, the leader three and the
consultant four (locking it). The first trainee's leader opens version 2 after the midway
conversation; the second trainee records how the blocks went as they end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lederspor.agreements.models import AgreementStatus, LearningAgreement
from lederspor.agreements.services import (
    BLOCK_COLUMNS,
    ApprovalRole,
    agreement_approve,
    agreement_create,
    agreement_revise,
    agreement_save,
    block_execution_save,
    block_row,
)
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Enrolment
from lederspor.site.demo.organisation import manager_of
from lederspor.site.demo.story import Story, Thread, at, made, nth

DAY = dt.timedelta(days=1)
#: days after the draft on which each role approves version 1 (the last one locks it)
APPROVAL_DAYS = {ApprovalRole.TRAINEE: 2, ApprovalRole.LEADER: 3, ApprovalRole.CONSULTANT: 4}
#: (status, reflection) the second trainee records per block title
PROGRESS = {
    "Følge lederen en uge": ("done", "Jeg så, hvor meget tid der går med små afklaringer."),
    "Introduktion til LUS og magistratsafdelingens strategi": (
        "done",
        "LUS giver et fælles sprog; jeg vil bruge det i mine projekter.",
    ),
    "Bisidder ved MUS-samtaler": ("in_progress", ""),
}

GOALS = [
    {"kind": "programme", "text": "Kende lederrollen og LUS i egen magistratsafdeling"},
    {"kind": "programme", "text": "Lede et mindre projekt med tværgående deltagere"},
    {"kind": "personal", "text": "Være tydelig, når jeg giver en opgave videre"},
    {"kind": "personal", "text": "Stå fast i min autoritet i svære samtaler"},
]
SUPPORT = (
    "Vi mødes hver anden uge i en halv time med sparring på praksiselementerne. "
    "Jeg giver feedback efter hvert personalemøde, du er bisidder ved."
)


def _blocks(agreement: LearningAgreement, today: dt.date) -> list[dict[str, Any]]:
    """The fixed aspirant block plus an introduction, three practice elements of rising
    complexity and an e-learning course, dated from `today`."""

    def d(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    fixed = agreement.blocks.get(kind="aspirant_programme")
    return [
        block_row(
            id=fixed.pk,
            kind=fixed.kind,
            title=fixed.title,
            description=fixed.description,
            starts_on=d(14),
            ends_on=d(150),
        ),
        block_row(
            kind="introduction",
            title="Introduktion til LUS og magistratsafdelingens strategi",
            description="Samtale med områdechefen og gennemgang af ledelsesgrundlaget.",
            starts_on=d(3),
            ends_on=d(20),
        ),
        block_row(
            kind="practice",
            title="Følge lederen en uge",
            practice_form="follow_leader",
            scope="local",
            starts_on=d(7),
            ends_on=d(14),
            complexity=1,
        ),
        block_row(
            kind="practice",
            title="Bisidder ved MUS-samtaler",
            practice_form="observer",
            scope="local",
            starts_on=d(30),
            ends_on=d(60),
            complexity=2,
        ),
        block_row(
            kind="practice",
            title="Lede arbejdsgruppe om ny vagtplan",
            description="Tværgående projekt med to andre afdelinger.",
            practice_form="placement",
            scope="cross",
            starts_on=d(70),
            ends_on=d(140),
            complexity=3,
        ),
        block_row(
            kind="course",
            title="E-læring: Arbejdsmiljø for ledere",
            starts_on=d(40),
            ends_on=d(45),
        ),
    ]


def approve(agreement: LearningAgreement, role: ApprovalRole, person: Person) -> LearningAgreement:
    """`person` approves the current version of `agreement` as `role`."""
    agreement.refresh_from_db()
    return agreement_approve(
        agreement=agreement,
        role=role,
        person=person,
        user=login_of(person),
        expected_version=agreement.version,
    )


def build_agreements_demo(
    *, enrolments: list[Enrolment], by_leader: Person, consultant: Person, today: dt.date
) -> None:
    """Give the first trainee enrolment an approved v1 and a draft v2 being changed, the second
    an approved agreement with blocks in progress and done, the third a draft awaiting the
    nearest leader's approval. The nearest leader is the participant's manager (else
    `by_leader`); the consultant approves when the cohort has consultants. Enrolments that
    already have an agreement are left alone. The first two are drafted 20 days before
    `today`, the third today."""
    story = Story(today)
    drafted = [at(today - 20 * DAY, 11)] * 2 + [at(today, 9)]
    agreements = AgreementStory(story, by_leader=by_leader, consultant=consultant)
    story.play(
        *(
            agreements.thread(index, nth(lambda: enrolments, index), drafted[index])
            for index in range(min(3, len(enrolments)))
        )
    )


class AgreementStory:
    """One thread per trainee (`thread`): the first three trainees' agreements."""

    def __init__(self, story: Story, *, by_leader: Person, consultant: Person) -> None:
        self.story, self.by_leader, self.consultant = story, by_leader, consultant

    def thread(
        self, index: int, enrolment_of: Callable[[], Enrolment], drafted: dt.datetime
    ) -> Thread:
        """Trainee `index` (0–2): v1 drafted at `drafted` and approved over the next days; then
        v2 in progress (0), blocks recorded (1) or waiting for the nearest leader (2)."""
        today = self.story.today
        yield drafted
        enrolment = enrolment_of()
        if LearningAgreement.objects.filter(enrolment=enrolment).exists():
            return
        trainee = enrolment.person
        leader = trainee.manager or self.by_leader
        people = {ApprovalRole.TRAINEE: trainee, ApprovalRole.LEADER: leader}
        if enrolment.cohort.consultants.exists():
            people[ApprovalRole.CONSULTANT] = self.consultant
        agreement = agreement_create(enrolment=enrolment, user=login_of(trainee))
        agreement = agreement_save(
            agreement=agreement,
            leader_support=SUPPORT,
            goals=GOALS,
            blocks=_blocks(agreement, today - 20 * DAY * (index != 2)),
            expected_version=agreement.version,
            user=login_of(leader),
        )
        for role, person in sorted(people.items(), key=lambda item: APPROVAL_DAYS[item[0]]):
            if index == 2 and role == ApprovalRole.LEADER:
                continue  # waits for the nearest leader
            yield drafted + APPROVAL_DAYS[role] * DAY
            agreement = approve(agreement, role, person)
        if index == 0:
            yield at(today - 4 * DAY, 10)
            yield from self._second_version(agreement, trainee, leader)
        elif index == 1:
            yield from self._progress(agreement, trainee)

    def _second_version(
        self, approved: LearningAgreement, trainee: Person, leader: Person
    ) -> Thread:
        """After the midway conversation the leader opens v2; the trainee adds a course and
        approves it the same morning."""
        today = self.story.today
        draft = agreement_revise(agreement=approved, user=login_of(leader))
        rows = [
            block_row(id=b.pk, **{c: getattr(b, c) for c in BLOCK_COLUMNS})
            for b in draft.blocks.order_by("order")
        ]
        rows.append(
            block_row(
                kind="course",
                title="Kursus i konflikthåndtering",
                starts_on=today + 50 * DAY,
                ends_on=today + 51 * DAY,
            )
        )
        yield at(today - 4 * DAY, 10, 30)
        draft = agreement_save(
            agreement=draft,
            leader_support=SUPPORT,
            goals=list(GOALS),
            blocks=rows,
            expected_version=draft.version,
            user=login_of(trainee),
        )
        yield at(today - 4 * DAY, 11)
        approve(draft, ApprovalRole.TRAINEE, trainee)

    def _progress(self, approved: LearningAgreement, trainee: Person) -> Thread:
        """The trainee records each block of `PROGRESS` when it ends (a running one the day
        before today)."""
        today = self.story.today
        blocks = [b for b in approved.blocks.all() if b.title in PROGRESS]
        moments = [
            at(
                min(
                    made(
                        b.ends_on if PROGRESS[b.title][0] == "done" else b.starts_on,
                        "the block's dates",
                    ),
                    today - DAY,
                ),
                16,
            )
            for b in blocks
        ]
        for moment, block in sorted(zip(moments, blocks, strict=True), key=lambda m: m[0]):
            yield moment
            approved.refresh_from_db()
            status, reflection = PROGRESS[block.title]
            block_execution_save(
                block=block,
                status=status,
                reflection=reflection,
                expected_version=approved.version,
                user=login_of(trainee),
            )


def superseded(
    enrolment_of: Callable[[], Enrolment], consultant: Person, moment: dt.datetime
) -> Thread:
    """A second version of the approved agreement, approved by the trainee, the leader and the
    consultant a quarter of an hour apart from `moment`, so the first shows as superseded
    (*erstattet*) in the history: every agreement state is in the demo."""
    yield moment
    enrolment = enrolment_of()
    current = LearningAgreement.objects.get(enrolment=enrolment, status=AgreementStatus.APPROVED)
    trainee, leader = enrolment.person, manager_of(enrolment.person)
    draft = agreement_revise(agreement=current, user=login_of(leader))
    for n, (role, person) in enumerate(
        (
            (ApprovalRole.TRAINEE, trainee),
            (ApprovalRole.LEADER, leader),
            (ApprovalRole.CONSULTANT, consultant),
        ),
        start=1,
    ):
        yield moment + n * dt.timedelta(minutes=15)
        draft = approve(draft, role, person)
