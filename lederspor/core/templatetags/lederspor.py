"""Small template filters and tags for Lederspor pages (no queries)."""

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.safestring import mark_safe

from lederspor.core.exports import EXPORT_PARAMETER

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, object] | None, key: object) -> object:
    """`{{ counts|get_item:status }}` – dictionary lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.inclusion_tag("_export_links.html", takes_context=True)
def export_links(context: Mapping[str, Any], label: str = "") -> dict[str, object]:
    """`{% export_links %}`: links to the page's XLSX and CSV export with its current filters.

    Keeps every query parameter but the page number and sets `eksport=xlsx|csv`
    (`core.exports.EXPORT_PARAMETER`); `label` names what is exported (default "listen").
    """
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    links = {}
    for format in ("xlsx", "csv"):
        query[EXPORT_PARAMETER] = format
        links[format] = f"{request.path}?{query.urlencode()}"
    return {"xlsx_url": links["xlsx"], "csv_url": links["csv"], "label": label}


@register.simple_tag(takes_context=True)
def nav_current(context: Mapping[str, Any], *names: str, exclude: str = "") -> str:
    """`<a href="…"{% nav_current "programmes:cohort_list" "programmes:cohort_archive" %}>`: the
    attribute ` aria-current="page"` when the page's view is one of `names` (a name ending in
    ":" matches every view of that namespace, e.g. "reports:"; one ending in "*" every view
    whose name starts so, e.g. "programmes:cohort_*"), and not one of the space-separated
    `exclude`; otherwise "". The menu's one-line entries use it."""
    match = getattr(context.get("request"), "resolver_match", None)
    current = getattr(match, "view_name", "") or ""
    if current in exclude.split():
        return ""
    for name in names:
        prefix = name.rstrip("*")
        if current == name or (name.endswith((":", "*")) and current.startswith(prefix)):
            return mark_safe(' aria-current="page"')
    return ""
