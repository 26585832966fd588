"""Learning-form suggestions ranked by a plan's learning goals (seed 004 §4 "valg af
læringsform": the table "mål for udvikling → eksempler på læringsformer").

The seed's table maps each goal level to a group of learning forms: metoder og teknikker →
træningsworkshops, udviklende workshops, sidemandsoplæring, digitaliseret læring,
værktøjskurser; faglig viden → flerdageskurser, temadage, seminarer; rolleforståelse →
mentorforløb, coaching, aktionslæring, rollen som ressourceperson; and "komplekse
udviklingsbehov" (its bottom row) → lærende netværk, selvkørende projektarbejde, længere
uddannelsesforløb.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lederspor.competence.content import LearningForm, method

#: the goal levels that the seed's table rows name; "actions" (handlinger) maps to none
TABLE_LEVELS = ("methods", "knowledge", "role")


@dataclass(frozen=True)
class Suggestion:
    """A learning form with its `score` (0 = not suggested by the goals) and the goal level
    (or "complex") that suggests it."""

    form: LearningForm
    score: int
    because: str

    @property
    def because_label(self) -> str:
        """The Danish name of what suggests the form (the seed table's row title)."""
        for group in method().learning_form_groups:
            if group.key == self.form.group:
                return group.table_title.lower()
        return ""


def learning_form_suggestions(goal_levels: Iterable[str]) -> list[Suggestion]:
    """All 15 learning forms, best suggestion first, for a plan whose goals have `goal_levels`
    (one entry per goal, e.g. ["role", "role", "methods"]).

    Score: a form in a level's group scores the number of goals on that level. The complex
    group ("Komplekse udviklingsbehov") scores 1 when the goals span all three levels — our
    reading of the seed's "mere komplekse læringsbehov, fx når der skal ske omfattende
    adfærdsændringer": change on every level at once. Ties keep the seed's table order (row,
    then position in the row). Forms with score 0 follow, in table order: "næsten alle
    læringsformer kan rigtigt anvendt og tilpasset også bruges til de andre udviklingsmål".
    """
    counts = Counter(level for level in goal_levels if level in TABLE_LEVELS)
    content = method()
    group_order = {group.key: i for i, group in enumerate(content.learning_form_groups)}
    group_level = {group.key: group.goal_level for group in content.learning_form_groups}
    complex_score = 1 if all(counts[level] for level in TABLE_LEVELS) else 0
    suggestions = []
    for form in content.learning_forms:
        level = group_level[form.group]
        if level:
            suggestions.append(Suggestion(form, counts[level], level))
        else:
            suggestions.append(Suggestion(form, complex_score, "complex"))
    suggestions.sort(key=lambda s: (-s.score, group_order[s.form.group], s.form.table_rank))
    return suggestions
