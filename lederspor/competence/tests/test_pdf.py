"""The plan as a PDF (issue #5 §1): what it contains, read back with pypdf, and who may have it."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lederspor.competence.content import examples
from lederspor.competence.models import AnchoringKind, GoalLevel, PlanStatus, Step, Tempo
from lederspor.competence.services import (
    examples_load,
    plan_create,
    plan_field_save,
    plan_participants_save,
    plan_status_set,
)

TASK = "Vi skal give medicin til beboerne på plejecentret i dagvagten"
GOAL = "Kende de almindeligste bivirkninger af beboernes medicin"
ACTIVITY = "Dosere medicin sammen med sygeplejersken to gange om ugen"
ANCHORING = "Samtale med lederen en måned efter kurset"


def text_of(response) -> str:
    """The PDF's text with all whitespace (pypdf's line breaks) collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(response.content))
    raw = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(raw.split())


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def save(plan, field, cast, values=None, rows=None):
    plan.refresh_from_db()
    return plan_field_save(
        plan=plan,
        field=field,
        values=values or {},
        rows=rows,
        expected_version=plan.version,
        by=cast.admin,
    )


@pytest.fixture
def plan(cast):
    plan = plan_create(
        title="Medicin til beboerne", unit=cast.workplace, owner=cast.leader, by=cast.admin
    )
    today = timezone.localdate()
    save(
        plan,
        "task",
        cast,
        {
            "title": plan.title,
            "task_situation": TASK,
            "meets_concrete": True,
            "meets_other_way": True,
            "meets_responsibility": True,
            "task_today": "Sygeplejersken giver al medicin",
            "task_future": "Assistenterne giver medicinen selv",
            "current_step": Step.WITH_SUPPORT,
            "target_step": Step.INDEPENDENT,
        },
    )
    save(plan, "learning_goals", cast, rows=[{"level": GoalLevel.KNOWLEDGE, "text": GOAL}])
    save(
        plan,
        "training_ground",
        cast,
        {
            "training_starts_on": today + dt.timedelta(days=7),
            "training_ends_on": today + dt.timedelta(days=60),
        },
        rows=[{"tempo": Tempo.TRYING_OUT, "text": ACTIVITY}],
    )
    save(
        plan,
        "everyday",
        cast,
        {"everyday_from": today + dt.timedelta(days=61)},
        rows=[
            {
                "kind": AnchoringKind.GOAL_FOLLOW_UP,
                "text": ANCHORING,
                "responsible": cast.leader,
                "due_on": today + dt.timedelta(days=90),
            }
        ],
    )
    plan.refresh_from_db()
    plan_participants_save(
        plan=plan, rows=[{"person": cast.colleague}], expected_version=plan.version, by=cast.admin
    )
    plan.refresh_from_db()
    return plan_status_set(
        plan=plan, status=PlanStatus.TRAINING, expected_version=plan.version, by=cast.admin
    )


def pdf_url(plan):
    return reverse("competence:plan_pdf", args=[plan.pk])


def test_pdf_contains_the_plan(cast, plan, as_):
    response = as_(cast.leader).get(pdf_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = text_of(response)
    for expected in (
        "Medicin til beboerne",
        TASK,
        GOAL,
        ACTIVITY,
        ANCHORING,
        cast.colleague.full_name,
        "Status: Træningsbane",
        cast.leader.full_name,
    ):
        assert expected in text, expected


def test_pdf_shows_the_current_status(cast, plan, as_):
    plan_status_set(
        plan=plan, status=PlanStatus.DRAFT, expected_version=plan.version, by=cast.admin
    )
    text = text_of(as_(cast.leader).get(pdf_url(plan)))
    assert "Status: Kladde" in text
    assert "Status: Træningsbane" not in text


@pytest.mark.parametrize(
    "who,expected", [("leader", 200), ("chef", 200), ("consultant", 200), ("colleague", 200)]
)
def test_who_may_download_it(cast, plan, as_, who, expected):
    response = as_(getattr(cast, who)).get(pdf_url(plan))
    assert response.status_code == expected
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", ["outsider", "other_leader", "aspirant"])
def test_others_get_404(cast, plan, as_, who):
    assert as_(getattr(cast, who)).get(pdf_url(plan)).status_code == 404


def test_pdf_needs_login(client, plan):
    response = client.get(pdf_url(plan))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_examples_pdf_has_its_seed_task_word_for_word(cast, as_):
    plans = {p.example_number: p for p in examples_load()}
    example = examples()[2]
    assert example.number == 3
    response = as_(cast.outsider).get(pdf_url(plans[3]))
    assert response.status_code == 200
    text = text_of(response)
    assert "Vi skal tilberede måltider ude hos beboerne" in text
    assert collapse(example.task) in text
    assert example.title in text
    assert collapse(example.goals[0].text) in text
