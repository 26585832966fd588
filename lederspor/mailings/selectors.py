"""Reads for bulk mail (issue #16 §3): whose cohorts a viewer may mail, the recipients of a
selection (with those skipped and why), the merge values of each recipient, mailing histories.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.mailings.models import Audience, Mailing, MailingRecipient, MailTemplate
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import load_units, unit_subtree_ids
from lederspor.programmes.models import Cohort, Enrolment, Programme, Session


def mailable_cohorts(*, person: Person | None, all_cohorts: bool) -> QuerySet[Cohort]:
    """The cohorts a viewer may mail: every cohort for HR staff and administrators
    (`all_cohorts`, i.e. `Roles.can_manage_programmes`), else the cohorts `person` is a
    consultant of (none for anyone else). Programme loaded, newest first."""
    cohorts = Cohort.objects.select_related("programme").order_by("-starts_on", "name")
    if all_cohorts:
        return cohorts
    if person is None:
        return cohorts.none()
    return cohorts.filter(consultants=person)


@dataclass(frozen=True)
class Selection:
    """What a mailing goes to (issue #16 §3): the enrolments with one of `statuses` in the
    viewer's mailable cohorts, narrowed by `cohort`, `programme` and `unit` (the participant's
    unit or one below it) when given; `audience` says whether the participants or their
    nearest leaders get the mail."""

    audience: str
    statuses: tuple[str, ...]
    cohort: Cohort | None = None
    programme: Programme | None = None
    unit: OrgUnit | None = None

    def as_json(self) -> dict[str, Any]:
        """The selection as stored on `Mailing.selection` (ids, not objects)."""
        return {
            "cohort": self.cohort.pk if self.cohort else None,
            "programme": self.programme.pk if self.programme else None,
            "unit": self.unit.pk if self.unit else None,
            "statuses": list(self.statuses),
        }

    def label(self) -> str:
        """The selection in Danish words, e.g. "Deltagerne · Aspiranthold 2027 · Optaget"."""
        parts = [str(Audience(self.audience).label)]
        parts += [str(x) for x in (self.cohort, self.programme, self.unit) if x is not None]
        parts.append(", ".join(str(Enrolment.Status(s).label) for s in self.statuses))
        return " · ".join(parts)[:300]


@dataclass
class Recipient:
    """One person who gets the mail, with the enrolments it is about (their own; for a
    leader, their participants'), in cohort start order."""

    person: Person
    enrolments: list[Enrolment] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A person the mail cannot go to, and why (Danish)."""

    person: Person
    reason: str


@dataclass
class RecipientList:
    """The recipients of a selection (by name) and the persons skipped."""

    recipients: list[Recipient]
    skipped: list[Skipped]
    next_sessions: dict[int, Session]


def selection_enrolments(*, selection: Selection, cohorts: QuerySet[Cohort]) -> QuerySet[Enrolment]:
    """The enrolments `selection` picks among `cohorts` (the viewer's `mailable_cohorts`), with
    person, their manager and the cohort's programme loaded, in cohort start order."""
    q = Q(cohort__in=cohorts, status__in=selection.statuses)
    if selection.cohort is not None:
        q &= Q(cohort=selection.cohort)
    if selection.programme is not None:
        q &= Q(cohort__programme=selection.programme)
    if selection.unit is not None:
        q &= Q(person__unit_id__in=unit_subtree_ids([selection.unit.pk], load_units()))
    return (
        Enrolment.objects.filter(q)
        .select_related("person__manager", "cohort__programme")
        .order_by("cohort__starts_on", "cohort_id", "person__last_name", "person__first_name", "pk")
    )


def _unreachable(person: Person) -> str:
    if not person.is_active:
        return _("Er ikke aktiv i organisationen")
    if not person.email.strip():
        return _("Har ingen e-mailadresse")
    return ""


def _by_name(person: Person) -> tuple[str, str, int]:
    return (person.last_name.lower(), person.first_name.lower(), person.pk)


def recipient_list(*, selection: Selection, cohorts: QuerySet[Cohort]) -> RecipientList:
    """Who gets the mail for `selection` among `cohorts`: each participant once (or each
    nearest leader once, however many of their participants are selected), sorted by name;
    persons without an e-mail address or no longer active, and (for leaders) participants
    without a nearest leader, are skipped with the reason. Three queries (enrolments, the unit
    tree when a unit is chosen, the cohorts' next sessions)."""
    enrolments = list(selection_enrolments(selection=selection, cohorts=cohorts))
    by_person: dict[int, Recipient] = {}
    skipped: dict[int, Skipped] = {}
    for enrolment in enrolments:
        target: Person = enrolment.person
        if selection.audience == Audience.LEADERS:
            manager = enrolment.person.manager
            if manager is None:
                skipped.setdefault(
                    enrolment.person.pk,
                    Skipped(enrolment.person, _("Har ingen nærmeste leder")),
                )
                continue
            target = manager
        if reason := _unreachable(target):
            skipped.setdefault(target.pk, Skipped(target, reason))
            continue
        by_person.setdefault(target.pk, Recipient(target)).enrolments.append(enrolment)
    cohort_ids = {e.cohort_id for e in enrolments}
    return RecipientList(
        recipients=sorted(by_person.values(), key=lambda r: _by_name(r.person)),
        skipped=sorted(skipped.values(), key=lambda s: _by_name(s.person)),
        next_sessions=next_sessions(cohort_ids=cohort_ids),
    )


def next_sessions(*, cohort_ids: Iterable[int]) -> dict[int, Session]:
    """The first session of each cohort that has not started yet (one query)."""
    found: dict[int, Session] = {}
    ids = list(cohort_ids)
    if not ids:
        return found
    upcoming = Session.objects.filter(cohort_id__in=ids, starts_at__gte=timezone.now()).order_by(
        "starts_at", "pk"
    )
    for session in upcoming:
        found.setdefault(session.cohort_id, session)
    return found


def merge_values(
    *, recipient: Recipient, audience: str, next_sessions: dict[int, Session]
) -> dict[str, str]:
    """The merge fields (`merge.FIELDS`) for `recipient`, in the active language: the
    recipient's names, and the cohort, programme, dates and next session of the first
    enrolment the mail is about (in a selection across cohorts, the one that started first)."""
    person = recipient.person
    first: Enrolment | None = recipient.enrolments[0] if recipient.enrolments else None
    values = {
        "fornavn": person.first_name,
        "navn": person.full_name,
        "hold": "",
        "forløb": "",
        "startdato": "",
        "slutdato": "",
        "næste_mødegang": "",
        "nærmeste_leder": "",
        "deltagere": ", ".join(sorted({e.person.full_name for e in recipient.enrolments})),
    }
    if audience == Audience.LEADERS:
        values["nærmeste_leder"] = person.full_name
    elif person.manager is not None:
        values["nærmeste_leder"] = person.manager.full_name
    if first is not None:
        cohort = first.cohort
        values["hold"] = cohort.name
        values["forløb"] = cohort.programme.name
        values["startdato"] = date_format(cohort.starts_on)
        values["slutdato"] = date_format(cohort.ends_on)
        session = next_sessions.get(cohort.pk)
        if session is not None:
            when = date_format(timezone.localtime(session.starts_at), "WEEKDAY_DATETIME_FORMAT")
            text = f"{when}: {session.theme}"
            values["næste_mødegang"] = f"{text}, {session.place}" if session.place else text
        else:
            values["næste_mødegang"] = _("ingen planlagt")
    return values


def templates() -> QuerySet[MailTemplate]:
    """Every mail template by name (templates are shared by HR and the consultants)."""
    return MailTemplate.objects.select_related("created_by").order_by("name")


def mailings_visible(
    *, person: Person | None, all_mailings: bool, cohort: Cohort | None = None
) -> QuerySet[Mailing]:
    """The mailings a viewer may see, newest first, with cohort and sender loaded: all of them
    for HR staff (`all_mailings`), else those about a cohort `person` consults or sent by
    them; only `cohort`'s when given."""
    mailings = Mailing.objects.select_related("cohort", "created_by").order_by("-created_at", "-pk")
    if cohort is not None:
        mailings = mailings.filter(cohort=cohort)
    if all_mailings:
        return mailings
    if person is None:
        return mailings.none()
    return mailings.filter(Q(cohort__consultants=person) | Q(created_by=person)).distinct()


def mailing_recipients(*, mailing: Mailing) -> QuerySet[MailingRecipient]:
    """The recipients of `mailing` by name, with their queued mail (for its status)."""
    return (
        MailingRecipient.objects.filter(mailing=mailing)
        .select_related("person", "email")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def mailing_status_counts(*, mailing: Mailing) -> dict[str, int]:
    """How many of the mailing's mails are in each `OutgoingEmail.Status` (one query)."""
    rows = (
        MailingRecipient.objects.filter(mailing=mailing, email__isnull=False)
        .values("email__status")
        .annotate(n=Count("pk"))
    )
    return {row["email__status"]: row["n"] for row in rows}


def person_mailings(*, person: Person, limit: int = 20) -> Sequence[MailingRecipient]:
    """The latest `limit` mailings `person` received, newest first, with mailing, sender and
    the mail's status loaded (one query)."""
    return list(
        MailingRecipient.objects.filter(person=person)
        .select_related("mailing__created_by", "email")
        .order_by("-created_at", "-pk")[:limit]
    )
