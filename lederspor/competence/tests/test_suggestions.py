"""Learning-form suggestions (seed 004 §4 "valg af læringsform"), checked against the seed's own
table "mål for udvikling → eksempler på læringsformer", parsed from the seed text."""

import re
from collections import Counter
from pathlib import Path

import pytest

from lederspor.competence.content import method
from lederspor.competence.suggestions import learning_form_suggestions

SEED_FILE = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "004_b34a616f80f9abc6.txt"
#: the table's rows as the seed prints them, and the group each is our key for
SEED_ROWS = {
    "Metoder og teknikker": "methods",
    "Faglig viden": "knowledge",
    "Rolleforståelse": "role",
    "Komplekse udviklingsbehov": "complex",
}


def seed_table() -> dict[str, list[str]]:
    """The seed's table: group key → the learning forms' titles in the row's order.

    In the extracted text the table is the row headings after "mål for udvikling", then
    "eksempler på læringsformer", then one block of "•" bullets per row, blank-line separated.
    """
    if not SEED_FILE.exists():
        pytest.skip("the seeds (../shared) are not available")
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "mål for udvikling")
    end = next(
        i for i in range(start, len(lines)) if lines[i].strip() == "eksempler på læringsformer"
    )
    headings = " ".join(line.strip() for line in lines[start + 1 : end] if line.strip())
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines[end + 1 :]:
        text = " ".join(line.replace("\t", " ").split())
        if text.startswith("•"):
            current.append(text.lstrip("• ").strip())
        elif not text:
            if current:
                blocks.append(current)
                current = []
        else:
            break
    if current:
        blocks.append(current)
    rows = list(SEED_ROWS)
    assert headings == " ".join(rows), headings
    assert len(blocks) == len(rows), blocks
    return {SEED_ROWS[row]: block for row, block in zip(rows, blocks, strict=True)}


@pytest.fixture(scope="module")
def table() -> dict[str, list[str]]:
    return seed_table()


def keys_of(table: dict[str, list[str]], group: str) -> list[str]:
    """The keys of our learning forms for a seed row's titles, in the seed's order."""
    by_title = {form.table_title: form.key for form in method().learning_forms}
    return [by_title[title] for title in table[group]]


def ranked(levels: list[str]) -> list[tuple[str, int]]:
    return [(s.form.key, s.score) for s in learning_form_suggestions(levels)]


def test_the_seed_table_has_fifteen_forms_and_our_content_has_each_in_its_row(table):
    assert sum(len(titles) for titles in table.values()) == 15
    assert table["role"] == [
        "Mentorforløb",
        "Coaching",
        "Aktionslæring",
        "Rollen som ressourceperson",
    ]
    content = method()
    for group, titles in table.items():
        ours = [form.table_title for form in content.learning_forms_in(group)]
        assert ours == titles, group


def test_goals_on_role_suggest_the_role_row_in_the_seeds_order(table):
    result = ranked(["role", "role"])
    expected = keys_of(table, "role")
    assert expected == ["mentoring", "coaching", "action_learning", "resource_person_role"]
    assert [key for key, _score in result[:4]] == expected
    assert all(score == 2 for _key, score in result[:4])
    assert [score for _key, score in result[4:]] == [0] * 11
    titles = [s.form.title for s in learning_form_suggestions(["role"])[:4]]
    assert titles == table["role"]


def test_goals_on_methods_suggest_the_five_method_forms_first(table):
    result = ranked(["methods"])
    assert [key for key, _score in result[:5]] == keys_of(table, "methods")
    assert [score for _key, score in result[:5]] == [1] * 5
    assert [score for _key, score in result[5:]] == [0] * 10


def test_goals_on_knowledge_suggest_courses_theme_days_and_seminars(table):
    result = ranked(["knowledge"])
    assert [key for key, _score in result[:3]] == keys_of(table, "knowledge")
    assert keys_of(table, "knowledge") == ["multi_day_courses", "theme_days", "seminars"]
    assert [score for _key, score in result[3:]] == [0] * 12


def test_the_level_with_more_goals_ranks_first(table):
    result = ranked(["methods", "role", "role", "methods", "role"])
    role, methods = keys_of(table, "role"), keys_of(table, "methods")
    assert result[:9] == [(k, 3) for k in role] + [(k, 2) for k in methods]
    # with the counts swapped, methods come first
    result = ranked(["methods", "methods", "role"])
    assert [key for key, _score in result[:9]] == methods + role


def test_equal_counts_keep_the_seeds_row_order(table):
    result = ranked(["role", "methods"])
    assert [key for key, _score in result[:9]] == keys_of(table, "methods") + keys_of(table, "role")


def test_goals_on_all_three_levels_add_the_complex_forms_after_the_level_groups(table):
    result = ranked(["role", "role", "methods", "knowledge", "actions"])
    expected = (
        [(k, 2) for k in keys_of(table, "role")]
        + [(k, 1) for k in keys_of(table, "methods")]
        + [(k, 1) for k in keys_of(table, "knowledge")]
        + [(k, 1) for k in keys_of(table, "complex")]
    )
    assert result == expected


def test_two_levels_do_not_suggest_the_complex_forms(table):
    scores = dict(ranked(["role", "knowledge"]))
    assert [scores[k] for k in keys_of(table, "complex")] == [0, 0, 0]


@pytest.mark.parametrize("levels", [[], ["actions"], ["actions", "actions"], ["nonsense"]])
def test_actions_alone_suggest_nothing(levels, table):
    result = ranked(levels)
    assert [score for _key, score in result] == [0] * 15
    # unsuggested forms follow the seed's table order
    order = [
        key
        for group in ("methods", "knowledge", "role", "complex")
        for key in keys_of(table, group)
    ]
    assert [key for key, _score in result] == order


@pytest.mark.parametrize(
    "levels",
    [[], ["role"], ["methods", "knowledge"], ["role", "methods", "knowledge", "actions"]],
)
def test_always_fifteen_forms_each_once(levels):
    keys = [key for key, _score in ranked(levels)]
    assert len(keys) == 15
    assert Counter(keys).most_common(1)[0][1] == 1
    assert set(keys) == {form.key for form in method().learning_forms}


def test_the_suggestion_says_which_level_suggests_it():
    suggestions = {
        s.form.key: s for s in learning_form_suggestions(["role", "methods", "knowledge"])
    }
    assert suggestions["coaching"].because == "role"
    assert suggestions["seminars"].because == "knowledge"
    assert suggestions["learning_networks"].because == "complex"


def test_the_seed_table_parser_finds_the_table():
    """Guard for the parser itself: the table follows the seed's "valg af læringsform"."""
    if not SEED_FILE.exists():
        pytest.skip("the seeds (../shared) are not available")
    text = SEED_FILE.read_text(encoding="utf-8")
    assert re.search(r"•\s+Træningsworkshops", text)
    assert seed_table()["complex"][-1] == "Længere uddannelsesforløb"
