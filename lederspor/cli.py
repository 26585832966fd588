"""The `lederspor` console script: Django's manage.py for this project.

`uv run lederspor migrate`, `uv run lederspor demo`, `uv run lederspor shell` … all go through
here with the project's settings module preset.
"""

import os
import sys

#: the commands that run in development mode (settings.DEVELOPMENT) unless the environment sets
#: LEDERSPOR_DEV: the demo serves http://127.0.0.1 with zero configuration (and its worker,
#: started from it, inherits the variable); the others only write the source tree's files
#: (migrations, translations, the generated parts of docs/) and serve nothing
DEVELOPMENT_COMMANDS = frozenset(
    {
        "demo",
        "makemigrations",
        "makemessages",
        "compilemessages",
        "access_matrix",
        "privacy_docs",
    }
)


#: the accessibility statement the demo's footer links to (an example: the Agency for Digital
#: Government's WAS-tool, where municipalities publish theirs), unless the environment sets one
DEMO_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/"


def main(argv: list[str] | None = None) -> None:
    """Run a Django management command; `argv` defaults to `sys.argv`.

    `lederspor demo` (and the commands that only write source files, `DEVELOPMENT_COMMANDS`)
    set LEDERSPOR_DEV=1 (development mode: a development SECRET_KEY, plain http, static files
    from their source folders; DEBUG stays off) unless the variable is set. Every other command
    runs with the production defaults (docs/operations.md). `lederspor demo` (and those
    commands) also link the footer to an example accessibility statement
    (`DEMO_ACCESSIBILITY_STATEMENT_URL`) unless LEDERSPOR_ACCESSIBILITY_STATEMENT_URL is set.
    """
    args = argv if argv is not None else sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lederspor.settings")
    if len(args) > 1 and args[1] in DEVELOPMENT_COMMANDS:
        os.environ.setdefault("LEDERSPOR_DEV", "1")
        # the demo's footer links an example; the commands that only write source files do not
        # warn (site.W001) about a statement they never show
        os.environ.setdefault(
            "LEDERSPOR_ACCESSIBILITY_STATEMENT_URL", DEMO_ACCESSIBILITY_STATEMENT_URL
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
