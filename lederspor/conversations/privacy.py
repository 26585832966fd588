"""What the conversations app holds about a person, for the privacy floor's registries
(issue #15 §2–3; `privacy.registry`).

Registers in `privacy.registry.personal_data`:

- `conversations.conversations` (RecordKind.CONVERSATION; Conversation, ConversationAttendee,
  AgreedAction, TemplateVersion): the conversations about the person (answers, notes, career
  notes, attendees, agreed actions, their own preparation), their own preparation and role at
  other people's conversations, the actions they own there, and the template versions they
  wrote; the summary PDF of each held or signed conversation about them as a document. Erasure
  blanks the content of the conversations about them and deletes their agreed actions (the rows
  stay: reports count conversations by kind and status), blanks their own preparation
  elsewhere, and unlinks them as organiser and template author.

and in `privacy.registry.retention_rules`:

- `conversations.content`: 1095 days after the enrolment ended (completed, withdrawn or
  rejected), the conversations' content (answers, notes, career notes, every attendee's
  preparation) is blanked and the agreed actions are deleted; the rows stay for the reports.

`enrolment_ended_before` is shared with the apps built on conversations
(agreements, logbook, trainee).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lederspor.conversations.models import (
    AgreedAction,
    Conversation,
    ConversationAttendee,
    ConversationStatus,
    TemplateVersion,
)
from lederspor.conversations.selectors import question_sections
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
from lederspor.programmes.models import Enrolment

#: the legal reason of the content retention rules of the programme apps (issue #15 §2)
CONTENT_REASON = _(
    "Formålet (forløbet) er opfyldt; opbevares 3 år til dokumentation og opfølgning. Regnes fra "
    "den dag, deltagelsen sluttede (gennemført, udtrådt eller afvist)."
)


def enrolment_ended_before(cutoff: dt.datetime, prefix: str = "enrolment__") -> Q:
    """A filter for rows whose enrolment (reached by `prefix`, "" for Enrolment itself) ended
    before `cutoff`: completed (`completed_at`), withdrawn (`withdrawn_at`) or rejected
    (`decided_at`). A running enrolment never matches."""
    status = Enrolment.Status
    return (
        Q(**{f"{prefix}status": status.COMPLETED, f"{prefix}completed_at__lt": cutoff})
        | Q(**{f"{prefix}status": status.WITHDRAWN, f"{prefix}withdrawn_at__lt": cutoff})
        | Q(**{f"{prefix}status": status.REJECTED, f"{prefix}decided_at__lt": cutoff})
    )


# --- export -----------------------------------------------------------------------------------

_CONVERSATION_FIELDS = [
    "pk",
    "kind",
    "template_version.template.name",
    "enrolment.cohort.name",
    "starts_at",
    "ends_at",
    "place",
    "status",
    "held_at",
    "signed_at",
    "cancelled_at",
    "answers",
    "notes",
    "confidentiality_addressed",
    "curiosity_points",
]


def _about(person: Person) -> QuerySet[Conversation]:
    return Conversation.objects.filter(enrolment__person=person)


def export(person: Person) -> list[dict[str, Any]]:
    """The conversations about `person` with their attendees, actions and the person's own
    preparation; their role, preparation and confirmation at other people's conversations
    (never those conversations' answers); the actions they own there; the template versions
    they wrote."""
    result: list[dict[str, Any]] = []
    about = list(
        _about(person)
        .select_related("enrolment__cohort", "template_version__template")
        .prefetch_related("attendees__person", "actions__owner")
        .order_by("starts_at", "pk")
    )
    for c, item in zip(about, records(about, _CONVERSATION_FIELDS), strict=True):
        mine = next((a for a in c.attendees.all() if a.person_id == person.pk), None)
        item["record"] = "conversation_about_me"
        item["attendees"] = [
            {"name": a.person.full_name, "role": str(a.get_role_display())}
            for a in c.attendees.all()
        ]
        item["my_preparation"] = mine.preparation if mine else {}
        item["actions"] = records(c.actions.all(), ["text", "owner.full_name", "due_on", "done_at"])
        result.append(item)
    elsewhere = (
        ConversationAttendee.objects.filter(person=person)
        .exclude(conversation__enrolment__person=person)
        .select_related("conversation__template_version__template")
        .order_by("conversation__starts_at", "pk")
    )
    for row in records(
        elsewhere,
        [
            "conversation.pk",
            "conversation.template_version.template.name",
            "conversation.starts_at",
            "role",
            "preparation",
            "confirmed_at",
        ],
    ):
        result.append({"record": "attended_conversation", **row})
    actions = (
        AgreedAction.objects.filter(owner=person)
        .exclude(conversation__enrolment__person=person)
        .order_by("due_on", "pk")
    )
    for row in records(actions, ["conversation_id", "text", "due_on", "done_at"]):
        result.append({"record": "action_i_own", **row})
    versions = TemplateVersion.objects.filter(created_by=person).select_related("template")
    for row in records(versions, ["template.name", "number", "note", "created_at"]):
        result.append({"record": "template_version_written", **row})
    return result


def documents(person: Person) -> list[Document]:
    """The summary PDF of each held or signed conversation about `person` (the page's PDF:
    answers, actions, attendees, notes; never a preparation)."""
    result = []
    held = (
        _about(person)
        .filter(status__in=[ConversationStatus.HELD, ConversationStatus.SIGNED])
        .select_related("enrolment__person", "enrolment__cohort", "template_version__template")
        .order_by("starts_at", "pk")
    )
    for c in held:
        context = {
            "c": c,
            "template": c.template_version.template,
            "attendees": list(c.attendees.select_related("person")),
            "sections": question_sections(c),
            "actions": list(c.actions.select_related("owner")),
            "today": timezone.localdate(),
        }
        name = slugify(f"{c.get_kind_display()}-{timezone.localdate(c.starts_at)}")
        result.append(
            Document(
                f"samtale-{c.pk}-{name}.pdf", pdf_bytes("conversations/summary_pdf.html", context)
            )
        )
    return result


# --- erasure and retention ----------------------------------------------------------------------


def _has_content() -> Q:
    return ~Q(answers={}) | ~Q(notes="") | ~Q(curiosity_points="")


def _blank(conversations: QuerySet[Conversation]) -> None:
    """Blank the content of `conversations` (answers, notes, career notes, every attendee's
    preparation) and delete their agreed actions; status, kind and times stay."""
    ids = list(conversations.values_list("pk", flat=True))
    Conversation.objects.filter(pk__in=ids).update(
        answers={},
        notes="",
        curiosity_points="",
        confidentiality_addressed=False,
        updated_at=timezone.now(),
    )
    ConversationAttendee.objects.filter(conversation_id__in=ids).exclude(preparation={}).update(
        preparation={}
    )
    AgreedAction.objects.filter(conversation_id__in=ids).delete()


def erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Erasure on request (see the module): counts with apply=False, done with apply=True (the
    caller holds the transaction)."""
    about = _about(person)
    actions = AgreedAction.objects.filter(conversation__enrolment__person=person)
    preparations = (
        ConversationAttendee.objects.filter(person=person)
        .exclude(conversation__enrolment__person=person)
        .exclude(preparation={})
    )
    organised = Conversation.objects.filter(organiser=person)
    versions = TemplateVersion.objects.filter(created_by=person)
    others_actions = AgreedAction.objects.filter(owner=person).exclude(
        conversation__enrolment__person=person
    )
    lines = [
        ErasureLine(
            _("Samtaler om personen: svar, referat, noter og forberedelser tømmes"),
            about.count(),
            Action.ANONYMISE,
            _("Samtalen tælles fortsat i rapporterne (slags og status)."),
        ),
        ErasureLine(_("Aftaler fra personens samtaler"), actions.count(), Action.DELETE),
        ErasureLine(
            _("Personens egen forberedelse til andres samtaler"),
            preparations.count(),
            Action.DELETE,
        ),
        ErasureLine(
            _("Samtaler indkaldt af personen: indkalderen fjernes"),
            organised.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Skabelonversioner skrevet af personen: forfatteren fjernes"),
            versions.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Aftaler i andres samtaler, hvor personen er ansvarlig"),
            others_actions.count(),
            Action.KEEP,
            _(
                "Aftalen hører til en anden deltagers samtale; personens navn fjernes, når "
                "personen anonymiseres."
            ),
        ),
    ]
    if apply:
        _blank(about)
        preparations.update(preparation={})
        organised.update(organiser=None)
        versions.update(created_by=None)
    return lines


def expire_content(cutoff: dt.datetime, apply: bool) -> int:
    """Blank the content of conversations whose enrolment ended before `cutoff` (see the
    module). Returns how many conversations had content; idempotent."""
    ended = Conversation.objects.filter(enrolment_ended_before(cutoff))
    due = ended.filter(
        _has_content()
        | Q(pk__in=ConversationAttendee.objects.exclude(preparation={}).values("conversation_id"))
        | Q(pk__in=AgreedAction.objects.values("conversation_id"))
    )
    count = due.count()
    if apply and count:
        _blank(due)
    return count


def register() -> None:
    """Register the entries above (called once from `ConversationsConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="conversations.conversations",
            order=30,
            label=_("Samtaler"),
            kind=RecordKind.CONVERSATION,
            models=(Conversation, ConversationAttendee, AgreedAction, TemplateVersion),
            export=export,
            erase=erase,
            documents=documents,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="conversations.content",
            order=30,
            label=_("Samtalers indhold og forberedelser"),
            kind=RecordKind.CONVERSATION,
            default_days=1095,
            reason=CONTENT_REASON,
            expire=expire_content,
        )
    )
