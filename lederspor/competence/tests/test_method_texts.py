"""Seed 004's texts the planner lacked (issue #14 §1): the two dimensions, the six text boxes,
"kan fx være relevant når …", the tempo examples and the kørekort consequence — loaded word for
word, shown at the field they belong to — and the quick guide (lynguide) as a PDF."""

import html
import io
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from lederspor.competence import content
from lederspor.competence.services import plan_create
from lederspor.competence.tests.test_content import (
    ADAPTED,
    SEED_FILE,
    collapse,
    normalise_seed,
    occurs,
)
from lederspor.licences import services as licence_services

# The six boxes, by the seed's own titles, and the field each belongs to.
BOXES = {
    "Hvad skal vi gøre anderledes?": "task",
    "Et dobbelt perspektiv på barselsafsnittet": "perspective",
    "Eksempler på nye roller": "learning_goals",
    "Flere læringsformer på træningsbanen": "training_ground",
    '"Implementering" er ikke nok': "everyday",
    "Effekt i hverdagen kan ikke tages for givet": "everyday",
}
FIELDS = ("task", "perspective", "learning_goals", "training_ground", "everyday")


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED_FILE.exists():
        pytest.skip(f"seed 004 not found at {SEED_FILE}")
    return normalise_seed(SEED_FILE.read_text(encoding="utf-8"))


def from_seed(text: str, seed: str) -> bool:
    """Every paragraph of `text` is the seed's, word for word (or a listed adaptation of it)."""
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        shown = collapse(paragraph)
        if not occurs(ADAPTED.get(shown, shown), seed):
            return False
    return True


def page_text(response) -> str:
    """The page's visible text: tags dropped, entities decoded, whitespace collapsed."""
    assert response.status_code == 200
    return collapse(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return collapse(" ".join(page.extract_text() or "" for page in reader.pages))


# ---------------------------------------------------------------- the loader, word for word


def test_the_six_text_boxes_load_word_for_word_at_their_fields(seed):
    method = content.method()
    assert {box.title: box.field for box in method.text_boxes} == BOXES
    for box in method.text_boxes:
        assert occurs(box.title, seed, ignore_case=True), box.title
        assert len(box.paragraphs) >= 2
        for paragraph in box.paragraphs:
            assert from_seed(paragraph, seed), paragraph
        assert "Læs mere på side" not in box.text  # the booklet's page numbers became links
    assert method.text_boxes_for("everyday")[1].examples == (2,)
    assert method.text_boxes_for("learning_goals")[0].examples == (3, 5)


def test_the_two_dimensions_load_word_for_word(seed):
    dimensions = content.method().dimensions
    for text in (dimensions.introduction, dimensions.neither_alone, dimensions.bridge):
        assert from_seed(text, seed), text
    strategic, learning = dimensions.items
    assert strategic.title == "Den strategiske dimension"
    assert learning.title == "Læringsdimensionen"
    for item in dimensions.items:
        assert occurs(item.title, seed, ignore_case=True)
        assert from_seed(item.text, seed)
        # "<title> <text>" is the seed's sentence (the seed prints the title in odd casing).
        first_sentence = item.text.split(". ")[0] + "."
        assert occurs(f"{item.title} {first_sentence}", seed, ignore_case=True)
    assert dimensions.for_field("perspective") == (strategic,)
    assert dimensions.for_field("everyday") == (strategic,)
    assert dimensions.for_field("learning_goals") == (learning,)
    assert dimensions.for_field("training_ground") == (learning,)
    assert dimensions.for_field("task") == ()  # the task is the bridge


def test_guide_intros_tempo_examples_relevance_and_licence_texts_are_the_seeds(seed):
    method = content.method()
    for field in method.fields:
        assert from_seed(field.guide_intro, seed), field.key
        for question in field.guide_questions:
            assert from_seed(question, seed), question
    assert [t.examples_intro for t in method.tempi] == [
        "Eksempler på vidensopbygning er:",
        "Eksempler på afprøvning er:",
        "Eksempler på feedback er:",
    ]
    for tempo in method.tempi:
        assert all(from_seed(e, seed) for e in tempo.examples)
    assert occurs(method.relevant_when_title, seed)
    assert method.steps[0].relevant_when[0] == "Flere skal kunne løse opgaven."
    assert occurs(method.licence_title, seed, ignore_case=True)
    assert from_seed(method.licence_consequence, seed)
    assert method.licence_consequence.startswith("Hvis man som medarbejder, efter flere forsøg")
    assert from_seed(method.licence_example, seed)
    assert from_seed(method.requirements_introduction, seed)
    assert from_seed(method.lynguide_introduction, seed)
    assert occurs(method.lynguide_title, seed)


def test_a_box_at_an_unknown_field_is_rejected(tmp_path):
    text = content.METHOD_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "method.toml"
    broken.write_text(text.replace('field = "perspective"', 'field = "perspektiv"', 1), "utf-8")
    with pytest.raises(ValueError, match="unknown field 'perspektiv'"):
        content.method(broken)


def test_a_box_pointing_to_a_seventh_example_is_rejected(tmp_path):
    text = content.METHOD_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "method.toml"
    broken.write_text(text.replace("examples = [3, 5]", "examples = [3, 7]", 1), "utf-8")
    with pytest.raises(ValueError, match=r"examples must be numbers 1\.\.6"):
        content.method(broken)


def test_a_dimension_at_an_unknown_field_is_rejected(tmp_path):
    text = content.METHOD_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "method.toml"
    broken.write_text(
        text.replace('"perspective", "everyday"', '"perspective", "hverdag"'), "utf-8"
    )
    with pytest.raises(ValueError, match="fields must be distinct field keys"):
        content.method(broken)


# ---------------------------------------------------------------- the planner shows them


@pytest.fixture
def plan(cast):
    return plan_create(
        title="Medicin til beboerne", unit=cast.workplace, owner=cast.leader, by=cast.admin
    )


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_page_shows_its_boxes_and_dimension_and_not_the_others(cast, plan, as_, field):
    method = content.method()
    page = page_text(as_(cast.leader).get(reverse("competence:plan_field", args=[plan.pk, field])))
    for box in method.text_boxes:
        shown = box.title in page and all(collapse(p) in page for p in box.paragraphs)
        assert shown == (box.field == field), (field, box.title)
    for dimension in method.dimensions.items:
        sentence = f"{dimension.title} {collapse(dimension.text)}"
        assert (sentence in page) == (field in dimension.fields or field == "task")
    assert (collapse(method.dimensions.bridge) in page) == (field == "task")
    assert collapse(method.field(field).guide_intro) in page
    assert "Hent lynguiden som PDF" in page


def test_task_field_shows_relevance_and_the_kørekort_box_with_its_consequence(cast, plan, as_):
    method = content.method()
    page = page_text(as_(cast.leader).get(reverse("competence:plan_field", args=[plan.pk, "task"])))
    assert "Kan fx være relevant når ..." in page
    for step in method.steps:
        assert all(when in page for when in step.relevant_when)
        assert collapse(step.licence_text) in page
    assert collapse(method.licence_consequence) in page
    assert collapse(method.licence_example) in page
    assert "Læs mere på side" not in page


def test_boxes_link_to_the_examples_they_refer_to(cast, plan, as_):
    response = as_(cast.leader).get(
        reverse("competence:plan_field", args=[plan.pk, "learning_goals"])
    )
    page = collapse(response.content.decode())
    examples_url = reverse("competence:examples")
    assert f'{examples_url}#eksempel-3">Læs mere i eksempel 3: Plejecenter 1</a>' in page
    assert f'{examples_url}#eksempel-5">Læs mere i eksempel 5: Jobcenteret</a>' in page
    assert f'href="{reverse("competence:lynguide")}"' in page


@pytest.mark.usefixtures("seed_content")
def test_examples_page_has_the_anchors_the_boxes_link_to(cast, as_):
    page = as_(cast.outsider).get(reverse("competence:examples")).content.decode()
    for number in range(1, 7):
        assert f'id="eksempel-{number}"' in page


def test_training_ground_shows_the_tempo_examples(cast, plan, as_):
    method = content.method()
    page = page_text(
        as_(cast.leader).get(reverse("competence:plan_field", args=[plan.pk, "training_ground"]))
    )
    for tempo in method.tempi:
        assert tempo.examples_intro in page
        assert all(collapse(e) in page for e in tempo.examples)


def test_a_participant_still_may_not_open_a_field_page(cast, plan, as_):
    from lederspor.competence.models import PlanParticipant

    PlanParticipant.objects.create(plan=plan, person=cast.colleague)
    response = as_(cast.colleague).get(reverse("competence:plan_field", args=[plan.pk, "task"]))
    assert response.status_code == 403
    assert content.method().text_boxes[0].title not in response.content.decode()


# ---------------------------------------------------------------- the kørekort pages


@pytest.fixture
def licence_task(cast):
    return licence_services.licence_task_create(
        unit=cast.workplace, title="Måltidet er mere end mad", by=cast.leader.user
    )


def test_kørekort_pages_show_the_levels_and_the_consequence(cast, as_, licence_task):
    method = content.method()
    for who, target in (
        (cast.leader, reverse("licences:licence_list")),
        (cast.leader, reverse("licences:licence_task", args=[licence_task.pk])),
        (cast.colleague, reverse("licences:my_licences")),
    ):
        page = page_text(as_(who).get(target))
        assert "Kørekort på tre niveauer" in page, target
        assert collapse(method.licence_intro) in page
        for step in method.steps:
            assert collapse(step.licence_text) in page
        assert collapse(method.licence_consequence) in page, target


def test_kørekort_method_text_comes_from_the_registered_loader():
    from lederspor.licences.hooks import licence_method_texts, method_texts

    assert "competence.seed004" in licence_method_texts
    (text,) = method_texts()
    assert [level for level, _ in text.levels] == ["C", "B", "A"]
    assert text.consequence == content.method().licence_consequence


# ---------------------------------------------------------------- the quick guide as PDF


def test_lynguide_needs_login(client):
    response = client.get(reverse("competence:lynguide"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "colleague", "leader", "consultant"])
def test_lynguide_is_for_everyone_signed_in(cast, as_, who):
    response = as_(getattr(cast, who)).get(reverse("competence:lynguide"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="lynguide-kompetenceudvikling.pdf"' in response["Content-Disposition"]


def test_lynguide_html_has_language_title_and_real_headings_and_lists():
    method = content.method()
    page = render_to_string(
        "competence/lynguide_pdf.html",
        {"method": method, "fields": [(f, ()) for f in method.fields], "requirements": ()},
    )
    assert '<html lang="da">' in page
    assert "<title>Lynguide til ledelse af kompetenceudvikling</title>" in page
    assert page.count("<h1>") == 1
    assert page.count("<h2>") == 6  # the dimensions and the five fields
    assert page.count("<ul>") >= 6


def test_lynguide_pdf_reads_as_the_seeds_guide_per_field(cast, as_):
    method = content.method()
    text = pdf_text(as_(cast.outsider).get(reverse("competence:lynguide")).content)
    assert text.startswith("Lynguide til ledelse af kompetenceudvikling")
    assert collapse(method.lynguide_introduction) in text
    positions = []
    for field in method.fields:
        heading = f"{field.number}. {field.title}"
        assert heading in text
        positions.append(text.index(heading))
        assert collapse(field.question) in text
        assert collapse(field.leadership_task) in text
        assert collapse(field.guide_intro) in text
        for question in field.guide_questions:
            assert collapse(question) in text, question
        for paragraph in field.pitfall.split("\n\n"):
            assert collapse(paragraph) in text
    assert positions == sorted(
        positions
    )  # opgave – perspektiv – læringsmål – træningsbane – hverdag
    for requirement in method.requirements:
        assert requirement.text in text
    for dimension in method.dimensions.items:
        assert f"{dimension.title} {collapse(dimension.text)}" in text
    # A finished Danish document: no raw field names, no empty values, no template syntax.
    for raw in ("guide_questions", "leadership_task", "None", "{{", "{%", "()", "( )"):
        assert raw not in text, raw
    assert re.search(r"\b\d+\.\s*\.", text) is None  # no broken numbering ("1. .")


def test_lynguide_pdf_reads_hrs_edited_introduction(cast, as_):
    """An HR edit on the "Tekster" page (issue #16 §1) is in the next lynguide."""
    from lederspor.texts import services as texts

    text = texts.get_text("competence.lynguide")
    texts.text_edit(
        text=text,
        data={"introduction": "Brug guiden sammen med din medarbejder."},
        by=cast.admin,
        expected_version=0,
    )
    pdf = pdf_text(as_(cast.outsider).get(reverse("competence:lynguide")).content)
    assert "Brug guiden sammen med din medarbejder." in pdf
    assert collapse(content.method().lynguide_introduction) not in pdf
