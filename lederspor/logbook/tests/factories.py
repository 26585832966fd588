"""Small builders for the logbook tests (rows other apps own, made directly)."""

import datetime as dt

from django.utils import timezone

from lederspor.conversations.models import (
    Conversation,
    ConversationAttendee,
    ConversationKind,
    ConversationTemplate,
    TemplateVersion,
)
from lederspor.grouping.models import GroupingRound, GroupMembership, NetworkGroup
from lederspor.logbook.services import entry_create
from lederspor.programmes.models import Session


def make_groups(cohort, members_by_group, *, status=GroupingRound.Status.PUBLISHED, number=1):
    """A round of `cohort` with one group per list of enrolments in `members_by_group`."""
    rnd = GroupingRound.objects.create(
        cohort=cohort,
        number=number,
        status=status,
        published_at=timezone.now() if status == GroupingRound.Status.PUBLISHED else None,
    )
    for i, members in enumerate(members_by_group, start=1):
        group = NetworkGroup.objects.create(round=rnd, number=i, name=f"Gruppe {i}")
        for enrolment in members:
            GroupMembership.objects.create(round=rnd, group=group, enrolment=enrolment)
    return rnd


def make_session(cohort, *, theme="Ledelse i en kommunal kontekst", days=-5):
    start = timezone.now() + dt.timedelta(days=days)
    return Session.objects.create(
        cohort=cohort,
        kind=Session.Kind.TEACHING_DAY,
        theme=theme,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
    )


def make_conversation(enrolment, attendees, *, kind=ConversationKind.LEADER_BEFORE):
    """A planned conversation of `enrolment` with `attendees` ((person, role) pairs)."""
    template, _ = ConversationTemplate.objects.get_or_create(
        kind=kind, defaults={"name": "Samtale med nærmeste leder", "roles": ["participant"]}
    )
    version = template.versions.order_by("-number").first() or TemplateVersion.objects.create(
        template=template, number=1, questions=[]
    )
    start = timezone.now() + dt.timedelta(days=3)
    conversation = Conversation.objects.create(
        enrolment=enrolment,
        template_version=version,
        kind=kind,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    for person, role in attendees:
        ConversationAttendee.objects.create(conversation=conversation, person=person, role=role)
    return conversation


def write(enrolment, *, title="Min første undervisningsdag", text="Privat refleksion", **kw):
    """An entry written through the service by the enrolment's participant."""
    return entry_create(
        enrolment=enrolment,
        title=title,
        text=text,
        written_on=kw.pop("written_on", timezone.localdate()),
        by=enrolment.person.user,
        **kw,
    )
