"""Audit rows of recorded JTI types written before issue #15 named the type in their summary
("JTI-type: INTJ") or data; from now on the audit records only that a type was recorded
(`grouping.services.JTI_RECORDED`). This rewrites the old rows the same way, so no audit row
keeps a type, whether or not the participant withdraws consent later."""

from django.db import migrations

JTI_RECORDED = "JTI-type registreret med samtykke"
DATA_KEYS = ("jti_type", "jti", "type", "old", "new", "value")


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    for row in AuditEvent.objects.filter(action="enrolment.jti").iterator():
        data = {k: v for k, v in (row.data or {}).items() if k not in DATA_KEYS}
        if row.summary != JTI_RECORDED or data != row.data:
            row.summary = JTI_RECORDED
            row.data = data
            row.save(update_fields=["summary", "data"])


class Migration(migrations.Migration):
    dependencies = [
        ("grouping", "0002_groupinground_versioned"),
        ("core", "0003_auditevent_address"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
