"""Small template filters for Lederspor pages (no queries)."""

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, object] | None, key: object) -> object:
    """`{{ counts|get_item:status }}` – dictionary lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)
