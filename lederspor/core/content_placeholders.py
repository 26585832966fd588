"""The municipality's own name and intranet links in seed texts (issue #16 §1).

The seed texts came from Randers and Aarhus; the content files say `{kommune}` where the seed
named its municipality, and the loaders replace the placeholders with this installation's
settings (docs/content.md):

- `{kommune}`: `LEDERSPOR_MUNICIPALITY_NAME` ("Lederspor Kommune" by default),
- `{kommunes}`: its genitive, `LEDERSPOR_MUNICIPALITY_GENITIVE` (default: the name + "s"),
- `{intranet}`: what the intranet is called, `LEDERSPOR_INTRANET_NAME` ("intranettet"),
- `{intranet:<key>}` (in a link's URL): `LEDERSPOR_INTRANET_LINKS[<key>]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

_INTRANET_LINK = re.compile(r"\{intranet:([a-z0-9_-]+)\}")


def municipality_name() -> str:
    """The municipality's name (`LEDERSPOR_MUNICIPALITY_NAME`)."""
    return str(settings.LEDERSPOR_MUNICIPALITY_NAME)


def municipality_genitive() -> str:
    """The genitive of the name: `LEDERSPOR_MUNICIPALITY_GENITIVE`, else the name + "s"
    (Danish adds -s; a name ending in s, x or z gets an apostrophe: "Lederspor Kommune" →
    "Lederspor Kommunes")."""
    explicit = str(getattr(settings, "LEDERSPOR_MUNICIPALITY_GENITIVE", "") or "")
    if explicit:
        return explicit
    name = municipality_name()
    return f"{name}'" if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def substitute(text: str) -> str:
    """`text` with `{kommune}`, `{kommunes}` and `{intranet}` replaced (other braces kept)."""
    return (
        text.replace("{kommunes}", municipality_genitive())
        .replace("{kommune}", municipality_name())
        .replace("{intranet}", str(settings.LEDERSPOR_INTRANET_NAME))
    )


def intranet_url(url: str) -> str | None:
    """`url` with `{intranet:<key>}` replaced from `LEDERSPOR_INTRANET_LINKS`; None when a key
    is not configured (the link is then left out)."""
    links: Mapping[str, str] = settings.LEDERSPOR_INTRANET_LINKS
    missing = False

    def _one(match: re.Match[str]) -> str:
        nonlocal missing
        target = links.get(match.group(1))
        if not target:
            missing = True
            return ""
        return target

    result = _INTRANET_LINK.sub(_one, url)
    return None if missing else result


def substitute_links(links: Iterable[Mapping[str, Any] | str]) -> list[dict[str, str]]:
    """Titled links (`[{"title", "url"}]`) with placeholders replaced; links whose intranet
    key is not configured are left out. A bare URL string is taken as a link titled with
    its own address."""
    out = []
    for link in links:
        raw_url, title = (link, link) if isinstance(link, str) else (link["url"], link["title"])
        url = intranet_url(str(raw_url))
        if url:
            out.append({"title": substitute(str(title)), "url": url})
    return out
