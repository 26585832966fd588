"""The texts of Leder på spring that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import (
    EditableText,
    Placeholder,
    TextField,
    TextKind,
    editable_texts,
    file_default,
)

#: the key of the course certificate's text in the registry of editable texts
CERTIFICATE_TEXT = "clarification.certificate"


def _certificate_default() -> dict[str, str]:
    return file_default(CERTIFICATE_TEXT)


def register() -> None:
    """Register the course certificate's description of the programme (seed 002 §1; default in
    content/texts/defaults.toml) as an editable text (issue #16 §1)."""
    editable_texts.register(
        EditableText(
            key=CERTIFICATE_TEXT,
            order=110,
            area=_("Leder på spring"),
            title=_("Kursusbevis"),
            kind=TextKind.CERTIFICATE,
            fields=(TextField("description", _("Forløbets indhold")),),
            default=_certificate_default,
            placeholders=(
                Placeholder(
                    "deltager", "enrolment.person.full_name", _("deltagerens navn"), "Anna Jensen"
                ),
                Placeholder(
                    "hold", "enrolment.cohort.name", _("holdets navn"), "Leder på spring 2027"
                ),
            ),
            description=_("Afsnittet om forløbets indhold på kursusbeviset (PDF)."),
        )
    )
