"""Seed 004's method and six worked examples, loaded from `lederspor/content/competence/`.

Seed 004 is KL / Væksthus for Ledelse's "Ledelse af kompetenceudvikling": five fields
(opgave – perspektiv – læringsmål – træningsbane – hverdag), the responsibility staircase,
the learning-goal pyramid, the three tempi of the training ground, fifteen learning forms,
four kinds of anchoring, and six examples from municipalities and regions.

The texts are data, not translation strings: they are the seed's Danish words, kept word
for word in `method.toml` and `examples.toml` (tests/test_content.py proves it against the
seed). This module is pure: no models, no database. Every file is read once per process and
validated on load; a missing or unknown key, or a wrong count, raises ValueError.
"""

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "competence"
METHOD_FILE = CONTENT_DIR / "method.toml"
EXAMPLES_FILE = CONTENT_DIR / "examples.toml"

FIELD_KEYS = ("task", "perspective", "learning_goals", "training_ground", "everyday")
REQUIREMENT_KEYS = ("concrete", "other_way", "responsibility")
WARNING_KEYS = ("too_general", "diffuse", "one_task_at_a_time", "rare", "concrete_example")
STEP_KEYS = ("with_support", "independent", "resource_person")
LICENCE_LEVELS = ("C", "B", "A")
GOAL_LEVEL_KEYS = ("methods", "knowledge", "role", "actions")
TEMPO_KEYS = ("knowledge_building", "trying_out", "feedback")
FEEDBACK_KIND_KEYS = ("assessing", "instructing", "reflecting")
LEARNING_FORM_GROUP_KEYS = ("methods", "knowledge", "role", "complex")
LEARNING_FORM_KEYS = (
    "training_workshops",
    "developing_workshops",
    "side_by_side",
    "e_learning",
    "tool_courses",
    "multi_day_courses",
    "theme_days",
    "seminars",
    "mentoring",
    "action_learning",
    "coaching",
    "resource_person_role",
    "learning_networks",
    "project_work",
    "long_education",
)
DIMENSION_KEYS = ("strategic", "learning")
TEXT_BOX_KEYS = (
    "do_differently",
    "double_perspective",
    "new_roles",
    "more_learning_forms",
    "implementation_not_enough",
    "effect_not_given",
)
ANCHORING_KIND_KEYS = (
    "goal_follow_up",
    "organisational_change",
    "ongoing_support",
    "ongoing_follow_up",
)
EXAMPLE_COUNT = 6


@dataclass(frozen=True)
class Field:
    """One of the method's five fields, with its leadership task and guiding questions."""

    key: str
    number: int
    title: str
    question: str
    leadership_task: str
    guide_intro: str
    guide_questions: tuple[str, ...]
    pitfall: str


@dataclass(frozen=True)
class Requirement:
    """One of the three requirements a task must meet to be the goal of development."""

    key: str
    text: str


@dataclass(frozen=True)
class Step:
    """A rung of the responsibility staircase, with the matching "kørekort" level."""

    key: str
    title: str
    text: str
    current_title: str
    current_text: str
    future_text: str
    relevant_when: tuple[str, ...]
    licence_level: str
    licence_text: str


@dataclass(frozen=True)
class GoalLevel:
    """A level of the learning-goal pyramid; `actions` is the base and has no checklist."""

    key: str
    title: str
    description: str
    pyramid: str
    checklist_intro: str
    checklist: tuple[str, ...]
    leadership: str


@dataclass(frozen=True)
class Tempo:
    """One of the training ground's three tempi, with the seed's examples."""

    key: str
    title: str
    text: str
    examples_intro: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackKind:
    """A form feedback can take, with the question it asks."""

    key: str
    title: str
    question: str


@dataclass(frozen=True)
class LearningFormGroup:
    """A group of learning forms; `goal_level` is "" for complex development needs."""

    key: str
    title: str
    description: str
    goal_level: str
    table_title: str


@dataclass(frozen=True)
class LearningForm:
    """A learning form; `table_rank` is its 1-based position in the seed's table row."""

    key: str
    group: str
    title: str
    table_title: str
    table_rank: int
    description: str


@dataclass(frozen=True)
class AnchoringKind:
    """One of the four kinds of anchoring in everyday work."""

    key: str
    title: str
    short_title: str
    question: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Dimension:
    """One of the method's two dimensions ("Integrér strategi og læring") and the fields it
    covers. `text` continues the title: "<title> <text>" is the seed's sentence."""

    key: str
    title: str
    text: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Dimensions:
    """The seed's section on the two dimensions: heading, introduction, why neither can stand
    alone, how the leader bridges them through the task, and the two dimensions themselves."""

    title: str
    introduction: str
    neither_alone: str
    bridge: str
    items: tuple[Dimension, ...]

    def for_field(self, field: str) -> tuple[Dimension, ...]:
        """The dimensions a field belongs to; none for the task, which bridges them."""
        return tuple(d for d in self.items if field in d.fields)


@dataclass(frozen=True)
class TextBox:
    """One of the seed's six text boxes, shown at its field. `text` holds paragraphs separated
    by a blank line; `examples` are the worked examples (1–6) the box refers to."""

    key: str
    field: str
    title: str
    text: str
    examples: tuple[int, ...]

    @property
    def paragraphs(self) -> list[str]:
        """The box's paragraphs, in order."""
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class Method:
    """The whole method of seed 004, in the seed's order."""

    title: str
    introduction: str
    evaluation_question: str
    licence_intro: str
    licence_title: str
    licence_consequence: str
    licence_example: str
    relevant_when_title: str
    lynguide_title: str
    lynguide_introduction: str
    dimensions: Dimensions
    text_boxes: tuple[TextBox, ...]
    requirements_introduction: str
    fields: tuple[Field, ...]
    requirements: tuple[Requirement, ...]
    warnings: dict[str, str]
    steps: tuple[Step, ...]
    goal_levels: tuple[GoalLevel, ...]
    tempi: tuple[Tempo, ...]
    feedback_kinds: tuple[FeedbackKind, ...]
    learning_form_groups: tuple[LearningFormGroup, ...]
    learning_forms: tuple[LearningForm, ...]
    anchoring_kinds: tuple[AnchoringKind, ...]

    def field(self, key: str) -> Field:
        """Return the field with this key; KeyError if there is none."""
        return _by_key(self.fields, key)

    def text_boxes_for(self, field: str) -> tuple[TextBox, ...]:
        """The seed's text boxes that belong to `field` (a key of FIELD_KEYS), in order."""
        return tuple(box for box in self.text_boxes if box.field == field)

    def requirement(self, key: str) -> Requirement:
        """Return the requirement with this key; KeyError if there is none."""
        return _by_key(self.requirements, key)

    def step(self, key: str) -> Step:
        """Return the staircase step with this key; KeyError if there is none."""
        return _by_key(self.steps, key)

    def goal_level(self, key: str) -> GoalLevel:
        """Return the goal level with this key; KeyError if there is none."""
        return _by_key(self.goal_levels, key)

    def tempo(self, key: str) -> Tempo:
        """Return the tempo with this key; KeyError if there is none."""
        return _by_key(self.tempi, key)

    def feedback_kind(self, key: str) -> FeedbackKind:
        """Return the feedback kind with this key; KeyError if there is none."""
        return _by_key(self.feedback_kinds, key)

    def learning_form_group(self, key: str) -> LearningFormGroup:
        """Return the learning-form group with this key; KeyError if there is none."""
        return _by_key(self.learning_form_groups, key)

    def learning_form(self, key: str) -> LearningForm:
        """Return the learning form with this key; KeyError if there is none."""
        return _by_key(self.learning_forms, key)

    def learning_forms_in(self, group: str) -> tuple[LearningForm, ...]:
        """Return a group's learning forms in the order of the seed's table."""
        self.learning_form_group(group)
        forms = (form for form in self.learning_forms if form.group == group)
        return tuple(sorted(forms, key=lambda form: form.table_rank))

    def anchoring_kind(self, key: str) -> AnchoringKind:
        """Return the anchoring kind with this key; KeyError if there is none."""
        return _by_key(self.anchoring_kinds, key)


@dataclass(frozen=True)
class ExampleGoal:
    """A learning goal in an example; `label` is "" when the seed prints none."""

    level: str
    label: str
    text: str


@dataclass(frozen=True)
class ExampleActivity:
    """A training-ground activity in an example; `tempo` is "" for labels such as
    "Supervision på rollen" that are none of the three tempi."""

    tempo: str
    label: str
    text: str


@dataclass(frozen=True)
class ExampleAnchoring:
    """An anchoring line in an example; `label` is "" when the line has no colon."""

    kind: str
    label: str
    text: str


@dataclass(frozen=True)
class Example:
    """One of the six worked examples from municipalities and regions."""

    number: int
    workplace: str
    title: str
    background: str
    task: str
    core_task_effect: str
    workplace_effect: str
    goals: tuple[ExampleGoal, ...]
    activities: tuple[ExampleActivity, ...]
    learning_form_note: str
    learning_forms: tuple[str, ...]
    anchorings: tuple[ExampleAnchoring, ...]


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_K = TypeVar("_K", bound=_Keyed)
_D = TypeVar("_D", bound="DataclassInstance")


def _by_key(items: tuple[_K, ...], key: str) -> _K:
    for item in items:
        if item.key == key:
            return item
    raise KeyError(key)


def _build(cls: type[_D], item: dict[str, Any], where: str) -> _D:
    """Build dataclass `cls` from a TOML table, by the type of each dataclass field.

    Strings are stripped, lists become tuples of stripped strings, integers are taken as
    they are; a missing value or one of the wrong type raises ValueError.
    """
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        if spec.type is str:
            values[spec.name] = _text(item, spec.name, where)
        elif spec.type is int:
            value = item.get(spec.name)
            if not isinstance(value, int):
                raise ValueError(f"{where}: {spec.name!r} must be an integer, got {value!r}")
            values[spec.name] = value
        else:
            values[spec.name] = _texts(item, spec.name, where)
    return cls(**values)


def _build_all(cls: type[_D], items: list[dict[str, Any]], what: str) -> tuple[_D, ...]:
    return tuple(_build(cls, item, f"{what} {item.get('key')!r}") for item in items)


def _text(item: dict[str, Any], name: str, where: str) -> str:
    """Return `item[name]` stripped; ValueError when it is missing or not a string."""
    value = item.get(name)
    if not isinstance(value, str):
        raise ValueError(f"{where}: {name!r} must be a string, got {value!r}")
    return value.strip()


def _texts(item: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    """Return the list `item[name]` as a tuple of stripped strings."""
    value = item.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {name!r} must be a list of strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _check_keys(items: list[dict[str, Any]], expected: tuple[str, ...], what: str) -> None:
    """Raise ValueError unless the items' keys are exactly `expected`, in that order."""
    keys = tuple(item.get("key") for item in items)
    if keys != expected:
        raise ValueError(f"{what}: expected keys {expected}, found {keys}")


def _table(data: dict[str, Any], name: str, source: Path) -> list[dict[str, Any]]:
    value = data.get(name)
    if not isinstance(value, list):
        raise ValueError(f"{source.name}: missing array of tables [[{name}]]")
    return value


def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@functools.cache
def method(path: Path = METHOD_FILE) -> Method:
    """Return seed 004's method, validated. Read once per process."""
    data = _read(path)
    head = data.get("method")
    if not isinstance(head, dict):
        raise ValueError(f"{path.name}: missing [method] table")

    fields = _table(data, "field", path)
    _check_keys(fields, FIELD_KEYS, "field")
    for index, item in enumerate(fields, start=1):
        if item.get("number") != index:
            raise ValueError(f"field {item['key']!r}: number must be {index}")

    requirements = _table(data, "requirement", path)
    requirements_head = data.get("requirements")
    if not isinstance(requirements_head, dict):
        raise ValueError(f"{path.name}: missing [requirements] table")
    _check_keys(requirements, REQUIREMENT_KEYS, "requirement")

    warnings = data.get("warnings")
    if not isinstance(warnings, dict) or tuple(warnings) != WARNING_KEYS:
        found = tuple(warnings) if isinstance(warnings, dict) else warnings
        raise ValueError(f"warnings: expected keys {WARNING_KEYS}, found {found}")

    steps = _table(data, "step", path)
    _check_keys(steps, STEP_KEYS, "step")
    levels = tuple(item.get("licence_level") for item in steps)
    if levels != LICENCE_LEVELS:
        raise ValueError(f"step: licence levels must be {LICENCE_LEVELS}, found {levels}")

    goal_levels = _table(data, "goal_level", path)
    _check_keys(goal_levels, GOAL_LEVEL_KEYS, "goal_level")
    tempi = _table(data, "tempo", path)
    _check_keys(tempi, TEMPO_KEYS, "tempo")
    feedback_kinds = _table(data, "feedback_kind", path)
    _check_keys(feedback_kinds, FEEDBACK_KIND_KEYS, "feedback_kind")

    groups = _table(data, "learning_form_group", path)
    _check_keys(groups, LEARNING_FORM_GROUP_KEYS, "learning_form_group")
    for item in groups:
        if item.get("goal_level") not in (*GOAL_LEVEL_KEYS, ""):
            raise ValueError(
                f"learning_form_group {item['key']!r}: unknown goal_level "
                f"{item.get('goal_level')!r}"
            )

    forms = _table(data, "learning_form", path)
    _check_keys(forms, LEARNING_FORM_KEYS, "learning_form")
    for item in forms:
        if item.get("group") not in LEARNING_FORM_GROUP_KEYS:
            raise ValueError(f"learning_form {item['key']!r}: unknown group {item.get('group')!r}")

    for group in LEARNING_FORM_GROUP_KEYS:
        ranks = sorted(item.get("table_rank", 0) for item in forms if item.get("group") == group)
        if ranks != list(range(1, len(ranks) + 1)):
            raise ValueError(f"learning_form group {group!r}: table_rank must be 1..n, {ranks}")
    anchoring_kinds = _table(data, "anchoring_kind", path)
    _check_keys(anchoring_kinds, ANCHORING_KIND_KEYS, "anchoring_kind")

    lynguide = data.get("lynguide")
    if not isinstance(lynguide, dict):
        raise ValueError(f"{path.name}: missing [lynguide] table")
    dimensions = _dimensions(data, path)
    text_boxes = _text_boxes(_table(data, "text_box", path))

    return Method(
        title=_text(head, "title", "method"),
        introduction=_text(head, "introduction", "method"),
        evaluation_question=_text(head, "evaluation_question", "method"),
        licence_intro=_text(head, "licence_intro", "method"),
        licence_title=_text(head, "licence_title", "method"),
        licence_consequence=_text(head, "licence_consequence", "method"),
        licence_example=_text(head, "licence_example", "method"),
        relevant_when_title=_text(head, "relevant_when_title", "method"),
        lynguide_title=_text(lynguide, "title", "lynguide"),
        lynguide_introduction=_text(lynguide, "introduction", "lynguide"),
        dimensions=dimensions,
        text_boxes=text_boxes,
        requirements_introduction=_text(requirements_head, "introduction", "requirements"),
        fields=_build_all(Field, fields, "field"),
        requirements=_build_all(Requirement, requirements, "requirement"),
        warnings={key: _text(warnings, key, "warnings") for key in WARNING_KEYS},
        steps=_build_all(Step, steps, "step"),
        goal_levels=_build_all(GoalLevel, goal_levels, "goal_level"),
        tempi=_build_all(Tempo, tempi, "tempo"),
        feedback_kinds=_build_all(FeedbackKind, feedback_kinds, "feedback_kind"),
        learning_form_groups=_build_all(LearningFormGroup, groups, "learning_form_group"),
        learning_forms=_build_all(LearningForm, forms, "learning_form"),
        anchoring_kinds=_build_all(AnchoringKind, anchoring_kinds, "anchoring_kind"),
    )


def _dimensions(data: dict[str, Any], path: Path) -> Dimensions:
    """Build the `[dimensions]` table and its `[[dimension]]` items; each field key known and
    covered by at most one dimension."""
    head = data.get("dimensions")
    if not isinstance(head, dict):
        raise ValueError(f"{path.name}: missing [dimensions] table")
    items = _table(data, "dimension", path)
    _check_keys(items, DIMENSION_KEYS, "dimension")
    built = _build_all(Dimension, items, "dimension")
    covered = [field for item in built for field in item.fields]
    unknown = [field for field in covered if field not in FIELD_KEYS]
    if unknown or len(covered) != len(set(covered)):
        raise ValueError(f"dimension: fields must be distinct field keys, found {covered}")
    return Dimensions(
        title=_text(head, "title", "dimensions"),
        introduction=_text(head, "introduction", "dimensions"),
        neither_alone=_text(head, "neither_alone", "dimensions"),
        bridge=_text(head, "bridge", "dimensions"),
        items=built,
    )


def _text_boxes(items: list[dict[str, Any]]) -> tuple[TextBox, ...]:
    """Build the six `[[text_box]]` tables; each at a known field, referring to examples 1–6."""
    _check_keys(items, TEXT_BOX_KEYS, "text_box")
    boxes = []
    for item in items:
        where = f"text_box {item['key']!r}"
        if item.get("field") not in FIELD_KEYS:
            raise ValueError(f"{where}: unknown field {item.get('field')!r}")
        numbers = item.get("examples")
        if not isinstance(numbers, list) or not all(
            isinstance(n, int) and 1 <= n <= EXAMPLE_COUNT for n in numbers
        ):
            raise ValueError(f"{where}: examples must be numbers 1..{EXAMPLE_COUNT}, {numbers!r}")
        boxes.append(
            TextBox(
                key=item["key"],
                field=item["field"],
                title=_text(item, "title", where),
                text=_text(item, "text", where),
                examples=tuple(numbers),
            )
        )
    return tuple(boxes)


def _example(item: dict[str, Any]) -> Example:
    """Build and validate one `[[example]]` table."""
    where = f"example {item.get('number')!r}"
    goals = []
    for goal in item.get("goal", []):
        if goal.get("level") not in GOAL_LEVEL_KEYS:
            raise ValueError(f"{where}: goal with unknown level {goal.get('level')!r}")
        goals.append(_build(ExampleGoal, goal, where))
    activities = []
    for activity in item.get("activity", []):
        if activity.get("tempo") not in (*TEMPO_KEYS, ""):
            raise ValueError(f"{where}: activity with unknown tempo {activity.get('tempo')!r}")
        activities.append(_build(ExampleActivity, activity, where))
    anchorings = []
    for anchoring in item.get("anchoring", []):
        if anchoring.get("kind") not in ANCHORING_KIND_KEYS:
            raise ValueError(f"{where}: anchoring with unknown kind {anchoring.get('kind')!r}")
        anchorings.append(_build(ExampleAnchoring, anchoring, where))
    learning_forms = _texts(item, "learning_forms", where)
    unknown = [key for key in learning_forms if key not in LEARNING_FORM_KEYS]
    if unknown:
        raise ValueError(f"{where}: unknown learning forms {unknown}")
    if not goals or not activities or not anchorings:
        raise ValueError(f"{where}: needs at least one goal, activity and anchoring")
    return Example(
        number=item["number"],
        workplace=_text(item, "workplace", where),
        title=_text(item, "title", where),
        background=_text(item, "background", where),
        task=_text(item, "task", where),
        core_task_effect=_text(item, "core_task_effect", where),
        workplace_effect=_text(item, "workplace_effect", where),
        goals=tuple(goals),
        activities=tuple(activities),
        learning_form_note=_text(item, "learning_form_note", where),
        learning_forms=learning_forms,
        anchorings=tuple(anchorings),
    )


@functools.cache
def examples(path: Path = EXAMPLES_FILE) -> tuple[Example, ...]:
    """Return the six worked examples in the seed's order (numbers 1–6), validated."""
    items = _table(_read(path), "example", path)
    numbers = [item.get("number") for item in items]
    if numbers != list(range(1, EXAMPLE_COUNT + 1)):
        raise ValueError(f"example: expected numbers 1..{EXAMPLE_COUNT}, found {numbers}")
    return tuple(_example(item) for item in items)


@functools.cache
def examples_introduction(path: Path = EXAMPLES_FILE) -> str:
    """Return the introduction to the six examples (paragraphs separated by a blank line)."""
    head = _read(path).get("introduction")
    if not isinstance(head, dict):
        raise ValueError(f"{path.name}: missing [introduction] table")
    return _text(head, "text", "introduction")
