"""The reminder to pairs that still miss a visit before their wrap-up (issue #14 §1; seed 001:
"Det er vigtigt, at jobbesøgene er gennemført inden den fælles opsamling i maj"), run by the
worker's task (`tasks.py`).

Once per pair (`VisitPair.missing_visit_reminded_at`): the members get one e-mail naming the
visits that are not yet held (their number, host and status), the wrap-up's time and a link.
The subject names no content; nothing about the visits' texts is sent.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lederspor.core.audit import audit_record
from lederspor.notifications.services import absolute_url, email_send
from lederspor.visits.audit import VisitAction
from lederspor.visits.models import JobVisit, VisitPair, WrapUpGroup
from lederspor.visits.schedule import cohort_schedule
from lederspor.visits.selectors import with_plan_hints


@transaction.atomic
def missing_visits_remind(*, group_id: int, starts_at: str) -> int:
    """Queue the mail `visits/email/missing_visit` to the members of every published pair of
    wrap-up group `group_id` that has a visit not yet held (planned or scheduled) and was not
    reminded before. `starts_at`: ISO time of the wrap-up the task was scheduled for; a moved,
    unbooked, deleted or already started wrap-up sends nothing. Returns the number of pairs
    reminded; one audit row per pair (action "visits.remind_missing_visit", no actor: the
    worker)."""
    group = (
        WrapUpGroup.objects.select_for_update(of=("self",))
        .filter(pk=group_id)
        .select_related("cohort")
        .first()
    )
    if group is None or group.starts_at is None:
        return 0
    if group.starts_at != dt.datetime.fromisoformat(starts_at) or group.starts_at <= timezone.now():
        return 0
    pairs = (
        VisitPair.objects.select_for_update(of=("self",))
        .filter(
            wrap_up_group=group,
            published_at__isnull=False,
            missing_visit_reminded_at__isnull=True,
        )
        .prefetch_related("memberships__person", "visits__host")
        .order_by("number")
    )
    schedule = cohort_schedule(group.cohort)
    url = absolute_url(reverse("visits:wrap_up_detail", args=[group.pk]))
    reminded = 0
    for pair in pairs:
        missing = [v for v in pair.visits.all() if v.status not in JobVisit.DONE]
        if not missing:
            continue
        with_plan_hints(missing, schedule)
        members = [m.person for m in pair.memberships.all()]
        email_send(
            to=members,
            template="visits/email/missing_visit",
            context={
                "group": group,
                "missing": missing,
                "url": url,
                "pair_url": absolute_url(reverse("visits:pair_detail", args=[pair.pk])),
            },
            kind="visits.missing_visit",
            about=pair,
            cohort_id=group.cohort_id,
        )
        pair.missing_visit_reminded_at = timezone.now()
        pair.save(update_fields=["missing_visit_reminded_at", "updated_at"])
        audit_record(
            actor=None,
            action=VisitAction.VISIT_REMIND_MISSING,
            obj=pair,
            group=group.pk,
            missing=[v.pk for v in missing],
        )
        reminded += 1
    return reminded
