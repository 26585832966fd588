"""Optimistic locking: a row carries a `version` that every write bumps, and a save made from
a form loaded at an older version is refused instead of overwriting (STYLE.md: "a concurrent
edit is detected, not overwritten"). Each app's services raise this error with their own Danish
message; the views answer 409 and give the typed text back."""

from django.core.exceptions import ValidationError


class ConcurrentEditError(ValidationError):
    """The row changed since the form was loaded (its `version` is not the one expected)."""
