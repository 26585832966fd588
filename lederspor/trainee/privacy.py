"""What the trainee programme holds about a person, for the privacy floor's registries
(issue #15 §2–3; `privacy.registry`).

Registers in `privacy.registry.personal_data`:

- `trainee.personality_test` (RecordKind.PERSONALITY; PersonalityTest): the person's
  personality test (dates, the consultant's feedback, note), and the tests they gave feedback
  on or recorded for others (dates only). Erasure deletes the person's test and unlinks them
  from other people's.
- `trainee.effects` (RecordKind.EFFECTS; EffectAnswer): the effect ratings about the person
  (their own and their leader's) with comments, and the ratings they gave as somebody's
  leader. Erasure keeps the ratings (the reports average them) but blanks the comments and
  unlinks the person as respondent.
- `trainee.outcome` (RecordKind.ENROLMENT; TraineeOutcome): the outcome of the person's
  programme and its note. Erasure keeps the outcome (the reports count it) and blanks the note;
  it unlinks the person as recorder of other people's outcomes.
- `trainee.joint_start` (RecordKind.CONVERSATION; JointStartMeeting): the joint start meetings
  the person's start part 1 was held at (time, place, status; the meeting is the cohort's, so
  it holds nothing written about the person). Erasure unlinks the person's records from the
  meeting; the meeting stays for the cohort's other trainees.

and in `privacy.registry.retention_rules`:

- `trainee.personality_test`: 365 days after the trainee enrolment ended, the test is deleted.
- `trainee.effects`: 1095 days after the enrolment ended, comments are blanked and respondents
  unlinked (the ratings stay for the reports).
- `trainee.outcome_notes`: 1095 days after the enrolment ended, the outcome's note is blanked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lederspor.conversations.privacy import CONTENT_REASON, enrolment_ended_before
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)
from lederspor.trainee.models import (
    EffectAnswer,
    JointStartMeeting,
    PersonalityTest,
    TraineeOutcome,
)

# --- the personality test -----------------------------------------------------------------------


def export_personality(person: Person) -> list[dict[str, Any]]:
    """The person's personality tests; the tests of others they gave feedback on or recorded
    (dates only)."""
    mine = PersonalityTest.objects.filter(enrolment__person=person).select_related(
        "enrolment__cohort", "feedback_by"
    )
    result = [
        {"record": "my_personality_test", **row}
        for row in records(
            mine,
            [
                "enrolment.cohort.name",
                "taken_on",
                "feedback_given_on",
                "feedback_by.full_name",
                "note",
            ],
        )
    ]
    others = PersonalityTest.objects.filter(Q(feedback_by=person) | Q(recorded_by=person)).exclude(
        enrolment__person=person
    )
    result += [
        {"record": "personality_test_of_another", **row}
        for row in records(others, ["pk", "taken_on", "feedback_given_on"])
    ]
    return result


def erase_personality(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the person's test; unlink them from others' (apply=False only counts)."""
    mine = PersonalityTest.objects.filter(enrolment__person=person)
    gave = PersonalityTest.objects.filter(feedback_by=person).exclude(enrolment__person=person)
    recorded = PersonalityTest.objects.filter(recorded_by=person).exclude(enrolment__person=person)
    lines = [
        ErasureLine(_("Persontest og feedback"), mine.count(), Action.DELETE),
        ErasureLine(
            _("Andres persontests, som personen gav feedback på eller registrerede"),
            gave.count() + recorded.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        mine.delete()
        gave.update(feedback_by=None)
        recorded.update(recorded_by=None)
    return lines


def expire_personality(cutoff: dt.datetime, apply: bool) -> int:
    """Delete the personality tests of trainee enrolments that ended before `cutoff`."""
    due = PersonalityTest.objects.filter(enrolment_ended_before(cutoff))
    count = due.count()
    if apply and count:
        due.delete()
    return count


# --- effects ------------------------------------------------------------------------------------

_EFFECT_FIELDS = [
    "enrolment.cohort.name",
    "phase.name",
    "effect_text",
    "respondent",
    "rating",
    "comment",
]


def export_effects(person: Person) -> list[dict[str, Any]]:
    """The effect ratings about the person (both respondents), and those they gave as
    another trainee's leader."""
    about = (
        EffectAnswer.objects.filter(enrolment__person=person)
        .select_related("enrolment__cohort", "phase")
        .order_by("enrolment", "phase__order", "effect_index", "respondent")
    )
    gave = (
        EffectAnswer.objects.filter(answered_by=person)
        .exclude(enrolment__person=person)
        .select_related("enrolment__cohort", "phase")
    )
    return [{"record": "effects_about_me", **row} for row in records(about, _EFFECT_FIELDS)] + [
        {"record": "effects_i_gave", **row} for row in records(gave, _EFFECT_FIELDS)
    ]


def erase_effects(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the ratings, blank the comments about the person, unlink them as respondent."""
    about = EffectAnswer.objects.filter(enrolment__person=person)
    gave = EffectAnswer.objects.filter(answered_by=person).exclude(enrolment__person=person)
    lines = [
        ErasureLine(
            _("Effektsvar om personen: kommentarer tømmes"),
            about.count(),
            Action.ANONYMISE,
            _("Vurderingen 1–5 bevares, så rapporternes gennemsnit stadig tæller den."),
        ),
        ErasureLine(
            _("Effektsvar, som personen gav som nærmeste leder: besvareren fjernes"),
            gave.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        about.update(comment="", answered_by=None)
        gave.update(answered_by=None)
    return lines


def expire_effects(cutoff: dt.datetime, apply: bool) -> int:
    """Blank comments and unlink respondents of enrolments that ended before `cutoff`."""
    due = EffectAnswer.objects.filter(enrolment_ended_before(cutoff)).filter(
        ~Q(comment="") | Q(answered_by__isnull=False)
    )
    count = due.count()
    if apply and count:
        due.update(comment="", answered_by=None)
    return count


# --- outcome ------------------------------------------------------------------------------------


def export_outcome(person: Person) -> list[dict[str, Any]]:
    """The outcome of the person's trainee programme, and the outcomes they recorded for
    others (what and when, without the note)."""
    mine = TraineeOutcome.objects.filter(enrolment__person=person).select_related(
        "enrolment__cohort"
    )
    recorded = TraineeOutcome.objects.filter(recorded_by=person).exclude(enrolment__person=person)
    return [
        {"record": "my_outcome", **row}
        for row in records(mine, ["enrolment.cohort.name", "outcome", "note", "recorded_at"])
    ] + [
        {"record": "outcome_i_recorded", **row}
        for row in records(recorded, ["pk", "outcome", "recorded_at"])
    ]


def erase_outcome(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the outcome for the reports, blank its note; unlink the person as recorder."""
    mine = TraineeOutcome.objects.filter(enrolment__person=person)
    recorded = TraineeOutcome.objects.filter(recorded_by=person).exclude(enrolment__person=person)
    lines = [
        ErasureLine(
            _("Resultat af ledertraineeforløbet: noten tømmes"),
            mine.count(),
            Action.ANONYMISE,
            _("Resultatet bevares, så rapporterne stadig tæller det."),
        ),
        ErasureLine(
            _("Andres resultater, som personen registrerede"), recorded.count(), Action.ANONYMISE
        ),
    ]
    if apply:
        mine.update(note="")
        recorded.update(recorded_by=None)
    return lines


def _joint_meetings(person: Person) -> Any:
    return JointStartMeeting.objects.filter(conversations__enrolment__person=person).distinct()


def export_joint_start(person: Person) -> list[dict[str, Any]]:
    """The joint start meetings (seed 003, start part 1 for the whole cohort) the person's start
    conversation was held at: cohort, time, place, status."""
    meetings = _joint_meetings(person).select_related("cohort")
    return [
        {"record": "joint_start_meeting", **row}
        for row in records(meetings, ["cohort.name", "starts_at", "ends_at", "place", "status"])
    ]


def erase_joint_start(person: Person, apply: bool) -> list[ErasureLine]:
    """Unlink the person's start part 1 records from the joint meetings; the meetings stay for
    the cohort's other trainees (they hold nothing written about the person)."""
    links = JointStartMeeting.conversations.through.objects.filter(
        conversation__enrolment__person=person
    )
    lines = [
        ErasureLine(
            _("Fælles opstartsmøder: personens samtale fjernes fra mødet"),
            links.count(),
            Action.DELETE,
        )
    ]
    if apply:
        links.delete()
    return lines


def expire_outcome_notes(cutoff: dt.datetime, apply: bool) -> int:
    """Blank the outcome notes of enrolments that ended before `cutoff`."""
    due = TraineeOutcome.objects.filter(enrolment_ended_before(cutoff)).exclude(note="")
    count = due.count()
    if apply and count:
        due.update(note="")
    return count


def register() -> None:
    """Register the entries above (called once from `TraineeConfig.ready`)."""
    for entry in (
        PersonalData(
            key="trainee.personality_test",
            order=60,
            label=_("Persontest"),
            kind=RecordKind.PERSONALITY,
            models=(PersonalityTest,),
            export=export_personality,
            erase=erase_personality,
        ),
        PersonalData(
            key="trainee.effects",
            order=61,
            label=_("Effektsvar"),
            kind=RecordKind.EFFECTS,
            models=(EffectAnswer,),
            export=export_effects,
            erase=erase_effects,
        ),
        PersonalData(
            key="trainee.outcome",
            order=62,
            label=_("Resultat af ledertraineeforløbet"),
            kind=RecordKind.ENROLMENT,
            models=(TraineeOutcome,),
            export=export_outcome,
            erase=erase_outcome,
        ),
        PersonalData(
            key="trainee.joint_start",
            order=63,
            label=_("Fælles opstartsmøder"),
            kind=RecordKind.CONVERSATION,
            models=(JointStartMeeting,),
            export=export_joint_start,
            erase=erase_joint_start,
        ),
    ):
        personal_data.register(entry)
    for rule in (
        RetentionRule(
            key="trainee.personality_test",
            order=60,
            label=_("Persontest og feedback"),
            kind=RecordKind.PERSONALITY,
            default_days=365,
            reason=_(
                "Persontesten er en forudsætning for opstartssamtalen og bruges ikke efter "
                "forløbet; slettes 1 år efter, at deltagelsen sluttede (gennemført, udtrådt "
                "eller afvist)."
            ),
            expire=expire_personality,
        ),
        RetentionRule(
            key="trainee.effects",
            order=61,
            label=_("Effektsvar: kommentarer og besvarere"),
            kind=RecordKind.EFFECTS,
            default_days=1095,
            reason=_(
                "Formålet (forløbet) er opfyldt; kommentarer og besvarere fjernes 3 år efter, "
                "at deltagelsen sluttede, mens vurderingerne bevares anonymt til statistik."
            ),
            expire=expire_effects,
        ),
        RetentionRule(
            key="trainee.outcome_notes",
            order=62,
            label=_("Noter til resultatet af ledertraineeforløbet"),
            kind=RecordKind.ENROLMENT,
            default_days=1095,
            reason=CONTENT_REASON,
            expire=expire_outcome_notes,
        ),
    ):
        retention_rules.register(rule)
