"""Kørekort leaves `competence` for its own app, rows and all (DESIGN.md §13).

competence 0001 created these four tables; nothing is dropped or copied:

1. State only: the four models as competence 0001 created them, on their existing tables
   (`db_table="competence_licencetask"`, …). The database is not touched.
2. `AlterModelTable(table=None)`: rename the tables to this app's default names
   (`licences_licencetask`, …), so the models need no `db_table` and the tables say which app owns
   them. A rename is a catalogue change on SQLite (3.26+) and PostgreSQL: the rows stay, and the
   foreign keys into these tables (from `competence_competenceplan.licence_task_id` and between
   the four) follow the renamed table. Indexes and constraints keep their names.
3. Content types and audit rows follow the models: `django_content_type` rows
   `competence.<model>` become `licences.<model>` (same ids, so permissions and admin log entries
   stay attached) and `core.AuditEvent.object_type` (`obj._meta.label_lower`) likewise.

competence 0002 then points `CompetencePlan.licence_task` at `licences.LicenceTask` and drops the
four models from competence's state, again without touching the database. Every step reverses.
"""

import django.db.models.deletion
from django.db import migrations, models

#: the models that moved, by model name (the same in both apps)
MOVED = ("licencetask", "licencerequirement", "practicereview", "licence")


def _relabel(apps, schema_editor, *, source: str, target: str) -> None:
    """Move the content types and audit rows of `MOVED` from app label `source` to `target`."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    db = schema_editor.connection.alias
    for model in MOVED:
        moving = ContentType.objects.using(db).filter(app_label=source, model=model)
        if moving.exists():
            # A row under `target` exists only if post_migrate ran while both apps had the model
            # in their state (e.g. `migrate licences` alone, then `migrate`): a fresh duplicate
            # with just the default permissions. The older row, with what hangs on it, wins.
            ContentType.objects.using(db).filter(app_label=target, model=model).delete()
            moving.update(app_label=target)
        AuditEvent.objects.using(db).filter(object_type=f"{source}.{model}").update(
            object_type=f"{target}.{model}"
        )
    ContentType.objects.clear_cache()


def relabel_forwards(apps, schema_editor):
    _relabel(apps, schema_editor, source="competence", target="licences")


def relabel_backwards(apps, schema_editor):
    _relabel(apps, schema_editor, source="licences", target="competence")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("people", "0001_initial"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        # the tables this migration takes over
        ("competence", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LicenceTask',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='oprettet')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='opdateret')),
                        ('title', models.CharField(max_length=200, verbose_name='opgave')),
                        ('description', models.TextField(blank=True, verbose_name='beskrivelse')),
                        ('valid_months', models.PositiveSmallIntegerField(blank=True, help_text='Tom: kørekortet udløber ikke.', null=True, verbose_name='gyldighed i måneder')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='offentliggjort')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='licence_tasks', to='people.orgunit', verbose_name='enhed')),
                    ],
                    options={
                        'db_table': 'competence_licencetask',
                        'verbose_name': 'kørekortopgave',
                        'verbose_name_plural': 'kørekortopgaver',
                        'ordering': ['title'],
                    },
                ),
                migrations.CreateModel(
                    name='LicenceRequirement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='oprettet')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='opdateret')),
                        ('level', models.CharField(choices=[('C', 'C'), ('B', 'B'), ('A', 'A')], max_length=1, verbose_name='niveau')),
                        ('profession', models.CharField(blank=True, max_length=150, verbose_name='faggruppe')),
                        ('job_title', models.CharField(blank=True, max_length=150, verbose_name='stillingsbetegnelse')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requirements', to='licences.licencetask', verbose_name='kørekortopgave')),
                    ],
                    options={
                        'db_table': 'competence_licencerequirement',
                        'verbose_name': 'krav om kørekort',
                        'verbose_name_plural': 'krav om kørekort',
                        'ordering': ['task', 'profession', 'job_title'],
                    },
                ),
                migrations.CreateModel(
                    name='PracticeReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='oprettet')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='opdateret')),
                        ('level', models.CharField(choices=[('C', 'C'), ('B', 'B'), ('A', 'A')], max_length=1, verbose_name='niveau')),
                        ('reviewed_on', models.DateField(verbose_name='dato')),
                        ('passed', models.BooleanField(verbose_name='bestået')),
                        ('attempt', models.PositiveSmallIntegerField(default=1, verbose_name='forsøg')),
                        ('note', models.TextField(blank=True, verbose_name='bemærkning')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='people.person', verbose_name='medarbejder')),
                        ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews_held', to='people.person', verbose_name='ressourceperson')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='licences.licencetask', verbose_name='kørekortopgave')),
                    ],
                    options={
                        'db_table': 'competence_practicereview',
                        'verbose_name': 'praksisgennemgang',
                        'verbose_name_plural': 'praksisgennemgange',
                        'ordering': ['-reviewed_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Licence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='oprettet')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='opdateret')),
                        ('level', models.CharField(choices=[('C', 'C'), ('B', 'B'), ('A', 'A')], max_length=1, verbose_name='niveau')),
                        ('awarded_on', models.DateField(verbose_name='tildelt')),
                        ('expires_on', models.DateField(blank=True, null=True, verbose_name='udløber')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='licences', to='people.person', verbose_name='indehaver')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='licences', to='licences.licencetask', verbose_name='kørekortopgave')),
                        ('review', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='licences.practicereview', verbose_name='praksisgennemgang')),
                    ],
                    options={
                        'db_table': 'competence_licence',
                        'verbose_name': 'kørekort',
                        'verbose_name_plural': 'kørekort',
                        'ordering': ['task', 'person'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='licencetask',
                    constraint=models.UniqueConstraint(fields=('unit', 'title'), name='licencetask_unique_title'),
                ),
                migrations.AddConstraint(
                    model_name='licencetask',
                    constraint=models.CheckConstraint(condition=models.Q(('valid_months__isnull', True), ('valid_months__gte', 1), _connector='OR'), name='licencetask_valid_months_positive'),
                ),
                migrations.AddConstraint(
                    model_name='licencerequirement',
                    constraint=models.UniqueConstraint(fields=('task', 'profession', 'job_title'), name='licencereq_unique_target'),
                ),
                migrations.AddIndex(
                    model_name='practicereview',
                    index=models.Index(fields=['task', 'person', 'level'], name='review_attempt_idx'),
                ),
                migrations.AddConstraint(
                    model_name='practicereview',
                    constraint=models.CheckConstraint(condition=models.Q(('person', models.F('reviewer')), _negated=True), name='review_not_by_candidate'),
                ),
                migrations.AddConstraint(
                    model_name='licence',
                    constraint=models.UniqueConstraint(fields=('task', 'person', 'level'), name='licence_unique_level'),
                ),
                migrations.AddConstraint(
                    model_name='licence',
                    constraint=models.CheckConstraint(condition=models.Q(('expires_on__isnull', True), ('expires_on__gt', models.F('awarded_on')), _connector='OR'), name='licence_expires_after_award'),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="licencetask", table=None),
        migrations.AlterModelTable(name="licencerequirement", table=None),
        migrations.AlterModelTable(name="practicereview", table=None),
        migrations.AlterModelTable(name="licence", table=None),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
