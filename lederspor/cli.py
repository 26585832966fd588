"""The `lederspor` console script: Django's manage.py for this project.

`uv run lederspor migrate`, `uv run lederspor demo`, `uv run lederspor shell` … all go through
here with the project's settings module preset.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a Django management command; `argv` defaults to `sys.argv`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lederspor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
