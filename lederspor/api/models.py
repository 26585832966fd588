"""API tokens: how an integration (BI, an HR system) signs in to the JSON API (docs/api.md).

A token acts as HR staff with read access: it sees what a person holding
`programmes.manage_programmes` sees, limited by its scopes, and only while the administrator who
created it still may create tokens (`api.access.may_manage_tokens`). The raw token is shown once
when it is created; the database keeps its prefix (to find and name it) and a SHA-256 hash.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lederspor.core.models import BaseModel


class Scope(models.TextChoices):
    """What a token may read. A router of the API names the one scope its endpoints need."""

    ORG_READ = "org:read", _("Organisation: enheder og personer")
    PROGRAMMES_READ = "programmes:read", _("Forløb: forløb, hold, mødegange og deltagelser")
    REPORTS_READ = "reports:read", _("Rapporter")


class ApiToken(BaseModel):
    """A per-integration API token (*API-nøgle*), created and revoked by an administrator.

    `prefix` identifies the token (it is the visible start of the raw token, `lsp_<prefix>_…`);
    `token_hash` is the SHA-256 hex digest of the whole raw token; the raw token itself is never
    stored. `scopes` is a list of `Scope` values. `last_used_at` is written at most once a
    minute (`api.services.API_TOKEN_TOUCH_SECONDS`).
    """

    name = models.CharField(
        _("navn"), max_length=100, help_text=_("Hvilken integration nøglen er til, fx “BI”.")
    )
    prefix = models.CharField(_("præfiks"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(_("hash"), max_length=64, editable=False)
    scopes = models.JSONField(_("omfang"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("udløber"))
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilbagekaldt af"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="apitoken_revoked_has_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (lsp_{self.prefix}_…)"

    @property
    def display_prefix(self) -> str:
        """The visible start of the raw token, to recognise it: `lsp_<prefix>_…`."""
        return f"lsp_{self.prefix}_…"

    def scope_labels(self) -> list[str]:
        """The labels of the token's scopes, in `Scope` order (own fields only)."""
        return [str(scope.label) for scope in Scope if scope.value in self.scopes]
