"""Load the 18 practice tasks of seed 000 from `lederspor/content/catalogue/practice_tasks.toml`.

Idempotent: updates tasks by number and resets their "combines with" links.
"""

import functools
import tomllib
from pathlib import Path

from django.db import transaction

from lederspor.catalogue.models import PracticeTask

CONTENT_FILE = (
    Path(__file__).resolve().parent.parent / "content" / "catalogue" / "practice_tasks.toml"
)


@functools.cache
def catalogue_introduction(path: Path = CONTENT_FILE) -> dict[str, str]:
    """Return `{"title": str, "introduction": str}` of the catalogue (seed 000's opening).

    Read once per process: the file is shipped content, not data that changes at run time.
    """
    catalogue: dict[str, str] = tomllib.loads(path.read_text(encoding="utf-8"))["catalogue"]
    return catalogue


@transaction.atomic
def load_catalogue(path: Path = CONTENT_FILE) -> list[PracticeTask]:
    """Create or update all catalogue tasks; return them by number (18 for seed 000).

    Also loads which tasks the named host confirms (`host_confirms`, tasks 12 and 16) and the
    task-specific steps (`steps`: text and whether it is the seed's own words)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    by_number: dict[int, PracticeTask] = {}
    for item in data["task"]:
        task, _created = PracticeTask.objects.update_or_create(
            number=item["number"],
            defaults={
                "title": item["title"].strip(),
                "purpose": item["purpose"].strip(),
                "content": item["content"].strip(),
                "case": item["case"].strip(),
                "links": item.get("links", []),
                "host_confirms": bool(item.get("host_confirms", False)),
                "steps": [
                    {"text": step["text"].strip(), "from_seed": bool(step["from_seed"])}
                    for step in item.get("steps", [])
                ],
                "search_text": PracticeTask.build_search_text(
                    item["title"], item["purpose"], item["content"], item["case"]
                ),
            },
        )
        by_number[task.number] = task
    for item in data["task"]:
        by_number[item["number"]].combines_with.set(
            [by_number[n] for n in item.get("combines_with", [])]
        )
    return [by_number[n] for n in sorted(by_number)]
