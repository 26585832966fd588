"""Demo data for the trainee programme (seed 003): personality tests, effect answers and one
outcome on a running trainee cohort. The lead calls `build_trainee_demo` from the demo build.

Rows are written directly (dated relative to `today`, not the wall clock), so the demo reads
the same whatever day it is built.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment, Phase
from lederspor.trainee.models import (
    EffectAnswer,
    Outcome,
    PersonalityTest,
    Respondent,
    TraineeOutcome,
)

#: (trainee rating, leader rating, trainee comment) per effect of the first phase (Opstart)
FIRST_PHASE_ANSWERS = [
    (4, 4, "Persontesten og feedbacken gav mig et klart billede af mine styrker."),
    (5, 4, "Vi har afstemt forventninger og skrevet dem ind i læringsaftalen."),
]


def build_trainee_demo(
    *,
    cohort: Cohort,
    enrolments: list[Enrolment],
    consultant: Person,
    today: dt.date,
    clarification_cohort: Cohort | None = None,
) -> None:
    """Personality tests, effect answers and one outcome for `enrolments` on trainee `cohort`.

    - The first trainee: exempt by a completed enrolment on `clarification_cohort` if given
      (created or marked completed), else a test with `consultant`'s feedback.
    - The others: a test with feedback, except the last one (when there are three or more),
      whose feedback is still missing ("Mangler: …" on the path).
    - The first two: trainee and leader answers to the first phase's effects.
    - The first: outcome "’Lederparat’ ledertrainee".
    Idempotent per enrolment (update_or_create).
    """
    if not enrolments:
        return
    first = enrolments[0]
    if clarification_cohort is not None:
        Enrolment.objects.update_or_create(
            cohort=clarification_cohort,
            person=first.person,
            defaults={
                "status": Enrolment.Status.COMPLETED,
                "nominated_by": first.person.manager,
                "motivation": "Indstillet til Leder på spring",
                "completed_at": timezone.make_aware(
                    dt.datetime.combine(clarification_cohort.ends_on, dt.time(15))
                ),
            },
        )
        tested = enrolments[1:]
    else:
        tested = enrolments
    for i, enrolment in enumerate(tested):
        missing_feedback = len(enrolments) >= 3 and enrolment is enrolments[-1]
        PersonalityTest.objects.update_or_create(
            enrolment=enrolment,
            defaults={
                "taken_on": today - dt.timedelta(days=30 - i),
                "feedback_given_on": None
                if missing_feedback
                else today - dt.timedelta(days=21 - i),
                "feedback_by": None if missing_feedback else consultant,
                "recorded_by": consultant,
                "note": "" if missing_feedback else "Feedback givet på et individuelt møde.",
            },
        )
    phase = Phase.objects.filter(programme_id=cohort.programme_id).order_by("order").first()
    if phase is not None:
        for enrolment in enrolments[:2]:
            for index, (trainee, leader, comment) in enumerate(
                FIRST_PHASE_ANSWERS[: len(phase.effects)]
            ):
                for respondent, rating, text, person in (
                    (Respondent.TRAINEE, trainee, comment, enrolment.person),
                    (Respondent.LEADER, leader, "", enrolment.person.manager),
                ):
                    EffectAnswer.objects.update_or_create(
                        enrolment=enrolment,
                        phase=phase,
                        effect_index=index,
                        respondent=respondent,
                        defaults={
                            "effect_text": phase.effects[index],
                            "rating": rating,
                            "comment": text,
                            "answered_by": person,
                        },
                    )
    TraineeOutcome.objects.update_or_create(
        enrolment=first,
        defaults={
            "outcome": Outcome.LEADER_READY,
            "note": "Klar til at søge sin første lederstilling.",
            "recorded_by": consultant,
            "recorded_at": timezone.make_aware(dt.datetime.combine(today, dt.time(10))),
        },
    )
