"""Optimistic locking: the one mechanism for "a concurrent edit is detected, not overwritten"
(STYLE.md §10). Four parts, used by every editable object:

- `VersionedModel` — an abstract model with a `version` counter that every write bumps;
- `lock_version(obj, expected_version)` — in a service, inside its transaction: re-reads the
  row FOR UPDATE, refuses with `ConcurrentEditError` if it is no longer at the version the form
  was loaded with, and returns the locked row with `version` already bumped. The expected
  version is required: there is no `None` that skips the check;
- `VersionedForm` — a form mixin with the hidden `version` field, filled from the instance;
- `views.submit` (`core.views`) — the view side: call the service, a stale save answers 409
  with the Danish message and the typed text kept, any other ValidationError 400.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: the Danish message for a stale save; `what` is the object with its definite article
#: ("Læringsaftalen", "Holdet"), from the model's `stale_subject`
STALE_MESSAGE = _(
    "%(what)s er ændret af en anden, siden du åbnede siden. Din tekst er bevaret herunder: "
    "kopiér den, genindlæs siden og indsæt dine ændringer igen."
)


class ConcurrentEditError(ValidationError):
    """The row changed since the form was loaded (its `version` is not the one expected).

    Raised by `lock_version` with code "stale"; `core.views.submit` answers it with 409.
    """


class VersionedModel(models.Model):
    """Abstract base for an editable object: `version` starts at 1 and every write bumps it.

    `stale_subject`: how the stale-save message names the object (Danish, definite form).
    `stale_message`: a model may word the whole message itself (e.g. the logbook, which only its
    author edits, says "ændret et andet sted"); it gets `what` too.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    stale_subject: ClassVar[str | Promise] = _("Siden")
    stale_message: ClassVar[str | Promise] = STALE_MESSAGE

    class Meta:
        abstract = True

    @classmethod
    def stale_error(cls) -> ConcurrentEditError:
        """The ConcurrentEditError (code "stale") for a save based on an older version."""
        return ConcurrentEditError(cls.stale_message % {"what": cls.stale_subject}, code="stale")


V = TypeVar("V", bound=VersionedModel)


def lock_version(obj: V, expected_version: int) -> V:
    """Lock `obj`'s row for the caller's transaction and check it is still at
    `expected_version` (the version the user's form was loaded with).

    Returns a freshly read copy of the row with `version` bumped by one in memory: the caller
    changes its fields and saves it (with "version" among `update_fields`). Must run inside
    `transaction.atomic`. Raises TypeError when `expected_version` is not an int (a caller that
    forgot it), `obj.stale_error()` (ConcurrentEditError, code "stale") when someone saved in
    between, and `DoesNotExist` when the row is gone.
    """
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise TypeError(
            f"lock_version needs the int version the form was loaded with, not {expected_version!r}"
        )
    model = type(obj)
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    if locked.version != expected_version:
        raise model.stale_error()
    locked.version += 1
    return locked


class VersionedForm(forms.Form):
    """Mixin for a form that edits a `VersionedModel`: the hidden `version` it was loaded with.

    Filled from `instance` (ModelForm) or the `version=` keyword; a posted form must carry it.
    `cleaned_data["version"]` is what the service's `expected_version` takes. A page that
    creates the object when it does not exist yet (and edits it when it does) offers the same
    form with `version=0`, "no row when the page was loaded": if someone creates the row before
    the post arrives, the view takes the post as an edit of version 0, which `lock_version`
    refuses as stale, so the second writer gets 409 and their typed text instead of a form
    error (no saved row has version 0).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and isinstance(instance, VersionedModel) and instance.pk:
            version = instance.version
        if version is not None:
            self.fields["version"].initial = version
