"""The move out of competence keeps a municipality's rows (licences 0001, competence 0002): the
tables are renamed, not recreated, and content types and audit rows follow the models."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lederspor.core.models import AuditEvent
from lederspor.licences.models import Licence, LicenceRequirement, LicenceTask, PracticeReview
from lederspor.people.models import OrgUnit, Person

#: the last state with kørekort inside competence
BEFORE = [("competence", "0001_initial"), ("licences", None)]
MOVED = ("licencetask", "licencerequirement", "practicereview", "licence")


def _migrate(targets):
    """Migrate to `targets` and return that state's (historical) apps."""
    MigrationExecutor(connection).migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_licence_rows_audit_rows_and_content_types_survive_the_move_and_its_reversal():
    try:
        old = _migrate(BEFORE)
        kommune = OrgUnit.objects.create(
            code="MIG-K", name="Migrationskommune", kind="municipality"
        )
        ann = Person.objects.create(
            employee_number="MIG1", first_name="Ann", email="ann@mig.dk", unit=kommune
        )
        bo = Person.objects.create(
            employee_number="MIG2", first_name="Bo", email="bo@mig.dk", unit=kommune
        )
        task = old.get_model("competence", "LicenceTask").objects.create(
            unit_id=kommune.pk, title="Medicin", valid_months=12
        )
        requirement = old.get_model("competence", "LicenceRequirement").objects.create(
            task_id=task.pk, level="B", profession="Social- og sundhedsassistent"
        )
        review = old.get_model("competence", "PracticeReview").objects.create(
            task_id=task.pk,
            person_id=ann.pk,
            level="B",
            reviewer_id=bo.pk,
            reviewed_on=dt.date(2024, 1, 31),
            passed=True,
        )
        licence = old.get_model("competence", "Licence").objects.create(
            task_id=task.pk,
            person_id=ann.pk,
            level="B",
            awarded_on=dt.date(2024, 1, 31),
            expires_on=dt.date(2025, 1, 31),
            review_id=review.pk,
        )
        plan = old.get_model("competence", "CompetencePlan").objects.create(
            title="Medicin til beboerne", unit_id=kommune.pk, licence_task_id=task.pk
        )
        old.get_model("core", "AuditEvent").objects.create(
            action="licence_task.create", object_type="competence.licencetask", object_id=task.pk
        )
        old_types = old.get_model("contenttypes", "ContentType").objects
        type_ids = {
            model: old_types.get_or_create(app_label="competence", model=model)[0].pk
            for model in MOVED
        }

        new = _migrate(_latest())

        assert LicenceTask.objects.get(pk=task.pk).title == "Medicin"
        assert LicenceRequirement.objects.get(pk=requirement.pk).task_id == task.pk
        assert PracticeReview.objects.get(pk=review.pk).reviewer == bo
        moved = Licence.objects.select_related("review").get(pk=licence.pk)
        assert (moved.person, moved.review.pk, moved.expires_on) == (
            ann,
            review.pk,
            dt.date(2025, 1, 31),
        )
        # the plan's foreign key follows the renamed table (competence's model, by label: this
        # app imports nothing from competence)
        plans = new.get_model("competence", "CompetencePlan").objects
        assert plans.get(pk=plan.pk).licence_task.title == "Medicin"
        assert AuditEvent.objects.filter(
            object_type="licences.licencetask", object_id=str(task.pk)
        ).exists()
        assert not AuditEvent.objects.filter(object_type__startswith="competence.lic").exists()
        ContentType.objects.clear_cache()
        for model in MOVED:
            assert ContentType.objects.get(app_label="licences", model=model).pk == type_ids[model]
        assert not ContentType.objects.filter(app_label="competence", model__in=MOVED).exists()
        permission = Permission.objects.get(codename="add_licencetask")
        assert permission.content_type_id == type_ids["licencetask"]
        assert LicenceTask._meta.db_table == "licences_licencetask"

        old = _migrate(BEFORE)

        assert old.get_model("competence", "Licence").objects.get(pk=licence.pk).level == "B"
        assert (
            old.get_model("core", "AuditEvent")
            .objects.filter(object_type="competence.licencetask", object_id=str(task.pk))
            .exists()
        )
        reverted = old.get_model("contenttypes", "ContentType").objects
        assert reverted.get(pk=type_ids["licence"]).app_label == "competence"
    finally:
        _migrate(_latest())
        ContentType.objects.clear_cache()
