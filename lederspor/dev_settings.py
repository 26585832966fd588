"""The project's settings in development mode (settings.DEVELOPMENT), for the tools that load
the settings on a developer's machine or in CI without a SECRET_KEY: the tests (pytest-django)
and mypy's django-stubs plugin (both in pyproject.toml). LEDERSPOR_DEV=1 unless the environment
sets it; DEBUG stays off. Never for a server: production runs `lederspor.settings`.
"""

import os

os.environ.setdefault("LEDERSPOR_DEV", "1")

from lederspor.settings import *  # noqa: F403
