"""The user guides name the buttons and menus as the pages show them.

`docs/user-guide.md` writes a label as `**English** (*Dansk*)`: the Danish must be a text the
pages use (a msgid in `locale/en`) and the English its translation, so a renamed button or a
guide written from memory fails here. Both guides' relative links must lead to a file.
"""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import override, pgettext

ROOT = Path(settings.BASE_DIR)
GUIDES = (ROOT / "docs" / "user-guide.md", ROOT / "docs" / "da" / "brugervejledning.md")
#: `**English** (*Dansk*` — the Danish ends at `*` followed by `)` or `;`
LABEL = re.compile(r"\*\*([^*]+)\*\* \(\*([^*]+)\*[);]")
LINK = re.compile(r"\]\(([^)#]+)(?:#[^)]*)?\)")


def _msgids() -> dict[str, set[str]]:
    """Each Danish msgid of the compiled English catalogue → its English translations (any
    context; the translations step of `.ci/run` checks that the .mo matches the .po)."""
    with (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.mo").open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    found: dict[str, set[str]] = {}
    for key, english in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key  # (msgid, n) for plural forms
        if msgid and english:
            found.setdefault(msgid.split("\x04")[-1], set()).add(english)
    return found


def _labels(text: str) -> list[tuple[str, str]]:
    """The (English, Danish) label pairs in `text`, a path `A → B` split into its steps."""
    pairs: list[tuple[str, str]] = []
    for english, danish in LABEL.findall(text):
        english, danish = " ".join(english.split()), " ".join(danish.split())
        en_steps, da_steps = english.split(" → "), danish.split(" → ")
        assert len(en_steps) == len(da_steps), (english, danish)
        pairs.extend(zip(en_steps, da_steps, strict=True))
    return pairs


def test_the_english_guide_names_labels_the_pages_use() -> None:
    text = GUIDES[0].read_text()
    pairs = _labels(text)
    assert len(pairs) >= 40, "the guide's labels were not found: has their notation changed?"
    msgids = _msgids()
    wrong = [  # (Danish, the guide's English, the catalogue's English)
        (danish, english, sorted(msgids.get(danish, ())))
        for english, danish in pairs
        if english not in msgids.get(danish, ())
    ]
    assert wrong == []


def test_a_label_check_would_catch_a_renamed_button() -> None:
    # the check above reads the catalogue, not the guide: a made-up pair is not in it
    msgids = _msgids()
    assert "Enrol managers" in msgids["Optag ledere"]
    assert "Tilmeld ledere" not in msgids
    with override("en"):
        assert pgettext("cohort list", "Hold") == "Cohorts"


def test_the_guides_links_lead_to_files() -> None:
    broken = []
    for guide in GUIDES:
        for target in LINK.findall(guide.read_text()):
            if "://" in target:
                continue
            if not (guide.parent / target).resolve().exists():
                broken.append((guide.name, target))
    assert broken == []
