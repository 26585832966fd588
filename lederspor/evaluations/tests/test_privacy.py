"""Evaluations' share of issue #15: named results are logged as reads, anonymous aggregates are
not personal data (no row, no person in any export), and the `evaluations.answers` entry of
the privacy registries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.evaluations.models import Answer, Invitation, Questionnaire, Response
from lederspor.evaluations.services import response_submit
from lederspor.evaluations.tests.conftest import valid_answers
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, personal_data, retention_rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_cells(settings):
    """Show free texts from a single answer, so two participants are enough."""
    settings.LEDERSPOR_REPORTS_MIN_CELL = 1


def _entry():
    return next(e for e in personal_data if e.key == "evaluations.answers")


def _answered(cast, questionnaire, *persons, text="Godt møde"):
    for person in persons:
        invitation = Invitation.objects.get(questionnaire=questionnaire, person=person)
        values = valid_answers(questionnaire)
        values = {k: (text if v == "Godt møde" else v) for k, v in values.items()}
        response_submit(invitation=invitation, values=values, by=person.user)
    return questionnaire


@pytest.fixture
def named(cast, make_questionnaire):
    q = make_questionnaire(anonymous=False)
    return _answered(cast, q, cast.aspirant, cast.other_aspirant)


@pytest.fixture
def anonymous(cast, make_questionnaire):
    q = make_questionnaire(anonymous=True)
    return _answered(cast, q, cast.aspirant, cast.other_aspirant, text="Anonym tekst")


def _results(client, q):
    return client.get(reverse("evaluations:results", args=[q.pk]))


def test_named_results_name_those_whose_texts_are_shown(cast, as_, named):
    assert Answer.objects.filter(response__questionnaire=named).exclude(text="").exists()
    assert _results(as_(cast.consultant), named).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert sorted(entry.subject_ids) == sorted([cast.aspirant.pk, cast.other_aspirant.pk])
    assert entry.kinds == RecordKind.EVALUATION.value


def test_anonymous_results_are_not_personal_data(cast, as_, anonymous):
    assert _results(as_(cast.consultant), anonymous).status_code == 200
    assert not ReadLogEntry.objects.exists()


def test_results_404_for_a_participant_is_not_logged(cast, as_, named):
    assert _results(as_(cast.aspirant), named).status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_an_anonymous_response_has_no_person_and_is_in_no_export(cast, anonymous):
    assert not Response.objects.filter(questionnaire=anonymous, person__isnull=False).exists()
    rows = _entry().export(cast.aspirant)
    assert "Anonym tekst" not in str(rows)
    assert [r["record"] for r in rows] == ["invitation"]


def test_export_has_the_persons_named_answers_not_anothers(cast, make_questionnaire):
    q = make_questionnaire(anonymous=False)
    _answered(cast, q, cast.aspirant, text="Annas svar")
    _answered(cast, q, cast.other_aspirant, text="Bos svar")
    rows = _entry().export(cast.aspirant)
    texts = [r["text"] for r in rows if r["record"] == "named_answer" and r["text"]]
    assert texts and set(texts) == {"Annas svar"}
    assert "Bos svar" not in str(rows)
    assert [r["title"] for r in _entry().export(cast.consultant)] == [q.title]


def test_erase_makes_named_answers_anonymous_and_keeps_the_ratings(cast, named):
    scales = sorted(
        Answer.objects.filter(response__questionnaire=named, scale__isnull=False).values_list(
            "scale", flat=True
        )
    )
    lines = _entry().erase(cast.aspirant, False)
    assert (lines[0].count, lines[0].action) == (1, Action.ANONYMISE)
    assert lines[1].action == Action.DELETE and lines[1].count >= 1
    assert Response.objects.filter(person=cast.aspirant).count() == 1  # preview wrote nothing
    _entry().erase(cast.aspirant, True)
    assert not Response.objects.filter(person=cast.aspirant).exists()
    assert Response.objects.filter(questionnaire=named).count() == 2
    assert (
        sorted(
            Answer.objects.filter(response__questionnaire=named, scale__isnull=False).values_list(
                "scale", flat=True
            )
        )
        == scales
    )
    # the other participant's free text is untouched
    assert Answer.objects.filter(response__person=cast.other_aspirant).exclude(text="").exists()
    # the response rate still counts the invitation
    assert Invitation.objects.filter(questionnaire=named, answered_on__isnull=False).count() == 2
    _entry().erase(cast.consultant, True)
    assert Questionnaire.objects.get(pk=named.pk).created_by is None


def test_named_answers_expire_into_anonymous_ones(cast, named):
    rule = next(r for r in retention_rules if r.key == "evaluations.named_answers")
    now = timezone.now()
    cutoff = now - dt.timedelta(days=rule.days)
    assert rule.expire(cutoff, True) == 0
    Response.objects.filter(questionnaire=named).update(
        submitted_on=(cutoff - dt.timedelta(days=1)).date()
    )
    assert rule.expire(cutoff, False) == 2
    assert Response.objects.filter(person__isnull=False).count() == 2
    assert rule.expire(cutoff, True) == 2
    assert not Response.objects.filter(person__isnull=False).exists()
    assert not Answer.objects.filter(response__questionnaire=named).exclude(text="").exists()
    assert rule.expire(cutoff, True) == 0
