"""Every document a person receives reads as a finished, tagged Danish document (issue #14 §2):
each is downloaded from the demo municipality through its real URL, signed in as a person who
may have it, and read back with pypdf (`core.pdf_testing`): PDF/UA-1 tags, language, the title
the reader shows, headings, and a text without raw field names, `None`, broken numbering, stray
parentheses or dates that are not Danish.

Adding a document is one line in `DOCUMENTS`: a name and a function returning, from the demo,
the samples to download (`Sample`: URL, who downloads it, the title the PDF should carry).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from lederspor.agreements.models import LearningAgreement
from lederspor.clarification.selectors import certificate_attendance
from lederspor.competence.models import CompetencePlan
from lederspor.conversations.models import (
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationKind,
    ConversationStatus,
)
from lederspor.core.models import User
from lederspor.core.pdf_testing import document_problems, pdf_structure
from lederspor.programmes.models import Enrolment, ProgrammeKind


@dataclass(frozen=True)
class Sample:
    """One document to download: its URL, the user who downloads it, its expected title."""

    url: str
    user: User
    title: str


def conversation_summaries() -> list[Sample]:
    """One held or signed conversation of each kind, downloaded by its participant."""
    samples = []
    held = Conversation.objects.filter(
        status__in=[ConversationStatus.HELD, ConversationStatus.SIGNED]
    ).select_related("enrolment__person__user", "template_version__template")
    for kind in ConversationKind:
        # the one with the most written in it shows the most of the template
        c = max(held.filter(kind=kind), key=lambda c: len(c.notes or ""), default=None)
        if c is not None:
            person = c.enrolment.person
            samples.append(
                Sample(
                    reverse("conversations:summary_pdf", args=[c.pk]),
                    person.user,
                    f"{c.template_version.template.name} – {person.full_name}",
                )
            )
    return samples


def host_letters() -> list[Sample]:
    """Career conversations' letters to the host, downloaded by the participant who sends it;
    the letter is addressed to the host by name (seed 002 §4, issue #14)."""
    hosts = ConversationAttendee.objects.filter(
        conversation__kind=ConversationKind.CAREER, role=AttendeeRole.HOST
    ).select_related("person", "conversation__enrolment__person__user")
    return [
        Sample(
            reverse("conversations:host_letter_pdf", args=[a.conversation_id]),
            a.conversation.enrolment.person.user,
            f"Brev til {a.person.full_name} om karrieresamtalen",
        )
        for a in hosts.order_by("conversation_id")[:3]
    ]


def learning_agreements() -> list[Sample]:
    """A learning agreement of each status, downloaded by the trainee."""
    samples = []
    for status in LearningAgreement._meta.get_field("status").choices or []:
        agreement = (
            LearningAgreement.objects.filter(status=status[0])
            .select_related("enrolment__person__user")
            .order_by("-pk")
            .first()
        )
        if agreement is not None:
            person = agreement.enrolment.person
            samples.append(
                Sample(
                    reverse("agreements:agreement_pdf", args=[agreement.pk]),
                    person.user,
                    f"Læringsaftale – {person.full_name}",
                )
            )
    return samples


def certificates() -> list[Sample]:
    """Course certificates of completed Leder på spring enrolments whose attendance allows one
    (`clarification.selectors.certificate_attendance`), downloaded by the participant."""
    completed = [
        e
        for e in Enrolment.objects.filter(
            cohort__programme__kind=ProgrammeKind.CLARIFICATION, status=Enrolment.Status.COMPLETED
        )
        .select_related("person__user", "cohort")
        .order_by("pk")
        if certificate_attendance(e).allows_certificate
    ]
    return [
        Sample(
            reverse("clarification:certificate", args=[e.pk]),
            e.person.user,
            f"Kursusbevis – {e.person.full_name}",
        )
        for e in completed[:2]
    ]


def competence_plans() -> list[Sample]:
    """A unit's plan of each status (downloaded by its owner, a leader of the unit) and a worked
    example (downloaded by a participant of a real plan: anyone signed in may read it)."""
    samples = []
    plans = CompetencePlan.objects.filter(is_example=False, owner__user__isnull=False)
    for status in sorted({p.status for p in plans}):
        plan = plans.filter(status=status).select_related("owner__user").order_by("pk").first()
        assert plan is not None and plan.owner is not None
        samples.append(
            Sample(reverse("competence:plan_pdf", args=[plan.pk]), plan.owner.user, plan.title)
        )
    example = CompetencePlan.objects.filter(is_example=True).order_by("example_number").first()
    if example is not None and samples:
        samples.append(
            Sample(
                reverse("competence:plan_pdf", args=[example.pk]),
                samples[0].user,
                f"{example.example_number}. {example.workplace_label}: {example.title}",
            )
        )
    return samples


def quick_guides() -> list[Sample]:
    """The competence method's quick guide (lynguide), downloaded by a participant of a plan
    (anyone signed in may have it)."""
    from lederspor.competence.content import method

    user = User.objects.filter(person__isnull=False, is_superuser=False).order_by("pk").first()
    assert user is not None
    return [Sample(reverse("competence:lynguide"), user, method().lynguide_title)]


#: every document a person receives: (name, the samples to download from the demo)
DOCUMENTS: list[tuple[str, Callable[[], list[Sample]]]] = [
    ("samtaleresumé", conversation_summaries),
    ("brev til værten", host_letters),
    ("læringsaftale", learning_agreements),
    ("kursusbevis", certificates),
    ("kompetenceplan", competence_plans),
    ("lynguide", quick_guides),
]


def download(sample: Sample) -> bytes:
    client = Client()
    client.force_login(sample.user, backend="lederspor.core.auth.EmailBackend")
    response = client.get(sample.url)
    assert response.status_code == 200, sample.url
    assert response["Content-Type"] == "application/pdf"
    return bytes(response.content)


@pytest.mark.parametrize(("name", "samples"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_the_document_is_tagged_pdf_ua_in_danish_with_its_title(demo, name, samples, caplog):
    found = samples()
    assert found, f"the demo has no {name}"
    for sample in found:
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            info = pdf_structure(download(sample))
        # WeasyPrint logs what breaks PDF/UA ("Missing required lang", "no required alt")
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert info.tagged and info.pdfua_part == 1, sample.url
        assert info.lang == "da"
        assert info.display_doc_title
        assert info.title == sample.title
        # reading order by real headings: one H1 first, H2 sections after it
        assert info.headings[0][0] == 1 and info.tags.count("H1") == 1, info.headings
        assert "H2" in info.tags, sample.url
        assert info.figures_without_alt == 0 and info.cells_without_headers == 0


#: documents whose text is known not to read right yet, with what is wrong and whose it is to fix
#: (strict: the test fails once it reads right, so the entry is removed then)
KNOWN_PROBLEMS: dict[str, str] = {}


def _known(name: str):
    reason = KNOWN_PROBLEMS.get(name)
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.parametrize(
    ("name", "samples"),
    [pytest.param(name, samples, marks=_known(name), id=name) for name, samples in DOCUMENTS],
)
def test_the_document_reads_as_a_finished_danish_document(demo, name, samples):
    problems = {sample.url: document_problems(download(sample)) for sample in samples()}
    assert {url: found for url, found in problems.items() if found} == {}
