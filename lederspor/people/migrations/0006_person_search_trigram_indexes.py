"""Trigram indexes for searching persons by part of a name, e-mail or employee number (issue #17
§1), on PostgreSQL only.

HR's person list (`people.selectors.person_search`) filters with `icontains`, which Django
writes as `UPPER("people_person"."first_name"::text) LIKE UPPER('%word%')`, and the person
pickers (`people.pickers.person_search`) with `istartswith` (`LIKE UPPER('word%')`): a B-tree
cannot serve either, so at 30,000 persons every search was a sequential scan of
`people_person`. A GIN index with `gin_trgm_ops` on exactly that expression serves `LIKE` with
any wildcard; one index per column, so the OR of the four columns becomes a BitmapOr of four
index scans.

Why not in `Person.Meta.indexes`: the tests and `lederspor demo` also run on SQLite, which has
neither the pg_trgm extension nor GIN indexes, and a `GinIndex` in the model state would make
Django try to create it there. So the indexes are created here, by SQL that runs only when the
database is PostgreSQL, and the model state is untouched (`makemigrations --check` stays
clean). pg_trgm is a trusted extension since PostgreSQL 13, so the database owner may create it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

#: (index name, column): each index is on UPPER(column), the expression Django's
#: icontains/istartswith lookups compare
TRIGRAM_INDEXES = [
    ("person_first_name_trgm_idx", "first_name"),
    ("person_last_name_trgm_idx", "last_name"),
    ("person_email_trgm_idx", "email"),
    ("person_employee_number_trgm_idx", "employee_number"),
]


def create_trigram_indexes(apps, schema_editor):
    """The GIN trigram indexes, on PostgreSQL only (nothing on SQLite)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "people_person" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    """Undo `create_trigram_indexes` (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_orgloadrun_file_waits_for_the_worker"),
    ]

    operations = [
        # creates pg_trgm on PostgreSQL only (Django's CreateExtension skips other databases)
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
