"""A generated municipality: units and persons as rows of the import's files (issue #17).

Used by the benchmarks (`benchmarks/pages.py`, `benchmarks/import.py`) and by the local OS2mo
GraphQL server the sync tests start, so both work on the same organisation. Deterministic for
a given `seed`. Nothing here touches the database.

The tree has five levels, deeper than the classic four, as real OS2mo trees are:
kommune → forvaltning → område → arbejdsplads → team (teams under some workplaces). Every unit
has a leader (`er_leder` = ja) whose nearest leader is the leader of the unit above; the other
persons work in a workplace or a team under its leader. The default size is the one the issue
measured: 30,824 persons in 1,662 units.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from operator import itemgetter

from lederspor.core.exports import Column, csv_text

#: the columns of a units file (docs/import.md)
UNIT_HEADER = ("enhedskode", "navn", "niveau", "overordnet_enhedskode")
#: the columns of a persons file (docs/import.md)
PERSON_HEADER = (
    "medarbejdernummer",
    "fornavn",
    "efternavn",
    "email",
    "stilling",
    "faggruppe",
    "enhedskode",
    "leder_medarbejdernummer",
    "køn",
    "fødselsår",
    "ansat_siden",
    "er_leder",
)

_WOMEN = (
    "Anne Kirsten Mette Hanne Helle Susanne Lene Maria Marianne Lone Camilla Louise Charlotte "
    "Pia Tina Gitte Julie Sofie Ida Emma Karen Bente Birgitte Dorthe Jette Rikke Nanna Line"
).split()
_MEN = (
    "Peter Jens Michael Lars Henrik Thomas Søren Jan Niels Christian Martin Morten Anders "
    "Rasmus Jesper Mads Kim Frederik Jakob Mikkel Ole Bo Hans Torben Steen Kasper Simon Emil"
).split()
_LAST = (
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen "
    "Knudsen Jakobsen Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt Eriksen"
).split()
_DEPARTMENTS = (
    "Sundhed og Omsorg",
    "Børn og Unge",
    "Kultur og Borgerservice",
    "Sociale Forhold og Beskæftigelse",
    "Teknik og Miljø",
    "Borgmesterens Afdeling",
    "Økonomi og Personale",
    "Erhverv og Udvikling",
)
_WORKPLACE_KINDS = (
    "Plejecenter",
    "Skole",
    "Dagtilbud",
    "Hjemmepleje",
    "Jobcenter",
    "Bibliotek",
    "Botilbud",
    "Materielgård",
)
_STAFF = (
    ("Social- og sundhedsassistent", "Social- og sundhedspersonale"),
    ("Lærer", "Undervisning"),
    ("Pædagog", "Pædagogisk personale"),
    ("Sygeplejerske", "Sundhedsfaglig"),
    ("Sagsbehandler", "Administration"),
    ("Bibliotekar", "Kultur"),
    ("Ingeniør", "Teknik"),
    ("Konsulent", "Administration"),
)


@dataclass(frozen=True)
class Municipality:
    """A generated organisation: `units` and `persons` as dicts keyed by the file columns
    (`UNIT_HEADER`, `PERSON_HEADER`), parents before children and leaders before their staff.
    """

    units: list[dict[str, str]]
    persons: list[dict[str, str]]

    def units_csv(self) -> bytes:
        """The units as a UTF-8 CSV file with `;` as separator (the import's format)."""
        return _csv(UNIT_HEADER, self.units)

    def persons_csv(self) -> bytes:
        """The persons as a UTF-8 CSV file with `;` as separator (the import's format)."""
        return _csv(PERSON_HEADER, self.persons)


#: æ, ø and å as ASCII (ord → replacement, for str.translate)
_ASCII = {
    ord(k): v for k, v in {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}.items()
}


def _ascii(name: str) -> str:
    """`name` with æ, ø and å spelt ae, oe and aa: e-mail addresses stay ASCII (the import's
    e-mail check refuses the Danish letters)."""
    return name.translate(_ASCII)


def _csv(header: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    """`rows` as the import's CSV, through the one spreadsheet writer (`core.exports`)."""
    columns = [Column(header=name, value=itemgetter(name)) for name in header]
    return csv_text(rows=rows, columns=columns).encode("utf-8")


def generate_municipality(
    *, persons: int = 30_824, units: int = 1_662, seed: int = 17, domain: str = "genkommune.dk"
) -> Municipality:
    """Generate a municipality of `persons` persons (at least `units`) in `units` units (≥ 8).

    Returns a `Municipality`; raises ValueError for sizes it cannot build. The same arguments
    give the same rows. E-mails are `<first>.<last>.<n>@<domain>` in ASCII, employee numbers 6 digits
    from 100000, unit codes `K`, `F<n>`, `O<n>`, `A<n>`, `T<n>`.
    """
    if units < 8 or persons < units:
        raise ValueError("a generated municipality needs at least 8 units and a leader for each")
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    n_departments = max(2, min(len(_DEPARTMENTS), round(units * 0.0036)))
    n_areas = max(n_departments, round(units * 0.036))
    n_teams = round(units * 0.12)
    n_workplaces = units - 1 - n_departments - n_areas - n_teams
    if n_workplaces < n_areas:
        n_teams -= n_areas - n_workplaces
        n_workplaces = n_areas

    unit_rows: list[dict[str, str]] = [
        {
            "enhedskode": "K",
            "navn": "Genereret Kommune",
            "niveau": "kommune",
            "overordnet_enhedskode": "",
        }
    ]
    departments = [f"F{i + 1}" for i in range(n_departments)]
    for i, code in enumerate(departments):
        unit_rows.append(
            {
                "enhedskode": code,
                "navn": _DEPARTMENTS[i],
                "niveau": "forvaltning",
                "overordnet_enhedskode": "K",
            }
        )
    areas = []
    for i in range(n_areas):
        code, parent = f"O{i + 1}", departments[i % n_departments]
        areas.append(code)
        unit_rows.append(
            {
                "enhedskode": code,
                "navn": f"Område {i + 1}",
                "niveau": "område",
                "overordnet_enhedskode": parent,
            }
        )
    workplaces = []
    for i in range(n_workplaces):
        # every area gets one workplace first, the rest at random
        code = f"A{i + 1}"
        parent = areas[i] if i < n_areas else rng.choice(areas)
        workplaces.append(code)
        name = f"{rng.choice(_WORKPLACE_KINDS)} {i + 1}"
        unit_rows.append(
            {
                "enhedskode": code,
                "navn": name,
                "niveau": "arbejdsplads",
                "overordnet_enhedskode": parent,
            }
        )
    teams = []
    for i in range(n_teams):
        code = f"T{i + 1}"
        teams.append(code)
        unit_rows.append(
            {
                "enhedskode": code,
                "navn": f"Team {i + 1}",
                "niveau": "team",
                "overordnet_enhedskode": rng.choice(workplaces),
            }
        )
    parent_of = {row["enhedskode"]: row["overordnet_enhedskode"] for row in unit_rows}

    person_rows: list[dict[str, str]] = []
    used_emails: set[str] = set()

    def person(unit: str, manager: str, *, leader: bool) -> str:
        n = len(person_rows)
        number = str(100_000 + n)
        woman = rng.random() < 0.7
        first = rng.choice(_WOMEN if woman else _MEN)
        last = rng.choice(_LAST)
        email = f"{_ascii(first)}.{_ascii(last)}.{n}@{domain}".lower()
        used_emails.add(email)
        title, profession = rng.choice(_STAFF)
        if leader:
            title = "Leder" if unit != "K" else "Kommunaldirektør"
        since = dt.date(2026, 1, 1) - dt.timedelta(days=rng.randrange(30, 30 * 365))
        person_rows.append(
            {
                "medarbejdernummer": number,
                "fornavn": first,
                "efternavn": last,
                "email": email,
                "stilling": title,
                "faggruppe": profession,
                "enhedskode": unit,
                "leder_medarbejdernummer": manager,
                "køn": "kvinde" if woman else "mand",
                "fødselsår": str(rng.randrange(1960, 2003)),
                "ansat_siden": since.isoformat(),
                "er_leder": "ja" if leader else "nej",
            }
        )
        return number

    leader_of: dict[str, str] = {}
    for row in unit_rows:  # parents come before their children
        code = row["enhedskode"]
        manager = leader_of.get(parent_of[code], "") if parent_of[code] else ""
        leader_of[code] = person(code, manager, leader=True)
    staff_units = workplaces + teams
    for _ in range(persons - len(unit_rows)):
        unit = rng.choice(staff_units)
        person(unit, leader_of[unit], leader=False)
    return Municipality(units=unit_rows, persons=person_rows)
