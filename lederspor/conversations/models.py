"""Conversation templates and the conversations held from them (issue #3 §1).

Every conversation the seeds name has a template (`ConversationTemplate`, one per
`ConversationKind`). A template's questions live in numbered `TemplateVersion` rows: a
consultant's edit creates a new version, and a conversation keeps the version it was planned
with, so a held conversation never changes under its record.

A conversation belongs to one enrolment (the participant's place on a cohort), has attendees by
role, private preparation per attendee, shared answers, agreed actions with owner and due date,
and runs planned → held → signed (every attendee has confirmed), or is cancelled.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.core.concurrency import VersionedModel
from lederspor.core.models import BaseModel
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment


class ConversationKind(models.TextChoices):
    """The conversations the seeds name (source in the label's comment)."""

    # seed 002 §2–3: before the programme, with the nearest leader
    LEADER_BEFORE = "leader_before", _("Samtale med nærmeste leder")
    # seed 002 §4
    CAREER = "career", _("Karrieresamtale")
    # seed 002 §5, 2. undervisningsdag: the individual JTI feedback session
    JTI_FEEDBACK = "jti_feedback", _("Individuel tilbagemeldingssamtale (JTI)")
    # seed 002 §7–8
    LEADER_AFTER = "leader_after", _("Opfølgende samtale med din leder")
    # seed 003: personality test with feedback from the HR consultant (prerequisite)
    PERSONALITY_FEEDBACK = "personality_feedback", _("Feedback på persontest")
    # seed 003: the start conversation in two parts
    START_PART1 = "start_part1", _("Opstartssamtale – første del")
    START_PART2 = "start_part2", _("Opstartssamtale – anden del")
    # seed 003: "løbende møder med nærmeste leder"
    ONGOING = "ongoing", _("Løbende møde med nærmeste leder")
    # seed 003
    MIDWAY = "midway", _("Midtvejssamtale")
    TRANSITION = "transition", _("Transitionssamtale")
    # seed 000: "leder og aspirant følger op" on a practice task
    TASK_FOLLOWUP = "task_followup", _("Opfølgende samtale om en praksisopgave")


class AttendeeRole(models.TextChoices):
    """The role a person has at one conversation."""

    PARTICIPANT = "participant", _("Deltager")
    LEADER = "leader", _("Nærmeste leder")
    CONSULTANT = "consultant", _("HR-konsulent")
    HOST = "host", _("Vært")


class ConversationTemplate(VersionedModel, BaseModel):
    """The template of one kind of conversation, loaded from
    `lederspor/content/conversations/templates.toml`.

    `roles`: the attendee roles the conversation has (`AttendeeRole` values).
    `consultants_see`: the cohort's consultants may read every conversation of this kind, also
    when they do not attend (the seed makes the HR consultant part of it: start part 1, midway,
    transition, the personality-test and JTI feedback). `version`: optimistic locking
    (`core.concurrency`) of the questions editor; every new `TemplateVersion` bumps it, the
    consultant's and the loader's alike.
    """

    stale_subject = _("Skabelonen")

    kind = models.CharField(
        _("slags"), max_length=30, choices=ConversationKind.choices, unique=True
    )
    name = models.CharField(_("navn"), max_length=200)
    programme_kind = models.CharField(_("forløb"), max_length=20, blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    roles = models.JSONField(_("deltagere"), default=list)
    consultants_see = models.BooleanField(_("holdets konsulenter kan se samtalen"), default=False)

    class Meta:
        verbose_name = _("samtaleskabelon")
        verbose_name_plural = _("samtaleskabeloner")
        ordering = ["programme_kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source_label(self) -> str:
        """`source` for people: the seed document's name instead of its file name, e.g.
        "002_0edc666aa0a2f0ed.txt §4" → "Guiden til ’Leder på spring’ §4"."""
        name, dot_txt, rest = self.source.partition(".txt")
        document = SOURCE_DOCUMENTS.get(name[:3]) if dot_txt else None
        return f"{document}{rest}" if document else self.source

    def newest_version(self) -> "TemplateVersion | None":
        """The version with the highest number, or None before the first (one query)."""
        return self.versions.order_by("-number").first()


#: the seed documents by number, as people call them (seeds/README.md)
SOURCE_DOCUMENTS = {
    "000": "Opgavekataloget til lederaspirantforløbet",
    "002": "Guiden til ’Leder på spring’",
    "003": "Ledertraineeforløbet",
}


class TemplateVersion(BaseModel):
    """One numbered version of a template's questions.

    `questions`: list of {"id": str, "section": str, "text": str, "from_seed": bool}. Ids are
    stable across versions for the same question, so answers stay attached; `from_seed` is True
    when the text is the seed's own words, False for questions we wrote from the seed's stated
    purpose (shown as "kan redigeres").
    """

    template = models.ForeignKey(
        ConversationTemplate,
        verbose_name=_("skabelon"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    questions = models.JSONField(pgettext_lazy("plural", "spørgsmål"), default=list)
    note = models.CharField(_("ændringsnote"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("skabelonversion")
        verbose_name_plural = _("skabelonversioner")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class ConversationStatus(models.TextChoices):
    """planned → held → signed; planned or held → cancelled."""

    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Afholdt")
    SIGNED = "signed", _("Godkendt af alle")
    CANCELLED = "cancelled", _("Aflyst")


class Conversation(VersionedModel, BaseModel):
    """One conversation of an enrolment, from a template version.

    `answers`: {question id: shared answer text}. `version`: optimistic locking
    (`core.concurrency`); the record, the career notes, moving and the status buttons require
    it, and every write of the conversation bumps it (an attendee's confirmation only when it
    signs the record, so attendees confirming from the same page never refuse each other).
    `ics_sequence` is the iCalendar SEQUENCE of the invitation (bumped when time or place
    changes). `is_joint_meeting`: start part 1 held as a joint meeting for all trainees and
    their leaders (seed 003).
    """

    stale_subject = _("Samtalen")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("deltagelse"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    template_version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("skabelonversion"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    kind = models.CharField(_("slags"), max_length=30, choices=ConversationKind.choices)
    starts_at = models.DateTimeField(_("tidspunkt"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConversationStatus.choices,
        default=ConversationStatus.PLANNED,
    )
    answers = models.JSONField(_("fælles svar"), default=dict, blank=True)
    notes = models.TextField(_("referat"), blank=True)
    is_joint_meeting = models.BooleanField(_("fælles møde"), default=False)
    # seed 002 §4 (career conversation): confidentiality addressed at the start, and the angles
    # the participant is especially curious about
    confidentiality_addressed = models.BooleanField(
        _("fortroligheden er adresseret"), default=False
    )
    curiosity_points = models.TextField(_("vinkler jeg er særligt nysgerrig på"), blank=True)
    task_assignment = models.ForeignKey(
        "catalogue.TaskAssignment",
        verbose_name=_("praksisopgave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    organiser = models.ForeignKey(
        Person,
        verbose_name=_("indkaldt af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    held_at = models.DateTimeField(_("afholdt"), null=True, blank=True)
    signed_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("aflyst"), null=True, blank=True)
    ics_sequence = models.PositiveIntegerField(_("kalender-sekvens"), default=0)
    #: the planned date a "not held" reminder was sent for (sent once per planned date)
    not_held_reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="conversation_start_before_end"
            ),
        ]
        indexes = [
            models.Index(fields=["enrolment", "kind"], name="conv_enrolment_kind_idx"),
            models.Index(fields=["status", "starts_at"], name="conv_status_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.enrolment.person}"


class ConversationAttendee(VersionedModel, BaseModel):
    """A person at a conversation, in a role, with their private preparation.

    `preparation`: {question id: text}, seen by this attendee only. `confirmed_at`: the attendee
    confirmed the record of a held conversation (all confirmed → signed). `version`: optimistic
    locking (`core.concurrency`) of the preparation, which only the attendee writes, so a stale
    save comes from their own other tab or device: the message says "ændret et andet sted".
    """

    stale_subject = _("Din forberedelse")
    stale_message = _(
        "%(what)s er ændret et andet sted, siden du åbnede siden. Din tekst er bevaret herunder: "
        "kopiér den, genindlæs siden og indsæt dine ændringer igen."
    )

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("samtale"),
        on_delete=models.CASCADE,
        related_name="attendees",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="conversation_attendances",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=AttendeeRole.choices)
    preparation = models.JSONField(_("forberedelse"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)

    class Meta:
        verbose_name = _("samtaledeltager")
        verbose_name_plural = _("samtaledeltagere")
        ordering = ["conversation", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "person"], name="attendee_one_per_conversation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AgreedAction(BaseModel):
    """An action agreed at a conversation (*aftale*), with owner and due date.

    A reminder is sent to the owner on the due date if it is not done (`reminded_on` keeps the
    date it was sent for, so a moved date gets a new reminder and nothing is sent twice).
    """

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("samtale"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    text = models.TextField(_("aftale"))
    owner = models.ForeignKey(
        Person, verbose_name=_("ansvarlig"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aftalt handling")
        verbose_name_plural = _("aftalte handlinger")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
