"""Load the 18 practice tasks of seed 000 from `lederspor/content/catalogue/practice_tasks.toml`.

Safe on every deploy (issue #16 §1): tasks are matched by number and updated in place, never
deleted (agreed tasks refer to them with PROTECT). The texts of a task (title, purpose,
content, case, links, steps) are a versioned default under the key `task:<number>`
(`core.content_versions.seed_default`): they are written to the task only when the seed
default became live, so an edit by HR staff is never overwritten; a changed default is offered
to them instead. The "combines with" links and `host_confirms` follow the seed.
`{kommune}`, `{kommunes}`, `{intranet}` and `{intranet:<key>}` are replaced
(`core.content_placeholders`); links are titled: `[{"title", "url"}]`.
"""

import functools
import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from lederspor.catalogue.models import PracticeTask
from lederspor.core.content_placeholders import substitute, substitute_links
from lederspor.core.content_versions import LoadReport, seed_row

CONTENT_FILE = (
    Path(__file__).resolve().parent.parent / "content" / "catalogue" / "practice_tasks.toml"
)

#: the report's name of the kind of content
REPORT_TASKS = "Praksisopgaver"


def task_key(number: int) -> str:
    """The content key of a catalogue task's texts: `task:<number>`."""
    return f"task:{number}"


@functools.cache
def _introduction(path: Path) -> dict[str, str]:
    catalogue: dict[str, str] = tomllib.loads(path.read_text(encoding="utf-8"))["catalogue"]
    return catalogue


def catalogue_introduction(path: Path = CONTENT_FILE) -> dict[str, str]:
    """Return `{"title": str, "introduction": str}` of the catalogue (seed 000's opening), with
    the municipality's name (`core.content_placeholders.substitute`).

    The file is read once per process: it is shipped content, not data that changes at run
    time."""
    return {k: substitute(v) for k, v in _introduction(path).items()}


def seed_data(item: dict[str, Any]) -> dict[str, Any]:
    """The versioned texts of one `[[task]]` of the content file, placeholders replaced."""
    return {
        "title": substitute(item["title"]).strip(),
        "purpose": substitute(item["purpose"]).strip(),
        "content": substitute(item["content"]).strip(),
        "case": substitute(item["case"]).strip(),
        "links": substitute_links(item.get("links", [])),
        "steps": [
            {"text": substitute(step["text"]).strip(), "from_seed": bool(step["from_seed"])}
            for step in item.get("steps", [])
        ],
    }


def apply_data(task: PracticeTask, data: dict[str, Any]) -> None:
    """Write the versioned texts `data` (as `seed_data` returns) to `task` (not saved), with
    the search text."""
    for field, value in data.items():
        setattr(task, field, value)
    task.search_text = PracticeTask.build_search_text(
        task.title, task.purpose, task.content, task.case
    )


@transaction.atomic
def load_catalogue(
    path: Path = CONTENT_FILE, report: LoadReport | None = None, keep_current: bool = False
) -> list[PracticeTask]:
    """Create or update all catalogue tasks; return them by number (18 for seed 000).

    Also loads which tasks the named host confirms (`host_confirms`, tasks 12 and 16) and the
    task-specific steps (`steps`: text and whether it is the seed's own words). `report`
    (optional) counts what happened per task. `keep_current`: a task that exists but has no
    versions yet keeps its texts where they differ from the seed (the first load after
    upgrading, when HR had edited tasks in the admin); the seed is then offered."""
    report = report if report is not None else LoadReport()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    existing = {t.number: t for t in PracticeTask.objects.all()}
    by_number: dict[int, PracticeTask] = {}
    for item in data["task"]:
        number = item["number"]
        task = existing.get(number)
        key = task_key(number)
        live = seed_row(key, seed_data(item), report, REPORT_TASKS, task, keep_current)
        if task is None:
            task = PracticeTask(number=number)
        if live is not None:
            apply_data(task, live)
        task.host_confirms = bool(item.get("host_confirms", False))
        task.save()
        by_number[task.number] = task
    for item in data["task"]:
        by_number[item["number"]].combines_with.set(
            [by_number[n] for n in item.get("combines_with", [])]
        )
    return [by_number[n] for n in sorted(by_number)]
