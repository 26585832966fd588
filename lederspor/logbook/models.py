"""The participant's logbook (*logbog*, seed 002 §7: "Undervejs i forløbet har du gjort dig
noter i din logbog om undervisningen og i forbindelsen med din praktik. Det er oplagt at bruge
logbogen som udgangspunkt for samtalen.").

An entry is private to its author (the participant) until they share it with their nearest
leader or with their network group; it may be linked to a session, a practice task or a
conversation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.programmes.models import Enrolment


class Visibility(models.TextChoices):
    """Who besides the author may read an entry."""

    PRIVATE = "private", _("Kun mig")
    LEADER = "leader", _("Min nærmeste leder")
    NETWORK_GROUP = "network_group", _("Min netværksgruppe")


class LogbookEntry(VersionedModel, BaseModel):
    """One logbook note by the participant of `enrolment`.

    `shared_at`: when the entry was last shared (None while private). `version`: optimistic
    locking (`core.concurrency`); `entry_update` and `entry_share` require it. Only the author
    edits an entry, so a stale save comes from their own other tab or device: the message says
    "ændret et andet sted", not "af en anden".
    """

    stale_subject = _("Notatet")
    stale_message = _(
        "%(what)s er ændret et andet sted, siden du åbnede det. Din tekst er bevaret herunder: "
        "kopiér den, genindlæs siden og indsæt dine ændringer igen."
    )

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="logbook_entries",
    )
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("tekst"))
    written_on = models.DateField(_("dato"))
    visibility = models.CharField(
        _("deles med"), max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    shared_at = models.DateTimeField(_("delt"), null=True, blank=True)
    session = models.ForeignKey(
        "programmes.Session",
        verbose_name=_("mødegang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logbook_entries",
    )
    task_assignment = models.ForeignKey(
        "catalogue.TaskAssignment",
        verbose_name=_("praksisopgave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logbook_entries",
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        verbose_name=_("samtale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logbook_entries",
    )

    class Meta:
        verbose_name = _("logbogsnotat")
        verbose_name_plural = _("logbogsnotater")
        ordering = ["-written_on", "-pk"]
        indexes = [
            models.Index(fields=["enrolment", "visibility"], name="logbook_enrolment_vis_idx"),
        ]

    def __str__(self) -> str:
        return self.title
