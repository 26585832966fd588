"""The registry of editable texts and its services (issue #16 §1): file defaults loaded through
the shared versioned content (idempotent, a changed default offered over an edit), live reads,
placeholders checked against each text's whitelist, and system mails sent with the edited
wording."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lederspor.core import content_versions as cv
from lederspor.core.audit import AuditEvent
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.models import ContentItem
from lederspor.notifications.services import email_send
from lederspor.texts import services
from lederspor.texts.registry import (
    DEFAULTS_FILE,
    EditableText,
    Placeholder,
    TextField,
    TextKind,
    editable_texts,
    file_default,
    mail_text_for,
)

pytestmark = pytest.mark.django_db

INVITATION = "mail.accounts.invitation"


def _version(text: EditableText) -> int:
    item = ContentItem.objects.filter(key=text.content_key).first()
    return item.version if item else 0


def test_every_registered_text_has_a_complete_default_with_only_its_placeholders() -> None:
    keys = editable_texts.keys()
    assert {
        INVITATION,
        "mail.grouping.published",
        "mail.visits.wrap_up",
        "mail.conversations.not_held",
        "mail.trainee.joint_start",
        "mail.visits.partner",
        "mail.catalogue.task_proposed",
        "mail.evaluations.reminder",
        "conversations.host_letter",
        "clarification.certificate",
    } <= set(keys)
    for text in editable_texts:
        default = text.default()
        assert set(default) == {f.name for f in text.fields}, text.key
        assert services.check(text, default) == default, text.key  # no stray placeholder
        if text.kind == TextKind.MAIL:
            assert mail_text_for(text.template) is text


def test_the_defaults_file_is_read_with_whitespace_collapsed() -> None:
    intro = file_default(INVITATION, DEFAULTS_FILE)["intro"]
    assert intro.startswith("Du har fået et login til Lederspor") and "\n" not in intro
    with pytest.raises(KeyError):
        file_default("no.such.text")


def test_loading_twice_changes_nothing_and_a_changed_file_is_offered_not_forced(cast) -> None:
    first = services.load_text_defaults()
    assert set(first.values()) == {cv.SeedOutcome.CREATED}
    again = services.load_text_defaults()
    assert set(again.values()) == {cv.SeedOutcome.UNCHANGED}
    text = services.get_text(INVITATION)
    services.text_edit(
        text=text,
        data={"subject": "Velkommen til Lederspor", "intro": "HR's egen tekst."},
        by=cast.admin,
        expected_version=_version(text),
    )
    changed = EditableText(
        key=text.key,
        order=text.order,
        area=text.area,
        title=text.title,
        kind=text.kind,
        fields=text.fields,
        default=lambda: {"subject": "Ny standard", "intro": "Ny standardindledning."},
        placeholders=text.placeholders,
        template=text.template,
    )
    editable_texts.unregister(text.key)
    editable_texts.register(changed)
    try:
        outcomes = services.load_text_defaults()
    finally:
        editable_texts.unregister(text.key)
        editable_texts.register(text)
    assert outcomes[INVITATION] == cv.SeedOutcome.OFFERED
    assert services.live(text)["subject"] == "Velkommen til Lederspor"  # the edit stays
    (state,) = services.states([text])
    assert state.status == services.Status.OFFERED
    services.text_accept_default(text=text, by=cast.admin, expected_version=_version(text))
    assert services.live(text)["subject"] == "Ny standard"
    assert services.states([text])[0].status == services.Status.DEFAULT


def test_live_falls_back_to_the_file_before_the_loader_ran() -> None:
    text = services.get_text(INVITATION)
    assert services.live(text) == text.default()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"subject": "", "intro": "x"}, "subject", "må ikke være tomt"),
        ({"subject": "Hej {efternavn}", "intro": "x"}, "subject", "Ukendt pladsholder {efternavn}"),
        ({"subject": "x" * 151, "intro": "x"}, "subject", "højst være 150 tegn"),
        ({"subject": "Hej", "intro": "{{ recipient.email }}"}, "intro", "Krøllede parenteser"),
        ({"subject": "Hej", "intro": "{% load i18n %}"}, "intro", "Krøllede parenteser"),
        ({"subject": "Hej", "intro": "   "}, "intro", "må ikke være tomt"),
    ],
)
def test_bad_wording_is_refused_with_a_danish_message(data, field, message) -> None:
    text = services.get_text(INVITATION)
    with pytest.raises(ValidationError) as error:
        services.check(text, data)
    assert any(message in m for m in error.value.message_dict[field])


def test_a_private_placeholder_may_not_be_used_in_a_subject() -> None:
    text = EditableText(
        key="test.private",
        order=1,
        area="Test",
        title="Test",
        kind=TextKind.MAIL,
        fields=(TextField("subject", "Emne", subject=True), TextField("intro", "Indledning")),
        default=dict,
        placeholders=(Placeholder("svar", "answer", "svaret", "…", private=True),),
    )
    with pytest.raises(ValidationError) as error:
        services.check(text, {"subject": "Svar: {svar}", "intro": "Dit svar: {svar}"})
    assert "fortroligt" in error.value.message_dict["subject"][0]
    assert "intro" not in error.value.message_dict  # the body may use it


def test_an_edit_is_audited_and_a_stale_edit_refused(cast) -> None:
    services.load_text_defaults()
    text = services.get_text(INVITATION)
    loaded = _version(text)
    services.text_edit(
        text=text, data={"subject": "A", "intro": "B"}, by=cast.admin, expected_version=loaded
    )
    assert AuditEvent.objects.filter(action="text.edit").count() == 1
    with pytest.raises(ConcurrentEditError):
        services.text_edit(
            text=text, data={"subject": "C", "intro": "D"}, by=cast.admin, expected_version=loaded
        )
    assert services.live(text) == {"subject": "A", "intro": "B"}


def test_restore_makes_an_old_version_live_as_a_new_version(cast) -> None:
    services.load_text_defaults()
    text = services.get_text(INVITATION)
    services.text_edit(
        text=text,
        data={"subject": "A", "intro": "B"},
        by=cast.admin,
        expected_version=_version(text),
    )
    restored = services.text_restore(
        text=text, number=1, by=cast.admin, expected_version=_version(text)
    )
    assert restored.number == 3
    assert services.live(text) == text.default()
    assert AuditEvent.objects.filter(action="text.restore").count() == 1


def _invite(person) -> tuple[str, str, str]:
    (email,) = email_send(
        to=[person],
        template="accounts/email/invitation",
        context={"link": "https://lederspor.test/x/", "expires_at": timezone.now()},
        kind="test",
    )
    return email.subject, email.body, email.html_body


def test_a_mail_sent_after_an_edit_uses_the_new_wording(cast) -> None:
    services.load_text_defaults()
    before_subject, before_body, _html = _invite(cast.aspirant)
    assert before_subject == "Du er inviteret til Lederspor"
    assert "Du har fået et login til Lederspor" in before_body
    text = services.get_text(INVITATION)
    services.text_edit(
        text=text,
        data={"subject": "Velkommen, {fornavn}", "intro": "Hej <b>{fornavn}</b>, vælg en kode."},
        by=cast.admin,
        expected_version=_version(text),
    )
    subject, body, html = _invite(cast.aspirant)
    first = cast.aspirant.first_name
    assert subject == f"Velkommen, {first}"
    assert f"Hej <b>{first}</b>, vælg en kode." in body
    assert "Du har fået et login" not in body
    assert f"Hej &lt;b&gt;{first}&lt;/b&gt;" in html  # the wording is text, never HTML
    assert "https://lederspor.test/x/" in body  # the rest of the mail is unchanged


def test_a_mail_in_english_keeps_the_translated_template(cast) -> None:
    services.load_text_defaults()
    text = services.get_text(INVITATION)
    services.text_edit(
        text=text,
        data={"subject": "Velkommen", "intro": "Dansk rettelse."},
        by=cast.admin,
        expected_version=_version(text),
    )
    user = cast.aspirant.user
    user.language = "en"
    user.save(update_fields=["language"])
    subject, body, _html = _invite(cast.aspirant)
    assert "Dansk rettelse." not in body and subject != "Velkommen"


def test_placeholders_are_filled_from_the_mail_context(cast) -> None:
    text = services.get_text("mail.conversations.not_held")
    services.text_edit(
        text=text,
        data={
            "subject": "Ikke holdt: {samtale} med {deltager}",
            "intro": "Kære {fornavn}: husk det.",
        },
        by=cast.admin,
        expected_version=_version(text),
    )
    (email,) = email_send(
        to=[cast.leader],
        template="conversations/email/not_held",
        context={
            "conversation": SimpleNamespace(get_kind_display=lambda: "Startsamtale"),
            "participant": cast.aspirant,
            "planned_on": dt.date(2027, 3, 1),
            "url": "https://lederspor.test/c/",
        },
        kind="test",
    )
    assert email.subject == f"Ikke holdt: Startsamtale med {cast.aspirant.full_name}"
    assert f"Kære {cast.leader.first_name}: husk det." in email.body


def test_sending_to_many_reads_the_wording_once(cast, django_assert_max_num_queries) -> None:
    """One query for the wording per send, whatever the number of recipients (two sizes)."""
    services.load_text_defaults()
    counts = []
    for people in ([cast.aspirant], [cast.aspirant, cast.other_aspirant, cast.leader, cast.chef]):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            email_send(
                to=people,
                template="accounts/email/invitation",
                context={"link": "x", "expires_at": timezone.now()},
                kind="test",
            )
        counts.append(sum("core_contentversion" in q["sql"] for q in ctx.captured_queries))
    assert counts == [1, 1]


def test_load_content_loads_the_texts_and_keeps_an_edit_on_the_next_deploy(cast) -> None:
    """`lederspor load_content` (run on every deploy) stores the defaults once and never
    overwrites HR's edit (issue #16 §1)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_content", stdout=out)
    assert f"{len(editable_texts)} redigerbare tekster indlæst." in out.getvalue()
    text = services.get_text(INVITATION)
    services.text_edit(
        text=text,
        data={"subject": "Velkommen", "intro": "HR's tekst."},
        by=cast.admin,
        expected_version=_version(text),
    )
    call_command("load_content", stdout=StringIO())
    assert services.live(text) == {"subject": "Velkommen", "intro": "HR's tekst."}
    assert ContentItem.objects.get(key=text.content_key).versions.count() == 2
