"""Shared base model, the login account and the audit trail."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel


class BaseModel(models.Model):
    """Abstract base for every model: creation and update timestamps (UTC)."""

    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    """Manager for `User`, which signs in with e-mail instead of a user name."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        """Create an ordinary login account."""
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        """Create an administrator with access to Django's admin."""
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login account (*login*). Signs in with e-mail; the person data lives on `people.Person`."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    #: the interface language the person chose ("" = not chosen: the browser's
    #: Accept-Language decides, else Danish); also the language of their e-mails
    language = models.CharField(
        _("sprog"), max_length=8, blank=True, choices=settings.LANGUAGES, default=""
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # django-stubs types AbstractUser.objects as Django's UserManager (user names); ours signs in
    # by e-mail and replaces it, as Django's docs on custom users show
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("logins")

    def __str__(self) -> str:
        return self.email

    @property
    def mail_language(self) -> str:
        """The language code the person's e-mails are written in: their choice, else the
        site's default (`settings.LANGUAGE_CODE`, Danish)."""
        return self.language or settings.LANGUAGE_CODE


class AuditEvent(models.Model):
    """One row per state change: who did what to which object, and when (immutable)."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("handling"), max_length=80)
    object_type = models.CharField(_("objekttype"), max_length=80)
    object_id = models.CharField(_("objekt-id"), max_length=40)
    summary = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    #: the client's address, for sign-in events (accounts.audit.AccountAction); else empty
    address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("logpost")
        verbose_name_plural = _("revisionslog")
        ordering = ["-at", "-id"]
        indexes = [
            # "history of this object" on detail pages and in the admin
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class ContentItem(VersionedModel, BaseModel):
    """An editable piece of content with a version history (issue #16 §1): a programme's texts,
    a catalogue task, a mail text, a letter text. `key` names it (`"<kind>:<id>"`, e.g.
    `"programme:aspirant"`, `"task:5"`, `"text:visits.guide"`); the live content is its newest
    applied `ContentVersion`. `version` (VersionedModel) is the edit counter the shared
    optimistic-locking mechanism checks: every applied version bumps it.
    """

    stale_subject = _("Teksten")

    key = models.CharField(_("nøgle"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("redigerbart indhold")
        verbose_name_plural = pgettext_lazy("plural", "redigerbart indhold")

    def __str__(self) -> str:
        return self.key


class ContentVersion(BaseModel):
    """One version of a `ContentItem`: `data` holds the item's fields as JSON (`{field: text}`).

    `origin` says where it came from: the seed default the loader wrote (`seed`) or an edit by
    HR staff (`edit`). `applied_at` is when it became the live content; a seed default that the
    loader found while an HR edit was live is stored with `applied_at` None: it is *offered*,
    not forced, until someone takes it (`core.content_versions.accept_offer`).
    """

    class Origin(models.TextChoices):
        SEED = "seed", _("Standard fra kilden")
        EDIT = "edit", _("Redigeret")

    item = models.ForeignKey(
        ContentItem, verbose_name=_("indhold"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versionsnummer"))
    origin = models.CharField(_("oprindelse"), max_length=10, choices=Origin.choices)
    data = models.JSONField(_("indhold"), default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("taget i brug"), null=True, blank=True)

    class Meta:
        verbose_name = _("indholdsversion")
        verbose_name_plural = pgettext_lazy("plural", "indholdsversioner")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="content_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item.key} v{self.number}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process (issue #17 §3, docs/operations.md
    "Sundhedstjek"): `lederspor worker` writes its row (host + pid) when it starts and about
    every 30 seconds from a daemon thread while it runs (`--batch` once); `/health/` reads the
    newest `seen_at` (`core.health`). No personal data."""

    #: the machine's host name (`socket.gethostname()`)
    host = models.CharField(_("vært (maskine)"), max_length=255)
    #: the worker's process id on that host
    pid = models.PositiveIntegerField(_("proces-id"))
    started_at = models.DateTimeField(_("startet"))
    #: when the worker last said it was alive (UTC)
    seen_at = models.DateTimeField(_("sidst set"), db_index=True)

    class Meta:
        verbose_name = _("arbejderens livstegn")
        verbose_name_plural = pgettext_lazy("plural", "arbejdernes livstegn")
        constraints = [
            models.UniqueConstraint(fields=["host", "pid"], name="core_heartbeat_host_pid_unique")
        ]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
