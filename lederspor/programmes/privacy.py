"""What the hub holds about a person, for the privacy registries (issue #15 §2–§3).

Registers in `privacy.registry.personal_data`:

- `programmes.enrolments` (ENROLMENT): the person's enrolments (nomination, decision,
  completion, withdrawal and their reasons, leadership themes) and attendance; the
  nominations and decisions they made for others; the cohorts they are a consultant of.
  Erasure anonymises: the rows stay (reports count status, dates and attendance), the free
  texts are blanked, and a completed programme is kept as the certificate basis
  ("Dokumentation for gennemført uddannelse"); the person is removed as nominator, decider
  and consultant.
- `programmes.jti` (PERSONALITY): the JTI type given with consent; erasure deletes it.

and in `privacy.registry.retention_rules`:

- `programmes.jti_type`: the JTI type 365 days after the enrolment ended;
- `programmes.enrolment_texts`: the nomination's motivation and the decision and withdrawal
  reasons 1095 days after the enrolment ended.

`ended_before(cutoff, prefix)` is the one rule "the enrolment ended before `cutoff`" the
features' retention rules share (completed, withdrawn or rejected).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lederspor.core.models import AuditEvent
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
from lederspor.programmes.models import Attendance, Cohort, Enrolment

#: what an erased reason reads where the schema requires a text (a rejection or withdrawal)
ERASED_TEXT = "[slettet]"

#: the audit actions whose summary may carry a JTI type (`grouping.audit.GroupingAction`'s
#: values; the hub cannot import the feature that records them)
JTI_AUDIT_ACTIONS = ("enrolment.jti", "enrolment.jti_withdraw")

#: the reason a completed programme is kept on erasure
CERTIFICATE_REASON = _(
    "Dokumentation for gennemført uddannelse: forløb, hold, datoer og at det er gennemført "
    "bevares; begrundelser og øvrige tekster slettes."
)

#: the reason the retention rules of conversation-like texts give (the policy's default)
THREE_YEARS_REASON = _(
    "Formålet (forløbet) er opfyldt; opbevares 3 år til dokumentation og opfølgning. Regnes "
    "fra forløbets afslutning: gennemført, udtrådt eller afvist (deltagelsens dato for det)."
)


def ended_before(cutoff: dt.datetime, prefix: str = "") -> Q:
    """A filter: the enrolment (reached through `prefix`, e.g. "enrolment__") ended before
    `cutoff` — completed (`completed_at`), withdrawn (`withdrawn_at`) or rejected
    (`decided_at`). A running or pending enrolment never matches."""
    s = Enrolment.Status
    return (
        Q(**{f"{prefix}status": s.COMPLETED, f"{prefix}completed_at__lt": cutoff})
        | Q(**{f"{prefix}status": s.WITHDRAWN, f"{prefix}withdrawn_at__lt": cutoff})
        | Q(**{f"{prefix}status": s.REJECTED, f"{prefix}decided_at__lt": cutoff})
    )


# --- enrolments ------------------------------------------------------------------------------


def export_enrolments(person: Person) -> list[dict[str, Any]]:
    """The person's enrolments with attendance, the nominations and decisions they made
    (which cohort, when; not the other person's texts) and the cohorts they consult on."""
    enrolments = list(
        Enrolment.objects.filter(person=person)
        .select_related("cohort__programme", "nominated_by", "decided_by")
        .order_by("cohort__starts_on", "pk")
    )
    result = [
        {"record": "enrolment", **item}
        for item in records(
            enrolments,
            [
                "cohort.programme.name",
                "cohort.name",
                "cohort.starts_on",
                "cohort.ends_on",
                "status",
                "nominated_by.full_name",
                "nominated_at",
                "motivation",
                "decided_by.full_name",
                "decided_at",
                "decision_reason",
                "completed_at",
                "withdrawn_at",
                "withdrawal_reason",
                "waitlisted_at",
                "leadership_themes",
            ],
        )
    ]
    attendance = (
        Attendance.objects.filter(enrolment__person=person)
        .select_related("session__cohort")
        .order_by("session__starts_at")
    )
    result += [
        {"record": "attendance", **item}
        for item in records(
            attendance,
            ["session.cohort.name", "session.theme", "session.starts_at", "status"],
        )
    ]
    made = (
        Enrolment.objects.filter(Q(nominated_by=person) | Q(decided_by=person))
        .exclude(person=person)
        .select_related("cohort")
        .order_by("pk")
    )
    result += [
        {
            "record": "nomination_or_decision_made",
            "cohort": e.cohort.name,
            "nominated_at": e.nominated_at.isoformat()
            if e.nominated_by_id == person.pk and e.nominated_at
            else None,
            "decided_at": e.decided_at.isoformat()
            if e.decided_by_id == person.pk and e.decided_at
            else None,
        }
        for e in made
    ]
    result += [
        {"record": "consultant_of_cohort", **item}
        for item in records(
            Cohort.objects.filter(consultants=person).order_by("starts_on", "pk"),
            ["name", "starts_on", "ends_on"],
        )
    ]
    return result


def erase_enrolments(person: Person, apply: bool) -> list[ErasureLine]:
    """Anonymise the person's enrolments (texts blanked, status and dates kept), keep the
    completed ones as the certificate basis, remove the person as nominator, decider and
    consultant. Attendance stays (reports count it); the person row itself is anonymised by
    the privacy app."""
    own = Enrolment.objects.filter(person=person)
    completed = own.filter(status=Enrolment.Status.COMPLETED)
    attendance = Attendance.objects.filter(enrolment__person=person)
    nominated = Enrolment.objects.filter(nominated_by=person).exclude(person=person)
    decided = Enrolment.objects.filter(decided_by=person).exclude(person=person)
    consultant_links = Cohort.consultants.through.objects.filter(person=person)
    lines = [
        ErasureLine(
            _("Tilmeldinger til forløb (status og datoer bevares til statistik; tekster slettes)"),
            own.exclude(status=Enrolment.Status.COMPLETED).count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Gennemførte forløb (grundlag for kursusbevis)"),
            completed.count(),
            Action.KEEP,
            CERTIFICATE_REASON,
        ),
        ErasureLine(
            _("Fremmøde på mødegange (bevares uden navn til statistik)"),
            attendance.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Indstillinger og afgørelser foretaget for andre (dit navn fjernes)"),
            nominated.count() + decided.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Hold, hvor personen er konsulent (fjernes som konsulent)"),
            consultant_links.count(),
            Action.DELETE,
        ),
    ]
    if apply:
        for enrolment in own:
            enrolment.motivation = ""
            enrolment.decision_reason = (
                ERASED_TEXT if enrolment.status == Enrolment.Status.REJECTED else ""
            )
            enrolment.withdrawal_reason = (
                ERASED_TEXT if enrolment.status == Enrolment.Status.WITHDRAWN else ""
            )
            enrolment.leadership_themes = []
            enrolment.save(
                update_fields=[
                    "motivation",
                    "decision_reason",
                    "withdrawal_reason",
                    "leadership_themes",
                    "updated_at",
                ]
            )
        nominated.update(nominated_by=None)
        decided.update(decided_by=None)
        consultant_links.delete()
    return lines


# --- JTI type --------------------------------------------------------------------------------


def export_jti(person: Person) -> list[dict[str, Any]]:
    """The JTI types the person gave with consent, per enrolment."""
    rows = (
        Enrolment.objects.filter(person=person)
        .exclude(jti_type="")
        .select_related("cohort")
        .order_by("pk")
    )
    return records(rows, ["cohort.name", "jti_type", "jti_consent_at"])


def forget_jti(enrolment_ids: list[int]) -> None:
    """Blank the JTI type and consent of `enrolment_ids`, and the type wherever an audit row
    of theirs carries it (`scrub_jti_audit`): the audit keeps that the type was given or
    withdrawn, never the value (issue #15 §2)."""
    types = list(Enrolment.objects.filter(pk__in=enrolment_ids).values_list("pk", "jti_type"))
    Enrolment.objects.filter(pk__in=enrolment_ids).update(jti_type="", jti_consent_at=None)
    for enrolment_id, old_type in types:
        scrub_jti_audit(enrolment_id=enrolment_id, old_type=old_type)


#: the summary of a JTI audit row: the fact, never the value
JTI_RECORDED = "JTI-type registreret med samtykke"
#: keys of an audit row's data that could hold a JTI type (written by earlier versions or by hand)
_JTI_DATA_KEYS = ("jti_type", "jti", "type", "old", "new", "value")


def scrub_jti_audit(*, enrolment_id: int, old_type: str) -> int:
    """Remove the JTI type from the enrolment's audit rows (consent withdrawn): a JTI row's
    summary becomes `JTI_RECORDED` and its data loses the keys that could hold a type; in any
    row of the enrolment, `old_type` is cut from the summary and data values equal to it are
    dropped. Returns how many rows were changed. Called inside the caller's transaction
    (grouping's `enrolment_set_jti` on withdrawal, `forget_jti` on erasure and retention; a
    handful of rows per enrolment)."""
    pattern = re.compile(rf"\b{re.escape(old_type)}\b", re.IGNORECASE) if old_type else None
    changed = 0
    for row in AuditEvent.objects.filter(
        object_type=Enrolment._meta.label_lower, object_id=str(enrolment_id)
    ):
        is_jti = row.action == JTI_AUDIT_ACTIONS[0]
        data = {
            k: v
            for k, v in (row.data or {}).items()
            if not (is_jti and k in _JTI_DATA_KEYS)
            and not (old_type and isinstance(v, str) and v.strip().upper() == old_type.upper())
        }
        summary = JTI_RECORDED if is_jti else row.summary
        if pattern is not None:
            summary = " ".join(pattern.sub("", summary).split())
        if summary != row.summary or data != row.data:
            row.summary, row.data = summary, data
            row.save(update_fields=["summary", "data"])
            changed += 1
    return changed


def erase_jti(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the person's JTI types (and the consent time), also from the audit log."""
    rows = Enrolment.objects.filter(person=person).exclude(jti_type="", jti_consent_at=None)
    lines = [ErasureLine(_("JTI-type"), rows.count(), Action.DELETE)]
    if apply:
        forget_jti(list(Enrolment.objects.filter(person=person).values_list("pk", flat=True)))
    return lines


# --- retention -------------------------------------------------------------------------------


def expire_jti(cutoff: dt.datetime, apply: bool) -> int:
    """Delete the JTI type (and consent time) of enrolments that ended before `cutoff`."""
    rows = Enrolment.objects.filter(ended_before(cutoff)).exclude(jti_type="", jti_consent_at=None)
    ids = list(rows.values_list("pk", flat=True))
    if apply and ids:
        forget_jti(ids)
    return len(ids)


def expire_enrolment_texts(cutoff: dt.datetime, apply: bool) -> int:
    """Blank the motivation, decision reason and withdrawal reason of enrolments that ended
    before `cutoff` (a rejection or withdrawal keeps `ERASED_TEXT`, which the schema needs).
    Idempotent: a blanked row no longer matches."""
    s = Enrolment.Status
    ended = Enrolment.objects.filter(ended_before(cutoff))
    rows = ended.filter(
        ~Q(motivation="")
        | (~Q(decision_reason="") & ~Q(decision_reason=ERASED_TEXT))
        | (~Q(withdrawal_reason="") & ~Q(withdrawal_reason=ERASED_TEXT))
    )
    count = rows.count()
    if apply and count:
        ids = list(rows.values_list("pk", flat=True))
        targets = Enrolment.objects.filter(pk__in=ids)
        targets.update(motivation="")
        targets.filter(status=s.REJECTED).update(decision_reason=ERASED_TEXT)
        targets.exclude(status=s.REJECTED).update(decision_reason="")
        targets.filter(status=s.WITHDRAWN).update(withdrawal_reason=ERASED_TEXT)
        targets.exclude(status=s.WITHDRAWN).update(withdrawal_reason="")
    return count


def register() -> None:
    """Register the hub's entries (called once from `ProgrammesConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="programmes.enrolments",
            order=20,
            label=_("Forløb og tilmeldinger"),
            kind=RecordKind.ENROLMENT,
            models=(Enrolment, Attendance, Cohort),
            export=export_enrolments,
            erase=erase_enrolments,
        )
    )
    personal_data.register(
        PersonalData(
            key="programmes.jti",
            order=21,
            label=_("JTI-type"),
            kind=RecordKind.PERSONALITY,
            models=(Enrolment,),
            export=export_jti,
            erase=erase_jti,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="programmes.jti_type",
            order=20,
            label=_("JTI-type"),
            kind=RecordKind.PERSONALITY,
            default_days=365,
            reason=_(
                "Typen bruges kun til at sammensætte netværksgrupper under forløbet; slettes 1 "
                "år efter forløbets afslutning (gennemført, udtrådt eller afvist)."
            ),
            expire=expire_jti,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="programmes.enrolment_texts",
            order=21,
            label=_("Begrundelser for indstilling, afgørelse og udtræden"),
            kind=RecordKind.ENROLMENT,
            default_days=1095,
            reason=THREE_YEARS_REASON,
            expire=expire_enrolment_texts,
        )
    )
