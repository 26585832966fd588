"""Demo learning agreements (issue #3 §7: agreements in every state), built through the
services as the trainee, the nearest leader and the consultant would build them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lederspor.agreements.models import LearningAgreement
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


def _approve(
    agreement: LearningAgreement, roles: list[tuple[ApprovalRole, Person]]
) -> LearningAgreement:
    for role, person in roles:
        agreement.refresh_from_db()
        agreement = agreement_approve(
            agreement=agreement,
            role=role,
            person=person,
            user=login_of(person),
            expected_version=agreement.version,
        )
    return agreement


def _drafted(enrolment: Enrolment, leader: Person, today: dt.date) -> LearningAgreement:
    agreement = agreement_create(enrolment=enrolment, user=login_of(enrolment.person))
    return agreement_save(
        agreement=agreement,
        leader_support=SUPPORT,
        goals=GOALS,
        blocks=_blocks(agreement, today),
        expected_version=agreement.version,
        user=login_of(leader),
    )


def build_agreements_demo(
    *, enrolments: list[Enrolment], by_leader: Person, consultant: Person, today: dt.date
) -> None:
    """Give the first trainee enrolment an approved v1 and a draft v2 being changed, the second
    an approved agreement with blocks in progress and done, the third a draft awaiting the
    nearest leader's approval. The nearest leader is the participant's manager (else
    `by_leader`); the consultant approves when the cohort has consultants. Enrolments that
    already have an agreement are left alone."""
    for index, enrolment in enumerate(enrolments[:3]):
        if LearningAgreement.objects.filter(enrolment=enrolment).exists():
            continue
        trainee = enrolment.person
        leader = trainee.manager or by_leader
        with_consultant = enrolment.cohort.consultants.exists()
        everyone = [(ApprovalRole.TRAINEE, trainee)]
        if with_consultant:
            everyone.append((ApprovalRole.CONSULTANT, consultant))
        agreement = _drafted(enrolment, leader, today - dt.timedelta(days=20 * (index != 2)))
        if index == 2:
            _approve(agreement, everyone)  # waits for the nearest leader
            continue
        approved = _approve(agreement, [*everyone, (ApprovalRole.LEADER, leader)])
        if index == 0:
            draft = agreement_revise(agreement=approved, user=login_of(leader))
            rows = [
                block_row(
                    id=b.pk,
                    **{c: getattr(b, c) for c in BLOCK_COLUMNS},
                )
                for b in draft.blocks.order_by("order")
            ]
            rows.append(
                block_row(
                    kind="course",
                    title="Kursus i konflikthåndtering",
                    starts_on=today + dt.timedelta(days=50),
                    ends_on=today + dt.timedelta(days=51),
                )
            )
            draft = agreement_save(
                agreement=draft,
                leader_support=SUPPORT,
                goals=list(GOALS),
                blocks=rows,
                expected_version=draft.version,
                user=login_of(trainee),
            )
            _approve(draft, [(ApprovalRole.TRAINEE, trainee)])
            continue
        progress = {
            "Følge lederen en uge": ("done", "Jeg så, hvor meget tid der går med små afklaringer."),
            "Introduktion til LUS og magistratsafdelingens strategi": (
                "done",
                "LUS giver et fælles sprog; jeg vil bruge det i mine projekter.",
            ),
            "Bisidder ved MUS-samtaler": ("in_progress", ""),
        }
        for block in approved.blocks.all():
            if block.title in progress:
                approved.refresh_from_db()
                status, reflection = progress[block.title]
                block_execution_save(
                    block=block,
                    status=status,
                    reflection=reflection,
                    expected_version=approved.version,
                    user=login_of(trainee),
                )
