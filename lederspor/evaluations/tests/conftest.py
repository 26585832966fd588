"""Fixtures for the evaluation tests: the cast's aspirant cohort with a network meeting that
ended yesterday, the templates, and a sent questionnaire."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lederspor.evaluations.content import load_evaluation_templates
from lederspor.evaluations.models import QuestionnaireTemplate
from lederspor.notifications.testing import run_worker
from lederspor.programmes.models import Session


@pytest.fixture
def templates(db):
    """The evaluation templates from the content file, by key."""
    return {t.key: t for t in load_evaluation_templates()}


@pytest.fixture
def session(cast):
    """A network meeting of the cast's aspirant cohort that ended yesterday at 16:00."""
    day = timezone.localdate() - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    return Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Ledelse i en politisk styret organisation",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
    )


@pytest.fixture
def make_questionnaire(cast, templates, session):
    """`make_questionnaire(key="aspirant-network-meeting", anonymous=True, send=True)` → a
    questionnaire of the cast's cohort made by the consultant; `send` schedules it and runs the
    worker (its send time has passed), so the invitations are mailed."""
    from lederspor.evaluations.services import questionnaire_create, questionnaire_schedule

    def _make(key="aspirant-network-meeting", anonymous=True, send=True):
        template: QuestionnaireTemplate = templates[key]
        q = questionnaire_create(
            cohort=cast.cohort,
            template=template,
            session=session if template.moment == "session" else None,
            anonymous=anonymous,
            by=cast.consultant.user,
        )
        if send:
            if q.send_at > timezone.now():
                q.send_at = timezone.now() - dt.timedelta(minutes=1)
                q.reminder_at = q.send_at + dt.timedelta(days=4)
                q.save()
            q = questionnaire_schedule(
                questionnaire=q, expected_version=q.version, by=cast.consultant.user
            )
            mail.outbox.clear()
            run_worker()
            q.refresh_from_db()
        return q

    return _make


def valid_answers(questionnaire, scale="4"):
    """POST data answering every question of `questionnaire` validly."""
    data = {}
    for q in questionnaire.questions.all():
        name = f"q_{q.key}"
        if q.kind == "scale":
            data[name] = scale
        elif q.kind == "single":
            data[name] = q.choices[0]
        elif q.kind == "multiple":
            data[name] = q.choices[:2]
        else:
            data[name] = "Godt møde"
    return data
