"""The checklists for the two pamphlets seed 003 names under "Hjælperedskaber:" — "Spot et
ledertalent" (shown to the nearest leader on the nomination page) and "Ledelse skal trænes"
(shown beside start part 2, where the learning agreement's practice elements are chosen, and
the midway conversation, the seed's "Skabelon for midtvejssamtalen" beside it).

The pamphlets are not among the seeds: the items are our own short checklist (`is_ours`),
written from the seed's one sentence about each pamphlet (`seed_text`, word for word), and the
pages say so. Read from `lederspor/content/programmes/trainee.toml` (`[[checklist]]`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "programmes" / "trainee.toml"

SPOT_TALENT = "spot_talent"
LEADERSHIP_TRAINING = "leadership_training"


@dataclass(frozen=True)
class Checklist:
    """One checklist: `pamphlet` is the pamphlet's name as the seed writes it, `seed_text` the
    seed's sentence about it (quoted), `is_ours` True (the items are written by Lederspor)."""

    key: str
    pamphlet: str
    phase: int
    is_ours: bool
    seed_text: str
    title: str
    intro: str
    items: tuple[str, ...]


def load_checklists(path: Path = CONTENT_FILE) -> dict[str, Checklist]:
    """The checklists of the content file by key. Raises KeyError on a malformed entry."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        entry["key"]: Checklist(
            key=entry["key"],
            pamphlet=entry["pamphlet"],
            phase=int(entry["phase"]),
            is_ours=bool(entry.get("is_ours", True)),
            seed_text=entry["seed_text"].strip(),
            title=entry["title"].strip(),
            intro=entry.get("intro", "").strip(),
            items=tuple(item.strip() for item in entry["items"]),
        )
        for entry in data.get("checklist", [])
    }


@cache
def checklist(key: str) -> Checklist:
    """The checklist `key` (`SPOT_TALENT` or `LEADERSHIP_TRAINING`), read once per process."""
    return load_checklists()[key]
