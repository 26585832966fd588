"""Seed 004's content files: shape, order and - above all - that every word is the seed's."""

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from lederspor.competence import content

SEED_NAME = "004_b34a616f80f9abc6.txt"


def _seed_file() -> Path:
    """The seed beside the checkout (`<dir>/shared/seeds/`), looked up from the nearest parent
    that has one, so the test runs in the main checkout and in a worktree below it alike."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds" / SEED_NAME
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parents[4] / "shared" / "seeds" / SEED_NAME


SEED_FILE = _seed_file()

# Keys whose values are identifiers of this code base, not text from the seed.
STRUCTURAL_KEYS = {
    "key",
    "group",
    "level",
    "tempo",
    "kind",
    "goal_level",
    "licence_level",
    "field",
}
STRUCTURAL_LISTS = {"learning_forms", "fields"}
# Headings and labels: the PDF prints some in odd casing ("PersPektIv", "trænIngsbane",
# "rolleforståelsen"), so these alone may match case-insensitively.
HEADING_KEYS = {
    "title",
    "short_title",
    "table_title",
    "current_title",
    "label",
    "workplace",
    "licence_title",
}

# Strings that cannot occur contiguously in the normalised seed, with the seed fragments
# they are made of: "".join(fragments) must equal the string and every fragment must occur.
ALLOW_LIST: dict[str, tuple[str, ...]] = {
    # warnings.concrete_example: a text box ("Hvad skal vi gøre anderledes?") is printed
    # in the middle of this sentence.
    "Det skal være mere præcist som fx “At blive bedre til at kommunikere med "
    "forældrene om dagens begivenheder, når barnet bliver hentet”.": (
        "Det skal være mere præcist som fx “At blive bedre til at kommunikere med ",
        "forældrene om dagens begivenheder, når barnet bliver hentet”.",
    ),
    # Jobcenteret's workplace_effect: the seed breaks the line after "”-" and leaves a
    # space ("“dem-og-os”- tænkningen"); the compound is one word.
    "Led i strategi for styrket tværgående samarbejde. Få nedbrudt “dem-og-os”-"
    "tænkningen og dermed skabe større arbejdsglæde.": (
        "Led i strategi for styrket tværgående samarbejde. Få nedbrudt “dem-og-os”-",
        "tænkningen og dermed skabe større arbejdsglæde.",
    ),
}

# Seed texts adapted to be shown (issue #14): the adapted paragraph and the seed's original. Each
# adaptation has its own commit and a "# Seed wording" comment above the value in the TOML file.
ADAPTED: dict[str, str] = {
    # The parenthesis points to the booklet's drawing of the model.
    "handler om at definere indholdet i det konkrete læringsforløb. Dels skal I sætte de rette "
    "læringsmål – gælder det fx om at tilegne sig nye metoder, ny faglig viden eller ændre sin "
    "rolle over for borgerne. Dels skal selve læringsaktiviteten designes, så deltagerne lærer "
    "det, de skal. I den læringsmæssige dimension er der fokus på den proces, der skaber læring.": (
        "handler om at definere indholdet i det konkrete læringsforløb. Dels skal I sætte de rette "
        "læringsmål – gælder det fx om at tilegne sig nye metoder, ny faglig viden eller ændre sin "
        "rolle over for borgerne. Dels skal selve læringsaktiviteten designes, så deltagerne lærer "
        "det, de skal. I den læringsmæssige dimension (højre side af modellen) er der fokus på den "
        "proces, der skaber læring."
    ),
    # A missing word ("når de blevet trygge").
    "“Det gik op for os, at vi kun havde talt om at implementere det nye IT-system. Det havde "
    "gjort mange bange for, at der ikke ville blive mulighed for at prøve noget af – at de bare "
    "ville blive kastet ud i det. Den frygt har produceret en masse modstand og historier. Det "
    "har lært os betydningen af fra starten at skelne tydeligt mellem træningsbane og "
    "forpligtende hverdag. Så personalet ved, at vi forventer, at de gør sig umage med at prøve "
    "skærmene af, men først får ansvaret for at løse opgaven på en ny måde, når de er blevet "
    "trygge ved det.”": (
        "“Det gik op for os, at vi kun havde talt om at implementere det nye IT-system. Det havde "
        "gjort mange bange for, at der ikke ville blive mulighed for at prøve noget af – at de bare "
        "ville blive kastet ud i det. Den frygt har produceret en masse modstand og historier. Det "
        "har lært os betydningen af fra starten at skelne tydeligt mellem træningsbane og "
        "forpligtende hverdag. Så personalet ved, at vi forventer, at de gør sig umage med at prøve "
        "skærmene af, men først får ansvaret for at løse opgaven på en ny måde, når de blevet "
        "trygge ved det.”"
    ),
}


def normalise_seed(raw: str) -> str:
    """Undo the PDF extraction: soft hyphenation, tabs and line breaks."""
    # A word split at a line break ("of-\nfentlige", "kompetenceudviklin-\n\ngen").
    text = re.sub(r"([a-zæøå])-\n\s*(?=[a-zæøå])", r"\1", raw)
    # An abbreviation keeps its hyphen ("IT-\nsystemet" is "IT-systemet").
    text = re.sub(r"([A-ZÆØÅ])-\n\s*(?=[a-zæøå])", r"\1-", text)
    # Real hyphens are followed by a space before the break ("Social- \nog") and stay.
    return re.sub(r"\s+", " ", text).strip()


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def occurs(text: str, seed: str, *, ignore_case: bool = False) -> bool:
    """True if `text` occurs in `seed` as whole words (not inside a longer word)."""
    pattern = rf"(?<!\w){re.escape(collapse(text))}(?!\w)"
    return re.search(pattern, seed, re.IGNORECASE if ignore_case else 0) is not None


def strings(value: object, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Yield (path, key, text) for every text in a parsed TOML document."""
    if isinstance(value, dict):
        for key, item in value.items():
            # Only identifier *values* are skipped: [[goal_level]] is a table of texts.
            if key in STRUCTURAL_KEYS and isinstance(item, str):
                continue
            if key in STRUCTURAL_LISTS and isinstance(item, list):
                continue
            for sub_path, sub_key, text in strings(item, f"{path}.{key}"):
                yield sub_path, sub_key or key, text
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")
    elif isinstance(value, str) and value.strip():
        yield path, "", value


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED_FILE.exists():
        pytest.skip(f"seed 004 not found at {SEED_FILE}")
    return normalise_seed(SEED_FILE.read_text(encoding="utf-8"))


def all_strings() -> list[tuple[str, str, str]]:
    found = []
    for name in ("method.toml", "examples.toml"):
        data = tomllib.loads((content.CONTENT_DIR / name).read_text(encoding="utf-8"))
        found.extend((f"{name}{path}", key, text) for path, key, text in strings(data))
    return found


# ---------------------------------------------------------------- word for word


def test_every_string_occurs_word_for_word_in_the_seed(seed):
    missing = []
    checked = 0
    for path, key, value in all_strings():
        # Paragraphs (separated by a blank line) are checked one by one: an example's
        # background joins paragraphs printed in different places on its page.
        for paragraph in re.split(r"\n\s*\n", value.strip()):
            checked += 1
            text = collapse(paragraph)
            if text in ALLOW_LIST:
                continue
            if text in ADAPTED:
                if not occurs(ADAPTED[text], seed):
                    missing.append(f"{path}: seed original of an adaptation: {ADAPTED[text]!r}")
                continue
            if occurs(text, seed):
                continue
            if key in HEADING_KEYS and occurs(text, seed, ignore_case=True):
                continue
            missing.append(f"{path}: {text!r}")
    assert checked > 300  # 346 paragraphs at the time of writing
    assert not missing, "not in seed 004:\n" + "\n".join(missing)


def test_allow_list_is_made_of_seed_fragments_and_still_used(seed):
    used = {
        collapse(paragraph)
        for _path, _key, text in all_strings()
        for paragraph in re.split(r"\n\s*\n", text.strip())
    }
    for text, fragments in ALLOW_LIST.items():
        assert "".join(fragments) == text
        assert text in used, f"allow-list entry no longer used: {text!r}"
        assert not occurs(text, seed), f"no longer needs the allow-list: {text!r}"
        for fragment in fragments:
            assert fragment.strip() in seed, f"fragment not in seed: {fragment!r}"


def test_adaptations_are_used_marked_and_really_differ(seed):
    used = {
        collapse(paragraph)
        for _path, _key, text in all_strings()
        for paragraph in re.split(r"\n\s*\n", text.strip())
    }
    toml = (content.CONTENT_DIR / "method.toml").read_text(encoding="utf-8")
    for adapted, original in ADAPTED.items():
        assert adapted in used, f"adaptation no longer used: {adapted!r}"
        assert occurs(original, seed)
        assert not occurs(adapted, seed)
    # Every adapted value (these two, and the shortened texts whose page references were cut)
    # carries the seed's wording in a comment.
    assert toml.count("# Seed wording (004") == 8


def test_the_check_can_fail(seed):
    group = content.method().learning_form_group("methods")
    assert occurs(group.description, seed)
    # The seed's own typo "prakisnære" is kept; the "corrected" text is not in the seed.
    assert not occurs(group.description.replace("prakisnære", "praksisnære"), seed)
    assert not occurs(content.method().warnings["rare"].replace("svært", "vanskeligt"), seed)
    # A word cut short is not a match either, and headings are exact outside HEADING_KEYS.
    assert not occurs("Ledelse af kompetenceudvikl", seed)
    assert not occurs("Vidensopbygning er den proces, hvor medarbejderen bevidst", seed.lower())


def test_every_table_is_checked():
    paths = {path.split("[")[0] for path, _key, _text in all_strings()}
    for table in ("field", "step", "goal_level", "tempo", "learning_form", "anchoring_kind"):
        assert f"method.toml.{table}" in paths
    for table in ("goal", "activity", "anchoring"):
        assert any(
            p.startswith("examples.toml.example") and f".{table}" in p
            for p in (path for path, _key, _text in all_strings())
        )


def test_normalise_seed_joins_soft_hyphens_and_keeps_real_ones():
    raw = "de of-\nfentlige ud-\n\nvikling Social- \nog IT-\nsystemet\tog"
    assert normalise_seed(raw) == "de offentlige udvikling Social- og IT-systemet og"


# ---------------------------------------------------------------- shape and order


def test_method_counts_and_order():
    method = content.method()
    assert method.title == "Ledelse af kompetenceudvikling"
    assert [f.key for f in method.fields] == list(content.FIELD_KEYS)
    assert [f.title for f in method.fields] == [
        "Opgave",
        "Perspektiv",
        "Læringsmål",
        "Træningsbane",
        "Hverdag",
    ]
    assert [f.number for f in method.fields] == [1, 2, 3, 4, 5]
    assert all(f.guide_questions and f.pitfall for f in method.fields)
    assert len(method.requirements) == 3
    assert [(s.key, s.licence_level) for s in method.steps] == [
        ("with_support", "C"),
        ("independent", "B"),
        ("resource_person", "A"),
    ]
    assert [len(s.relevant_when) for s in method.steps] == [2, 2, 1]
    assert len(method.goal_levels) == 4
    assert method.goal_level("actions").checklist == ()
    assert len(method.tempi) == 3
    assert len(method.feedback_kinds) == 3
    assert len(method.learning_form_groups) == 4
    assert len(method.learning_forms) == 15
    assert [len(method.learning_forms_in(g)) for g in content.LEARNING_FORM_GROUP_KEYS] == [
        5,
        3,
        4,
        3,
    ]
    assert len(method.anchoring_kinds) == 4
    assert set(method.warnings) == set(content.WARNING_KEYS)
    assert method.evaluation_question in method.anchoring_kind("goal_follow_up").question


def test_role_group_follows_the_seed_table_order():
    titles = [f.title for f in content.method().learning_forms_in("role")]
    assert titles == ["Mentorforløb", "Coaching", "Aktionslæring", "Rollen som ressourceperson"]


def test_helpers_raise_key_error_for_unknown_keys():
    with pytest.raises(KeyError):
        content.method().field("nope")
    assert content.method().learning_form("e_learning").table_title == "Digitaliseret læring"


def test_examples_counts_and_order():
    examples = content.examples()
    assert [e.number for e in examples] == [1, 2, 3, 4, 5, 6]
    assert [e.title for e in examples] == [
        "Styrket arbejde med dokumentation",
        "Konflikthåndtering på nye måder",
        "Måltidet er mere end mad",
        "Ensartet rådgivning om amning og ernæring",
        "Tværfaglige møder om unge langt fra arbejdsmarkedet",
        "Dokumentation – ude hos beboerne",
    ]
    assert examples[2].learning_forms == ("tool_courses", "mentoring")
    assert all("Læringsform" not in a.label for e in examples for a in e.activities)
    assert content.examples_introduction().count("\n\n") == 2


# ---------------------------------------------------------------- validation


def test_unknown_learning_form_group_is_rejected(tmp_path):
    text = (content.METHOD_FILE).read_text(encoding="utf-8")
    broken = tmp_path / "method.toml"
    broken.write_text(text.replace('group = "role"', 'group = "roles"', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown group 'roles'"):
        content.method(broken)


def test_wrong_field_count_is_rejected(tmp_path):
    text = (content.METHOD_FILE).read_text(encoding="utf-8")
    broken = tmp_path / "method.toml"
    broken.write_text(text.replace('key = "everyday"', 'key = "weekday"'), encoding="utf-8")
    with pytest.raises(ValueError, match="field: expected keys"):
        content.method(broken)


def test_unknown_example_goal_level_is_rejected(tmp_path):
    text = (content.EXAMPLES_FILE).read_text(encoding="utf-8")
    broken = tmp_path / "examples.toml"
    broken.write_text(text.replace('level = "role"', 'level = "rolle"', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="goal with unknown level 'rolle'"):
        content.examples(broken)
