"""`lederspor access_matrix`: the role × URL matrix (`lederspor/site/access_matrix.py`) as the
table in docs/roles-and-access.md.

uv run lederspor access_matrix            # print the table
uv run lederspor access_matrix --write    # rewrite the table between the page's markers
uv run lederspor access_matrix --check    # exit 1 when the page's table is out of date
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lederspor.site.access_matrix import document_with_matrix, matrix_markdown

#: the page that holds the table, from the project's root
DOC = Path("docs") / "roles-and-access.md"


class Command(BaseCommand):
    help = (
        "Skriv rolle × URL-matricen (lederspor/site/access_matrix.py) som tabellen i "
        "docs/roles-and-access.md (--write), tjek den (--check) eller udskriv den."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--write", action="store_true", help="rewrite the page's table")
        action.add_argument("--check", action="store_true", help="exit 1 if it is out of date")
        parser.add_argument("--path", type=Path, default=None, help=f"the page (default {DOC})")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"] or Path(settings.BASE_DIR) / DOC
        if not (options["write"] or options["check"]):
            self.stdout.write(matrix_markdown(), ending="")
            return
        try:
            text = path.read_text(encoding="utf-8")
            wanted = document_with_matrix(text)
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        if options["check"]:
            if wanted != text:
                self.stderr.write(
                    f"{path} is out of date: run `uv run lederspor access_matrix --write`."
                )
                raise SystemExit(1)
            self.stdout.write(f"{path} holds the current matrix.")
            return
        if wanted != text:
            path.write_text(wanted, encoding="utf-8")
            self.stdout.write(f"{path}: the table is rewritten.")
        else:
            self.stdout.write(f"{path} already holds the current matrix.")
