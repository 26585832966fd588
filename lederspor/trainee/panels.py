"""This app's panel on a participant's programme page (`programmes:enrolment_detail`): the
trainee's path through seed 003 — nomination, prerequisite, start conversation parts 1–2,
learning agreement, the fixed aspirant block, ongoing meetings, midway, transition, effect
evaluation, outcome — each with its state and next action (three queries); the sections beside
the trainee conversations (the joint start meeting, the learning agreement's goals and blocks,
the "Ledelse skal trænes" checklist) and the "Spot et ledertalent" checklist on the nomination
page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.conversations.access import visible_exists
from lederspor.conversations.extensions import ConversationSection
from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.core.access import Relation
from lederspor.core.content_placeholders import municipality_genitive
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import enrolment_relations
from lederspor.programmes.extensions import EnrolmentPage
from lederspor.programmes.models import Enrolment
from lederspor.trainee.checklists import LEADERSHIP_TRAINING, SPOT_TALENT, checklist
from lederspor.trainee.forms import local_date
from lederspor.trainee.models import CohortOptions, JointStartMeeting, Respondent, TraineeOutcome
from lederspor.trainee.prerequisites import completed_clarifications, status_from
from lederspor.trainee.selectors import (
    AspirantLink,
    aspirant_annotations,
    aspirant_link,
    aspirant_link_from,
)
from lederspor.trainee.services import JOINT_START_SEED_TEXT

DONE, PROGRESS, OPEN, WAITING = "done", "progress", "open", "waiting"


@dataclass(frozen=True)
class Step:
    """One step of the path: `state` is DONE, PROGRESS (under way: held but not yet confirmed,
    or meetings still planned), OPEN (the next thing to do) or WAITING (later);
    `action_url`/`action_label`: the viewer's next action here, if any; `warning`: a Danish
    sentence shown as a warning (e.g. the missing aspirant enrolment)."""

    name: str
    state: str
    text: str
    action_url: str = ""
    action_label: str = ""
    warning: str = ""


def _conversation_step(
    name: str,
    kind: str,
    conversations: list[Conversation],
    *,
    previous_done: bool,
    enrolment: Enrolment,
    may_plan: bool,
    joint: bool = False,
) -> Step:
    """A conversation step: signed by all (DONE), held but not yet confirmed (PROGRESS),
    planned (OPEN) or not planned. The date and a link only when the viewer may open the
    conversation (`c.visible`, annotated from `conversations.access.visible_q`); others (the
    chef) see the step's state without its time (issue #15 §4). `may_plan` viewers get a link
    to plan it (`conversations:plan` with the kind chosen). `joint`: start part 1 is one joint
    meeting for the cohort (`CohortOptions`): a record of the joint meeting counts as done once
    held, and nobody plans the trainee's own."""
    signed = [c for c in conversations if c.status == ConversationStatus.SIGNED]
    signed += [
        c
        for c in conversations
        if c.status == ConversationStatus.HELD and getattr(c, "is_joint_meeting", False)
    ]
    held = [
        c
        for c in conversations
        if c.status == ConversationStatus.HELD and not getattr(c, "is_joint_meeting", False)
    ]
    planned = [c for c in conversations if c.status == ConversationStatus.PLANNED]
    if signed or held or planned:
        if signed:
            shown, state = signed[-1], DONE
        elif held:
            shown, state = held[-1], PROGRESS
        else:
            shown, state = planned[0], OPEN
        visible = bool(getattr(shown, "visible", False))
        if not visible:
            text = {
                DONE: _("Afholdt – godkendt af alle"),
                PROGRESS: _("Afholdt – venter på bekræftelse"),
                OPEN: _("Planlagt"),
            }[state]
        elif state == DONE and shown.is_joint_meeting:
            text = _("Afholdt som fælles møde d. %(d)s") % {"d": local_date(shown.starts_at)}
        elif state == DONE:
            text = _("Afholdt d. %(d)s – godkendt af alle") % {"d": local_date(shown.starts_at)}
        elif shown.is_joint_meeting:
            text = _("Fælles møde for holdet d. %(d)s") % {"d": local_date(shown.starts_at)}
        elif state == PROGRESS:
            text = _("Afholdt – venter på bekræftelse (%(d)s)") % {"d": local_date(shown.starts_at)}
        else:
            text = _("Planlagt d. %(d)s") % {"d": local_date(shown.starts_at)}
        return Step(
            name,
            state,
            text,
            reverse("conversations:detail", args=[shown.pk]) if visible else "",
            _("Se samtalen") if visible else "",
        )
    state = OPEN if previous_done else WAITING
    if joint:
        return Step(
            name,
            state,
            _(
                "Holdes som ét fælles møde for alle ledertrainees og deres ledere; "
                "HR-konsulenten planlægger det"
            ),
        )
    plannable = may_plan and state == OPEN
    return Step(
        name,
        state,
        _("Ikke planlagt endnu"),
        f"{reverse('conversations:plan', args=[enrolment.pk])}?kind={kind}" if plannable else "",
        _("Planlæg samtalen") if plannable else "",
    )


def outcome_text(outcome: TraineeOutcome) -> str:
    """ "’Lederparat’ ledertrainee (fra 1. juni 2027)": the outcome and its date, if any."""
    if outcome.decided_on is None:
        return str(outcome.get_outcome_display())
    return _("%(outcome)s (fra %(date)s)") % {
        "outcome": outcome.get_outcome_display(),
        "date": date_format(outcome.decided_on),
    }


def aspirant_step(link: AspirantLink) -> Step:
    """The fixed building block (seed 003: "Deltagelse i Aarhus Kommunes lederaspirantforløb er
    en fast del af forløbet."): the trainee's aspirant enrolment, linked for those who may open
    it, or a warning when there is none."""
    name = _("Lederaspirantforløbet (fast byggeklods)")
    if link.missing:
        return Step(
            name,
            OPEN,
            _("Ikke tilmeldt"),
            warning=_(
                "Ledertraineen er ikke optaget på et lederaspirantforløb i Lederspor. Deltagelse "
                "i %(kommunes)s lederaspirantforløb er en fast del af ledertraineeforløbet."
            )
            % {"kommunes": municipality_genitive()},
        )
    text = (
        _("Gennemført på holdet %(cohort)s")
        if link.completed
        else _("Optaget på holdet %(cohort)s")
    ) % {"cohort": link.cohort_name}
    return Step(
        name,
        DONE if link.completed else PROGRESS,
        text,
        reverse("programmes:enrolment_detail", args=[link.enrolment_id]) if link.may_open else "",
        _("Åbn lederaspirantforløbet") if link.may_open else "",
    )


def trainee_path(
    enrolment: Enrolment, relations: set[Relation], viewer: Person | None = None
) -> list[Step]:
    """The steps of `enrolment`'s trainee path as seen with `relations` by `viewer` (the
    signed-in Person, or None: then no conversation is linked). 3 queries."""
    from lederspor.agreements.models import LearningAgreement

    clarification = completed_clarifications(OuterRef("person_id"))
    row = (
        Enrolment.objects.filter(pk=enrolment.pk)
        .select_related("personality_test", "trainee_outcome")
        .annotate(
            **aspirant_annotations(viewer),
            # the joint meeting is chosen but not planned yet: nobody plans part 1 alone
            joint_start=Exists(
                CohortOptions.objects.filter(
                    cohort_id=OuterRef("cohort_id"),
                    joint_start_part1=True,
                    cohort__joint_start_meeting__isnull=True,
                )
            ),
            clarification_cohort=Subquery(clarification.values("cohort__name")[:1]),
            has_clarification=Exists(clarification),
            trainee_answers=Count(
                "effect_answers", filter=Q(effect_answers__respondent=Respondent.TRAINEE)
            ),
            leader_answers=Count(
                "effect_answers", filter=Q(effect_answers__respondent=Respondent.LEADER)
            ),
        )
        .get()
    )
    conversations = list(
        Conversation.objects.filter(enrolment=enrolment)
        .exclude(status=ConversationStatus.CANCELLED)
        .annotate(visible=visible_exists(viewer))
        .only("pk", "kind", "status", "starts_at", "is_joint_meeting")
        .order_by("starts_at", "pk")
    )
    # the newest version and the one before it: a draft v2 does not undo an approved v1
    newest_two = list(
        LearningAgreement.objects.filter(enrolment=enrolment)
        .only("number", "status")
        .order_by("-number")[:2]
    )
    agreement = newest_two[0] if newest_two else None
    in_force = next((a for a in newest_two if a.status == "approved"), None)
    by_kind: dict[str, list[Conversation]] = {}
    for c in conversations:
        by_kind.setdefault(c.kind, []).append(c)

    manages = bool(relations & {Relation.CONSULTANT, Relation.ADMIN})
    may_plan = bool(
        relations & {Relation.PARTICIPANT, Relation.LEADER, Relation.CONSULTANT, Relation.ADMIN}
    )
    answers = bool(relations & {Relation.PARTICIPANT, Relation.LEADER})
    steps: list[Step] = []

    nominated = enrolment.nominated_by.full_name if enrolment.nominated_by else ""
    steps.append(
        Step(
            _("Indstilling fra nærmeste leder"),
            DONE,
            _("Indstillet af %(who)s") % {"who": nominated} if nominated else _("Indstillet"),
        )
    )

    test = getattr(row, "personality_test", None)
    status = status_from(clarification_cohort=row.clarification_cohort, test=test)
    steps.append(
        Step(
            _("Persontest med feedback"),
            DONE if status.met else OPEN,
            status.text,
            reverse("trainee:personality_test", args=[enrolment.pk])
            if manages and not row.has_clarification
            else "",
            (_("Ret persontest") if test else _("Registrér persontest"))
            if manages and not row.has_clarification
            else "",
        )
    )

    part1 = _conversation_step(
        _("Opstartssamtale – første del"),
        ConversationKind.START_PART1,
        by_kind.get(ConversationKind.START_PART1, []),
        previous_done=status.met,
        enrolment=enrolment,
        may_plan=may_plan,
        joint=bool(row.joint_start),
    )
    steps.append(part1)
    part2 = _conversation_step(
        _("Opstartssamtale – anden del"),
        ConversationKind.START_PART2,
        by_kind.get(ConversationKind.START_PART2, []),
        previous_done=part1.state == DONE,
        enrolment=enrolment,
        may_plan=may_plan,
    )
    steps.append(part2)

    agreement_url = reverse("agreements:enrolment_agreement", args=[enrolment.pk])
    if agreement is None:
        steps.append(
            Step(
                _("Læringsaftale"),
                OPEN if part2.state != WAITING else WAITING,
                _("Udformes under opstartssamtalens anden del"),
                agreement_url,
                _("Åbn læringsaftalen"),
            )
        )
    else:
        if in_force is None:
            detail = _("%(status)s (version %(n)d)") % {
                "n": agreement.number,
                "status": agreement.get_status_display(),
            }
        elif in_force is agreement:
            detail = _("Godkendt (version %(n)d)") % {"n": in_force.number}
        else:
            detail = _("Godkendt (version %(n)d); version %(m)d er under ændring") % {
                "n": in_force.number,
                "m": agreement.number,
            }
        steps.append(
            Step(
                _("Læringsaftale"),
                DONE if in_force is not None else OPEN,
                detail,
                agreement_url,
                _("Åbn læringsaftalen"),
            )
        )

    steps.append(aspirant_step(aspirant_link_from(row, relations)))

    ongoing = by_kind.get(ConversationKind.ONGOING, [])
    held_ongoing = sum(1 for c in ongoing if c.status != ConversationStatus.PLANNED)
    planned_ongoing = len(ongoing) - held_ongoing
    if held_ongoing and not planned_ongoing:
        ongoing_state = DONE
    elif ongoing:
        ongoing_state = PROGRESS
    else:
        ongoing_state = OPEN if part2.state == DONE else WAITING
    steps.append(
        Step(
            _("Løbende møder med nærmeste leder"),
            ongoing_state,
            _("%(held)d afholdt, %(planned)d planlagt")
            % {"held": held_ongoing, "planned": planned_ongoing},
        )
    )
    midway = _conversation_step(
        _("Midtvejssamtale"),
        ConversationKind.MIDWAY,
        by_kind.get(ConversationKind.MIDWAY, []),
        previous_done=part2.state == DONE,
        enrolment=enrolment,
        may_plan=may_plan,
    )
    steps.append(midway)
    transition = _conversation_step(
        _("Transitionssamtale"),
        ConversationKind.TRANSITION,
        by_kind.get(ConversationKind.TRANSITION, []),
        previous_done=midway.state == DONE,
        enrolment=enrolment,
        may_plan=may_plan,
    )
    steps.append(transition)

    both = row.trainee_answers and row.leader_answers
    steps.append(
        Step(
            _("Effekt af forløbet"),
            DONE
            if transition.state == DONE and both
            else (OPEN if part1.state == DONE else WAITING),
            _("%(t)d svar fra ledertrainee, %(l)d fra leder")
            % {"t": row.trainee_answers, "l": row.leader_answers},
            reverse("trainee:effects", args=[enrolment.pk]),
            _("Besvar effekterne") if answers else _("Se svarene"),
        )
    )

    outcome = getattr(row, "trainee_outcome", None)
    may_record = bool(relations & {Relation.CONSULTANT, Relation.ADMIN, Relation.LEADER})
    steps.append(
        Step(
            _("Resultat"),
            DONE if outcome else (OPEN if transition.state == DONE else WAITING),
            outcome_text(outcome) if outcome else _("Ikke registreret"),
            reverse("trainee:outcome", args=[enrolment.pk]) if may_record else "",
            (_("Ret resultat") if outcome else _("Registrér resultat")) if may_record else "",
        )
    )
    return steps


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the trainee path for `page.enrolment` as seen with its relations, or ""
    for no relation or an undecided nomination (registered for trainee cohorts only; 3
    queries)."""
    enrolment, relations = page.enrolment, page.relations
    if not relations:
        return ""
    if enrolment.status not in (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED):
        return ""
    return render_to_string(
        "trainee/_enrolment_panel.html",
        {
            "enrolment": enrolment,
            "steps": trainee_path(enrolment, relations, page.viewer),
            "can_manage_cohort": bool(relations & {Relation.CONSULTANT, Relation.ADMIN}),
        },
        request=page.request,
    )


# --- beside the conversations (conversations.extensions.conversation_sections) ------------------


def agreement_section(request: HttpRequest, conversation: Conversation) -> str:
    """The learning agreement's goals and building blocks beside the midway and transition
    conversations (seed 003: the transition conversation is held "med udgangspunkt i
    læringsaftalen"; the midway conversation follows up on it). The approved version in force,
    else the draft. Only for a viewer who may see the agreement (a relation to the enrolment:
    `programmes.access.enrolment_relations`, as `agreements.access`); "" for anyone else. The
    fixed aspirant block links to the trainee's aspirant enrolment for those who may open it,
    with a warning when there is none. 4 queries (consultants, versions, goals and blocks, the
    aspirant enrolment)."""
    from lederspor.agreements.models import AgreementStatus
    from lederspor.agreements.selectors import blocks_in_date_order, enrolment_agreement_summary

    enrolment = conversation.enrolment
    roles = roles_for(request)
    relations = enrolment_relations(
        person=roles.person, enrolment=enrolment, is_admin=roles.is_admin
    )
    if not relations:
        return ""
    versions = enrolment_agreement_summary(enrolment_id=enrolment.pk)
    agreement = next((v for v in versions if v.status == AgreementStatus.APPROVED), None) or next(
        (v for v in versions if v.status == AgreementStatus.DRAFT), None
    )
    goals: list[Any] = []
    blocks: list[Any] = []
    if agreement is not None:
        goals = list(agreement.goals.all())
        blocks = blocks_in_date_order(list(agreement.blocks.all()))
    link = aspirant_link(enrolment, relations, roles.person)
    note_read(request, enrolment.person_id, RecordKind.AGREEMENT)
    return render_to_string(
        "trainee/_agreement_section.html",
        {
            "enrolment": enrolment,
            "agreement": agreement,
            "goals": goals,
            "blocks": blocks,
            "aspirant": link,
            "aspirant_kind": "aspirant_programme",
            "kommunes": municipality_genitive(),  # issue #16 §1: this municipality, not Aarhus
        },
        request=request,
    )


def leadership_training_section(request: HttpRequest, conversation: Conversation) -> str:
    """The "Ledelse skal trænes" checklist (ours, `checklists`) beside start part 2, where the
    learning agreement's practice elements are chosen, and the midway conversation. No
    queries."""
    return render_to_string(
        "trainee/_checklist.html",
        {"checklist": checklist(LEADERSHIP_TRAINING), "heading_id": "leadership-training"},
        request=request,
    )


def joint_start_section(request: HttpRequest, conversation: Conversation) -> str:
    """Beside a start part 1 record that belongs to the cohort's joint meeting: that it is one
    joint meeting for all trainees and their leaders (seed 003), its time, place and status,
    and that it counts as held when the meeting is held. "" for a trainee's own meeting. 1
    query."""
    if not conversation.is_joint_meeting:
        return ""
    meeting = JointStartMeeting.objects.filter(conversations=conversation).first()
    if meeting is None:
        return ""
    return render_to_string(
        "trainee/_joint_start_section.html",
        {"meeting": meeting, "seed_text": JOINT_START_SEED_TEXT},
        request=request,
    )


def conversation_section_entries() -> list[ConversationSection]:
    """This app's sections beside conversations, for `apps.py` to register."""
    return [
        ConversationSection(
            key="trainee.joint_start",
            order=20,
            kinds=frozenset({ConversationKind.START_PART1.value}),
            render=joint_start_section,
        ),
        ConversationSection(
            key="trainee.agreement",
            order=30,
            kinds=frozenset({ConversationKind.MIDWAY.value, ConversationKind.TRANSITION.value}),
            render=agreement_section,
        ),
        ConversationSection(
            key="trainee.leadership_training",
            order=40,
            kinds=frozenset({ConversationKind.START_PART2.value, ConversationKind.MIDWAY.value}),
            render=leadership_training_section,
        ),
    ]


# --- the nomination page (programmes.extensions.nomination_sections) ----------------------------


def nomination_checklist(request: HttpRequest) -> str:
    """The "Spot et ledertalent" checklist (ours, `checklists`) for the nearest leader on the
    nomination page, when a trainee cohort is open for nomination. No queries."""
    return render_to_string(
        "trainee/_checklist.html",
        {"checklist": checklist(SPOT_TALENT), "heading_id": "spot-talent"},
        request=request,
    )
