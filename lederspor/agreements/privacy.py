"""What the learning agreements hold about a person, for the privacy floor's registries
(issue #15 §2–3; `privacy.registry`).

Registers in `privacy.registry.personal_data`:

- `agreements.agreements` (RecordKind.AGREEMENT; LearningAgreement, LearningGoal,
  BuildingBlock): the person's agreements, every version with how the leader supports, the
  goals and the building blocks with their execution; the approvals they gave on other people's
  agreements (version, role, date — never the content); each version's PDF as a document.
  Erasure keeps each version's row, number, status and dates (the reports count approved
  agreements) but blanks the leader support and deletes the goals and blocks; it unlinks the
  person as approver and author of other people's agreements.

and in `privacy.registry.retention_rules`:

- `agreements.texts`: 1095 days after the enrolment ended, the same anonymising as erasure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.agreements.models import BuildingBlock, LearningAgreement, LearningGoal
from lederspor.agreements.selectors import agreement_page
from lederspor.agreements.services import BLOCK_COLUMNS, EXECUTION_COLUMNS
from lederspor.conversations.privacy import CONTENT_REASON, enrolment_ended_before
from lederspor.core.pdf import pdf_bytes
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    Document,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)

#: the approver and author links of a version, as (field, the role written in the export)
_PEOPLE_FIELDS = (
    ("trainee_approved_by", "trainee"),
    ("leader_approved_by", "leader"),
    ("consultant_approved_by", "consultant"),
    ("created_by", "author"),
)


def _mine(person: Person) -> QuerySet[LearningAgreement]:
    return LearningAgreement.objects.filter(enrolment__person=person)


def export(person: Person) -> list[dict[str, Any]]:
    """Every version of the person's agreements with goals and blocks, and the approvals they
    gave on other people's agreements (no content)."""
    result: list[dict[str, Any]] = []
    mine = list(
        _mine(person)
        .select_related("enrolment__cohort")
        .prefetch_related("goals", "blocks")
        .order_by("enrolment", "number")
    )
    fields = [
        "pk",
        "enrolment.cohort.name",
        "number",
        "status",
        "leader_support",
        "trainee_approved_at",
        "leader_approved_at",
        "consultant_approved_at",
        "locked_at",
        "superseded_at",
    ]
    for agreement, item in zip(mine, records(mine, fields), strict=True):
        item["record"] = "my_learning_agreement"
        item["goals"] = records(agreement.goals.all(), ["kind", "text"])
        item["blocks"] = records(
            agreement.blocks.all(),
            [*BLOCK_COLUMNS, *EXECUTION_COLUMNS],
        )
        result.append(item)
    for field, role in _PEOPLE_FIELDS:
        others = (
            LearningAgreement.objects.filter(**{field: person})
            .exclude(enrolment__person=person)
            .select_related("enrolment__cohort")
        )
        at = field.replace("_by", "_at") if field != "created_by" else "created_at"
        for row in records(others, ["pk", "number", "enrolment.cohort.name", at]):
            result.append({"record": "agreement_of_another", "role": role, **row})
    return result


def documents(person: Person) -> list[Document]:
    """The PDF of each version of the person's agreements (the agreement page's PDF)."""
    result = []
    for agreement in _mine(person).select_related("enrolment__person", "enrolment__cohort"):
        cohort = agreement.enrolment.cohort
        page = agreement_page(
            agreement=agreement, cohort_has_consultants=cohort.consultants.exists()
        )
        context = {
            "agreement": agreement,
            "enrolment": agreement.enrolment,
            "page": page,
            "today": timezone.localdate(),
        }
        result.append(
            Document(
                f"laeringsaftale-{agreement.pk}-v{agreement.number}.pdf",
                pdf_bytes("agreements/agreement_pdf.html", context),
            )
        )
    return result


def _with_content() -> Q:
    goals = LearningGoal.objects.filter(agreement=OuterRef("pk"))
    blocks = BuildingBlock.objects.filter(agreement=OuterRef("pk"))
    return ~Q(leader_support="") | Exists(goals) | Exists(blocks)


def _blank(agreements: QuerySet[LearningAgreement]) -> None:
    """Blank the support text and delete the goals and blocks of `agreements`; the versions'
    rows, numbers, statuses and dates stay."""
    ids = list(agreements.values_list("pk", flat=True))
    LearningGoal.objects.filter(agreement_id__in=ids).delete()
    BuildingBlock.objects.filter(agreement_id__in=ids).update(copied_from=None)
    BuildingBlock.objects.filter(agreement_id__in=ids).delete()
    LearningAgreement.objects.filter(pk__in=ids).update(
        leader_support="", updated_at=timezone.now()
    )


def erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Erasure on request (see the module); apply=False only counts."""
    mine = _mine(person)
    goals = LearningGoal.objects.filter(agreement__enrolment__person=person)
    blocks = BuildingBlock.objects.filter(agreement__enrolment__person=person)
    linked = {
        field: LearningAgreement.objects.filter(**{field: person}).exclude(enrolment__person=person)
        for field, _role in _PEOPLE_FIELDS
    }
    lines = [
        ErasureLine(
            _("Læringsaftaler: støtten fra nærmeste leder tømmes"),
            mine.count(),
            Action.ANONYMISE,
            _("Versionen, status og datoer bevares, så rapporterne tæller godkendte aftaler."),
        ),
        ErasureLine(_("Læringsmål"), goals.count(), Action.DELETE),
        ErasureLine(_("Byggeklodser med refleksioner"), blocks.count(), Action.DELETE),
        ErasureLine(
            _("Andres læringsaftaler, som personen har godkendt eller oprettet"),
            sum(q.count() for q in linked.values()),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        _blank(mine)
        for field, rows in linked.items():
            rows.update(**{field: None})
    return lines


def expire_texts(cutoff: dt.datetime, apply: bool) -> int:
    """Anonymise the agreements of enrolments that ended before `cutoff` (as erasure does).
    Returns how many versions still had content; idempotent."""
    due = LearningAgreement.objects.filter(enrolment_ended_before(cutoff)).filter(_with_content())
    count = due.count()
    if apply and count:
        _blank(due)
    return count


def register() -> None:
    """Register the entries above (called once from `AgreementsConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="agreements.agreements",
            order=40,
            label=_("Læringsaftaler"),
            kind=RecordKind.AGREEMENT,
            models=(LearningAgreement, LearningGoal, BuildingBlock),
            export=export,
            erase=erase,
            documents=documents,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="agreements.texts",
            order=40,
            label=_("Læringsaftalers tekster"),
            kind=RecordKind.AGREEMENT,
            default_days=1095,
            reason=CONTENT_REASON,
            expire=expire_texts,
        )
    )
