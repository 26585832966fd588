"""The trainee programme's prerequisite (seed 003): "Hvis ledertraineen ikke har deltaget i
Aarhus Kommunes fælles lederafklaringsforløb, skal ledertraineen forinden samtalen have taget en
persontest og fået feedback herpå. Det er HR-konsulenten som giver feedback til ledertraineen."

"Aarhus Kommunes fælles lederafklaringsforløb" is Leder på spring: an enrolment with status
completed on a cohort of a clarification programme in Lederspor exempts the trainee.

CONTRACT: the conversation services call `start_conversation_check` before planning a trainee's
start conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import OuterRef, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.conversations.models import ConversationKind
from lederspor.programmes.models import Enrolment, ProgrammeKind
from lederspor.trainee.models import PersonalityTest


@dataclass(frozen=True)
class PrerequisiteStatus:
    """Whether the prerequisite is met (`met`) and a Danish line saying how or what is missing
    (`text`), e.g. "Opfyldt: gennemført Leder på spring (hold X)"."""

    met: bool
    text: str


def completed_clarifications(person_id: int | OuterRef) -> QuerySet[Enrolment]:
    """The person's completed enrolments on a clarification programme (Leder på spring), newest
    first. `person_id`: a Person pk, or `OuterRef("person_id")` inside an annotation."""
    return Enrolment.objects.filter(
        person_id=person_id,
        status=Enrolment.Status.COMPLETED,
        cohort__programme__kind=ProgrammeKind.CLARIFICATION,
    ).order_by("-completed_at", "-pk")


def completed_clarification(enrolment: Enrolment) -> Enrolment | None:
    """The person's newest completed enrolment on a clarification programme, or None."""
    return completed_clarifications(enrolment.person_id).select_related("cohort").first()


def prerequisite_status(enrolment: Enrolment) -> PrerequisiteStatus:
    """The prerequisite of a trainee `enrolment` for display (2 queries at most).

    Returns "Opfyldt: gennemført Leder på spring (hold X)", "Opfyldt: persontest med feedback
    d. DD.MM.ÅÅÅÅ" or "Mangler: …" naming the missing test or feedback.
    """
    clarification = completed_clarification(enrolment)
    if clarification is not None:
        return status_from(clarification_cohort=clarification.cohort.name, test=None)
    try:
        test = enrolment.personality_test
    except ObjectDoesNotExist:
        test = None
    return status_from(clarification_cohort=None, test=test)


def status_from(
    *, clarification_cohort: str | None, test: PersonalityTest | None
) -> PrerequisiteStatus:
    """The status from what is already loaded: the name of the cohort of a completed Leder på
    spring (or None) and the personality test (or None). No queries."""
    if clarification_cohort:
        return PrerequisiteStatus(
            True,
            _("Opfyldt: gennemført Leder på spring (hold %(cohort)s)")
            % {"cohort": clarification_cohort},
        )
    if test is None:
        return PrerequisiteStatus(
            False,
            _(
                "Mangler: persontest med feedback fra HR-konsulenten (ledertraineen har ikke "
                "gennemført Leder på spring)"
            ),
        )
    if test.feedback_given_on is None:
        return PrerequisiteStatus(
            False,
            _("Mangler: HR-konsulentens feedback på persontesten (taget d. %(date)s)")
            % {"date": date_format(test.taken_on)},
        )
    return PrerequisiteStatus(
        True,
        _("Opfyldt: persontest med feedback d. %(date)s")
        % {"date": date_format(test.feedback_given_on)},
    )


#: the conversations that may not be planned before the prerequisite is met (seed 003); the
#: check is registered with `conversations.extensions.planning_checks` in `apps.py`
START_CONVERSATION_KINDS = frozenset(
    {ConversationKind.START_PART1.value, ConversationKind.START_PART2.value}
)


def start_conversation_check(enrolment: Enrolment) -> None:
    """Raise ValidationError (Danish message) if `enrolment` (a trainee cohort) may not yet have
    its start conversation: no completed Leder på spring in Lederspor and no personality test
    with the HR consultant's feedback recorded. Does nothing for other programmes."""
    if enrolment.cohort.programme.kind != ProgrammeKind.TRAINEE:
        return
    status = prerequisite_status(enrolment)
    if not status.met:
        raise ValidationError(
            _(
                "Opstartssamtalen kan ikke planlægges endnu. %(missing)s. Registrér persontesten "
                "og feedbacken under Ledertraineeforløb på deltagelsen."
            )
            % {"missing": status.text}
        )
