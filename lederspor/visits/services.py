"""Writes for job visits (seed 001; issue #4 §3): enrolment, pairing, visits, wrap-up groups.

Every function is one transaction with an audit row per state change; e-mails are queued in the
same transaction and delivered by the worker (STYLE.md §3).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.notifications import ics
from lederspor.notifications.services import absolute_url, email_send
from lederspor.optimize.pairing import InfeasiblePairing, group_pairs, match_pairs
from lederspor.people.models import Person
from lederspor.people.selectors import OrgRole, load_units, manager_lines, unit_in_role
from lederspor.programmes.models import Cohort, Enrolment, ProgrammeKind
from lederspor.visits.audit import VisitAction
from lederspor.visits.models import (
    Boundary,
    JobVisit,
    PairMember,
    VisitPair,
    VisitPairing,
    WrapUpGroup,
)
from lederspor.visits.selectors import guide_for_cohort
from lederspor.visits.tasks import missing_visits_reminder_schedule

VisitStatus = JobVisit.Status

#: weight of one shared leadership theme between two leaders
THEME_WEIGHT = 1.0
#: the largest deterministic tie-break between two leaders (well below one shared theme)
TIE_BREAK = 0.01


def _require_job_visit(cohort: Cohort) -> None:
    if cohort.programme.kind != ProgrammeKind.JOB_VISIT:
        raise ValidationError(_("Holdet er ikke et jobbesøgshold."))


# --- enrolment ---------------------------------------------------------------------------------


@transaction.atomic
def job_visit_enrol(
    *, cohort: Cohort, persons: Iterable[Person], decided_by: Person | None, by: User
) -> list[Enrolment]:
    """The consultant enrols leaders directly on a job-visit cohort (no nomination needed).

    Raises ValidationError if the cohort is not a job-visit cohort, a person is not a leader,
    the seats run out, or pairs are already published. Leaders already on the cohort are skipped;
    a rejected or withdrawn place is reopened.
    """
    _require_job_visit(cohort)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if VisitPair.objects.filter(cohort=cohort, published_at__isnull=False).exists():
        raise ValidationError(_("Parrene er offentliggjort; der kan ikke optages flere ledere."))
    persons = list(persons)
    not_leaders = [p.full_name for p in persons if not p.is_leader]
    if not_leaders:
        raise ValidationError(
            _("Kun ledere kan deltage i jobbesøg: %(names)s.") % {"names": ", ".join(not_leaders)}
        )
    existing = {
        e.person_id: e
        for e in Enrolment.objects.select_for_update().filter(cohort=cohort, person__in=persons)
    }
    seated = Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED).count()
    todo = [
        p for p in persons if p.pk not in existing or existing[p.pk].status not in Enrolment.SEATED
    ]
    if seated + len(todo) > cohort.capacity:
        raise ValidationError(
            _("Holdet har kun %(left)d ledige pladser.") % {"left": cohort.capacity - seated}
        )
    now = timezone.now()
    enrolled = []
    for person in todo:
        enrolment = existing.get(person.pk) or Enrolment(cohort=cohort, person=person)
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.decided_by = decided_by
        enrolment.decided_at = now
        enrolment.decision_reason = ""
        enrolment.withdrawn_at = None
        enrolment.withdrawal_reason = ""
        enrolment.save()
        audit_record(
            actor=by,
            action=VisitAction.ENROLMENT_ENROL_JOB_VISIT,
            obj=enrolment,
            summary=person.full_name,
        )
        enrolled.append(enrolment)
    return enrolled


# --- the pairing rules -------------------------------------------------------------------------


class PairRules:
    """The hard rules for a pair of leaders in `cohort` (issue #4 §3) and their theme weights.

    Loads the org tree, the manager lines (`people.selectors.manager_lines`) and earlier
    job-visit partners once, so checking many pairs costs nothing more.
    """

    def __init__(self, *, cohort: Cohort, people: Sequence[Person], boundary: str) -> None:
        self.boundary = boundary
        self.people = list(people)
        units = load_units()
        # the forvaltning/område of each person: the configured levels at any depth
        # (people.selectors.unit_in_role; issue #17 §2)
        self._levels = {
            person.pk: {
                role: getattr(unit_in_role(person.unit_id, role, units), "pk", None)
                for role in (OrgRole.AREA, OrgRole.DEPARTMENT)
            }
            for person in self.people
        }
        self._lines = manager_lines(self.people)
        ids = [p.pk for p in self.people]
        earlier_rows = (
            PairMember.objects.filter(
                pair__in=VisitPair.objects.filter(memberships__person_id__in=ids),
                pair__cohort__programme__kind=ProgrammeKind.JOB_VISIT,
            )
            .exclude(cohort=cohort)
            .values_list("pair_id", "person_id")
        )
        by_pair: dict[int, set[int]] = defaultdict(set)
        for pair_id, person_id in earlier_rows:
            by_pair[pair_id].add(person_id)
        self._earlier = {
            frozenset(two)
            for members in by_pair.values()
            for two in itertools.combinations(sorted(members), 2)
        }
        themes = dict(
            Enrolment.objects.filter(cohort=cohort, person_id__in=ids).values_list(
                "person_id", "leadership_themes"
            )
        )
        self._themes = {pk: set(themes.get(pk) or []) for pk in ids}

    def problem(self, a: Person, b: Person) -> str | None:
        """Why `a` and `b` may not be partners (Danish), or None if they may."""
        if a.pk in self._lines[b.pk] or b.pk in self._lines[a.pk]:
            return _("%(a)s og %(b)s er i samme ledelseslinje.") % {
                "a": a.full_name,
                "b": b.full_name,
            }
        key = OrgRole.DEPARTMENT if self.boundary == Boundary.DEPARTMENT else OrgRole.AREA
        mine, theirs = self._levels[a.pk][key], self._levels[b.pk][key]
        if mine is not None and mine == theirs:
            if self.boundary == Boundary.DEPARTMENT:
                msg = _("%(a)s og %(b)s er i samme forvaltning.")
            else:
                msg = _("%(a)s og %(b)s er i samme område.")
            return msg % {"a": a.full_name, "b": b.full_name}
        if frozenset((a.pk, b.pk)) in self._earlier:
            return _("%(a)s og %(b)s har været makkere før.") % {
                "a": a.full_name,
                "b": b.full_name,
            }
        return None

    def weight(self, a: Person, b: Person) -> float:
        """Shared leadership themes plus a small tie-break that depends only on the two ids."""
        shared = len(self._themes.get(a.pk, set()) & self._themes.get(b.pk, set()))
        low, high = sorted((a.pk, b.pk))
        return THEME_WEIGHT * shared + TIE_BREAK * ((low * 7919 + high * 104729) % 1000) / 1000

    def matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """(weights, allowed) over `people` in order, for `optimize.pairing.match_pairs`."""
        n = len(self.people)
        weights = np.zeros((n, n))
        allowed = np.zeros((n, n), dtype=bool)
        for i, j in itertools.combinations(range(n), 2):
            a, b = self.people[i], self.people[j]
            weights[i, j] = weights[j, i] = self.weight(a, b)
            allowed[i, j] = allowed[j, i] = self.problem(a, b) is None
        return weights, allowed


def _seated_leaders(cohort: Cohort) -> list[Person]:
    return [
        e.person
        for e in Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED)
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "person_id")
    ]


def _infeasible_message(people: list[Person], allowed: np.ndarray) -> str:
    lonely = [people[i].full_name for i in np.flatnonzero(~allowed.any(axis=1))]
    if lonely:
        return _(
            "Disse ledere kan ikke få en makker efter reglerne: %(names)s. Vælg en anden grænse, "
            "eller tag dem af holdet."
        ) % {"names": ", ".join(lonely)}
    few = [people[i].full_name for i in np.flatnonzero(allowed.sum(axis=1) <= 1)]
    if few:
        return _(
            "Der findes ingen parring, hvor alle par overholder reglerne. Disse ledere har kun én "
            "mulig makker: %(names)s."
        ) % {"names": ", ".join(few)}
    return _("Der findes ingen parring, hvor alle par overholder reglerne. Vælg en anden grænse.")


@transaction.atomic
def pairing_make(*, cohort: Cohort, boundary: str, by: User) -> VisitPairing:
    """Pair the cohort's seated leaders across `boundary`, preferring shared leadership themes.

    Hard rules: across the chosen boundary (different forvaltning or område), never within a
    manager line, never earlier job-visit partners. An odd count gives one trio. Replaces
    unpublished pairs. Raises ValidationError (Danish, naming who cannot be paired) when no
    pairing exists, when pairs are published, or with fewer than two leaders.
    """
    _require_job_visit(cohort)
    if boundary not in Boundary.values:
        raise ValidationError({"boundary": _("Vælg en grænse.")})
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if VisitPair.objects.filter(cohort=cohort, published_at__isnull=False).exists():
        raise ValidationError(_("Parrene er allerede offentliggjort og kan ikke dannes igen."))
    people = _seated_leaders(cohort)
    if len(people) < 2:
        raise ValidationError(_("Der skal mindst være to optagne ledere for at danne par."))
    rules = PairRules(cohort=cohort, people=people, boundary=boundary)
    weights, allowed = rules.matrices()
    try:
        result = match_pairs(weights, allowed)
    except InfeasiblePairing as exc:
        raise ValidationError(_infeasible_message(people, allowed)) from exc
    VisitPair.objects.filter(cohort=cohort).delete()
    WrapUpGroup.objects.filter(cohort=cohort).delete()
    for number, group in enumerate(result.groups, start=1):
        pair = VisitPair.objects.create(cohort=cohort, number=number)
        PairMember.objects.bulk_create(
            PairMember(pair=pair, person=people[i], cohort=cohort) for i in group
        )
    pairing, _created = VisitPairing.objects.update_or_create(
        cohort=cohort, defaults={"boundary": boundary, "objective": result.objective}
    )
    audit_record(
        actor=by,
        action=VisitAction.PAIRING_MAKE,
        obj=pairing,
        summary=pairing.get_boundary_display(),
        pairs=len(result.groups),
        seconds=round(result.seconds, 4),
    )
    return pairing


@transaction.atomic
def pair_swap(*, cohort: Cohort, first: Person, second: Person, by: User) -> None:
    """Swap two leaders between their (unpublished) pairs, checked against the hard rules.

    Raises ValidationError if they are in the same pair, not both in the cohort's pairs, pairs
    are published, or a resulting pair breaks a rule (the message says which).
    """
    pairing = VisitPairing.objects.select_for_update().filter(cohort=cohort).first()
    if pairing is None:
        raise ValidationError(_("Holdet har ingen par endnu."))
    if pairing.published_at is not None:
        raise ValidationError(_("Parrene er offentliggjort og kan ikke ændres."))
    memberships = {
        m.person_id: m
        for m in PairMember.objects.filter(cohort=cohort).select_related("person", "pair")
    }
    a, b = memberships.get(first.pk), memberships.get(second.pk)
    if a is None or b is None:
        raise ValidationError(_("Begge ledere skal være i et par på holdet."))
    if a.pair_id == b.pair_id:
        raise ValidationError(_("De to ledere er allerede i samme par."))
    new_groups = {
        a.pair_id: [m.person for m in memberships.values() if m.pair_id == a.pair_id and m is not a]
        + [b.person],
        b.pair_id: [m.person for m in memberships.values() if m.pair_id == b.pair_id and m is not b]
        + [a.person],
    }
    rules = PairRules(
        cohort=cohort, people=[m.person for m in memberships.values()], boundary=pairing.boundary
    )
    problems = [
        problem
        for group in new_groups.values()
        for x, y in itertools.combinations(group, 2)
        if (problem := rules.problem(x, y))
    ]
    if problems:
        raise ValidationError(problems)
    a_pair, b_pair = a.pair_id, b.pair_id
    PairMember.objects.filter(pk=a.pk).update(pair_id=b_pair)
    PairMember.objects.filter(pk=b.pk).update(pair_id=a_pair)
    audit_record(
        actor=by,
        action=VisitAction.PAIR_SWAP,
        obj=pairing,
        summary=f"{first.full_name} ↔ {second.full_name}",
    )


@transaction.atomic
def pairs_publish(*, cohort: Cohort, by: User) -> int:
    """Publish the pairs: create one visit per host (March, April; a trio's third in April) and
    e-mail each leader their partner(s), a link to their visit page and the guide (seed 001,
    February: "Du får mail med oplysning om, hvem der er din makker …"). Returns the number of
    pairs. Raises ValidationError if there are no pairs or they are already published."""
    pairing = VisitPairing.objects.select_for_update().filter(cohort=cohort).first()
    pairs = list(cohort.visit_pairs.prefetch_related("memberships__person").order_by("number"))
    if pairing is None or not pairs:
        raise ValidationError(_("Dan parrene, før de offentliggøres."))
    if pairing.published_at is not None:
        raise ValidationError(_("Parrene er allerede offentliggjort."))
    now = timezone.now()
    guide = guide_for_cohort(cohort=cohort)
    months = [JobVisit.Month.MARCH, JobVisit.Month.APRIL, JobVisit.Month.APRIL]
    for pair in pairs:
        members = [m.person for m in pair.memberships.all()]
        JobVisit.objects.bulk_create(
            JobVisit(pair=pair, host=host, month=months[i]) for i, host in enumerate(members)
        )
        url = absolute_url(reverse("visits:pair_detail", args=[pair.pk]))
        for person in members:
            email_send(
                to=[person],
                template="visits/email/partner",
                context={
                    "partners": [p for p in members if p.pk != person.pk],
                    "url": url,
                    "guide": guide,
                    "cohort": cohort,
                    "guide_url": absolute_url(reverse("visits:guide_pdf", args=[cohort.pk])),
                },
                kind="visits.partner",
                about=pair,
                cohort_id=cohort.pk,
            )
    VisitPair.objects.filter(cohort=cohort).update(published_at=now)
    pairing.published_at = now
    pairing.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=by, action=VisitAction.PAIRS_PUBLISH, obj=pairing, pairs=len(pairs))
    return len(pairs)


# --- the visit ---------------------------------------------------------------------------------


def _members(visit: JobVisit) -> list[Person]:
    return [
        m.person
        for m in PairMember.objects.filter(pair_id=visit.pair_id)
        .select_related("person")
        .order_by("person__first_name", "person__last_name")
    ]


def _require_member(visit: JobVisit, person: Person, members: list[Person]) -> None:
    if person.pk not in {m.pk for m in members}:
        raise ValidationError(_("Kun makkerne kan ændre jobbesøget."))


def _visit_invitation(visit: JobVisit, members: list[Person]) -> ics.Invitation:
    guests = ", ".join(m.full_name for m in members if m.pk != visit.host_id)
    host = next(m for m in members if m.pk == visit.host_id)
    return ics.Invitation(
        uid=ics.stable_uid(visit),
        sequence=visit.ics_sequence,
        summary=_("Jobbesøg hos %(host)s") % {"host": host.full_name},
        starts_at=visit.starts_at,  # type: ignore[arg-type]
        ends_at=visit.ends_at,  # type: ignore[arg-type]
        location=visit.place,
        description=_("Vært: %(host)s. Gæst: %(guests)s.")
        % {"host": host.full_name, "guests": guests},
        url=absolute_url(reverse("visits:visit_detail", args=[visit.pk])),
        attendees=[(m.full_name, m.email) for m in members],
    )


def _send_visit_mail(visit: JobVisit, members: list[Person], *, method: str) -> None:
    cancelled = method == ics.CANCEL
    email_send(
        to=members,
        template="visits/email/visit",
        context=lambda person: {
            "visit": visit,
            "invitation": _visit_invitation(visit, members),
            "cancelled": cancelled,
        },
        kind="visits.visit_cancel" if cancelled else "visits.visit_invite",
        about=visit,
        cohort_id=visit.pair.cohort_id,
        ics=lambda person: ics.build_ics(_visit_invitation(visit, members), method=method),
    )


@transaction.atomic
def visit_plan(
    *,
    visit: JobVisit,
    person: Person,
    by: User,
    expected_version: int,
    activity: str,
    themes: list[str],
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
) -> JobVisit:
    """The host chooses the leadership activity, one or more of the five themes, and the time and
    place agreed with the guest (seed 001 steps 1–2).

    With a time the visit becomes *scheduled* and every member gets an e-mail with an .ics
    REQUEST (stable UID, SEQUENCE bumped on every change after the first). Raises
    ValidationError if `person` is not the host, the visit is already held, a theme is not one of
    the seed's five, or the end is not after the start; ConcurrentEditError on a stale version.
    """
    locked = lock_version(visit, expected_version)
    if person.pk != locked.host_id:
        raise ValidationError(_("Kun værten vælger aktivitet, tid og sted."))
    if locked.status not in (VisitStatus.PLANNED, VisitStatus.SCHEDULED):
        raise ValidationError(_("Besøget er gennemført og kan ikke planlægges om."))
    known = list(locked.pair.cohort.programme.themes)
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise ValidationError({"themes": _("Vælg blandt de fem ledelsestemaer.")})
    if (starts_at is None) != (ends_at is None):
        raise ValidationError({"ends_at": _("Angiv både start og slut.")})
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Besøget skal slutte efter det starter.")})
    if starts_at is not None and not place.strip():
        raise ValidationError({"place": _("Skriv, hvor besøget foregår.")})
    calendar_changed = (starts_at, ends_at, place.strip()) != (
        locked.starts_at,
        locked.ends_at,
        locked.place,
    )
    previously_sent = locked.starts_at is not None or locked.ics_sequence > 0
    members = _members(locked)
    if starts_at is None and locked.starts_at is not None:
        # clearing the time cancels the agreed visit: CANCEL names the time being cancelled
        locked.ics_sequence += 1
        _send_visit_mail(locked, members, method=ics.CANCEL)
    old = locked.status
    locked.activity = activity.strip()
    locked.themes = [t for t in known if t in themes]
    locked.starts_at, locked.ends_at, locked.place = starts_at, ends_at, place.strip()
    locked.status = VisitStatus.SCHEDULED if starts_at is not None else VisitStatus.PLANNED
    if starts_at is not None and calendar_changed:
        if previously_sent:
            locked.ics_sequence += 1
        _send_visit_mail(locked, members, method=ics.REQUEST)
    locked.full_clean()
    locked.save()
    audit_record(
        actor=by,
        action=VisitAction.VISIT_PLAN,
        obj=locked,
        old=old,
        new=locked.status,
        sequence=locked.ics_sequence,
    )
    return locked


@transaction.atomic
def visit_cancel(*, visit: JobVisit, person: Person, by: User, expected_version: int) -> JobVisit:
    """The host cancels the agreed time: back to *planned*; members get an .ics CANCEL with the
    same UID and a higher SEQUENCE. Raises ValidationError unless the visit is scheduled."""
    locked = lock_version(visit, expected_version)
    if person.pk != locked.host_id:
        raise ValidationError(_("Kun værten kan aflyse besøget."))
    if locked.status != VisitStatus.SCHEDULED:
        raise ValidationError(_("Kun et aftalt besøg kan aflyses."))
    members = _members(locked)
    locked.ics_sequence += 1
    _send_visit_mail(locked, members, method=ics.CANCEL)
    locked.starts_at = locked.ends_at = None
    locked.status = VisitStatus.PLANNED
    locked.save()
    audit_record(
        actor=by, action=VisitAction.VISIT_CANCEL, obj=locked, sequence=locked.ics_sequence
    )
    return locked


#: why a reflected visit refuses writes (issue #14 §1: the content locks after "reflekteret")
LOCKED_MESSAGE = _lazy(
    "Besøget er reflekteret og låst, så teksten kan ikke gemmes. Din tekst står stadig i "
    "feltet. Bed om at få besøget genåbnet, hvis I vil rette noget."
)

#: who may write which part of a visit: "host", "guest" or "both" (seed 001 steps 3–6)
SECTIONS = {
    "expectations": "both",
    "intended": "host",
    "observed": "guest",
    "perceived": "host",
    "reflection": "both",
}


@transaction.atomic
def visit_write(
    *,
    visit: JobVisit,
    section: str,
    value: str | dict[str, str],
    person: Person,
    by: User,
    expected_version: int,
) -> JobVisit:
    """Save one part of a visit: the expectation answers (both, keyed by question index), the
    host's intended leadership, the guest's observations, the perceived leadership the host
    gathered, or the joint reflection (both, keyed by prompt index; after the visit).

    Raises ConcurrentEditError if a partner saved in between (the caller keeps the typed text),
    PermissionDenied (`LOCKED_MESSAGE`) once the visit is reflected (locked until the
    consultant reopens it, issue #14 §1), ValidationError for the wrong partner, observations
    before the visit is scheduled, or a reflection before the visit is held.
    """
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    locked = lock_version(visit, expected_version)
    members = _members(locked)
    _require_member(locked, person, members)
    if locked.is_locked:
        raise PermissionDenied(LOCKED_MESSAGE)
    who = SECTIONS[section]
    is_host = person.pk == locked.host_id
    if who == "host" and not is_host:
        raise ValidationError(_("Kun værten skriver dette."))
    if who == "guest" and is_host:
        raise ValidationError(_("Kun gæsten skriver dette."))
    if section == "observed" and locked.status == VisitStatus.PLANNED:
        raise ValidationError(
            _("Du skriver dine iagttagelser, når besøget er aftalt med tid og sted.")
        )
    if section == "reflection" and locked.status not in JobVisit.DONE:
        raise ValidationError(_("Den fælles refleksion skrives, når besøget er gennemført."))
    if isinstance(value, dict):
        value = {k: v.strip() for k, v in value.items() if v and v.strip()}
    else:
        value = value.strip()
    setattr(locked, section, value)
    locked.save(update_fields=[section, "version", "updated_at"])
    audit_record(actor=by, action=VisitAction(f"visits.visit_write.{section}"), obj=locked)
    return locked


@transaction.atomic
def visit_mark_held(
    *, visit: JobVisit, person: Person, by: User, expected_version: int
) -> JobVisit:
    """Mark a scheduled visit as held (a partner, once it has started)."""
    locked = lock_version(visit, expected_version)
    _require_member(locked, person, _members(locked))
    if locked.status != VisitStatus.SCHEDULED:
        raise ValidationError(_("Kun et aftalt besøg kan markeres som gennemført."))
    if locked.starts_at and locked.starts_at > timezone.now():
        raise ValidationError(_("Besøget kan først markeres som gennemført, når det er begyndt."))
    locked.status = VisitStatus.HELD
    locked.held_at = timezone.now()
    locked.save(update_fields=["status", "held_at", "version", "updated_at"])
    audit_record(actor=by, action=VisitAction.VISIT_HELD, obj=locked, old="scheduled", new="held")
    return locked


@transaction.atomic
def visit_mark_reflected(
    *, visit: JobVisit, person: Person, by: User, expected_version: int
) -> JobVisit:
    """Mark the joint reflection as done (a partner; needs at least one prompt answered)."""
    locked = lock_version(visit, expected_version)
    _require_member(locked, person, _members(locked))
    if locked.status != VisitStatus.HELD:
        raise ValidationError(_("Besøget skal være gennemført, før refleksionen afsluttes."))
    if not any(v.strip() for v in locked.reflection.values()):
        raise ValidationError(_("Skriv jeres fælles refleksion, før I markerer den som afsluttet."))
    locked.status = VisitStatus.REFLECTED
    locked.reflected_at = timezone.now()
    locked.save(update_fields=["status", "reflected_at", "version", "updated_at"])
    audit_record(
        actor=by, action=VisitAction.VISIT_REFLECTED, obj=locked, old="held", new="reflected"
    )
    return locked


@transaction.atomic
def visit_reflection_plan(
    *,
    visit: JobVisit,
    person: Person,
    by: User,
    expected_version: int,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
) -> JobVisit:
    """Host or guest records the time and place they agreed for the joint learning reflection
    after the activity (seed 001 step 2: "Vært og gæst aftaler om tid og sted for jobbesøg og
    fælles læringsrefleksion") – its own fields, apart from the visit's time and place.

    Both times or none (none clears the agreement). Raises ValidationError (Danish, on the
    field) when only one time is given, the end is not after the start, a time has no place or
    the reflection starts before the visit has ended; PermissionDenied when the visit is locked
    (reflected); ValidationError for someone outside the pair; ConcurrentEditError on a stale
    version.
    """
    locked = lock_version(visit, expected_version)
    _require_member(locked, person, _members(locked))
    if locked.is_locked:
        raise PermissionDenied(LOCKED_MESSAGE)
    place = place.strip()
    if (starts_at is None) != (ends_at is None):
        raise ValidationError({"ends_at": _("Angiv både start og slut.")})
    if starts_at is not None and ends_at is not None:
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": _("Refleksionen skal slutte efter den starter.")})
        if not place:
            raise ValidationError({"place": _("Skriv, hvor I mødes til refleksionen.")})
        if locked.ends_at is not None and starts_at < locked.ends_at:
            raise ValidationError(
                {
                    "starts_at": _(
                        "Refleksionen holdes efter ledelsesaktiviteten: vælg en start efter "
                        "besøgets slut."
                    )
                }
            )
    locked.reflection_starts_at, locked.reflection_ends_at = starts_at, ends_at
    locked.reflection_place = place
    locked.full_clean()
    locked.save(
        update_fields=[
            "reflection_starts_at",
            "reflection_ends_at",
            "reflection_place",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=by,
        action=VisitAction.VISIT_REFLECTION_PLAN,
        obj=locked,
        agreed=starts_at is not None,
    )
    return locked


@transaction.atomic
def visit_reopen_request(
    *, visit: JobVisit, person: Person, by: User, expected_version: int
) -> JobVisit:
    """A partner asks the cohort's consultants to reopen a reflected (locked) visit; they get
    an e-mail naming the cohort and a link to its overview – never the visit's content.

    Raises ValidationError unless the visit is reflected and not already asked to be reopened,
    or for someone outside the pair; ConcurrentEditError on a stale version.
    """
    locked = lock_version(visit, expected_version)
    _require_member(locked, person, _members(locked))
    if not locked.is_locked:
        raise ValidationError(_("Kun et reflekteret besøg kan genåbnes."))
    if locked.reopen_requested_at is not None:
        raise ValidationError(_("I har allerede bedt om at få besøget genåbnet."))
    locked.reopen_requested_at = timezone.now()
    locked.reopen_requested_by = person
    locked.save(
        update_fields=["reopen_requested_at", "reopen_requested_by", "version", "updated_at"]
    )
    cohort = locked.pair.cohort
    consultants = list(cohort.consultants.order_by("first_name", "last_name"))
    if consultants:
        email_send(
            to=consultants,
            template="visits/email/reopen_request",
            context={
                "cohort": cohort,
                "pair": locked.pair,
                "url": absolute_url(reverse("visits:cohort_overview", args=[cohort.pk])),
            },
            kind="visits.reopen_request",
            about=locked,
            cohort_id=cohort.pk,
        )
    audit_record(actor=by, action=VisitAction.VISIT_REOPEN_REQUEST, obj=locked)
    return locked


@transaction.atomic
def visit_reopen(*, visit: JobVisit, by: User) -> JobVisit:
    """The cohort's consultant reopens a reflected visit a partner asked to reopen: back to
    *held*, so the pair can write again and mark it reflected anew. The pair gets an e-mail
    (no content). The caller checks that `by` manages the cohort.

    Raises ValidationError unless the visit is reflected with an open request.
    """
    locked = JobVisit.objects.select_for_update().select_related("pair__cohort").get(pk=visit.pk)
    if not locked.is_locked or locked.reopen_requested_at is None:
        raise ValidationError(_("Besøget er ikke bedt genåbnet."))
    asked_at = locked.reopen_requested_at
    locked.status = VisitStatus.HELD
    locked.reflected_at = None
    locked.reopen_requested_at = None
    locked.reopen_requested_by = None
    locked.version += 1
    locked.save(
        update_fields=[
            "status",
            "reflected_at",
            "reopen_requested_at",
            "reopen_requested_by",
            "version",
            "updated_at",
        ]
    )
    email_send(
        to=_members(locked),
        template="visits/email/reopened",
        context={
            "visit": locked,
            "url": absolute_url(reverse("visits:visit_detail", args=[locked.pk])),
        },
        kind="visits.reopened",
        about=locked,
        cohort_id=locked.pair.cohort_id,
    )
    audit_record(
        actor=by,
        action=VisitAction.VISIT_REOPEN,
        obj=locked,
        old=VisitStatus.REFLECTED.value,
        new=VisitStatus.HELD.value,
        requested_at=asked_at.isoformat(),
    )
    return locked


# --- wrap-up groups ----------------------------------------------------------------------------


@transaction.atomic
def wrap_up_compose(*, cohort: Cohort, by: User) -> list[WrapUpGroup]:
    """Put the published pairs together two by two for May's wrap-up, preferring shared themes
    (an odd number of pairs gives one group of three pairs). The cohort's consultants facilitate.

    Replaces unbooked groups. Raises ValidationError if pairs are not published, a group is
    already booked, or there are fewer than two pairs.
    """
    pairing = VisitPairing.objects.select_for_update().filter(cohort=cohort).first()
    if pairing is None or pairing.published_at is None:
        raise ValidationError(_("Offentliggør parrene, før I danner grupper til opsamlingen."))
    if WrapUpGroup.objects.filter(cohort=cohort, starts_at__isnull=False).exists():
        raise ValidationError(_("En opsamling er allerede booket; grupperne kan ikke dannes igen."))
    pairs = list(cohort.visit_pairs.prefetch_related("memberships__person").order_by("number"))
    if len(pairs) < 2:
        raise ValidationError(_("Der skal mindst være to besøgspar."))
    people: list[Person] = []
    index_pairs: list[tuple[int, ...]] = []
    for pair in pairs:
        members = [m.person for m in pair.memberships.all()]
        index_pairs.append(tuple(range(len(people), len(people) + len(members))))
        people.extend(members)
    rules = PairRules(cohort=cohort, people=people, boundary=pairing.boundary)
    weights, _allowed = rules.matrices()
    result = group_pairs(index_pairs, weights)
    WrapUpGroup.objects.filter(cohort=cohort).delete()
    consultants = list(cohort.consultants.all())
    groups = []
    for number, group in enumerate(result.groups, start=1):
        wrap_up = WrapUpGroup.objects.create(cohort=cohort, number=number)
        wrap_up.consultants.set(consultants)
        VisitPair.objects.filter(pk__in=[pairs[i].pk for i in group]).update(wrap_up_group=wrap_up)
        groups.append(wrap_up)
    audit_record(actor=by, action=VisitAction.WRAP_UP_COMPOSE, obj=pairing, groups=len(groups))
    return groups


@transaction.atomic
def wrap_up_book(
    *,
    group: WrapUpGroup,
    expected_version: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    consultants: Sequence[Person],
    by: User,
) -> WrapUpGroup:
    """Book the wrap-up (time, place, facilitating consultants) and send members and
    consultants an e-mail with an .ics REQUEST (SEQUENCE bumped on every rebooking); returns
    the saved group (a fresh copy of the row).

    `expected_version`: the group's `version` when the form was loaded; raises
    ConcurrentEditError (code "stale") if another consultant saved it since, ValidationError
    (Danish) when the end is not after the start, without a place or without a consultant.
    """
    locked = lock_version(group, expected_version)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Opsamlingen skal slutte efter den starter.")})
    if not place.strip():
        raise ValidationError({"place": _("Skriv, hvor opsamlingen foregår.")})
    if not consultants:
        raise ValidationError({"consultants": _("Vælg mindst én konsulent.")})
    if locked.starts_at is not None:
        locked.ics_sequence += 1
    locked.starts_at, locked.ends_at, locked.place = starts_at, ends_at, place.strip()
    locked.full_clean()
    locked.save()
    locked.consultants.set(consultants)
    members = [
        m.person
        for m in PairMember.objects.filter(pair__wrap_up_group=locked)
        .select_related("person")
        .order_by("person__first_name")
    ]
    member_ids = {m.pk for m in members}
    recipients = [*members, *[c for c in consultants if c.pk not in member_ids]]

    def invitation(person: Person) -> str:
        """The wrap-up's calendar entry, its summary in `person`'s language."""
        return ics.build_ics(
            ics.Invitation(
                uid=ics.stable_uid(locked),
                sequence=locked.ics_sequence,
                summary=_("Fælles opsamling på jobbesøg"),
                starts_at=starts_at,
                ends_at=ends_at,
                location=locked.place,
                url=absolute_url(reverse("visits:wrap_up_detail", args=[locked.pk])),
                attendees=[(p.full_name, p.email) for p in recipients],
            )
        )

    email_send(
        to=recipients,
        template="visits/email/wrap_up",
        context={"group": locked, "members": members, "consultants": consultants},
        kind="visits.wrap_up",
        about=locked,
        cohort_id=locked.cohort_id,
        ics=invitation,
    )
    audit_record(
        actor=by, action=VisitAction.WRAP_UP_BOOK, obj=locked, sequence=locked.ics_sequence
    )
    missing_visits_reminder_schedule(locked)
    return locked


@transaction.atomic
def wrap_up_notes_save(
    *, group: WrapUpGroup, expected_version: int, notes: str, by: User
) -> WrapUpGroup:
    """Save the wrap-up's notes (its consultants; seen by its consultants and members); returns
    the saved group (a fresh copy of the row). `expected_version`: the group's `version` when
    the form was loaded; raises ConcurrentEditError (code "stale") if it was saved since."""
    locked = lock_version(group, expected_version)
    locked.notes = notes.strip()
    locked.save(update_fields=["notes", "version", "updated_at"])
    audit_record(actor=by, action=VisitAction.WRAP_UP_NOTES, obj=locked)
    return locked


@transaction.atomic
def enrolment_set_themes(*, enrolment: Enrolment, themes: Sequence[str], by: User) -> Enrolment:
    """Record the leadership themes a leader wants to work with on job visits (seed 001's five
    themes, `Programme.themes`); pairing prefers partners who share them.

    `themes`: any subset of the programme's themes, kept in the seed's order. Raises
    ValidationError for a theme the programme does not have or once the pairs are published.
    """
    _require_job_visit(enrolment.cohort)
    allowed = list(enrolment.cohort.programme.themes)
    unknown = [t for t in themes if t not in allowed]
    if unknown:
        raise ValidationError(
            {"themes": _("Ukendt ledelsestema: %(t)s.") % {"t": ", ".join(unknown)}}
        )
    if VisitPairing.objects.filter(cohort=enrolment.cohort, published_at__isnull=False).exists():
        raise ValidationError(_("Parrene er dannet; temaerne kan ikke længere ændres."))
    enrolment.leadership_themes = [t for t in allowed if t in set(themes)]
    enrolment.save(update_fields=["leadership_themes", "updated_at"])
    audit_record(
        actor=by, action=VisitAction.THEMES, obj=enrolment, themes=enrolment.leadership_themes
    )
    return enrolment
