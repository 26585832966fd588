"""The conversation templates (issue #3 §1): every template loads, the seed's questions are the
seed's words, loading is idempotent, and a consultant's version is never overwritten."""

import re
from pathlib import Path

import pytest

from lederspor.conversations.content import LOADED_NOTE, load_conversation_templates
from lederspor.conversations.models import (
    ConversationKind,
    ConversationTemplate,
    TemplateVersion,
)
from lederspor.conversations.selectors import CAREER_CONFIDENTIALITY, CAREER_PURPOSE
from lederspor.conversations.services import template_version_create
from lederspor.core.concurrency import ConcurrentEditError

SEEDS_DIR = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def normalise_seed(raw: str) -> str:
    """Undo the PDF extraction: soft hyphenation and line breaks; the one mended typo."""
    text = re.sub(r"([a-zæøå])-\n\s*(?=[a-zæøå])", r"\1", raw)
    text = text.replace("??", "?")
    return re.sub(r"\s+", " ", text).strip()


def seed_text(source: str) -> str:
    """The normalised text of the seed file a template's `source` names; skip if absent."""
    name = source.split()[0].rstrip(",")
    path = SEEDS_DIR / name
    if not path.exists():
        pytest.skip(f"seed {name} not present")
    return normalise_seed(path.read_text(encoding="utf-8"))


def test_every_kind_has_a_template_with_questions(db):
    templates = load_conversation_templates()
    assert {t.kind for t in templates} == set(ConversationKind.values)
    for t in templates:
        version = t.versions.get()
        assert version.number == 1 and version.note == LOADED_NOTE
        assert version.questions, t.kind
        assert set(t.roles) <= {"participant", "leader", "consultant", "host"}


def test_seed_questions_are_the_seeds_words(db):
    checked = 0
    for t in load_conversation_templates():
        for q in t.versions.get().questions:
            if q["from_seed"]:
                assert " ".join(q["text"].split()) in seed_text(t.source), (t.kind, q["id"])
                checked += 1
    assert checked >= 10


def test_career_texts_are_the_seeds_words(db):
    seed = seed_text("002_0edc666aa0a2f0ed.txt")
    assert CAREER_CONFIDENTIALITY in seed
    assert CAREER_PURPOSE in seed


def test_loading_twice_changes_nothing(db):
    load_conversation_templates()
    versions = list(TemplateVersion.objects.values_list("pk", "number"))
    load_conversation_templates()
    assert list(TemplateVersion.objects.values_list("pk", "number")) == versions
    assert ConversationTemplate.objects.count() == len(ConversationKind.values)


def test_a_consultants_version_is_never_overwritten(cast, tmp_path):
    load_conversation_templates()
    template = ConversationTemplate.objects.get(kind="midway")
    v1 = template.versions.get()
    questions = [{"id": q["id"], "section": q["section"], "text": q["text"]} for q in v1.questions]
    questions[0]["text"] = "Hvad har du lært indtil nu?"
    template_version_create(
        template=template,
        questions=questions,
        note="Skarpere",
        expected_version=template.version,
        by=cast.consultant.user,
    )
    # the file changes too: the loader must still leave the consultant's version standing
    source = Path(__file__).resolve().parents[2] / "content" / "conversations" / "templates.toml"
    changed = tmp_path / "templates.toml"
    changed.write_text(
        source.read_text(encoding="utf-8").replace(v1.questions[1]["text"], "Ny tekst fra filen"),
        encoding="utf-8",
    )
    load_conversation_templates(changed)
    newest = template.versions.order_by("-number").first()
    assert newest.number == 2
    assert newest.created_by == cast.consultant
    assert newest.questions[0]["text"] == "Hvad har du lært indtil nu?"
    assert newest.questions[0]["from_seed"] is False


def test_the_source_is_named_for_people_not_by_file_name():
    from lederspor.conversations.models import ConversationTemplate

    career = ConversationTemplate(source="002_0edc666aa0a2f0ed.txt §4")
    assert career.source_label == "Guiden til ’Leder på spring’ §4"
    transition = ConversationTemplate(source="003_98ed040a6482f845.txt, afslutning")
    assert transition.source_label == "Ledertraineeforløbet, afslutning"
    assert ConversationTemplate(source="Egen skabelon").source_label == "Egen skabelon"


def test_a_new_version_from_the_file_makes_an_open_editor_stale(db, cast, tmp_path):
    load_conversation_templates()
    template = ConversationTemplate.objects.get(kind="midway")
    opened = template.version
    v1 = template.versions.get()
    source = Path(__file__).resolve().parents[2] / "content" / "conversations" / "templates.toml"
    changed = tmp_path / "templates.toml"
    changed.write_text(
        source.read_text(encoding="utf-8").replace(v1.questions[1]["text"], "Ny tekst fra filen"),
        encoding="utf-8",
    )
    load_conversation_templates(changed)
    assert template.versions.count() == 2
    rows = [{"id": q["id"], "section": q["section"], "text": q["text"]} for q in v1.questions]
    with pytest.raises(ConcurrentEditError, match="Skabelonen er ændret af en anden"):
        template_version_create(
            template=template,
            questions=rows,
            note="Fra en gammel side",
            expected_version=opened,
            by=cast.consultant.user,
        )
    load_conversation_templates(changed)  # loading the same file again changes nothing
    assert ConversationTemplate.objects.get(pk=template.pk).version == opened + 1
    assert template.versions.count() == 2
