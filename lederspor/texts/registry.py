"""The registry of editable texts (issue #16 §1: "guides, mail texts, certificate and letter texts"
edited by HR staff on pages, with preview and version history).

A feature registers each text it reads in its `AppConfig.ready()`::

    editable_texts.register(EditableText(key="mail.accounts.invitation", ...))

The text's live wording is a `core.content_versions` item (`EditableText.content_key`); its
seed default is what `default()` returns (read from a file: `content/texts/defaults.toml`, or a
feature's own content file such as the conversation templates). The loader
(`texts.services.load_text_defaults`, called by `lederspor load_content`) stores the defaults
through `seed_default`, so a changed file is offered, never forced over an HR edit.

Wording may use placeholders `{name}` from the text's fixed whitelist (`placeholders`): never
template code. A subject field may only use placeholders that are not private.
"""

from __future__ import annotations

import enum
import functools
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lederspor.core.registry import Registry

#: the seed defaults of the texts whose wording has no other content file (mails, certificate)
DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "content" / "texts" / "defaults.toml"
#: the longest subject a mail text may have (characters, after filling placeholders ~ 250 max)
SUBJECT_MAX = 150
#: the longest paragraph field (characters)
PARAGRAPH_MAX = 3000


class TextKind(enum.StrEnum):
    """How a text is shown to its reader (decides the preview)."""

    MAIL = "mail"  #: a system e-mail's subject and paragraphs
    LETTER = "letter"  #: a letter (PDF/page), e.g. the letter to the host
    CERTIFICATE = "certificate"  #: a course certificate's text
    GUIDE = "guide"  #: a guide's paragraphs


KIND_LABELS: Mapping[TextKind, Promise] = {
    TextKind.MAIL: _("E-mail"),
    TextKind.LETTER: _("Brev"),
    TextKind.CERTIFICATE: _("Kursusbevis"),
    TextKind.GUIDE: _("Guide"),
}


@dataclass(frozen=True)
class Placeholder:
    """A placeholder `{name}` a text may use.

    `path`: the dotted path of its value in the reader's render context (e.g.
    "recipient.first_name"; fixed by the developer, never typed by a user); `label`: what it is,
    in Danish; `sample`: the value in the preview; `private`: private content (conversation
    answers, actions, logbook text, JTI type) that may never be used in a subject;
    `date_format`: for a date/time value, the named Django format it is shown in (e.g.
    "DATE_FORMAT", "WEEKDAY_DATETIME_FORMAT"; in the active language), as the template shows it.
    """

    name: str
    path: str
    label: str | Promise
    sample: str
    private: bool = False
    date_format: str = ""


@dataclass(frozen=True)
class TextField:
    """One editable part of a text: `name` (key in the data), `label`; `subject` marks a mail
    subject (one line, at most `SUBJECT_MAX` characters, no private placeholder)."""

    name: str
    label: str | Promise
    subject: bool = False

    @property
    def max_length(self) -> int:
        """The longest wording allowed (characters)."""
        return SUBJECT_MAX if self.subject else PARAGRAPH_MAX


@dataclass(frozen=True)
class EditableText:
    """A registered editable text.

    `key`: unique, e.g. "mail.accounts.invitation"; `area`: the group on the "Tekster" page
    (e.g. "E-mails", "Leder på spring"); `title`: the text's name; `kind`: how it is previewed;
    `fields`: the editable parts in order; `default`: returns the seed default `{field: text}`
    (read from a file); `placeholders`: the whitelist; `template`: for a mail, its template trio
    path (e.g. "accounts/email/invitation"); `description`: where the text is used.
    """

    key: str
    order: int
    area: str | Promise
    title: str | Promise
    kind: TextKind
    fields: tuple[TextField, ...]
    default: Callable[[], dict[str, str]]
    placeholders: tuple[Placeholder, ...] = ()
    template: str = ""
    description: str | Promise = ""

    @property
    def content_key(self) -> str:
        """The `core.content_versions` key: "text:<key>"."""
        return f"text:{self.key}"

    def placeholder(self, name: str) -> Placeholder | None:
        """The whitelisted placeholder `name`, or None."""
        return next((p for p in self.placeholders if p.name == name), None)


#: every editable text, registered by the app that reads it (in its `AppConfig.ready()`)
editable_texts: Registry[EditableText] = Registry("texts.editable_texts")


def mail_text_for(template: str) -> EditableText | None:
    """The registered mail text whose template trio is `template`, or None (no query)."""
    return next((t for t in editable_texts if t.template == template), None)


@functools.cache
def _defaults_file(path: Path) -> dict[str, dict[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        key: {name: " ".join(str(value).split()) for name, value in fields.items()}
        for key, fields in data["text"].items()
    }


def file_default(key: str, path: Path = DEFAULTS_FILE) -> dict[str, str]:
    """The seed default of text `key` from `[text."<key>"]` in `path` (whitespace collapsed,
    as a TOML multi-line string wraps). The file is read once per process: it only changes
    with a deploy. Raises KeyError for a key the file lacks."""
    return dict(_defaults_file(path)[key])


#: the recipient's first name: a placeholder every mail text offers
RECIPIENT_FIRST_NAME = Placeholder(
    "fornavn", "recipient.first_name", _("modtagerens fornavn"), sample="Mette"
)
SUBJECT = TextField("subject", _("Emnelinje"), subject=True)
INTRO = TextField("intro", _("Indledning (afsnittet efter hilsenen)"))


def mail_text(
    *,
    key: str,
    order: int,
    title: str | Promise,
    template: str,
    description: str | Promise,
    placeholders: tuple[Placeholder, ...] = (),
    fields: tuple[TextField, ...] = (SUBJECT, INTRO),
) -> EditableText:
    """An `EditableText` for the system mail `template` (its trio in templates/<app>/email/),
    in the area "E-mails", with `{fornavn}` and `placeholders`, its default from
    `DEFAULTS_FILE` under `key`. The template shows `mail_text.<field>` in place of the
    sentence the field replaces (`{% if mail_text.intro %}…{% else %}…{% endif %}`)."""
    return EditableText(
        key=key,
        order=order,
        area=_("E-mails"),
        title=title,
        kind=TextKind.MAIL,
        fields=fields,
        default=functools.partial(file_default, key),
        placeholders=(RECIPIENT_FIRST_NAME, *placeholders),
        template=template,
        description=description,
    )
