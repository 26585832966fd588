"""Helpers that move service errors onto forms, so the user keeps what they typed."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(
    form: forms.BaseForm, exc: ValidationError, *, fields_by_code: Mapping[str, str] | None = None
) -> None:
    """Attach a service's ValidationError to `form`: field errors to their fields when the
    form has that field, an error whose `code` is in `fields_by_code` to that field, everything
    else as non-field errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return
    for error in exc.error_list:
        target = (fields_by_code or {}).get(error.code or "")
        form.add_error(target if target in form.fields else None, error)
