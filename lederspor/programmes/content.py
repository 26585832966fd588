"""Load the programme templates from `lederspor/content/programmes/*.toml` (seed text).

Idempotent: re-running updates the template in place by `key` and replaces its phases and
elements, so content fixes reach an existing database.
"""

import tomllib
from pathlib import Path

from django.db import transaction

from lederspor.programmes.models import Element, Phase, Programme

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "programmes"

#: programmes that can run in Lederspor (issue #2: aspirant; #4 §3: job visits; #3: the other two)
OPERATIONAL = {"aspirant", "job_visit", "clarification", "trainee"}


@transaction.atomic
def load_programmes(directory: Path = CONTENT_DIR) -> list[Programme]:
    """Create or update every programme template in `directory`; return them ordered by key.

    Raises KeyError/tomllib.TOMLDecodeError on malformed content files.
    """
    programmes = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        meta = data["programme"]
        programme, _created = Programme.objects.update_or_create(
            key=meta["key"],
            defaults={
                "kind": meta["kind"],
                "name": meta["name"],
                "summary": meta.get("summary", "").strip(),
                "description": meta.get("description", "").strip(),
                "source": meta.get("source", ""),
                "themes": meta.get("themes", []),
                "is_operational": meta["key"] in OPERATIONAL,
            },
        )
        programme.phases.all().delete()
        for phase_data in data.get("phase", []):
            phase = Phase.objects.create(
                programme=programme,
                order=phase_data["order"],
                name=phase_data["name"],
                description=phase_data.get("description", "").strip(),
                effects=phase_data.get("effects", []),
                tools=phase_data.get("tools", "").strip(),
            )
            Element.objects.bulk_create(
                Element(
                    phase=phase,
                    order=el["order"],
                    kind=el["kind"],
                    name=el["name"],
                    description=el.get("description", "").strip(),
                    theme=el.get("theme", ""),
                    month=el.get("month", ""),
                )
                for el in phase_data.get("element", [])
            )
        programmes.append(programme)
    return programmes
