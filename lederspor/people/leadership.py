"""Who is a nearest leader, and when that changed (issue #13 §1 "Who became a leader";
docs/reports.md, docs/import.md).

A person is **a nearest leader** (*nærmeste leder*) when they are active and either marked as a
leader (`Person.is_leader`, the import's `er_leder`) or the `manager` of at least one active
person. Lederspor cannot look back in the payroll system, so it remembers: every import or sync
of the organisation ends with `record_leadership_changes`, which compares who leads now with
each person's latest recorded state and writes a dated `LeadershipChange` for every difference.
The reports read these events (`timelines`, `leader_on`, `became_after`) to say whether a programme's
participants became leaders after completing it.

The first time a person is seen already leading (the very first recording, or a person the
import creates as a leader) the row is a `became` with `baseline=True`: they led from that date,
but nobody saw them become a leader, so the reports never count it as one.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from lederspor.people.models import LeadershipChange, Person

Kind = LeadershipChange.Kind

#: the sources that write leadership changes (`LeadershipChange.source`)
SOURCE_IMPORT = "import"
SOURCE_SYNC = "sync"
SOURCE_DEMO = "demo"


@dataclass(frozen=True)
class LeadershipCounts:
    """What one `record_leadership_changes` wrote: persons who became leaders (not counting the
    baseline), who stopped, and who were recorded as already leading when first seen."""

    became: int = 0
    stopped: int = 0
    baseline: int = 0

    def __bool__(self) -> bool:
        return bool(self.became or self.stopped or self.baseline)


def current_leaders() -> QuerySet[Person]:
    """The persons who are nearest leaders now: active, and `is_leader` or the manager of at
    least one active person (one query when evaluated)."""
    has_reports = Exists(Person.objects.filter(manager=OuterRef("pk"), is_active=True))
    return Person.objects.filter(Q(is_leader=True) | has_reports, is_active=True)


def _latest_kinds(
    person_ids: Iterable[int] | None = None, *, on: dt.date | None = None
) -> dict[int, str]:
    """Each person's latest recorded kind (on or before `on` if given), by person id; persons
    without a row are missing. One query; folds the rows in (date, id) order."""
    rows = LeadershipChange.objects.all()
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    if on is not None:
        rows = rows.filter(on__lte=on)
    latest: dict[int, str] = {}
    for person_id, kind in rows.order_by("on", "id").values_list("person_id", "kind"):
        latest[person_id] = kind
    return latest


def plan_leadership_changes(
    *,
    leading: Collection[int],
    latest: Mapping[int, str],
    on: dt.date,
    source: str,
    new_person_ids: Collection[int] = (),
) -> tuple[list[LeadershipChange], LeadershipCounts]:
    """The `LeadershipChange` rows (unsaved) and counts that `record_leadership_changes` would
    write, from who leads now and each person's latest recorded kind; reads nothing.

    `leading`: ids of the persons who lead now; `latest`: person id → latest recorded kind
    (`_latest_kinds`); `new_person_ids`: the persons the import created. Ids are only keys
    here, so a dry run may pass stand-in ids for persons it did not create (issue #17 §2: a
    dry run counts without writing). The rules are those of `record_leadership_changes`.
    """
    first_recording = not latest  # no row at all yet
    new = set(new_person_ids)
    rows: list[LeadershipChange] = []
    became = stopped = baseline = 0
    for person_id in sorted(leading):
        if latest.get(person_id) == Kind.BECAME:
            continue
        is_baseline = person_id not in latest and (first_recording or person_id in new)
        rows.append(
            LeadershipChange(
                person_id=person_id, kind=Kind.BECAME, on=on, baseline=is_baseline, source=source
            )
        )
        if is_baseline:
            baseline += 1
        else:
            became += 1
    leading_set = set(leading)
    for person_id, kind in sorted(latest.items()):
        if kind == Kind.BECAME and person_id not in leading_set:
            rows.append(
                LeadershipChange(person_id=person_id, kind=Kind.STOPPED, on=on, source=source)
            )
            stopped += 1
    return rows, LeadershipCounts(became=became, stopped=stopped, baseline=baseline)


def latest_kinds() -> dict[int, str]:
    """Every person's latest recorded kind, by person id (one query); persons without a row
    are missing. For `plan_leadership_changes`."""
    return _latest_kinds()


@transaction.atomic
def record_leadership_changes(
    *, on: dt.date, source: str, new_person_ids: Collection[int] = ()
) -> LeadershipCounts:
    """Write a `LeadershipChange` for every person whose leading differs from their latest
    recorded state; return the counts.

    `on`: the date the import/sync saw the organisation (usually today). `source`: "import",
    "sync" or "demo". `new_person_ids`: the persons this import created; one of them who already
    leads gets a baseline row. On the very first recording (no rows at all) everyone who leads
    gets a baseline row. Anyone else who leads now and did not at their latest row (or has no
    row: they were seen before, not leading) gets `became`; anyone whose latest row is `became`
    and who no longer leads (no active reports, not `is_leader`, or deactivated) gets `stopped`.
    Idempotent: a second call with nothing changed writes nothing. Two queries and the bulk
    inserts (batches of 1,000), however many persons there are. Call it inside the import's
    transaction.
    """
    rows, counts = plan_leadership_changes(
        leading=set(current_leaders().values_list("pk", flat=True)),
        latest=_latest_kinds(),
        on=on,
        source=source,
        new_person_ids=new_person_ids,
    )
    if rows:
        LeadershipChange.objects.bulk_create(rows, batch_size=1000)
    return counts


def leader_on(person_ids: Iterable[int], on: dt.date) -> set[int]:
    """The persons of `person_ids` who were nearest leaders on `on`, as the recorded changes say
    (their latest change on or before `on` is a `became`, baseline or not). One query."""
    return {pid for pid, kind in _latest_kinds(person_ids, on=on).items() if kind == Kind.BECAME}


@dataclass
class Timeline:
    """A person's recorded changes in date order: `dates`, `kinds` and `baseline` flags."""

    dates: list[dt.date] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    baseline: list[bool] = field(default_factory=list)

    def leading_on(self, day: dt.date) -> bool:
        """Whether the last change on or before `day` made the person a leader (a baseline
        row counts: they led from its date)."""
        index = bisect_right(self.dates, day) - 1
        return index >= 0 and self.kinds[index] == Kind.BECAME

    def first_became_after(self, day: dt.date) -> dt.date | None:
        """The date of the first non-baseline "became" after `day`, or None."""
        for index in range(bisect_right(self.dates, day), len(self.dates)):
            if self.kinds[index] == Kind.BECAME and not self.baseline[index]:
                return self.dates[index]
        return None


def timelines(person_ids: Iterable[int] | QuerySet[Any]) -> dict[int, Timeline]:
    """Every recorded change of `person_ids` (ids, or a `values("person_id")`-like queryset,
    used as a subquery), as a `Timeline` per person id; persons without a row are missing.
    One query."""
    ids = person_ids if isinstance(person_ids, QuerySet) else list(person_ids)
    found: dict[int, Timeline] = defaultdict(Timeline)
    rows = (
        LeadershipChange.objects.filter(person_id__in=ids)
        .order_by("person_id", "on", "id")
        .values_list("person_id", "on", "kind", "baseline")
    )
    for person_id, on, kind, baseline in rows:
        line = found[person_id]
        line.dates.append(on)
        line.kinds.append(kind)
        line.baseline.append(baseline)
    return dict(found)


def became_after(since: Mapping[int, dt.date]) -> dict[int, dt.date]:
    """When each person became a nearest leader after their date in `since` (person id → e.g.
    the day they completed a programme): the first non-baseline `became` after that date, for
    those who were not leading on it. Persons who did not become leaders are missing.

    One query. "Within 12 months" is then `became - since <= 12 months` (docs/reports.md).
    """
    if not since:
        return {}
    result: dict[int, dt.date] = {}
    for person_id, line in timelines(since).items():
        day = since[person_id]
        became = None if line.leading_on(day) else line.first_became_after(day)
        if became is not None:
            result[person_id] = became
    return result


def leadership_history(*, person: Person) -> list[LeadershipChange]:
    """`person`'s leadership changes, oldest first (one query), for their HR page."""
    return list(person.leadership_changes.order_by("on", "id"))
