"""What conversations hold about a person in the privacy registries (issue #15 §2–3): the
export has the person's conversations and not another participant's; erasure's preview writes
nothing and apply does what its lines say; the retention run is idempotent and its dry run
writes nothing; reports still count the anonymised conversations."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.conversations import privacy
from lederspor.conversations.models import AgreedAction, Conversation, ConversationAttendee
from lederspor.conversations.services import action_add, conversation_mark_held, record_save
from lederspor.privacy.registry import Action, personal_data, retention_rules
from lederspor.programmes.models import Enrolment

pytestmark = pytest.mark.django_db


def _held(c, cast, answers, notes):
    c = conversation_mark_held(conversation=c, expected_version=c.version, by=cast.leader.user)
    c = record_save(
        conversation=c,
        answers=answers,
        notes=notes,
        expected_version=c.version,
        by=cast.leader.user,
    )
    return c


@pytest.fixture
def two(cast, clarification, plan):
    """A held leader conversation of the aspirant (with the leader's preparation and an
    action) and one of the other aspirant."""
    _cohort, (mine, other) = clarification
    c = plan(mine, "leader_before", past=True)
    qid = c.template_version.questions[0]["id"]
    c = _held(c, cast, {qid: "Annas hemmelige svar"}, "Referat om Anna")
    ConversationAttendee.objects.filter(conversation=c, person=cast.leader).update(
        preparation={qid: "Lederens forberedelse"}
    )
    action_add(
        conversation=c, text="Find en vært", owner=cast.aspirant, due_on=None, by=cast.leader.user
    )
    o = plan(other, "leader_before", past=True)
    o = _held(o, cast, {qid: "Den andens svar"}, "Referat om den anden")
    return c, o


def _snapshot():
    return [
        list(Conversation.objects.order_by("pk").values_list("answers", "notes", "organiser_id")),
        list(ConversationAttendee.objects.order_by("pk").values_list("preparation")),
        AgreedAction.objects.count(),
    ]


def test_registered_with_every_model_holding_a_person():
    entry = next(e for e in personal_data if e.key == "conversations.conversations")
    assert set(entry.models) == {
        Conversation,
        ConversationAttendee,
        AgreedAction,
        privacy.TemplateVersion,
    }
    assert entry.documents is not None
    assert "conversations.content" in retention_rules


def test_export_has_mine_not_the_others(cast, two):
    text = str(privacy.export(cast.aspirant))
    assert "Annas hemmelige svar" in text and "Referat om Anna" in text and "Find en vært" in text
    assert "Den andens svar" not in text and "Referat om den anden" not in text
    # the leader's own preparation is the leader's, not the participant's
    assert "Lederens forberedelse" not in text
    leader = str(privacy.export(cast.leader))
    assert "Lederens forberedelse" in leader
    assert "Annas hemmelige svar" not in leader and "Den andens svar" not in leader


def test_documents_are_the_summary_pdfs(cast, two):
    [doc] = privacy.documents(cast.aspirant)
    assert doc.content.startswith(b"%PDF") and doc.filename.endswith(".pdf")


def test_erase_preview_writes_nothing_and_apply_blanks_the_content(cast, two):
    c, o = two
    before = _snapshot()
    lines = privacy.erase(cast.aspirant, False)
    assert _snapshot() == before
    by_label = {str(line.label): line for line in lines}
    assert any(line.action == Action.ANONYMISE and line.count == 1 for line in lines)
    assert by_label["Aftaler fra personens samtaler"].count == 1

    privacy.erase(cast.aspirant, True)
    c.refresh_from_db()
    o.refresh_from_db()
    assert (c.answers, c.notes) == ({}, "")
    assert c.status == "held"  # the row stays for the reports
    assert not ConversationAttendee.objects.filter(conversation=c).exclude(preparation={}).exists()
    assert not AgreedAction.objects.filter(conversation=c).exists()
    assert o.notes == "Referat om den anden"  # another participant's conversation is untouched
    assert "Annas hemmelige svar" not in str(privacy.export(cast.aspirant))


def test_erasing_the_leader_blanks_their_preparation_elsewhere(cast, two):
    c, _o = two
    privacy.erase(cast.leader, True)
    c.refresh_from_db()
    assert c.notes == "Referat om Anna" and c.organiser_id is None
    assert (
        not ConversationAttendee.objects.filter(person=cast.leader).exclude(preparation={}).exists()
    )


def test_retention_blanks_ended_enrolments_only_and_is_idempotent(cast, two):
    c, o = two
    ended = timezone.now() - dt.timedelta(days=1200)
    Enrolment.objects.filter(pk=c.enrolment_id).update(status="completed", completed_at=ended)
    cutoff = timezone.now() - dt.timedelta(days=1095)
    before = _snapshot()
    assert privacy.expire_content(cutoff, False) == 1
    assert _snapshot() == before
    assert privacy.expire_content(cutoff, True) == 1
    assert privacy.expire_content(cutoff, True) == 0
    c.refresh_from_db()
    o.refresh_from_db()
    assert (c.answers, c.notes, c.status) == ({}, "", "held")
    assert o.notes == "Referat om den anden"
    # a recently ended enrolment is not due
    Enrolment.objects.filter(pk=o.enrolment_id).update(
        status="completed", completed_at=timezone.now()
    )
    assert privacy.expire_content(cutoff, False) == 0
    # the reports still count the held conversation
    assert Conversation.objects.filter(status="held").count() == 2


@pytest.mark.parametrize("app", ["conversations", "agreements", "logbook", "trainee", "visits"])
def test_every_model_holding_a_person_is_covered(app):
    """Every model of the app with a link to a person or a login, or reached through an
    enrolment or a conversation, is named by a `personal_data` entry (issue #15 §3)."""
    from django.apps import apps
    from django.conf import settings

    from lederspor.people.models import Person

    targets = {Person, apps.get_model(settings.AUTH_USER_MODEL), Enrolment, Conversation}
    covered = {m for entry in personal_data for m in entry.models}
    holding = {
        model
        for model in apps.get_app_config(app).get_models()
        if any(
            f.is_relation and f.related_model in targets
            for f in model._meta.get_fields()
            if not f.auto_created or f.concrete
        )
    }
    assert holding and holding <= covered, holding - covered
