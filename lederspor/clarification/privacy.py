"""What 'Leder på spring' (seed 002) holds about a person, for the privacy registries (issue
#15 §2–§3).

Registers in `privacy.registry.personal_data`:

- `clarification.steps` (ENROLMENT): the participant's steps — the pre-start mailing
  received, JTI analysis answered, homework done — and the course certificate PDF of each
  completed Leder på spring enrolment (document). Erasure anonymises: the rows stay on the
  (anonymised) enrolment, which reports and the cohort page count.
- `clarification.talks` (ENROLMENT): the person's leader talk with the feedback peers gave on
  it, and the feedback the person gave on others' talks (their own words; not the other
  speaker's talk). Erasure deletes both.

and in `privacy.registry.retention_rules`:

- `clarification.talk_feedback`: peer feedback on leader talks 1095 days after the speaker's
  enrolment ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.clarification.models import (
    HomeworkStatus,
    JtiRecord,
    LeaderTalk,
    LeaderTalkFeedback,
    MailingDelivery,
)
from lederspor.clarification.selectors import (
    CERTIFICATE_TEMPLATE,
    certificate_context,
    certificate_filename,
)
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
from lederspor.programmes.models import Enrolment, ProgrammeKind
from lederspor.programmes.privacy import THREE_YEARS_REASON, ended_before

_FEEDBACK_FIELDS = [
    "created_at",
    "impact_feedback",
    "impact_feedforward",
    "delivery_feedback",
    "delivery_feedforward",
    "overall_feedback",
    "overall_feedforward",
]


def export_steps(person: Person) -> list[dict[str, Any]]:
    """The person's Leder på spring steps: mailing received, JTI answered, homework done."""
    result = [
        {"record": "prestart_mailing_received", **item}
        for item in records(
            MailingDelivery.objects.filter(enrolment__person=person)
            .select_related("mailing__cohort")
            .order_by("pk"),
            ["mailing.cohort.name", "mailing.subject", "created_at"],
        )
    ]
    result += [
        {"record": "jti_answered", **item}
        for item in records(
            JtiRecord.objects.filter(enrolment__person=person)
            .select_related("enrolment__cohort")
            .order_by("pk"),
            ["enrolment.cohort.name", "answered_at"],
        )
    ]
    result += [
        {"record": "homework_done", **item}
        for item in records(
            HomeworkStatus.objects.filter(enrolment__person=person)
            .select_related("homework")
            .order_by("done_at", "pk"),
            ["homework.title", "done_at"],
        )
    ]
    return result


def erase_steps(person: Person, apply: bool) -> list[ErasureLine]:
    """The steps stay on the anonymised enrolment (counted on the cohort page and in
    reports); nothing in them names the person, so applying writes nothing here."""
    count = (
        MailingDelivery.objects.filter(enrolment__person=person).count()
        + JtiRecord.objects.filter(enrolment__person=person).count()
        + HomeworkStatus.objects.filter(enrolment__person=person).count()
    )
    return [
        ErasureLine(
            _("Leder på spring: mail modtaget, JTI besvaret, hjemmeopgaver (bevares uden navn)"),
            count,
            Action.ANONYMISE,
        )
    ]


def certificate_documents(person: Person) -> list[Document]:
    """The course certificate of each completed Leder på spring enrolment, as the participant
    downloads it (`clarification:certificate_pdf`)."""
    enrolments = Enrolment.objects.filter(
        person=person,
        status=Enrolment.Status.COMPLETED,
        cohort__programme__kind=ProgrammeKind.CLARIFICATION,
    ).select_related("person", "cohort__programme")
    documents = []
    for enrolment in enrolments.order_by("pk"):
        context = certificate_context(enrolment)
        if not context["attendance"].allows_certificate:
            continue  # not given (too many teaching days missed): not exported either
        pdf = pdf_bytes(CERTIFICATE_TEMPLATE, context)
        name = certificate_filename(enrolment).removesuffix(".pdf")
        documents.append(Document(f"{name}-{enrolment.cohort.starts_on:%Y-%m-%d}.pdf", pdf))
    return documents


def export_talks(person: Person) -> list[dict[str, Any]]:
    """The person's leader talks with the feedback on them, and the feedback they gave."""
    talks = list(
        LeaderTalk.objects.filter(enrolment__person=person)
        .select_related("enrolment__cohort", "session")
        .order_by("pk")
    )
    result = [
        {"record": "leader_talk", **item}
        for item in records(talks, ["enrolment.cohort.name", "title", "session.starts_at"])
    ]
    result += [
        {"record": "feedback_received", **item}
        for item in records(
            LeaderTalkFeedback.objects.filter(talk__in=talks).order_by("created_at", "pk"),
            _FEEDBACK_FIELDS,
        )
    ]
    result += [
        {"record": "feedback_given", **item}
        for item in records(
            LeaderTalkFeedback.objects.filter(author__person=person).order_by("created_at", "pk"),
            _FEEDBACK_FIELDS,
        )
    ]
    return result


def erase_talks(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the person's leader talks (with the feedback on them) and the feedback they
    gave."""
    talks = LeaderTalk.objects.filter(enrolment__person=person)
    received = LeaderTalkFeedback.objects.filter(talk__enrolment__person=person)
    given = LeaderTalkFeedback.objects.filter(author__person=person)
    lines = [
        ErasureLine(_("Lederindlæg"), talks.count(), Action.DELETE),
        ErasureLine(_("Feedback modtaget på lederindlæg"), received.count(), Action.DELETE),
        ErasureLine(_("Feedback givet på andres lederindlæg"), given.count(), Action.DELETE),
    ]
    if apply:
        given.delete()
        received.delete()
        talks.delete()
    return lines


def expire_talk_feedback(cutoff: dt.datetime, apply: bool) -> int:
    """Delete the peer feedback on talks whose speaker's enrolment ended before `cutoff`."""
    rows = LeaderTalkFeedback.objects.filter(ended_before(cutoff, "talk__enrolment__"))
    count = rows.count()
    if apply and count:
        rows.delete()
    return count


def register() -> None:
    """Register Leder på spring's entries (called once from `ClarificationConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="clarification.steps",
            order=40,
            label=_("Leder på spring: forløbets trin og kursusbevis"),
            kind=RecordKind.ENROLMENT,
            models=(MailingDelivery, JtiRecord, HomeworkStatus),
            export=export_steps,
            erase=erase_steps,
            documents=certificate_documents,
        )
    )
    personal_data.register(
        PersonalData(
            key="clarification.talks",
            order=41,
            label=_("Leder på spring: lederindlæg og feedback"),
            kind=RecordKind.ENROLMENT,
            models=(LeaderTalk, LeaderTalkFeedback),
            export=export_talks,
            erase=erase_talks,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="clarification.talk_feedback",
            order=40,
            label=_("Feedback på lederindlæg"),
            kind=RecordKind.ENROLMENT,
            default_days=1095,
            reason=THREE_YEARS_REASON,
            expire=expire_talk_feedback,
        )
    )
