"""Withdrawing JTI consent removes the type everywhere, the audit log included (issue #15 §2):
the audit records that a type was recorded and that consent was withdrawn, never the value."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from lederspor.core.models import AuditEvent
from lederspor.grouping import services
from lederspor.grouping.audit import GroupingAction
from lederspor.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def _rows_containing(value: str) -> list[str]:
    """Every stored text or JSON value in the database that contains `value`, as
    "app.Model#pk.field" (a scan of every model's text and JSON columns)."""
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for field in fields:
            lookup = {f"{field}__icontains": value}
            if isinstance(model._meta.get_field(field), models.JSONField):
                rows = [
                    r
                    for r in model.objects.exclude(**{f"{field}__isnull": True}).values_list(
                        "pk", field
                    )
                    if value.lower() in str(r[1]).lower()
                ]
                found += [f"{model._meta.label}#{pk}.{field}" for pk, _ in rows]
            else:
                pks = model.objects.filter(**lookup).values_list("pk", flat=True)
                found += [f"{model._meta.label}#{pk}.{field}" for pk in pks]
    return found


def test_recording_the_type_never_writes_it_to_the_audit_log(cast):
    services.enrolment_set_jti(
        enrolment=cast.enrolment, jti_type="intj", consent=True, by=cast.aspirant.user
    )
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.jti_type == "INTJ"
    row = AuditEvent.objects.get(action=GroupingAction.ENROLMENT_JTI)
    assert "INTJ" not in row.summary and "INTJ" not in str(row.data)
    assert row.summary == services.JTI_RECORDED
    # the only place the type lives is the enrolment itself
    assert _rows_containing("INTJ") == [f"programmes.Enrolment#{cast.enrolment.pk}.jti_type"]


def test_withdrawing_consent_removes_the_type_everywhere(cast, as_):
    client = as_(cast.aspirant)
    url = reverse("grouping:enrolment_jti", args=[cast.enrolment.pk])
    assert client.post(url, {"jti_type": "intj", "consent": "on"}).status_code == 302
    # an audit row written before this change carried the type in its summary and data
    AuditEvent.objects.create(
        action=GroupingAction.ENROLMENT_JTI.value,
        object_type="programmes.enrolment",
        object_id=str(cast.enrolment.pk),
        summary="INTJ",
        data={"jti_type": "INTJ", "note": "behold"},
    )
    # another enrolment's row is not touched
    other = AuditEvent.objects.create(
        action=GroupingAction.ENROLMENT_JTI.value,
        object_type="programmes.enrolment",
        object_id=str(cast.other_enrolment.pk),
        summary="ESTP",
    )
    assert _rows_containing("INTJ")

    assert client.post(url, {"jti_type": "INTJ"}).status_code == 302  # consent box unticked

    assert _rows_containing("INTJ") == []
    assert not AuditEvent.objects.filter(summary__icontains="INTJ").exists()
    assert not OutgoingEmail.objects.filter(subject__icontains="INTJ").exists()
    assert not OutgoingEmail.objects.filter(body__icontains="INTJ").exists()
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.jti_type == "" and cast.enrolment.jti_consent_at is None
    # the audit keeps the facts: a type was recorded, consent was withdrawn
    jti_rows = AuditEvent.objects.filter(
        action=GroupingAction.ENROLMENT_JTI, object_id=str(cast.enrolment.pk)
    )
    assert {r.summary for r in jti_rows} == {services.JTI_RECORDED}
    assert {"note": "behold"} in [r.data for r in jti_rows]
    assert AuditEvent.objects.filter(
        action=GroupingAction.ENROLMENT_JTI_WITHDRAW, object_id=str(cast.enrolment.pk)
    ).exists()
    other.refresh_from_db()
    assert other.summary == "ESTP"


def test_the_migration_rewrites_old_audit_rows_that_named_the_type(cast):
    import importlib

    migration = importlib.import_module(
        "lederspor.grouping.migrations.0003_jti_audit_without_the_type"
    )
    old = AuditEvent.objects.create(
        action=GroupingAction.ENROLMENT_JTI.value,
        object_type="programmes.enrolment",
        object_id=str(cast.enrolment.pk),
        summary="JTI-type: ENFP",
        data={"jti_type": "ENFP", "by": "leder"},
    )
    other = AuditEvent.objects.create(action="enrolment.approve", summary="ENFP ikke en JTI-række")
    migration.forwards(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.summary, old.data) == (services.JTI_RECORDED, {"by": "leder"})
    assert other.summary == "ENFP ikke en JTI-række"
    migration.forwards(apps, None)  # idempotent
    old.refresh_from_db()
    assert old.data == {"by": "leder"}
