"""The privacy registries are complete and well-formed: every model that holds personal data is
covered by an entry (a new app cannot forget), every entry and rule behaves (previews and dry
runs write nothing), and every retention rule has a reason and a period that settings override.
"""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lederspor.core.registry import DuplicateEntryError
from lederspor.people.models import Person
from lederspor.privacy.registry import Action, personal_data, retention_rules

#: models that hold personal data about a person through an enrolment, a conversation or
#: another row (no foreign key to a person or login, so the automatic search cannot find them):
#: each must be named in some `personal_data` entry's `models` all the same
MUST_BE_COVERED = (
    "programmes.Attendance",
    "grouping.GroupMembership",
    "conversations.Conversation",
    "agreements.LearningGoal",
    "agreements.BuildingBlock",
    "logbook.LogbookEntry",
    "clarification.MailingDelivery",
    "clarification.JtiRecord",
    "clarification.HomeworkStatus",
    "clarification.LeaderTalk",
    "clarification.LeaderTalkFeedback",
    "trainee.PersonalityTest",
    "trainee.EffectAnswer",
    "trainee.TraineeOutcome",
    "evaluations.Answer",
    "catalogue.TaskNote",
    "visits.JobVisit",
)


def _points_to_a_person(model: type[models.Model]) -> bool:
    targets = (Person, get_user_model())
    return any(
        field.is_relation and not field.auto_created and field.related_model in targets
        for field in model._meta.get_fields()
    )


#: every installed model (ours and third-party) with a FK, M2M or one-to-one to a person or login
MODELS_WITH_A_PERSON = sorted(
    model._meta.label for model in apps.get_models() if _points_to_a_person(model)
)


def _covered() -> dict[str, str]:
    """{model label: the key of the first entry that names it}."""
    covered: dict[str, str] = {}
    for entry in personal_data:
        for model in entry.models:
            covered.setdefault(model._meta.label, entry.key)
    return covered


def test_the_search_finds_the_models_it_must():
    # the automatic search is itself tested: these point to a person or a login
    for label in (
        "people.Person",
        "core.AuditEvent",
        "accounts.ExternalIdentity",
        "admin.LogEntry",
    ):
        assert label in MODELS_WITH_A_PERSON
    assert "people.OrgUnit" not in MODELS_WITH_A_PERSON


@pytest.mark.parametrize("label", MODELS_WITH_A_PERSON)
def test_every_model_with_a_person_or_login_key_is_covered(label):
    assert label in _covered(), (
        f"{label} has a foreign key to a person or a login but no privacy.registry.personal_data "
        "entry names it in `models`: register what the access export and the erasure do with "
        "it in the app's privacy.py (docs/privacy.md)"
    )


@pytest.mark.parametrize("label", MUST_BE_COVERED)
def test_every_model_with_personal_data_through_another_row_is_covered(label):
    apps.get_model(label)  # the list names real models (a rename fails here)
    assert label in _covered(), (
        f"{label} holds personal data (through an enrolment or a conversation) but no "
        "privacy.registry.personal_data entry names it in `models` (docs/privacy.md)"
    )


def test_keys_are_unique_and_a_second_registration_fails():
    keys = personal_data.keys()
    assert len(keys) == len(set(keys))
    first = next(iter(personal_data))
    with pytest.raises(DuplicateEntryError):
        personal_data.register(first)
    rule = next(iter(retention_rules))
    with pytest.raises(DuplicateEntryError):
        retention_rules.register(rule)


def test_every_entry_names_concrete_installed_models_and_a_label():
    for entry in personal_data:
        assert str(entry.label).strip(), entry.key
        assert entry.models, entry.key
        for model in entry.models:
            assert apps.get_model(model._meta.label) is model, (entry.key, model)
            assert not model._meta.abstract


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.mark.django_db
def test_every_entry_exports_json_and_previews_without_writing(cast):
    for entry in personal_data:
        records = entry.export(cast.aspirant)
        assert isinstance(records, list), entry.key
        json.dumps(records)  # JSON-ready
        with CaptureQueriesContext(connection) as queries:
            lines = entry.erase(cast.aspirant, False)
        assert _writes(queries) == [], entry.key
        for line in lines:
            assert line.count >= 0, entry.key
            assert isinstance(line.action, Action), entry.key
            if line.action == Action.KEEP:
                assert str(line.reason).strip(), f"{entry.key}: a kept record needs a reason"


def test_every_retention_rule_has_a_reason_a_positive_period_and_a_unique_key():
    keys = retention_rules.keys()
    assert keys and len(keys) == len(set(keys))
    for rule in retention_rules:
        assert len(str(rule.reason).strip()) > 20, rule.key
        assert str(rule.label).strip(), rule.key
        assert rule.default_days > 0, rule.key
        assert rule.days == rule.default_days, rule.key


def test_the_setting_overrides_a_rules_period(settings):
    settings.LEDERSPOR_RETENTION_DAYS = {"privacy.read_log": 30}
    rules = {rule.key: rule for rule in retention_rules}
    assert rules["privacy.read_log"].days == 30
    assert rules["core.audit"].days == rules["core.audit"].default_days


@pytest.mark.django_db
def test_every_rules_dry_run_writes_nothing(cast):
    now = timezone.now()
    for rule in retention_rules:
        with CaptureQueriesContext(connection) as queries:
            count = rule.expire(now - dt.timedelta(days=rule.days), False)
        assert isinstance(count, int) and count >= 0, rule.key
        assert _writes(queries) == [], rule.key
