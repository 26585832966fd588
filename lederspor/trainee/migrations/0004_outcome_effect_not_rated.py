"""Issue #14 §1: "Ledertrainee i lederjob / ’lederparat’ ledertrainee." is an outcome, never a
1–5 rating.

- Ratings given to that effect are removed (a degree 1–5 says neither "in a leader job" nor
  "leader-ready"). A comment written with such a rating is added to the note of the trainee's
  recorded outcome. Without a recorded outcome the rating and its comment are dropped: no
  outcome is invented from a degree 1–5.
- Recorded outcomes get the date they were recorded as their date (`decided_on`).
"""

from django.db import migrations

OUTCOME_EFFECT = "Ledertrainee i lederjob / ’lederparat’ ledertrainee."
RESPONDENT_LABEL = {"trainee": "ledertrainee", "leader": "nærmeste leder"}


def forwards(apps, schema_editor):
    EffectAnswer = apps.get_model("trainee", "EffectAnswer")
    TraineeOutcome = apps.get_model("trainee", "TraineeOutcome")
    for row in TraineeOutcome.objects.filter(decided_on__isnull=True):
        row.decided_on = row.recorded_at.date()
        row.save(update_fields=["decided_on"])
    rated = EffectAnswer.objects.filter(effect_text=OUTCOME_EFFECT).order_by("pk")
    for answer in rated:
        comment = answer.comment.strip()
        if comment:
            outcome = TraineeOutcome.objects.filter(enrolment_id=answer.enrolment_id).first()
            if outcome is not None:
                line = "Tidligere kommentar (%s): %s" % (
                    RESPONDENT_LABEL.get(answer.respondent, answer.respondent),
                    comment,
                )
                outcome.note = f"{outcome.note}\n{line}".strip()
                outcome.save(update_fields=["note"])
    rated.delete()


class Migration(migrations.Migration):
    dependencies = [("trainee", "0003_joint_start_outcome_date")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
