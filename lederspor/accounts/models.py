"""What the accounts app stores: the identity a person signs in with at the municipality's
OpenID provider, the invitations to set a local password, and the sign-in log (a view of the
audit log)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lederspor.core.models import AuditEvent, BaseModel


class ExternalIdentity(BaseModel):
    """The OpenID provider's stable subject (`iss`, `sub`) of a login, stored at the first SSO
    sign-in, so that a changed e-mail or employee number at the provider does not break the match
    (issue #12 §1). One per login and provider."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField(_("udsteder"), max_length=300)
    subject = models.CharField(_("subjekt"), max_length=255)
    last_sign_in = models.DateTimeField(_("seneste log ind"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekstern identitet")
        verbose_name_plural = _("eksterne identiteter")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identity_issuer_subject"),
            models.UniqueConstraint(fields=["user", "issuer"], name="identity_user_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"


class Invitation(BaseModel):
    """An invitation mail with a one-time link to set a local password (issue #12 §2). The link
    is a token over the login's password hash and last sign-in, so it stops working once used;
    it also expires after `settings.LEDERSPOR_INVITATION_DAYS` days from `sent_at`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sendt"))
    accepted_at = models.DateTimeField(_("taget imod"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["user", "sent_at"], name="invitation_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_at:%Y-%m-%d}"


class SignInEventManager(models.Manager["SignInEvent"]):
    """Only the audit rows of sign-in and account security (`auth.*` actions)."""

    def get_queryset(self) -> models.QuerySet["SignInEvent"]:
        return super().get_queryset().filter(action__startswith="auth.")


class SignInEvent(AuditEvent):
    """The sign-in log: the audit log's `auth.*` rows (sign-ins, failures, lockouts, sign-outs,
    password and two-factor changes), listed with filters on the administrator's page."""

    objects: ClassVar[SignInEventManager] = SignInEventManager()

    class Meta:
        proxy = True
        verbose_name = _("log ind-hændelse")
        verbose_name_plural = _("log ind-log")
