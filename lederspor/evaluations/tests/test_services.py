"""Questionnaires from templates, sending and answering (issue #13 §2): anonymity, repeats,
closing, and the worker's one sending and one reminder."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.evaluations.audit import EvaluationAction
from lederspor.evaluations.content import load_evaluation_templates
from lederspor.evaluations.models import (
    Answer,
    Invitation,
    Question,
    Questionnaire,
    QuestionnaireTemplate,
    Response,
)
from lederspor.evaluations.services import (
    question_add,
    questionnaire_close,
    questionnaire_create,
    response_submit,
    token_hash,
)
from lederspor.evaluations.tests.conftest import valid_answers
from lederspor.notifications.testing import run_worker

TOKEN = re.compile(r"/evalueringer/svar/([^/\s\"]+)/")


def _token(message) -> str:
    return TOKEN.search(message.body).group(1)


def test_loading_the_templates_twice_creates_each_once_and_keeps_an_edit(templates):
    assert len(templates) == 14
    kinds = {(t.programme_kind, t.moment, t.audience) for t in templates.values()}
    for kind in ("aspirant", "job_visit", "clarification", "trainee"):
        assert (kind, "programme_end", "participant") in kinds
        assert (kind, "programme_end", "leader") in kinds
    edited = templates["aspirant-end-participant"]
    edited.name = "Vores egen titel"
    edited.save()
    load_evaluation_templates()
    assert QuestionnaireTemplate.objects.filter(key="aspirant-end-participant").count() == 1
    edited.refresh_from_db()
    assert edited.name == "Vores egen titel"


def test_template_questions_name_their_seed_and_mark_ours(templates):
    q = templates["trainee-end-participant"].questions.get(key="personlig-afklaring")
    assert q.is_ours and "003" in q.source and "Personlig afklaring" in q.source
    seed_own = templates["trainee-take-off"].questions.get(key="brug-for-nu")
    assert not seed_own.is_ours and seed_own.text == "Hvad har I brug for nu?"


def test_create_copies_the_questions_with_their_keys_and_defaults_times(
    cast, make_questionnaire, session
):
    q = make_questionnaire(send=False)
    keys = list(q.questions.values_list("key", flat=True))
    assert keys == list(q.template.questions.values_list("key", flat=True))
    assert q.status == Questionnaire.Status.DRAFT
    assert q.send_at == session.ends_at
    assert q.reminder_at == session.ends_at + dt.timedelta(days=4)
    assert AuditEvent.objects.filter(
        action=EvaluationAction.QUESTIONNAIRE_CREATE, object_id=str(q.pk)
    ).exists()


def test_a_session_template_needs_a_session_of_the_cohort(cast, templates):
    with pytest.raises(ValidationError) as error:
        questionnaire_create(
            cohort=cast.cohort,
            template=templates["aspirant-network-meeting"],
            by=cast.consultant.user,
        )
    assert "session" in error.value.message_dict


def test_a_template_of_another_programme_is_refused(cast, templates):
    with pytest.raises(ValidationError) as error:
        questionnaire_create(
            cohort=cast.cohort,
            template=templates["trainee-end-participant"],
            by=cast.consultant.user,
        )
    assert "template" in error.value.message_dict


def test_the_worker_sends_once_after_the_session_with_a_subject_without_private_content(
    cast, make_questionnaire
):
    q = make_questionnaire()
    assert q.status == Questionnaire.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.aspirant.email, cast.other_aspirant.email]
    )
    for message in mail.outbox:
        assert message.subject == (
            "Evaluering: Lederaspirantforløb – Ledelse i en politisk styret organisation"
        )
        token = _token(message)
        assert Invitation.objects.filter(token_hash=token_hash(token)).exists()
        assert not Invitation.objects.filter(token_hash=token).exists()  # only the hash
    mail.outbox.clear()
    run_worker()  # nothing is due twice
    assert mail.outbox == []
    assert Invitation.objects.filter(questionnaire=q).count() == 2


def test_the_reminder_goes_once_and_only_to_those_who_have_not_answered(cast, make_questionnaire):
    q = make_questionnaire()
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    response_submit(invitation=invitation, values=valid_answers(q), by=cast.aspirant.user)
    mail.outbox.clear()
    with time_machine.travel(q.reminder_at + dt.timedelta(minutes=5), tick=False):
        run_worker()
        assert [m.to[0] for m in mail.outbox] == [cast.other_aspirant.email]
        assert mail.outbox[0].subject.startswith("Påmindelse om evaluering: Lederaspirantforløb")
        reminder_token = _token(mail.outbox[0])
        mail.outbox.clear()
        run_worker()
        assert mail.outbox == []
    other = Invitation.objects.get(questionnaire=q, person=cast.other_aspirant)
    assert other.reminder_token_hash == token_hash(reminder_token)
    assert AuditEvent.objects.filter(action=EvaluationAction.QUESTIONNAIRE_REMIND).count() == 1


def test_the_leader_audience_invites_only_the_participants_nearest_leaders(
    cast, make_questionnaire
):
    make_questionnaire(key="aspirant-end-leader")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.leader.email, cast.other_leader.email]
    )


def test_an_anonymous_answer_has_no_person_and_no_time(cast, make_questionnaire):
    q = make_questionnaire(anonymous=True)
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    before = Invitation.objects.get(pk=invitation.pk).updated_at
    response = response_submit(
        invitation=invitation, values=valid_answers(q), by=cast.aspirant.user
    )
    response.refresh_from_db()
    assert response.person_id is None
    assert response.submitted_on == timezone.localdate()
    # neither the response nor its answers keep a time finer than the date
    assert not any(
        isinstance(f, models.DateTimeField) for f in [*Response._meta.fields, *Answer._meta.fields]
    )
    invitation.refresh_from_db()
    assert invitation.answered_on == timezone.localdate()
    assert invitation.updated_at == before  # the moment of answering is not recorded
    # nothing joins the invitation to the answer: no field of Invitation points at Response
    assert not any(
        getattr(f, "related_model", None) in (Response, Answer) for f in Invitation._meta.fields
    )
    event = AuditEvent.objects.get(action=EvaluationAction.QUESTIONNAIRE_ANSWER)
    assert event.actor_id is None and event.object_id == str(q.pk)


def test_a_named_answer_records_the_person(cast, make_questionnaire):
    q = make_questionnaire(anonymous=False)
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    response = response_submit(
        invitation=invitation, values=valid_answers(q), by=cast.aspirant.user
    )
    assert response.person_id == cast.aspirant.pk


def test_a_second_answer_is_refused(cast, make_questionnaire):
    q = make_questionnaire()
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    response_submit(invitation=invitation, values=valid_answers(q), by=cast.aspirant.user)
    with pytest.raises(ValidationError, match="allerede besvaret"):
        response_submit(invitation=invitation, values=valid_answers(q), by=cast.aspirant.user)
    assert Response.objects.filter(questionnaire=q).count() == 1


def test_a_closed_questionnaire_refuses_answers(cast, make_questionnaire):
    q = make_questionnaire()
    questionnaire_close(questionnaire=q, by=cast.consultant.user)
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    with pytest.raises(ValidationError, match="lukket"):
        response_submit(invitation=invitation, values=valid_answers(q), by=cast.aspirant.user)
    assert not Response.objects.exists()


def test_past_its_closing_day_a_questionnaire_refuses_answers(cast, make_questionnaire):
    q = make_questionnaire()
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    with time_machine.travel(q.closes_on + dt.timedelta(days=1)):
        with pytest.raises(ValidationError, match="lukket"):
            response_submit(invitation=invitation, values=valid_answers(q), by=cast.aspirant.user)


def test_bad_answers_are_refused_per_question_in_danish(cast, make_questionnaire):
    q = make_questionnaire()
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    values = valid_answers(q)
    values["q_udbytte-moedegang"] = "7"
    values["q_tid"] = "Hele dagen"
    del values["q_tema-praksis"]
    with pytest.raises(ValidationError) as error:
        response_submit(invitation=invitation, values=values, by=cast.aspirant.user)
    messages = error.value.message_dict
    assert messages["q_udbytte-moedegang"] == ["Vælg et tal fra 1 til 5."]
    assert messages["q_tid"] == ["Vælg blandt svarmulighederne."]
    assert messages["q_tema-praksis"] == ["Besvar venligst spørgsmålet."]
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_on is None


def test_questions_can_be_added_only_while_a_draft(cast, make_questionnaire):
    q = make_questionnaire(send=False)
    question = question_add(
        questionnaire=q,
        expected_version=q.version,
        kind="single",
        text="Hvordan var forplejningen?",
        choices=["God", "Dårlig"],
        by=cast.consultant.user,
    )
    assert question.key == "hvordan-var-forplejningen"
    q.refresh_from_db()
    with pytest.raises(ValidationError, match="mindst to"):
        question_add(
            questionnaire=q,
            expected_version=q.version,
            kind="multiple",
            text="Hvad?",
            choices=["Kun én"],
            by=cast.consultant.user,
        )
    sent = make_questionnaire()
    with pytest.raises(ValidationError, match="kan ikke længere ændres"):
        question_add(
            questionnaire=sent,
            expected_version=sent.version,
            kind="text",
            text="For sent",
            by=cast.consultant.user,
        )
    assert not Question.objects.filter(questionnaire=sent, text="For sent").exists()
