"""core.audit: actions are enum members, never free strings (issue #11 §3)."""

import importlib
import re

import pytest
from django.apps import apps

from lederspor.core.audit import AuditAction, audit_record
from lederspor.core.models import AuditEvent, User


def _all_actions() -> list[AuditAction]:
    """Every member of every app's AuditAction subclass (each app's `audit.py`)."""
    for config in apps.get_app_configs():
        if config.name.startswith("lederspor."):
            try:
                importlib.import_module(f"{config.name}.audit")
            except ModuleNotFoundError:
                pass
    return [member for cls in AuditAction.__subclasses__() for member in cls]


@pytest.mark.django_db
def test_a_plain_string_is_refused_and_nothing_is_written():
    user = User.objects.create_user("revisor", "revisor@example.dk")
    with pytest.raises(TypeError, match="AuditAction"):
        audit_record(actor=user, action="enrolment.approve", obj=user)  # type: ignore[arg-type]
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_member_is_stored_as_its_string():
    from lederspor.programmes.audit import ProgrammeAction

    user = User.objects.create_user("revisor", "revisor@example.dk")
    event = audit_record(actor=user, action=ProgrammeAction.ENROLMENT_APPROVE, obj=user)
    event.refresh_from_db()
    assert event.action == "enrolment.approve"
    assert AuditEvent.objects.filter(action=ProgrammeAction.ENROLMENT_APPROVE).count() == 1


def test_every_action_is_unique_and_named_entity_dot_verb():
    actions = _all_actions()
    assert len(actions) > 100
    values = [a.value for a in actions]
    assert len(values) == len(set(values)), "two apps record the same action string"
    bad = [v for v in values if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", v)]
    assert bad == []


@pytest.mark.django_db
def test_an_event_about_no_stored_object_has_an_empty_object_type_and_id():
    from lederspor.accounts.audit import AccountAction

    event = audit_record(
        actor=None, action=AccountAction.LOGIN_FAILED, obj=None, address="192.0.2.7"
    )
    event.refresh_from_db()
    assert (event.object_type, event.object_id) == ("", "")
    assert event.address == "192.0.2.7"
