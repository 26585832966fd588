"""The demo's data protection (issue #15): the municipality's data-protection officer (DPO), a
login with the data-protection role, and a few days of the read log.

The DPO is the personnel lawyer of "Løn og Personale" (or its last employee when the draw gave
the team none), who becomes *databeskyttelsesrådgiver* with the permission
`privacy.data_protection` and no HR rights. The demo builder does not browse, so the read log
gets a handful of rows as the pages would have written them (`privacy.readlog`): the consultant
opens the aspirant's programme page and a conversation, the leader and the chef the aspirant's
page, the consultant exports the cohort's list, the trainee's HR consultant
reads the learning agreement — each at its moment in the last fortnight of the story.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.urls import reverse

from lederspor.conversations.models import Conversation
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.site.demo.story import Story, at

#: the team the DPO works in, and the title they get
DPO_TEAM = "Løn og Personale"
DPO_TITLE = "Databeskyttelsesrådgiver (DPO)"


def appoint_data_protection_officer(*, team: list[Person]) -> Person:
    """Make the team's personnel lawyer (else its last member) the DPO: title, profession and
    the permission `privacy.data_protection` (no HR rights). Returns the DPO."""
    dpo = next((p for p in team if p.job_title == "Personalejurist"), team[-1])
    dpo.job_title, dpo.profession = DPO_TITLE, "Jurist"
    dpo.save(update_fields=["job_title", "profession", "updated_at"])
    login_of(dpo).user_permissions.add(
        Permission.objects.get(codename="data_protection", content_type__app_label="privacy")
    )
    return dpo


def _read(
    reader: Person,
    subjects: list[Person] | list[int],
    kinds: list[RecordKind],
    path: str,
    channel: str = "page",
) -> ReadLogEntry:
    """One read-log row as `privacy.readlog.write_reads` writes it for a request of `reader`."""
    ids = [getattr(s, "pk", s) for s in subjects]
    return ReadLogEntry.objects.create(
        reader=login_of(reader),
        reader_label=f"{reader.full_name} <{reader.email}>",
        kinds=",".join(kind.value for kind in kinds),
        subjects=" " + " ".join(str(pk) for pk in ids) + " ",
        subject_count=len(ids),
        path=path,
        channel=channel,
        address="10.20.30.40",
    )


def build_read_log(
    *,
    story: Story,
    consultant: Person,
    leader: Person,
    chef: Person,
    aspirant: Person,
    trainee_consultant: Person,
    trainee: Person,
) -> int:
    """Write the demo's read-log rows (see the module) at their moments; returns how many."""
    enrolment = (
        Enrolment.objects.filter(person=aspirant).select_related("cohort").order_by("-pk").first()
    )
    if enrolment is None:
        return 0
    cohort: Cohort = enrolment.cohort
    conversation = Conversation.objects.filter(enrolment=enrolment).order_by("pk").first()
    enrolled = list(
        cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).values_list(
            "person_id", flat=True
        )
    )
    trainee_enrolment = Enrolment.objects.filter(person=trainee).order_by("-pk").first()
    page = reverse("programmes:enrolment_detail", args=[enrolment.pk])
    day = story.today
    reads: list[tuple[dt.datetime, Person, list[Person] | list[int], list[RecordKind], str, str]] = [
        (at(day - dt.timedelta(days=12), 9, 14), consultant, [aspirant],
         [RecordKind.ENROLMENT, RecordKind.TASK], page, "page"),
        (at(day - dt.timedelta(days=9), 13, 2), leader, [aspirant],
         [RecordKind.ENROLMENT, RecordKind.TASK], page, "page"),
        (at(day - dt.timedelta(days=6), 10, 41), chef, [aspirant],
         [RecordKind.ENROLMENT], page, "page"),
        (at(day - dt.timedelta(days=4), 15, 20), consultant, enrolled,
         [RecordKind.ENROLMENT],
         reverse("programmes:cohort_detail", args=[cohort.pk]) + "?eksport=xlsx", "export"),
    ]  # fmt: skip
    if conversation is not None:
        reads.append(
            (at(day - dt.timedelta(days=2), 11, 5), consultant, [aspirant],
             [RecordKind.CONVERSATION], reverse("conversations:detail", args=[conversation.pk]),
             "page")
        )  # fmt: skip
    if trainee_enrolment is not None:
        reads.append(
            (at(day - dt.timedelta(days=1), 8, 55), trainee_consultant, [trainee],
             [RecordKind.AGREEMENT],
             reverse("agreements:enrolment_agreement", args=[trainee_enrolment.pk]), "page")
        )  # fmt: skip
    for when, reader, subjects, kinds, path, channel in sorted(reads, key=lambda r: r[0]):
        story.do(when, lambda: _read(reader, subjects, kinds, path, channel))  # noqa: B023
    return len(reads)
