"""Helpers that move service errors onto forms, so the user keeps what they typed."""

from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to `form`: field errors to their fields when the
    form has that field, everything else as non-field errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
