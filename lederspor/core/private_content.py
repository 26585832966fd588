"""The private content of Lederspor, named once: the fields that hold what a person wrote, answered
or was assessed as (conversation answers and preparations, agreed actions, notes, logbook text,
the JTI type, learning-agreement goals, visit reflections, effect and evaluation answers, mail
bodies). Administrators manage structure (who, when, status), never this content: no Django
admin page lists, shows, searches or filters on these fields, for superusers too (issue #15 §4,
docs/roles-and-access.md "Administratorer"). A test walks `admin.site._registry` against this
list (lederspor/core/tests/test_admin_content.py); a new content field belongs here.

Keys are model labels in lower case (`Model._meta.label_lower`); the ground floor names them
as strings and imports no app.
"""

from django.db.models import Model

PRIVATE_FIELDS: dict[str, frozenset[str]] = {
    # conversations: the answers, the shared notes and curiosity points, each attendee's
    # private preparation and the agreed actions
    "conversations.conversation": frozenset({"answers", "notes", "curiosity_points"}),
    "conversations.conversationattendee": frozenset({"preparation"}),
    "conversations.agreedaction": frozenset({"text"}),
    # learning agreements: the goals, the building blocks' contents and the leader's support
    "agreements.learningagreement": frozenset({"leader_support"}),
    "agreements.learninggoal": frozenset({"text"}),
    "agreements.buildingblock": frozenset({"description", "scope", "reflection"}),
    # the logbook
    "logbook.logbookentry": frozenset({"title", "text"}),
    # job visits: expectations, intended / observed / perceived leadership, the reflection
    "visits.jobvisit": frozenset(
        {"expectations", "intended", "observed", "perceived", "reflection"}
    ),
    "visits.wrapupgroup": frozenset({"notes"}),
    # trainees: the personality test's note, the effect answers, the outcome's note
    "trainee.personalitytest": frozenset({"note"}),
    "trainee.effectanswer": frozenset({"effect_text", "comment"}),
    "trainee.traineeoutcome": frozenset({"note"}),
    # evaluations: the answers
    "evaluations.answer": frozenset({"choices", "text"}),
    # Leder på spring: the feedback on a leader talk
    "clarification.leadertalkfeedback": frozenset(
        {
            "impact_feedback",
            "impact_feedforward",
            "delivery_feedback",
            "delivery_feedforward",
            "overall_feedback",
            "overall_feedforward",
        }
    ),
    # a kørekort's practice review note
    "licences.practicereview": frozenset({"note"}),
    # practice tasks as agreed for one aspirant: their contents, the host note, the follow-up,
    # and the notes written on them
    "catalogue.taskassignment": frozenset(
        {"scope", "resources", "learning_goal", "host_note", "observations", "learning_points"}
    ),
    "catalogue.tasknote": frozenset({"text"}),
    # an enrolment: the nomination's and the decision's reasons, the JTI type, the themes
    "programmes.enrolment": frozenset(
        {"motivation", "decision_reason", "withdrawal_reason", "jti_type", "leadership_themes"}
    ),
    # mail: the texts may carry conversation content (lederspor/notifications/admin.py)
    "notifications.outgoingemail": frozenset({"body", "html_body", "ics", "attachments"}),
}


def private_fields_of(label_lower: str) -> frozenset[str]:
    """The private fields of the model `label_lower` ("app.model"), or an empty set."""
    return PRIVATE_FIELDS.get(label_lower, frozenset())


def structure_fields(model: type[Model]) -> tuple[str, ...]:
    """The names of `model`'s concrete fields an admin page may show: all but the primary key
    and the private ones (`PRIVATE_FIELDS`), in the model's order. For read-only admin pages:
    `fields = readonly_fields = structure_fields(Model)`."""
    private = private_fields_of(model._meta.label_lower)
    return tuple(
        f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in private
    )
