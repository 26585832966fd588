"""Merge fields (*flettefelter*) in a bulk mail's subject and text (issue #16 §3).

A text names a field in braces, e.g. "Kære {fornavn}". Only the fields in `FIELDS` exist; the
text is never evaluated as a template (no Django template language from user input): `render`
replaces each `{name}` with the recipient's value and leaves everything else as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: the whitelist: field name → what it is filled with (docs/mailings.md lists them)
FIELDS: Mapping[str, str | Promise] = {
    "fornavn": _("modtagerens fornavn"),
    "navn": _("modtagerens fulde navn"),
    "hold": _("holdets navn"),
    "forløb": _("forløbets navn"),
    "startdato": _("holdets startdato"),
    "slutdato": _("holdets slutdato"),
    "næste_mødegang": _("holdets næste mødegang: dag, tid, tema og sted"),
    "nærmeste_leder": _("deltagerens nærmeste leder (i en mail til lederne: lederen selv)"),
    "deltagere": _("de deltagere, mailen handler om (i en mail til lederne: lederens deltagere)"),
}

#: a brace pair with no brace inside, or a lone brace
_TOKEN = re.compile(r"\{([^{}]*)\}|[{}]")


def allowed_fields_text() -> str:
    """The allowed fields as "{fornavn}, {navn}, …", for error messages and help texts."""
    return ", ".join(f"{{{name}}}" for name in FIELDS)


def check(text: str) -> None:
    """Check that `text` names only fields of `FIELDS` and has no lone brace.

    Raises ValidationError (code "merge_field") whose Danish message names the first unknown
    field or the stray brace and lists the allowed fields.
    """
    for match in _TOKEN.finditer(text):
        name = match.group(1)
        if name is None:
            raise ValidationError(
                gettext(
                    "Teksten har en enlig klamme (%(brace)s). Flettefelter skrives i "
                    "tuborgklammer, fx {fornavn}. Mulige felter: %(allowed)s."
                )
                % {"brace": match.group(0), "allowed": allowed_fields_text()},
                code="merge_field",
            )
        if name.strip() not in FIELDS:
            raise ValidationError(
                gettext("Ukendt flettefelt {%(name)s}. Mulige felter: %(allowed)s.")
                % {"name": name, "allowed": allowed_fields_text()},
                code="merge_field",
            )


def render(text: str, values: Mapping[str, str]) -> str:
    """`text` with each `{field}` replaced by `values[field]` ("" when missing). Call `check`
    first: an unknown field or a lone brace is left as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None or name.strip() not in FIELDS:
            return match.group(0)
        return values.get(name.strip(), "")

    return _TOKEN.sub(replace, text)


def render_mail(subject: str, body: str, values: Mapping[str, str]) -> dict[str, str]:
    """`{"subject": …, "body": …}` with the merge fields filled in (`render`): the queued
    mail's context and the preview's sample, so the preview shows what is sent."""
    return {"subject": render(subject, values), "body": render(body, values)}
