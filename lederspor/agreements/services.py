"""Writes for learning agreements (seed 003; issue #3 §2).

Every function is one transaction with an audit row. The agreement row is locked first
(`core.concurrency.lock_version`): content saves and execution updates require the `version` the
form was loaded with and raise `ConcurrentEditError` when someone saved in between (nothing is
written, the view shows the typed text again with a 409). Approvals also require and check the
version (you approve what you saw) but do not bump it, so two approvers never refuse each other.

Rules:
- A draft is edited by the trainee, the nearest leader and the cohort's consultants; a content
  change clears the approvals given so far.
- Approval needs the trainee and the nearest leader, and a consultant when the cohort has
  consultants (`required_roles`). With all approvals in, the version is approved and locked, and
  the previously approved version becomes superseded.
- "Ændr aftalen" (`agreement_revise`) copies the approved version into a new draft n+1.
- Execution (block status and reflection) is updated on the approved version, without a new
  version (`block_execution_save`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lederspor.agreements.audit import AgreementAction
from lederspor.agreements.models import (
    BLOCK_KIND_SEED_TEXT,
    AgreementStatus,
    BlockKind,
    BlockStatus,
    BuildingBlock,
    LearningAgreement,
    LearningGoal,
    PracticeForm,
)
from lederspor.conversations.models import Conversation, ConversationKind
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.content_placeholders import substitute
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.people.roles import person_for_user
from lederspor.programmes.models import Enrolment, ProgrammeKind

#: the content columns of a building block (besides `agreement`), as the edit form sends them
BLOCK_COLUMNS = (
    "kind",
    "title",
    "description",
    "practice_form",
    "scope",
    "starts_on",
    "ends_on",
    "complexity",
)
#: the execution columns, which may change on an approved agreement
EXECUTION_COLUMNS = ("status", "reflection")


class AgreementLockedError(ValidationError):
    """The agreement version is approved or superseded: its content can no longer change."""


class ApprovalRole(StrEnum):
    """The three parties who approve an agreement (issue #3 §2)."""

    TRAINEE = "trainee"
    LEADER = "leader"
    CONSULTANT = "consultant"


APPROVAL_LABELS = {
    ApprovalRole.TRAINEE: gettext_lazy("Ledertrainee"),
    ApprovalRole.LEADER: gettext_lazy("Nærmeste leder"),
    ApprovalRole.CONSULTANT: gettext_lazy("HR-konsulent"),
}


def required_roles(*, cohort_has_consultants: bool) -> list[ApprovalRole]:
    """The roles whose approval locks an agreement: trainee and nearest leader, plus the
    consultant when the cohort has consultants."""
    roles = [ApprovalRole.TRAINEE, ApprovalRole.LEADER]
    if cohort_has_consultants:
        roles.append(ApprovalRole.CONSULTANT)
    return roles


def locked_error() -> AgreementLockedError:
    """The refusal to change an approved or superseded version (also the view's 403 text)."""
    return AgreementLockedError(
        _(
            "Denne version af læringsaftalen er godkendt og låst. Brug “Ændr aftalen” for at "
            "lave en ny version."
        ),
        code="locked",
    )


def _start_conversation(enrolment: Enrolment) -> Conversation | None:
    """The enrolment's latest start conversation part 2, where the agreement is drafted."""
    return (
        Conversation.objects.filter(enrolment=enrolment, kind=ConversationKind.START_PART2)
        .order_by("-starts_at")
        .first()
    )


@transaction.atomic
def agreement_create(
    *, enrolment: Enrolment, user: User, conversation: Conversation | None = None
) -> LearningAgreement:
    """Create version 1 of `enrolment`'s learning agreement as a draft.

    The draft starts with the aspirant programme block (seed 003: "Deltagelse i Aarhus Kommunes
    lederaspirantforløb er en fast del af forløbet", with this municipality's name) and is linked to `conversation`, by default
    the enrolment's latest start conversation part 2. Raises ValidationError when the enrolment
    is not on a trainee cohort or already has an agreement.
    """
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("cohort__programme")
        .get(pk=enrolment.pk)
    )
    if enrolment.cohort.programme.kind != ProgrammeKind.TRAINEE:
        raise ValidationError(_("Læringsaftaler hører til ledertraineeforløbet."))
    if LearningAgreement.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("Der er allerede en læringsaftale for dette forløb."))
    agreement = LearningAgreement(
        enrolment=enrolment,
        number=1,
        conversation=conversation or _start_conversation(enrolment),
        created_by=person_for_user(user),
    )
    agreement.full_clean()
    agreement.save()
    BuildingBlock.objects.create(
        agreement=agreement,
        kind=BlockKind.ASPIRANT_PROGRAMME,
        title=str(BlockKind.ASPIRANT_PROGRAMME.label),
        description=substitute(BLOCK_KIND_SEED_TEXT[BlockKind.ASPIRANT_PROGRAMME]),
        order=0,
    )
    audit_record(
        actor=user,
        action=AgreementAction.LEARNING_AGREEMENT_CREATE,
        obj=agreement,
        summary=str(enrolment.person),
        number=1,
    )
    return agreement


def _content(agreement: LearningAgreement) -> tuple[object, ...]:
    """Everything an approval covers, comparable before and after a save."""
    goals = tuple(agreement.goals.order_by("order", "pk").values_list("kind", "text"))
    blocks = tuple(agreement.blocks.order_by("order", "pk").values_list(*BLOCK_COLUMNS))
    return (agreement.leader_support, goals, blocks)


def _clean_block(block: BuildingBlock) -> None:
    if block.kind != BlockKind.PRACTICE:
        block.practice_form = ""
        block.scope = ""
    if block.starts_on and block.ends_on and block.starts_on > block.ends_on:
        raise ValidationError(
            _("Byggeklodsen “%(title)s” slutter, før den starter.") % {"title": block.title}
        )
    block.full_clean(exclude=["agreement", "copied_from"])


def _save_blocks(agreement: LearningAgreement, rows: Sequence[dict[str, Any]]) -> None:
    """Update blocks in place by `id` (keeping their execution), create new rows, delete the
    blocks no row names."""
    existing = {b.pk: b for b in agreement.blocks.all()}
    keep: set[int] = set()
    to_update: list[BuildingBlock] = []
    to_create: list[BuildingBlock] = []
    for i, row in enumerate(rows):
        block = existing.get(row.get("id") or 0)
        if block is None:
            block = BuildingBlock(agreement=agreement)
            to_create.append(block)
        else:
            keep.add(block.pk)
            to_update.append(block)
        for column in BLOCK_COLUMNS:
            value = row.get(column)
            if column in ("title", "description", "practice_form", "scope"):
                value = (value or "").strip()
            setattr(block, column, value)
        block.order = i
        _clean_block(block)
    agreement.blocks.exclude(pk__in=keep).delete()
    if to_update:
        BuildingBlock.objects.bulk_update(to_update, [*BLOCK_COLUMNS, "order"])
    BuildingBlock.objects.bulk_create(to_create)


def _save_goals(agreement: LearningAgreement, rows: Sequence[dict[str, Any]]) -> None:
    goals = [
        LearningGoal(agreement=agreement, kind=row["kind"], text=row["text"].strip(), order=i)
        for i, row in enumerate(rows)
    ]
    for goal in goals:
        goal.full_clean(exclude=["agreement"])
    agreement.goals.all().delete()
    LearningGoal.objects.bulk_create(goals)


@transaction.atomic
def agreement_save(
    *,
    agreement: LearningAgreement,
    leader_support: str,
    goals: Sequence[dict[str, Any]],
    blocks: Sequence[dict[str, Any]],
    expected_version: int,
    user: User,
) -> LearningAgreement:
    """Save the content of a draft: how the leader supports, the goals ({kind, text}) and the
    blocks (`BLOCK_COLUMNS` plus optional `id` of an existing block), in the given order.

    A change of content clears the approvals given so far (they approved something else).
    `expected_version`: the agreement's `version` when the form was loaded. Raises
    ConcurrentEditError (code "stale") if it was saved since, AgreementLockedError (not a draft)
    or ValidationError (bad rows); nothing is written then.
    """
    locked = lock_version(agreement, expected_version)
    if locked.status != AgreementStatus.DRAFT:
        raise locked_error()
    before = _content(locked)
    locked.leader_support = leader_support.strip()
    _save_goals(locked, goals)
    _save_blocks(locked, blocks)
    changed = _content(locked) != before
    fields = ["leader_support", "version", "updated_at"]
    cleared = []
    if changed:
        for role in ApprovalRole:
            if getattr(locked, f"{role}_approved_at") is not None:
                cleared.append(str(role))
            setattr(locked, f"{role}_approved_at", None)
            setattr(locked, f"{role}_approved_by", None)
            fields += [f"{role}_approved_at", f"{role}_approved_by"]
    locked.save(update_fields=fields)
    audit_record(
        actor=user,
        action=AgreementAction.LEARNING_AGREEMENT_SAVE,
        obj=locked,
        summary=f"v{locked.number}",
        changed=changed,
        approvals_cleared=cleared,
    )
    return locked


def _carry_over_execution(agreement: LearningAgreement) -> None:
    """Copy execution recorded on the superseded version's blocks meanwhile onto the blocks
    copied from them, where the new block has none of its own."""
    blocks = list(agreement.blocks.select_related("copied_from").filter(copied_from__isnull=False))
    changed = []
    for block in blocks:
        old = block.copied_from
        if old is None:  # not reached: the query asks for copied blocks
            continue
        if block.status == BlockStatus.PLANNED and not block.reflection.strip():
            if old.status != BlockStatus.PLANNED or old.reflection.strip():
                block.status, block.reflection = old.status, old.reflection
                changed.append(block)
    if changed:
        BuildingBlock.objects.bulk_update(changed, list(EXECUTION_COLUMNS))


@transaction.atomic
def agreement_approve(
    *,
    agreement: LearningAgreement,
    role: ApprovalRole,
    person: Person,
    user: User,
    expected_version: int,
) -> LearningAgreement:
    """Record `person`'s approval of a draft as `role` (the view checks the relation).

    When every role of `required_roles` has approved, the version is approved and locked
    (`locked_at`), and the version approved before it becomes superseded (its execution carried
    over). `expected_version`: the version the page was loaded with; the approval checks it but
    does not bump it, so the other parties' pages stay current. Raises ConcurrentEditError when
    the content changed since the page was loaded, AgreementLockedError when it is not a draft,
    ValidationError when `role` already approved.
    """
    locked = lock_version(agreement, expected_version)
    locked.version = expected_version  # not bumped: "version" is not among the saved fields
    if locked.status != AgreementStatus.DRAFT:
        raise locked_error()
    role = ApprovalRole(role)
    if getattr(locked, f"{role}_approved_at") is not None:
        raise ValidationError(_("Aftalen er allerede godkendt i denne rolle."))
    now = timezone.now()
    setattr(locked, f"{role}_approved_at", now)
    setattr(locked, f"{role}_approved_by", person)
    fields = [f"{role}_approved_at", f"{role}_approved_by", "updated_at"]
    has_consultants = Enrolment.objects.filter(
        pk=locked.enrolment_id, cohort__consultants__isnull=False
    ).exists()
    done = all(
        getattr(locked, f"{r}_approved_at") is not None
        for r in required_roles(cohort_has_consultants=has_consultants)
    )
    superseded = None
    if done:
        superseded = (
            LearningAgreement.objects.select_for_update()
            .filter(enrolment_id=locked.enrolment_id, status=AgreementStatus.APPROVED)
            .first()
        )
        if superseded is not None:
            superseded.status = AgreementStatus.SUPERSEDED
            superseded.superseded_at = now
            superseded.version += 1
            superseded.save(update_fields=["status", "superseded_at", "version", "updated_at"])
        locked.status = AgreementStatus.APPROVED
        locked.locked_at = now
        fields += ["status", "locked_at"]
    locked.save(update_fields=fields)
    if superseded is not None:
        _carry_over_execution(locked)
    audit_record(
        actor=user,
        action=AgreementAction.LEARNING_AGREEMENT_APPROVE,
        obj=locked,
        summary=f"v{locked.number} {role}",
        role=str(role),
        approved=done,
        superseded=superseded.pk if superseded else None,
    )
    return locked


@transaction.atomic
def agreement_revise(*, agreement: LearningAgreement, user: User) -> LearningAgreement:
    """ "Ændr aftalen": a new draft version n+1 copying the approved version's leader support,
    goals and blocks (with their execution). The approved version stays in force until the new
    one is approved. Raises ValidationError unless `agreement` is the approved version and no
    draft exists.

    Takes no version: it changes nothing on `agreement` (it copies it as it is now into a new
    row); the row lock makes a second, simultaneous "Ændr aftalen" find the first one's draft.
    """
    locked = LearningAgreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.APPROVED:
        raise ValidationError(_("Kun den gældende, godkendte version kan ændres."))
    if LearningAgreement.objects.filter(
        enrolment_id=locked.enrolment_id, status=AgreementStatus.DRAFT
    ).exists():
        raise ValidationError(_("Der er allerede en ny version under ændring."))
    last = (
        LearningAgreement.objects.filter(enrolment_id=locked.enrolment_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    draft = LearningAgreement.objects.create(
        enrolment_id=locked.enrolment_id,
        number=(last or 0) + 1,
        previous=locked,
        conversation=locked.conversation,
        leader_support=locked.leader_support,
        created_by=person_for_user(user),
    )
    LearningGoal.objects.bulk_create(
        LearningGoal(agreement=draft, kind=g.kind, text=g.text, order=g.order)
        for g in locked.goals.order_by("order", "pk")
    )
    BuildingBlock.objects.bulk_create(
        BuildingBlock(
            agreement=draft,
            copied_from=b,
            order=b.order,
            **{c: getattr(b, c) for c in (*BLOCK_COLUMNS, *EXECUTION_COLUMNS)},
        )
        for b in locked.blocks.all()
    )
    audit_record(
        actor=user,
        action=AgreementAction.LEARNING_AGREEMENT_REVISE,
        obj=draft,
        summary=f"v{draft.number}",
        previous=locked.pk,
    )
    return draft


@transaction.atomic
def block_execution_save(
    *,
    block: BuildingBlock,
    status: str,
    reflection: str,
    expected_version: int,
    user: User,
) -> BuildingBlock:
    """Record how a block of the approved agreement went: `status` (BlockStatus) and the
    trainee's `reflection`. Allowed on the approved version only and makes no new version.

    `expected_version`: the agreement's `version` when the page was loaded (the block is
    guarded by its agreement's version, which this save bumps). Raises ConcurrentEditError
    (code "stale") if the agreement was saved since, ValidationError when the agreement is not
    the approved version or the status is unknown.
    """
    agreement = lock_version(block.agreement, expected_version)
    if agreement.status != AgreementStatus.APPROVED:
        raise ValidationError(
            _("Gennemførelsen registreres på den gældende, godkendte version af aftalen.")
        )
    block = BuildingBlock.objects.get(pk=block.pk, agreement=agreement)
    old = (block.status, block.reflection)
    block.status = status
    block.reflection = reflection.strip()
    block.full_clean(exclude=["agreement", "copied_from"])
    block.save(update_fields=["status", "reflection", "updated_at"])
    agreement.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=user,
        action=AgreementAction.LEARNING_AGREEMENT_BLOCK_EXECUTION,
        obj=block,
        summary=block.title,
        old_status=old[0],
        status=block.status,
    )
    return block


def block_row(
    *,
    kind: str,
    title: str,
    description: str = "",
    practice_form: str = "",
    scope: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    complexity: int | None = None,
    id: int | None = None,
) -> dict[str, Any]:
    """A block row for `agreement_save` (used by the demo and tests)."""
    if practice_form:
        PracticeForm(practice_form)
    return {
        "id": id,
        "kind": kind,
        "title": title,
        "description": description,
        "practice_form": practice_form,
        "scope": scope,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "complexity": complexity,
    }
