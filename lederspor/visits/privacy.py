"""What the job visits hold about a person, for the privacy floor's registries (issue #15 §2–3;
`privacy.registry`).

Registers in `privacy.registry.personal_data`:

- `visits.job_visits` (RecordKind.VISIT; VisitPair, PairMember, JobVisit, WrapUpGroup): the
  person's pairs (cohort, partners), their visits (the joint expectations and reflection, and
  their own part: as host the activity, intended and perceived leadership; as guest what they
  observed; the joint reflection's agreed time and place; a request to reopen the visit) and
  their wrap-up groups (time and place; the notes when they were its
  consultant). Erasure blanks the texts of the visits they hosted (their own words and what
  the partner wrote about their leadership) and their observations as guest; the visit rows and
  statuses stay (the reports count held visits) and so does their place in the pair (their
  person row is anonymised by the privacy app). They are taken off the wrap-ups they facilitated.

and in `privacy.registry.retention_rules`:

- `visits.notes`: 1095 days after the cohort ended (`Cohort.ends_on`), the visits' texts and
  the wrap-up notes are blanked; the rows stay for the reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)
from lederspor.visits.models import JobVisit, PairMember, VisitPair, WrapUpGroup

#: the visit's text fields and their blank values
_TEXTS: dict[str, Any] = {
    "activity": "",
    "expectations": {},
    "intended": "",
    "observed": "",
    "perceived": "",
    "reflection": {},
}
_JOINT = ["expectations", "reflection"]
_HOST_OWN = ["activity", "intended", "perceived"]
_GUEST_OWN = ["observed"]


def export(person: Person) -> list[dict[str, Any]]:
    """The person's pairs, visits and wrap-up groups (see the module)."""
    result: list[dict[str, Any]] = []
    memberships = (
        PairMember.objects.filter(person=person)
        .select_related("pair__cohort", "pair__wrap_up_group")
        .prefetch_related("pair__memberships__person")
    )
    for m in memberships:
        result.append(
            {
                "record": "visit_pair",
                "cohort": m.pair.cohort.name,
                "pair": m.pair.number,
                "partners": [
                    p.person.full_name for p in m.pair.memberships.all() if p.person_id != person.pk
                ],
                "published_at": records([m.pair], ["published_at"])[0]["published_at"],
            }
        )
    visits = (
        JobVisit.objects.filter(pair__memberships__person=person)
        .select_related("host", "pair__cohort")
        .order_by("pair", "pk")
    )
    base = [
        "pk",
        "pair.cohort.name",
        "host.full_name",
        "themes",
        "starts_at",
        "ends_at",
        "place",
        "reflection_starts_at",
        "reflection_ends_at",
        "reflection_place",
        "reopen_requested_at",
    ]
    for visit in visits:
        own = _HOST_OWN if visit.host_id == person.pk else _GUEST_OWN
        [row] = records([visit], [*base, "status", *_JOINT, *own])
        result.append({"record": "job_visit", **row})
    groups = WrapUpGroup.objects.filter(
        Q(pairs__memberships__person=person) | Q(consultants=person)
    ).distinct()
    for group in groups.prefetch_related("consultants"):
        fields = ["cohort.name", "number", "starts_at", "ends_at", "place"]
        if any(c.pk == person.pk for c in group.consultants.all()):
            fields.append("notes")
        result.append({"record": "wrap_up_group", **records([group], fields)[0]})
    return result


def _blank(visits: QuerySet[JobVisit], fields: dict[str, Any]) -> int:
    return visits.update(**fields, updated_at=timezone.now())


def _has_text(fields: list[str]) -> Q:
    q = Q()
    for name in fields:
        q |= ~Q(**{name: _TEXTS[name]})
    return q


def erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Erasure on request (see the module); apply=False only counts."""
    hosted = JobVisit.objects.filter(host=person)
    guested = JobVisit.objects.filter(pair__memberships__person=person).exclude(host=person)
    places = PairMember.objects.filter(person=person)
    facilitated = WrapUpGroup.objects.filter(consultants=person)
    lines = [
        ErasureLine(
            _("Jobbesøg, hvor personen var vært: alle tekster tømmes"),
            hosted.count(),
            Action.ANONYMISE,
            _("Besøget og dets status bevares, så rapporterne tæller gennemførte besøg."),
        ),
        ErasureLine(
            _("Jobbesøg, hvor personen var gæst: personens iagttagelser tømmes"),
            guested.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Jobbesøg, hvor personen var gæst: fælles forventninger og refleksion"),
            guested.filter(_has_text(_JOINT)).count(),
            Action.KEEP,
            _("Skrevet sammen med makkeren og en del af makkerens forløb."),
        ),
        ErasureLine(
            _("Pladser i besøgspar"),
            places.count(),
            Action.ANONYMISE,
            _("Parret bevares for makkeren; navnet fjernes, når personen anonymiseres."),
        ),
        ErasureLine(
            _("Fælles opsamlinger, som personen faciliterede"),
            facilitated.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        _blank(JobVisit.objects.filter(pk__in=list(hosted.values_list("pk", flat=True))), _TEXTS)
        _blank(
            JobVisit.objects.filter(pk__in=list(guested.values_list("pk", flat=True))),
            {"observed": ""},
        )
        for group in facilitated:
            group.consultants.remove(person)
    return lines


def expire_notes(cutoff: dt.datetime, apply: bool) -> int:
    """Blank the visit texts and wrap-up notes of cohorts that ended before `cutoff` (a
    date compare on `Cohort.ends_on`). Returns how many visits and groups had text."""
    ended = cutoff.date()
    visits = JobVisit.objects.filter(pair__cohort__ends_on__lt=ended).filter(
        _has_text(list(_TEXTS))
    )
    groups = WrapUpGroup.objects.filter(cohort__ends_on__lt=ended).exclude(notes="")
    count = visits.count() + groups.count()
    if apply and count:
        _blank(visits, _TEXTS)
        groups.update(notes="", updated_at=timezone.now())
    return count


def register() -> None:
    """Register the entries above (called once from `VisitsConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="visits.job_visits",
            order=20,
            label=_("Jobbesøg"),
            kind=RecordKind.VISIT,
            models=(VisitPair, PairMember, JobVisit, WrapUpGroup),
            export=export,
            erase=erase,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="visits.notes",
            order=20,
            label=_("Jobbesøgs tekster og opsamlingsnoter"),
            kind=RecordKind.VISIT,
            default_days=1095,
            reason=_(
                "Formålet (forløbet) er opfyldt; opbevares 3 år til dokumentation og "
                "opfølgning. Regnes fra holdets slutdato."
            ),
            expire=expire_notes,
        )
    )
