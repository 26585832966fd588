"""The read log: who opened whose personal data, when, from where (issue #15 §1).

One row per request that showed another person's personal data, naming every person shown
(a list or an export is one row, not one per person). Written by `privacy.readlog`'s
middleware after the view, so a request adds at most one write.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.core.readlog import RecordKind

__all__ = ["ReadLogEntry", "RecordKind"]


class ReadLogEntry(models.Model):
    """One request that showed other persons' personal data.

    `subjects` holds the ids of the persons shown as " 12 45 67 " (a space before and after
    each id), so "every read about person 45" is `subjects__contains=" 45 "` on SQLite and
    PostgreSQL alike, and the row stays one INSERT. `kinds` is the comma-joined
    `RecordKind` values the request showed.
    """

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("læser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: the reader as shown in the log (name and e-mail, or "API-nøgle: …"), kept when the
    #: login is deleted
    reader_label = models.CharField(_("læser (navn)"), max_length=250)
    kinds = models.CharField(_("slags oplysninger"), max_length=250)
    subjects = models.TextField(_("personer"))
    subject_count = models.PositiveIntegerField(_("antal personer"))
    #: the path and query of the request, e.g. "/forloeb/12/samtaler/3/"
    path = models.CharField(_("side"), max_length=500)
    #: "page", "pdf", "export" or "api"
    channel = models.CharField(_("kanal"), max_length=10)
    address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("læsning")
        verbose_name_plural = _("læsninger")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["reader", "at"], name="readlog_reader_idx")]
        permissions = [
            (
                "data_protection",
                _("Databeskyttelse: læselog, sletning og indsigt for alle personer"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reader_label} {self.at:%Y-%m-%d %H:%M}"

    @property
    def subject_ids(self) -> list[int]:
        """The ids of the persons shown, in the order noted."""
        return [int(part) for part in self.subjects.split()]

    @property
    def kind_labels(self) -> list[str]:
        """The Danish names of the record kinds shown."""
        labels = dict(RecordKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.kinds.split(",") if kind]
