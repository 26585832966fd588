"""System checks of the top floor (`lederspor check`, also run by every management command).

- site.W001: no accessibility statement is configured (issue #16 §4).
- site.W002: the accessibility statement's address is not an http(s) URL.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator


@register(Tags.compatibility)
def accessibility_statement_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when `LEDERSPOR_ACCESSIBILITY_STATEMENT_URL` is unset (the footer then has no link
    to the statement, which the Danish web accessibility law requires also on intranets) or is
    not an http(s) URL. Returns a list with at most one Warning."""
    url = getattr(settings, "LEDERSPOR_ACCESSIBILITY_STATEMENT_URL", "")
    if not url:
        return [
            Warning(
                "LEDERSPOR_ACCESSIBILITY_STATEMENT_URL is not set: the footer has no link to the "
                "accessibility statement (tilgængelighedserklæring).",
                hint=(
                    "The Danish web accessibility law (lov nr. 692 af 08/06/2018) requires a "
                    "statement for every website and intranet of a public body. Set the "
                    "variable to the municipality's statement, e.g. its page in the WAS-tool "
                    "(https://www.was.digst.dk/…). See docs/operations.md."
                ),
                id="site.W001",
            )
        ]
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return [
            Warning(
                f"LEDERSPOR_ACCESSIBILITY_STATEMENT_URL is not an http(s) address: {url!r}.",
                hint="Give the full address of the statement, starting with https://.",
                id="site.W002",
            )
        ]
    return []
