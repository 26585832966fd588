"""The Django admin shows outgoing mail's delivery facts, never its private content (issue #15
§4: administrators manage structure, not content), not even to a superuser."""

from django.urls import reverse

from lederspor.notifications import services
from lederspor.notifications.admin import OutgoingEmailAdmin

BODY = "Referat: Anna vil gerne arbejde med konfliktløsning"
HTML = "<p>HTML-udgave: vurdering af medarbejderen</p>"
ICS = "BEGIN:VCALENDAR\nSUMMARY:Privat kalenderpunkt\nEND:VCALENDAR"
FILE = "personlig-vurdering.pdf"


def _mail(cast):
    return services.email_queue(
        to=cast.leader,
        subject="Påmindelse",
        body=BODY,
        html_body=HTML,
        ics=ICS,
        kind="test",
        attachments=[
            {"name": FILE, "storage_name": "nowhere/x.pdf", "mimetype": "application/pdf"}
        ],
    )


def _private_texts_in(text: str) -> list[str]:
    return [t for t in (BODY, "HTML-udgave", "Privat kalenderpunkt", FILE) if t in text]


def test_the_superuser_never_sees_body_html_calendar_or_attachments(cast, as_):
    email = _mail(cast)
    client = as_(cast.admin)
    listing = client.get(reverse("admin:notifications_outgoingemail_changelist"))
    assert listing.status_code == 200
    assert "Påmindelse" in listing.content.decode()
    assert _private_texts_in(listing.content.decode()) == []
    change = client.get(reverse("admin:notifications_outgoingemail_change", args=[email.pk]))
    assert change.status_code == 200
    text = change.content.decode()
    assert cast.leader.email in text  # the delivery facts are there
    assert _private_texts_in(text) == []


def test_the_body_is_not_searchable(cast, as_):
    _mail(cast)
    url = reverse("admin:notifications_outgoingemail_changelist")
    found = as_(cast.admin).get(url, {"q": "konfliktløsning"})
    assert found.context["cl"].result_count == 0
    assert as_(cast.admin).get(url, {"q": "Påmindelse"}).context["cl"].result_count == 1


def test_no_private_field_is_listed_shown_or_searched():
    private = {"body", "html_body", "ics", "attachments"}
    admin_class = OutgoingEmailAdmin
    assert not private & set(admin_class.list_display)
    assert not private & set(admin_class.fields)
    assert not private & {f.split("__")[0].lstrip("^=@") for f in admin_class.search_fields}
