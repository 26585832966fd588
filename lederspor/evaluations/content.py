"""Load the evaluation templates from `lederspor/content/evaluations/templates.toml`.

Idempotent: a template missing by `key` is created with its questions; one that exists is
left as it is (never overwritten, so an edited template keeps its edit).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from lederspor.evaluations.models import (
    CHOICE_KINDS,
    Audience,
    Moment,
    QuestionKind,
    QuestionnaireTemplate,
    TemplateQuestion,
)
from lederspor.programmes.models import ProgrammeKind, Session

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "evaluations" / "templates.toml"


def _check(entry: dict[str, Any]) -> None:
    Moment(entry["moment"])
    Audience(entry["audience"])
    if entry.get("programme_kind"):
        ProgrammeKind(entry["programme_kind"])
    for kind in entry.get("session_kinds", []):
        Session.Kind(kind)


@transaction.atomic
def load_evaluation_templates(path: Path = CONTENT_FILE) -> list[QuestionnaireTemplate]:
    """Create every template of `path` that is not in the database yet (by `key`); return all
    of the file's templates in file order.

    Raises ValueError on a malformed file (unknown moment/audience/kind, a duplicate question
    key, a choice question with fewer than two options).
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    existing = {t.key: t for t in QuestionnaireTemplate.objects.all()}
    templates = []
    for entry in data["template"]:
        _check(entry)
        template = existing.get(entry["key"])
        if template is None:
            questions = entry["question"]
            keys = [q["key"] for q in questions]
            if len(set(keys)) != len(keys):
                raise ValueError(f"duplicate question key in template {entry['key']}")
            template = QuestionnaireTemplate.objects.create(
                key=entry["key"],
                name=entry["name"],
                description=entry.get("description", ""),
                programme_kind=entry.get("programme_kind", ""),
                moment=entry["moment"],
                audience=entry["audience"],
                session_kinds=entry.get("session_kinds", []),
                is_ours=entry.get("is_ours", True),
                source=entry.get("source", ""),
            )
            rows = []
            for order, q in enumerate(questions, start=1):
                kind = QuestionKind(q["kind"])
                choices = list(q.get("choices", []))
                if kind in CHOICE_KINDS and len(choices) < 2:
                    raise ValueError(f"{entry['key']}.{q['key']}: a choice question needs options")
                source = q.get("source", "")
                if q.get("quote"):
                    source = f"{source}: »{q['quote']}«" if source else f"»{q['quote']}«"
                rows.append(
                    TemplateQuestion(
                        template=template,
                        order=order,
                        key=q["key"],
                        kind=kind,
                        text=q["text"],
                        choices=choices,
                        required=q.get("required", True),
                        is_ours=q.get("is_ours", True),
                        source=source[:200],
                    )
                )
            TemplateQuestion.objects.bulk_create(rows)
        templates.append(template)
    return templates
