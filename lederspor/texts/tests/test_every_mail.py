"""Every system mail's wording is editable (issue #16 §1: HR edits "mail texts"): each mail trio
on disk is a registered text (but the two whose whole text is the sender's own), its defaults
render the mail exactly as the template's own wording does, and an edit of each of its fields
shows in the sent mail — in Danish; an English recipient keeps the translated template."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from lederspor.core.models import User
from lederspor.notifications.services import email_render, email_send
from lederspor.texts import services
from lederspor.texts.registry import EditableText, TextKind, editable_texts

pytestmark = pytest.mark.django_db

#: the trios whose whole text (subject and body) is written by the sender for each mailing, so
#: there is no system wording to edit: bulk mail (issue #16 §3) and the pre-start mail of Leder på
#: spring (the consultant's subject and text, `clarification.mailing`)
SENDERS_OWN = {"mailings/email/mailing", "clarification/email/prestart"}

AT = dt.datetime(2027, 3, 1, 13, 30, tzinfo=dt.UTC)
ON = dt.date(2027, 3, 1)


def _trios_on_disk() -> set[str]:
    root = Path(settings.BASE_DIR) / "templates"
    return {
        str(path.relative_to(root)).removesuffix("_subject.txt")
        for path in root.glob("*/email/*_subject.txt")
    }


def _mails() -> list[EditableText]:
    return [t for t in editable_texts if t.kind == TextKind.MAIL]


class Anything:
    """A stand-in for any object a mail template reads: every attribute is another stand-in
    (named by its path, so a value shows where it came from), `…_at` a date-time, `…_on` a date."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name.endswith("_at"):
            return AT
        if name.endswith("_on"):
            return ON
        return Anything(f"{self._name}.{name}")

    def __str__(self) -> str:
        return f"[{self._name}]"

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Iterator[Any]:
        return iter(())


#: the flags the templates branch on; each variant turns one on (and "" none)
FLAGS = ("overdue", "cancelled", "changed", "withdrawn", "for_participant", "session", "actor")
VARIANTS = ("", *FLAGS, "many")


def _context(variant: str) -> dict[str, Any]:
    """A context every mail template renders with, in `variant` (see VARIANTS)."""
    context: dict[str, Any] = {
        name: Anything(name)
        for name in (
            "participant",
            "assignment",
            "anchoring",
            "plan",
            "action",
            "invitation",
            "cohort",
            "questionnaire",
            "enrolment",
            "group",
            "guide",
            "pair",
            "visit",
            "conversation",
        )
    }
    context |= {
        "changed_at": AT,
        "expires_at": AT,
        "held_on": ON,
        "planned_on": ON,
        "kind": "Startsamtale",
        "role": "nærmeste leder",
        "position": 2,
        "link": "https://lederspor.test/link/",
        "reset_link": "https://lederspor.test/reset/",
        "url": "https://lederspor.test/url/",
        "pair_url": "https://lederspor.test/pair/",
        "guide_url": "https://lederspor.test/guide/",
        "links": [],
        "files": [],
        "missing": [],
        "partners": [Anything("p1"), Anything("p2")] if variant == "many" else [Anything("p1")],
    }
    for flag in FLAGS:
        on = flag == variant
        context[flag] = (Anything(flag) if on else None) if flag in {"session", "actor"} else on
    return context


def test_every_mail_trio_on_disk_is_registered_as_an_editable_text() -> None:
    """A new mail trio fails here until it is registered (`<app>/editable.py`, defaults in
    content/texts/defaults.toml) or, if its whole text is the sender's, listed in SENDERS_OWN."""
    registered = {t.template for t in _mails()}
    assert SENDERS_OWN <= _trios_on_disk()
    assert registered == _trios_on_disk() - SENDERS_OWN
    assert len(registered) == len(_mails())  # one text per trio


def test_every_mail_offers_subject_and_intro_and_subjects_use_no_private_placeholder() -> None:
    for text in _mails():
        names = {f.name for f in text.fields}
        assert {"subject", "intro"} <= names, text.key
        for placeholder in text.placeholders:  # private content is marked (refused in subjects)
            looks_private = any(
                word in placeholder.path
                for word in ("answer", "action.text", "anchoring.text", "logbook", "jti", "entry")
            )
            assert placeholder.private or not looks_private, (text.key, placeholder.name)
        for spec in text.fields:
            if spec.subject:
                used = services._PLACEHOLDER.findall(text.default()[spec.name])
                assert not any(text.placeholder(n).private for n in used), text.key  # type: ignore[union-attr]


def _normalised(markup: str) -> str:
    return " ".join(html.unescape(markup).split())


@pytest.mark.parametrize("text", _mails(), ids=lambda t: t.key)
def test_the_defaults_render_the_mail_exactly_as_the_templates_own_wording(cast, text) -> None:
    """The seed default of every field equals today's template text, in every branch."""
    for variant in VARIANTS:
        context = {**_context(variant), "recipient": cast.aspirant, "site_url": "x"}
        with translation.override("da"):
            values = services.context_values(text, context)
            mail_text = services.filled(text, text.default(), values)
            template_own = email_render(text.template, context)
            from_texts = email_render(text.template, {**context, "mail_text": mail_text})
        assert from_texts[0] == template_own[0], (variant, "subject")
        assert from_texts[1] == template_own[1], (variant, "body")
        assert _normalised(from_texts[2]) == _normalised(template_own[2]), (variant, "html")


def _marker(text: EditableText, field: str) -> str:
    return f"Rettet {text.key} {field}"


@pytest.mark.parametrize("text", _mails(), ids=lambda t: t.key)
def test_an_edit_of_every_field_shows_in_the_sent_mail(cast, text) -> None:
    """HR edits each field (subject fields with `{fornavn}`); the mail sent in the matching
    branch carries it: a subject field as the subject, a paragraph in the text and HTML body."""
    services.text_edit(
        text=text,
        data={f.name: _marker(text, f.name) + " {fornavn}" for f in text.fields},
        by=cast.admin,
        expected_version=0,
    )
    User.objects.filter(pk=cast.other_aspirant.user_id).update(language="en")
    english = cast.other_aspirant.__class__.objects.get(pk=cast.other_aspirant.pk)
    first = cast.aspirant.first_name
    shown = set()
    for variant in VARIANTS:
        danish, in_english = email_send(
            to=[cast.aspirant, english],
            template=text.template,
            context=_context(variant),
            kind="test",
        )
        for spec in text.fields:
            wording = f"{_marker(text, spec.name)} {first}"
            if spec.subject and danish.subject == wording:
                shown.add(spec.name)
            if not spec.subject and wording in danish.body:
                assert wording in danish.html_body, (variant, spec.name)
                shown.add(spec.name)
        assert "Rettet" not in in_english.subject + in_english.body + in_english.html_body
    assert shown == {f.name for f in text.fields}


def test_a_date_placeholder_reads_as_the_templates_date_filter_in_local_time() -> None:
    """`{dato}`, `{frist}`, `{tidspunkt}` …: a date-time late in the evening (UTC) is the next day
    in Copenhagen, as the template's `|date:"…"` shows it."""
    from django.template import Context, Template

    late = dt.datetime(2027, 3, 1, 23, 30, tzinfo=dt.UTC)
    checked = 0
    for text in _mails():
        for placeholder in text.placeholders:
            if not placeholder.date_format:
                continue
            root, *rest = placeholder.path.split(".")
            value: Any = late
            for name in reversed(rest):
                value = type("Obj", (), {name: value})()
            context = {root: value}
            with translation.override("da"):
                expected = Template(
                    f'{{{{ {placeholder.path}|date:"{placeholder.date_format}" }}}}'
                ).render(Context(context))
                got = services.context_values(text, context)[placeholder.name]
            assert got == expected != "", (text.key, placeholder.name)
            checked += 1
    assert checked >= 5
