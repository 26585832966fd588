"""Kørekort has moved to the `licences` app (see `licences/migrations/0001_initial.py`, which
renamed the tables and moved the content types and audit rows).

State only: `CompetencePlan.licence_task` now points at `licences.LicenceTask` (the column and its
foreign key already point at the renamed table), and the four models leave competence's state.
No table is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competence", "0001_initial"),
        ("licences", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="competenceplan",
                    name="licence_task",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="plans",
                        to="licences.licencetask",
                        verbose_name="kræver kørekort",
                    ),
                ),
                # dependants first: Licence refers to PracticeReview, all three to LicenceTask
                migrations.DeleteModel(name="Licence"),
                migrations.DeleteModel(name="PracticeReview"),
                migrations.DeleteModel(name="LicenceRequirement"),
                migrations.DeleteModel(name="LicenceTask"),
            ],
            database_operations=[],
        ),
    ]
