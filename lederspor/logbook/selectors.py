"""Reads of the logbook that other apps use."""

from django.db.models import QuerySet

from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.programmes.models import Enrolment


def entries_shared_with_leader(*, enrolment: Enrolment) -> QuerySet[LogbookEntry]:
    """The entries of `enrolment` its participant has shared with the nearest leader, newest
    first. Seed 002 §7: the logbook is the starting point of the conversation with the leader,
    so the preparation of that conversation shows these (never private ones)."""
    return LogbookEntry.objects.filter(enrolment=enrolment, visibility=Visibility.LEADER).order_by(
        "-written_on", "-pk"
    )
