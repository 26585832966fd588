"""JTI (seed 002 §1, §5 day 2): the participant records that the analysis is answered, the
consultant books the individual feedback session as a conversation, and the type is stored
only with consent (the grouping app's form, linked from the panel)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification.models import JtiRecord
from lederspor.conversations.models import Conversation, ConversationKind

PANEL_ANCHOR = "lps-heading"


def test_the_participant_records_the_answered_analysis_and_may_undo_it(cast, as_, anna):
    c = as_(cast.aspirant)
    url = reverse("clarification:jti_answered", args=[anna.pk])
    page = c.get(reverse("programmes:enrolment_detail", args=[anna.pk])).content.decode()
    assert "Jeg har besvaret JTI-analysen" in page
    response = c.post(url, {"answered": "1"})
    assert response.status_code == 302
    assert PANEL_ANCHOR in response["Location"]
    assert JtiRecord.objects.filter(enrolment=anna).exists()
    page = c.get(reverse("programmes:enrolment_detail", args=[anna.pk])).content.decode()
    assert "JTI-analysen er besvaret" in page
    c.post(url, {"answered": "1"})  # twice is still one record
    assert JtiRecord.objects.filter(enrolment=anna).count() == 1
    c.post(url, {"answered": "0"})
    assert not JtiRecord.objects.filter(enrolment=anna).exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("leader", 403),
        ("chef", 403),
        ("consultant", 403),
        ("other_aspirant", 404),
        ("host", 404),
        ("outsider", 404),
        ("colleague", 404),
    ],
)
def test_only_the_participant_records_it(cast, as_, anna, who, status):
    response = as_(getattr(cast, who)).post(
        reverse("clarification:jti_answered", args=[anna.pk]), {"answered": "1"}
    )
    assert response.status_code == status
    assert not JtiRecord.objects.exists()


def test_the_consultant_sees_who_has_answered(cast, as_, cohort, anna, bo):
    as_(cast.aspirant).post(
        reverse("clarification:jti_answered", args=[anna.pk]), {"answered": "1"}
    )
    page = as_(cast.consultant).get(reverse("clarification:cohort", args=[cohort.pk]))
    html = page.content.decode()
    assert html.count("Ikke besvaret") == 1
    assert "Besvaret" in html


def booking(date, starts="10:00", ends="11:00", place="HR, mødelokale 2"):
    return {"date": date.isoformat(), "starts": starts, "ends": ends, "place": place}


def test_the_consultant_books_the_feedback_session(cast, as_, anna, days):
    c = as_(cast.consultant)
    url = reverse("clarification:jti_book", args=[anna.pk])
    page = c.get(url).content.decode()
    day2 = days[1].starts_at.astimezone().date()
    assert f'value="{day2.isoformat()}"' in page  # suggests teaching day 2
    response = c.post(url, booking(day2))
    assert response.status_code == 302
    conversation = Conversation.objects.get(enrolment=anna, kind=ConversationKind.JTI_FEEDBACK)
    assert conversation.place == "HR, mødelokale 2"
    people = set(conversation.attendees.values_list("person_id", flat=True))
    assert people == {cast.aspirant.pk, cast.consultant.pk}
    panel = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    assert "Individuel tilbagemeldingssamtale:" in panel.content.decode()
    assert reverse("conversations:detail", args=[conversation.pk]) in panel.content.decode()


def test_a_bad_booking_keeps_the_input_and_books_nothing(cast, as_, anna, days):
    day = days[1].starts_at.astimezone().date()
    response = as_(cast.consultant).post(
        reverse("clarification:jti_book", args=[anna.pk]),
        booking(day, starts="12:00", ends="11:00", place="Lokale 7"),
    )
    assert response.status_code == 400
    assert 'value="Lokale 7"' in response.content.decode()
    assert not Conversation.objects.filter(enrolment=anna).exists()


@pytest.mark.parametrize(
    "who, status",
    [("aspirant", 403), ("leader", 403), ("chef", 403), ("other_aspirant", 404), ("outsider", 404)],
)
def test_only_consultants_book_it(cast, as_, anna, who, status):
    url = reverse("clarification:jti_book", args=[anna.pk])
    response = as_(getattr(cast, who)).post(
        url, booking(timezone.localdate() + dt.timedelta(days=40))
    )
    assert response.status_code == status
    assert not Conversation.objects.exists()


# --- the type only with consent (the grouping app's form, reused) -----------------------------


def jti_form(client, enrolment, **data):
    return client.post(reverse("grouping:enrolment_jti", args=[enrolment.pk]), data)


def test_the_panel_links_the_consent_form(cast, as_, anna):
    page = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    assert reverse("grouping:enrolment_jti", args=[anna.pk]) in page.content.decode()


def test_a_type_without_consent_is_refused(cast, as_, anna):
    response = jti_form(as_(cast.aspirant), anna, jti_type="ENTJ")
    assert response.status_code == 200
    assert "Sæt kryds ved samtykke" in response.content.decode()
    anna.refresh_from_db()
    assert anna.jti_type == ""


def test_with_consent_the_type_is_stored_and_withdrawing_clears_it(cast, as_, anna):
    c = as_(cast.aspirant)
    jti_form(c, anna, jti_type="entj", consent="on")
    anna.refresh_from_db()
    assert anna.jti_type == "ENTJ" and anna.jti_consent_at is not None
    jti_form(c, anna, jti_type="ENTJ")  # consent box unticked
    anna.refresh_from_db()
    assert anna.jti_type == "" and anna.jti_consent_at is None


def test_the_database_refuses_a_type_without_consent(cast, anna):
    anna.jti_type = "ISFP"
    anna.jti_consent_at = None
    with pytest.raises(IntegrityError), transaction.atomic():
        anna.save()


@pytest.mark.parametrize("who", ["leader", "consultant", "chef", "outsider"])
def test_nobody_else_sets_the_type(cast, as_, anna, who):
    response = jti_form(as_(getattr(cast, who)), anna, jti_type="ENTJ", consent="on")
    assert response.status_code == 404
    anna.refresh_from_db()
    assert anna.jti_type == ""
