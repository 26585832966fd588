"""Validating a persons file: each field (e-mail, gender, birth year, start date, leader flag),
duplicates in the file, e-mails already used by another person or login, unknown units,
managers and chefs, and cycles in the manager chain.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.core.models import User
from lederspor.people.importing.checks import (
    _check_columns,
    _duplicates,
    _find_cycles,
    _max_length,
    _no_rows,
    _required,
)
from lederspor.people.importing.reader import NO, YES, RowError, Table
from lederspor.people.models import OrgUnit, Person

#: required columns of a persons file
PERSON_COLUMNS = (
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
#: optional columns of a persons file; when absent the stored value is kept
PERSON_OPTIONAL_COLUMNS = ("chef_medarbejdernummer",)
#: `køn` in the file → `Person.Gender`; blank means `OTHER` (*andet/uoplyst*)
GENDERS: dict[str, Person.Gender] = {
    "kvinde": Person.Gender.FEMALE,
    "mand": Person.Gender.MALE,
    "andet": Person.Gender.OTHER,
}
#: oldest accepted `fødselsår`
MIN_BIRTH_YEAR = 1900

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_DANISH = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")


@dataclass(slots=True)
class PersonRow:
    """One row of a persons file, parsed (invalid values are blank/None and have an error)."""

    line: int
    number: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    profession: str
    unit_code: str
    manager_number: str
    chef_number: str | None  # None: the column is absent, keep the stored chef
    gender: Person.Gender
    birth_year: int | None
    employed_since: dt.date | None
    is_leader: bool


def _parse_date(value: str) -> dt.date | None:
    """`YYYY-MM-DD`, `DD-MM-YYYY` or `DD.MM.YYYY` → date; raises ValueError if none fits."""
    if m := _DATE_ISO.match(value):
        year, month, day = m.groups()
    elif m := _DATE_DANISH.match(value):
        day, month, year = m.groups()
    else:
        raise ValueError(value)
    return dt.date(int(year), int(month), int(day))


def _parse_person(
    line: int, values: dict[str, str], has_chef: bool, errors: list[RowError], this_year: int
) -> PersonRow:
    """Parse and check the fields of one persons row, appending its errors (`this_year`: the
    latest birth year accepted)."""
    number = _required(values.get("medarbejdernummer", ""), line, "medarbejdernummer", 40, errors)
    first_name = _required(values.get("fornavn", ""), line, "fornavn", 100, errors)
    last_name = _required(values.get("efternavn", ""), line, "efternavn", 100, errors)
    email = _required(values.get("email", ""), line, "email", 254, errors).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                RowError(
                    line,
                    "email",
                    _("Ugyldig e-mail: '%(value)s'.") % {"value": values.get("email", "")},
                )
            )
            email = ""
    job_title = _max_length(values.get("stilling", ""), line, "stilling", 150, errors)
    profession = _max_length(values.get("faggruppe", ""), line, "faggruppe", 150, errors)
    unit_code = _required(values.get("enhedskode", ""), line, "enhedskode", 40, errors)

    raw_gender = values.get("køn", "")
    gender = GENDERS.get(raw_gender.lower(), Person.Gender.OTHER)
    if raw_gender and raw_gender.lower() not in GENDERS:
        errors.append(
            RowError(
                line,
                "køn",
                _("Ukendt køn '%(value)s'. Brug kvinde, mand eller andet.") % {"value": raw_gender},
            )
        )

    birth_year = None
    raw_year = values.get("fødselsår", "")
    if raw_year:
        if raw_year.isdigit() and MIN_BIRTH_YEAR <= int(raw_year) <= this_year:
            birth_year = int(raw_year)
        else:
            errors.append(
                RowError(
                    line,
                    "fødselsår",
                    _("Ugyldigt fødselsår '%(value)s'. Skriv et årstal mellem %(min)d og %(max)d.")
                    % {"value": raw_year, "min": MIN_BIRTH_YEAR, "max": this_year},
                )
            )

    employed_since = None
    raw_date = values.get("ansat_siden", "")
    if raw_date:
        try:
            employed_since = _parse_date(raw_date)
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "ansat_siden",
                    _("Ugyldig dato '%(value)s'. Skriv den som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ.")
                    % {"value": raw_date},
                )
            )

    raw_leader = values.get("er_leder", "").lower()
    if raw_leader not in (YES, NO, ""):
        errors.append(
            RowError(
                line,
                "er_leder",
                _("Skriv ja eller nej, ikke '%(value)s'.") % {"value": values.get("er_leder", "")},
            )
        )

    manager_number = values.get("leder_medarbejdernummer", "")
    if manager_number and manager_number == number:
        errors.append(
            RowError(line, "leder_medarbejdernummer", _("En person kan ikke være sin egen leder."))
        )
        manager_number = ""
    chef_number = values.get("chef_medarbejdernummer", "") if has_chef else None
    if chef_number and chef_number == number:
        errors.append(
            RowError(line, "chef_medarbejdernummer", _("En person kan ikke være sin egen chef."))
        )
        chef_number = ""
    return PersonRow(
        line=line,
        number=number,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        profession=profession,
        unit_code=unit_code,
        manager_number=manager_number,
        chef_number=chef_number,
        gender=gender,
        birth_year=birth_year,
        employed_since=employed_since,
        is_leader=raw_leader == YES,
    )


def validate_persons(
    table: Table, *, pending_unit_codes: Collection[str] = ()
) -> tuple[list[PersonRow], list[RowError]]:
    """Check a persons table against itself and the database.

    `pending_unit_codes`: units loaded in the same dry run (`load_tables` with a units table),
    which a dry run does not write but which persons may already belong to.

    Checks each field, duplicate employee numbers and e-mails in the file, e-mails already used
    by another person or login, unknown units, managers and chefs, and cycles in the manager
    chain including stored managers. Returns the parsed rows and all errors sorted by line.
    Reads all persons, units and logins once (no query per row).
    """
    errors = _check_columns(table, PERSON_COLUMNS, PERSON_OPTIONAL_COLUMNS)
    if errors:
        return [], errors
    errors = _no_rows(table)
    has_chef = "chef_medarbejdernummer" in table.columns
    this_year = timezone.localdate().year
    rows = [_parse_person(line, values, has_chef, errors, this_year) for line, values in table.rows]

    errors += _duplicates(
        ((r.line, r.number) for r in rows),
        lambda value, first, line: (
            _("Medarbejdernummeret %(number)s står to gange (linje %(first)d og %(line)d).")
            % {"number": value, "first": first, "line": line}
        ),
        "medarbejdernummer",
    )
    errors += _duplicates(
        ((r.line, r.email) for r in rows),
        lambda value, first, line: (
            _("E-mailen %(email)s står to gange (linje %(first)d og %(line)d).")
            % {"email": value, "first": first, "line": line}
        ),
        "email",
    )

    by_number: dict[str, PersonRow] = {}
    for row in rows:
        if row.number:
            by_number.setdefault(row.number, row)
    stored = list(
        Person.objects.values_list(
            "employee_number", "email", "manager__employee_number", "user_id"
        )
    )
    stored_numbers = {number for number, *_rest in stored}
    person_email_owner = {email.lower(): number for number, email, _m, _u in stored}
    user_of_number = {number: user_id for number, _e, _m, user_id in stored}
    # logins by e-mail → the employee number of their person (None if not linked)
    login_owner = {
        email.lower(): number
        for email, number in User.objects.values_list("email", "person__employee_number")
    }

    def freed(number: str | None, email: str) -> bool:
        """True if `number` is in the file and gives up `email` there."""
        other = by_number.get(number or "")
        return other is not None and other.email != email

    unit_codes = set(OrgUnit.objects.values_list("code", flat=True)) | set(pending_unit_codes)
    for row in rows:
        if row.email:
            owner = person_email_owner.get(row.email)
            login = login_owner.get(row.email, "")  # "" = no login has this e-mail
            if owner is not None and owner != row.number and not freed(owner, row.email):
                errors.append(
                    RowError(
                        row.line,
                        "email",
                        _(
                            "E-mailen %(email)s bruges allerede af medarbejder %(number)s i Lederspor."
                        )
                        % {"email": row.email, "number": owner},
                    )
                )
            elif row.email in login_owner and login != row.number:
                if login is None:
                    # an unlinked login: linked to this person, unless it already has one
                    taken = user_of_number.get(row.number) is not None
                else:
                    taken = not freed(login, row.email)
                if taken:
                    errors.append(
                        RowError(
                            row.line,
                            "email",
                            _("E-mailen %(email)s bruges allerede af et andet login i Lederspor.")
                            % {"email": row.email},
                        )
                    )
        if row.unit_code and row.unit_code not in unit_codes:
            errors.append(
                RowError(
                    row.line,
                    "enhedskode",
                    _("Enhedskoden '%(code)s' findes ikke i Lederspor. Importér enhederne først.")
                    % {"code": row.unit_code},
                )
            )
        if (
            row.manager_number
            and row.manager_number not in by_number
            and row.manager_number not in stored_numbers
        ):
            errors.append(
                RowError(
                    row.line,
                    "leder_medarbejdernummer",
                    _("Lederen %(number)s findes hverken i filen eller i Lederspor.")
                    % {"number": row.manager_number},
                )
            )
            row.manager_number = ""
        if (
            row.chef_number
            and row.chef_number not in by_number
            and row.chef_number not in stored_numbers
        ):
            errors.append(
                RowError(
                    row.line,
                    "chef_medarbejdernummer",
                    _("Chefen %(number)s findes hverken i filen eller i Lederspor.")
                    % {"number": row.chef_number},
                )
            )
            row.chef_number = ""

    # the manager chain after the import: stored managers, overridden by the file
    manager_of: dict[str, str | None] = {number: manager for number, _e, manager, _u in stored}
    for number, row in by_number.items():
        manager_of[number] = row.manager_number or None
    for cycle in _find_cycles(manager_of, sorted(by_number, key=lambda n: by_number[n].line)):
        first = min((n for n in cycle if n in by_number), key=lambda n: by_number[n].line)
        start = cycle.index(first)
        ordered = [*cycle[start:-1], *cycle[:start], first]
        errors.append(
            RowError(
                by_number[first].line,
                "leder_medarbejdernummer",
                _("Lederkæden er cirkulær: %(chain)s.") % {"chain": " → ".join(ordered)},
            )
        )
    errors.sort(key=lambda e: e.line)
    return rows, errors
