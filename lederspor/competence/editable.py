"""The texts of competence development that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.competence.content import method
from lederspor.texts.registry import (
    EditableText,
    Placeholder,
    TextField,
    TextKind,
    editable_texts,
    mail_text,
)

#: the key of the lynguide's introduction in the registry of editable texts
LYNGUIDE_TEXT = "competence.lynguide"


def _lynguide_default() -> dict[str, str]:
    return {"introduction": method().lynguide_introduction}


def register() -> None:
    """Register the lynguide's introduction (seed 004; default in content/competence/method.toml
    `[lynguide]`) as an editable guide text, and the anchoring reminder mail's subject and
    intro (issue #16 §1)."""
    editable_texts.register(
        EditableText(
            key=LYNGUIDE_TEXT,
            order=200,
            area=_("Kompetenceudvikling"),
            title=_("Lynguide: indledning"),
            kind=TextKind.GUIDE,
            fields=(TextField("introduction", _("Indledning")),),
            default=_lynguide_default,
            description=_("Indledningen i lynguiden til ledelse af kompetenceudvikling (PDF)."),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.competence.anchoring",
            order=65,
            title=_("Påmindelse om forankring i hverdagen"),
            template="competence/email/anchoring",
            description=_(
                "Sendes den dag, en forankring i en kompetenceudviklingsplan er aftalt til."
            ),
            placeholders=(
                Placeholder(
                    "forankring", "anchoring.get_kind_display", _("forankringens art"), "Opfølgning"
                ),
                Placeholder("plan", "plan.title", _("planens titel"), "Kompetenceplan 2027"),
            ),
        )
    )
