"""Load the programme templates from `lederspor/content/programmes/*.toml` (seed text).

Safe on every deploy (issue #16 §1): the programme is matched by `key`, its phases by
(programme, order) and the elements by (phase, order), and updated in place, never deleted
and recreated (trainee effect answers refer to phases with PROTECT). Every text is a versioned
default (`core.content_versions.seed_default`) under the keys `programme:<key>`,
`phase:<key>:<order>` and `element:<key>:<phase order>:<order>`: the model's texts are written
only when the seed default became live (CREATED/UPDATED), so an edit by HR staff is never
overwritten; a changed default is offered to them instead. A phase or element no longer in the
seed is deleted only when nothing refers to it; otherwise it is kept and reported.
`{kommune}`, `{kommunes}` and `{intranet}` are replaced (`core.content_placeholders`).
"""

import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from lederspor.core.content_placeholders import substitute
from lederspor.core.content_versions import LoadReport, seed_row
from lederspor.programmes.models import Element, Phase, Programme

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "programmes"

#: programmes that can run in Lederspor (issue #2: aspirant; #4 §3: job visits; #3: the other two)
OPERATIONAL = {"aspirant", "job_visit", "clarification", "trainee"}

#: the fields of each model that are versioned content HR staff edit (the rest is structure)
PROGRAMME_FIELDS = ("name", "summary", "description")
PHASE_FIELDS = ("name", "description", "effects", "tools")
ELEMENT_FIELDS = ("name", "description")

#: the report's names of the kinds of content
REPORT_PROGRAMMES = "Forløb"
REPORT_PHASES = "Faser"
REPORT_ELEMENTS = "Elementer"


def programme_key(programme_key_: str) -> str:
    """The content key of a programme's texts: `programme:<key>`."""
    return f"programme:{programme_key_}"


def phase_key(programme_key_: str, order: int) -> str:
    """The content key of a phase's texts: `phase:<programme key>:<order>`."""
    return f"phase:{programme_key_}:{order}"


def element_key(programme_key_: str, phase_order: int, order: int) -> str:
    """The content key of an element's texts: `element:<programme key>:<phase>:<order>`."""
    return f"element:{programme_key_}:{phase_order}:{order}"


def _text(value: Any) -> Any:
    """A seed value with placeholders replaced and stripped (lists item by item)."""
    if isinstance(value, list):
        return [substitute(str(v)).strip() for v in value]
    return substitute(str(value)).strip()


def _delete_unless_referenced(row: Phase | Element, label: str, report: LoadReport) -> None:
    try:
        with transaction.atomic():
            row.delete()
    except ProtectedError:
        report.kept.append(f"Beholdt (ikke længere i kilden, men i brug): {label}")


@transaction.atomic
def load_programmes(
    directory: Path = CONTENT_DIR, report: LoadReport | None = None, keep_current: bool = False
) -> list[Programme]:
    """Create or update every programme template in `directory`; return them in file order.

    `report` (optional) counts what happened per item. `keep_current`: rows that exist but have
    no versions yet keep their texts where they differ from the seed (the first load after
    upgrading, when HR had edited texts in the admin); the seed is then offered. Raises KeyError/tomllib.TOMLDecodeError
    on malformed content files.
    """
    report = report if report is not None else LoadReport()
    programmes = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        meta = data["programme"]
        key = meta["key"]
        programme = Programme.objects.filter(key=key).first()
        seed = {f: _text(meta.get(f, "")) for f in PROGRAMME_FIELDS}
        live = seed_row(
            programme_key(key), seed, report, REPORT_PROGRAMMES, programme, keep_current
        )
        if programme is None:
            programme = Programme(key=key)
        programme.kind = meta["kind"]
        programme.source = meta.get("source", "")
        programme.themes = meta.get("themes", [])
        programme.is_operational = key in OPERATIONAL
        for f, value in (live or {}).items():
            setattr(programme, f, value)
        programme.save()
        _load_phases(programme, data.get("phase", []), report, keep_current)
        programmes.append(programme)
    return programmes


def _load_phases(
    programme: Programme, phases: list[dict[str, Any]], report: LoadReport, keep_current: bool
) -> None:
    existing = {p.order: p for p in programme.phases.prefetch_related("elements")}
    for phase_data in phases:
        order = phase_data["order"]
        phase = existing.pop(order, None)
        seed = {f: _text(phase_data.get(f, [] if f == "effects" else "")) for f in PHASE_FIELDS}
        live = seed_row(
            phase_key(programme.key, order), seed, report, REPORT_PHASES, phase, keep_current
        )
        if phase is None:
            phase = Phase(programme=programme, order=order)
        for f, value in (live or {}).items():
            setattr(phase, f, value)
        phase.save()
        _load_elements(programme, phase, phase_data.get("element", []), report, keep_current)
    for order, phase in sorted(existing.items()):
        _delete_unless_referenced(phase, f"{programme.key}, fase {order} ({phase.name})", report)


def _load_elements(
    programme: Programme,
    phase: Phase,
    elements: list[dict[str, Any]],
    report: LoadReport,
    keep_current: bool,
) -> None:
    existing = {e.order: e for e in phase.elements.all()}
    for el in elements:
        order = el["order"]
        element = existing.pop(order, None)
        seed = {f: _text(el.get(f, "")) for f in ELEMENT_FIELDS}
        live = seed_row(
            element_key(programme.key, phase.order, order),
            seed,
            report,
            REPORT_ELEMENTS,
            element,
            keep_current,
        )
        if element is None:
            element = Element(phase=phase, order=order)
        element.kind = el["kind"]
        element.theme = _text(el.get("theme", ""))
        element.month = el.get("month", "")
        for f, value in (live or {}).items():
            setattr(element, f, value)
        element.save()
    for order, element in sorted(existing.items()):
        _delete_unless_referenced(
            element, f"{programme.key}, fase {phase.order}, element {order}", report
        )
