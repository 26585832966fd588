"""The evaluation pages: who may see what (issue #13 §2), the answer page from the link, the
results with the small-number rule and their export."""

import io
import re

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from lederspor.evaluations.models import Invitation, Questionnaire, Response
from lederspor.evaluations.services import response_submit
from lederspor.evaluations.tests.conftest import valid_answers
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment

TOKEN = re.compile(r"/evalueringer/svar/([^/\s\"]+)/")


def _tokens() -> dict[str, str]:
    """recipient e-mail → token of the link in their mail."""
    return {m.to[0]: TOKEN.search(m.body).group(1) for m in mail.outbox}


def _answer_url(token: str) -> str:
    return reverse("evaluations:answer_token", args=[token])


def test_the_consultant_creates_an_evaluation_from_a_template(cast, as_, templates, session):
    client = as_(cast.consultant)
    url = reverse("evaluations:cohort_list", args=[cast.cohort.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ny evaluering" in page.content.decode()
    response = client.post(
        url,
        {
            "template": templates["aspirant-network-meeting"].pk,
            "session": session.pk,
            "anonymous": "on",
        },
    )
    q = Questionnaire.objects.get(cohort=cast.cohort)
    assert response.status_code == 302
    assert response.url == reverse("evaluations:edit", args=[q.pk])
    assert q.anonymous and q.session == session


def test_a_session_template_without_a_session_keeps_the_form(cast, as_, templates):
    client = as_(cast.consultant)
    url = reverse("evaluations:cohort_list", args=[cast.cohort.pk])
    response = client.post(url, {"template": templates["aspirant-network-meeting"].pk})
    assert response.status_code == 400
    assert "Vælg den mødegang, evalueringen gælder." in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_hr_staff_may_build_but_participants_and_other_consultants_get_404(
    cast, as_, templates, session
):
    url = reverse("evaluations:cohort_list", args=[cast.cohort.pk])
    assert as_(cast.hr_colleague).get(url).status_code == 200
    other = Cohort.objects.create(
        programme=cast.programme,
        name="Andet hold",
        starts_on=cast.cohort.starts_on,
        ends_on=cast.cohort.ends_on,
        capacity=10,
    )
    other.consultants.add(cast.host)  # a consultant of another cohort, not HR staff
    assert as_(cast.host).get(url).status_code == 404
    assert as_(cast.aspirant).get(url).status_code == 404
    assert as_(cast.leader).get(url).status_code == 404


def test_the_editor_adds_a_question_and_keeps_bad_input(cast, as_, make_questionnaire):
    q = make_questionnaire(send=False)
    client = as_(cast.consultant)
    url = reverse("evaluations:edit", args=[q.pk])
    bad = client.post(
        url,
        {
            "action": "add",
            "version": q.version,
            "kind": "multiple",
            "text": "Hvilke temaer savnede du?",
            "choices": "Økonomi",
            "required": "on",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Skriv mindst to svarmuligheder" in body
    assert "Hvilke temaer savnede du?" in body  # what was typed is kept
    good = client.post(
        url,
        {
            "action": "add",
            "version": q.version,
            "kind": "multiple",
            "text": "Hvilke temaer savnede du?",
            "choices": "Økonomi\nJura",
        },
    )
    assert good.status_code == 302
    assert q.questions.filter(
        text="Hvilke temaer savnede du?", choices=["Økonomi", "Jura"]
    ).exists()


def test_a_stale_editor_is_409_with_the_text_kept(cast, as_, make_questionnaire):
    q = make_questionnaire(send=False)
    client = as_(cast.consultant)
    question = q.questions.first()
    data = {
        f"q{question.pk}-version": q.version,
        f"q{question.pk}-text": "Ny tekst",
        f"q{question.pk}-required": "on",
    }
    url = reverse("evaluations:question_update", args=[q.pk, question.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, f"q{question.pk}-text": "Anden tekst"})
    assert again.status_code == 409
    assert "Anden tekst" in again.content.decode()


def test_sending_schedules_it_for_the_worker(cast, as_, make_questionnaire):
    q = make_questionnaire(send=False)
    response = as_(cast.consultant).post(
        reverse("evaluations:schedule", args=[q.pk]), {"version": q.version}
    )
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.status == Questionnaire.Status.SCHEDULED


def test_the_participant_answers_from_the_link(cast, as_, make_questionnaire):
    q = make_questionnaire()
    token = _tokens()[cast.aspirant.email]
    client = as_(cast.aspirant)
    page = client.get(_answer_url(token))
    assert page.status_code == 200
    assert "Evalueringen er anonym" in page.content.decode()
    done = client.post(_answer_url(token), valid_answers(q))
    assert done.status_code == 302 and done.url == reverse("evaluations:thanks", args=[q.pk])
    assert "Tak for dit svar" in client.get(done.url).content.decode()
    again = client.get(_answer_url(token))
    assert "Du har allerede besvaret evalueringen" in again.content.decode()
    assert Response.objects.filter(questionnaire=q, person=None).count() == 1


def test_a_bad_answer_keeps_what_was_typed(cast, as_, make_questionnaire):
    q = make_questionnaire()
    token = _tokens()[cast.aspirant.email]
    data = valid_answers(q)
    data["q_tager-med"] = "Min vigtige tekst"
    del data["q_udbytte-moedegang"]
    response = as_(cast.aspirant).post(_answer_url(token), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Besvar venligst spørgsmålet." in body and "Min vigtige tekst" in body


def test_someone_elses_token_is_404(cast, as_, make_questionnaire):
    make_questionnaire()
    token = _tokens()[cast.aspirant.email]
    assert as_(cast.other_aspirant).get(_answer_url(token)).status_code == 404
    assert as_(cast.other_aspirant).post(_answer_url(token), {}).status_code == 404
    assert as_(cast.aspirant).get(_answer_url("ukendt-token")).status_code == 404


def test_the_leader_audience_is_answered_only_by_leaders(cast, as_, make_questionnaire):
    q = make_questionnaire(key="aspirant-end-leader")
    tokens = _tokens()
    assert cast.aspirant.email not in tokens
    assert as_(cast.aspirant).get(reverse("evaluations:answer", args=[q.pk])).status_code == 404
    assert as_(cast.leader).get(reverse("evaluations:answer", args=[q.pk])).status_code == 200


def test_the_programme_page_lists_only_the_viewers_own_open_evaluations(
    cast, as_, make_questionnaire
):
    q = make_questionnaire()
    url = reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    page = as_(cast.aspirant).get(url).content.decode()
    assert "Evalueringer du mangler at besvare" in page
    assert reverse("evaluations:answer", args=[q.pk]) in page
    # the consultant sees the same page but was not invited: no section
    assert (
        "Evalueringer du mangler at besvare" not in as_(cast.consultant).get(url).content.decode()
    )
    invitation = Invitation.objects.get(questionnaire=q, person=cast.aspirant)
    response_submit(invitation=invitation, values=valid_answers(q), by=cast.aspirant.user)
    assert "Evalueringer du mangler at besvare" not in as_(cast.aspirant).get(url).content.decode()


def _answered_by_many(cast, q, n: int) -> None:
    """`n` extra participants of the cast's cohort, invited and answered (scale "5")."""
    from lederspor.evaluations.services import new_token

    for i in range(n):
        person = Person.objects.create(
            employee_number=f"9{i:03d}",
            first_name=f"Deltager{i}",
            last_name="Test",
            email=f"deltager{i}@test.dk",
            unit=cast.workplace,
            manager=cast.leader,
        )
        Enrolment.objects.create(cohort=cast.cohort, person=person, status="enrolled")
        invitation = Invitation.objects.create(
            questionnaire=q, person=person, token_hash=new_token()[1]
        )
        response_submit(invitation=invitation, values=valid_answers(q, scale="5"), by=cast.admin)


def test_results_follow_the_small_number_rule(cast, as_, make_questionnaire):
    q = make_questionnaire()
    for person in (cast.aspirant, cast.other_aspirant):
        invitation = Invitation.objects.get(questionnaire=q, person=person)
        response_submit(invitation=invitation, values=valid_answers(q), by=person.user)
    url = reverse("evaluations:results", args=[q.pk])
    body = as_(cast.consultant).get(url).content.decode()
    assert "&lt; 5" in body
    assert "Godt møde" not in body  # free text hidden under 5 answers
    assert "4,0" not in body  # no mean
    _answered_by_many(cast, q, 4)
    body = as_(cast.consultant).get(url).content.decode()
    assert "Godt møde" in body
    assert "4,7" in body  # (2×4 + 4×5) / 6
    assert "Deltager0" not in body and "Anna" not in body  # anonymous: never a name


def test_participants_never_see_results(cast, as_, make_questionnaire):
    q = make_questionnaire()
    url = reverse("evaluations:results", args=[q.pk])
    assert as_(cast.aspirant).get(url).status_code == 404
    assert as_(cast.leader).get(url).status_code == 404
    assert as_(cast.hr_colleague).get(url).status_code == 200


def test_the_results_export_opens_in_openpyxl(cast, as_, make_questionnaire):
    q = make_questionnaire()
    _answered_by_many(cast, q, 5)
    response = as_(cast.consultant).get(
        reverse("evaluations:results", args=[q.pk]), {"eksport": "xlsx"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Spørgsmål", "Type", "Antal svar")
    first = rows[1]
    assert first[0].startswith("Hvilket udbytte") and first[2] == 5 and first[3] == 5
    csv = as_(cast.consultant).get(reverse("evaluations:results", args=[q.pk]), {"eksport": "csv"})
    assert csv.status_code == 200 and "Antal svar" in csv.content.decode("utf-8-sig")


@pytest.mark.parametrize("name", ["cohort_list"])
def test_pages_need_sign_in(client, cast, name):
    response = client.get(reverse(f"evaluations:{name}", args=[cast.cohort.pk]))
    assert response.status_code == 302 and "/login/" in response.url


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_cohort_list_and_results_take_the_same_queries_at_two_sizes(
    cast, as_, make_questionnaire
):
    q = make_questionnaire()
    client = as_(cast.consultant)
    list_url = reverse("evaluations:cohort_list", args=[cast.cohort.pk])
    results_url = reverse("evaluations:results", args=[q.pk])
    client.get(list_url)  # warm the session
    small_list, small_results = _count(client, list_url), _count(client, results_url)
    for _ in range(3):
        make_questionnaire()
    _answered_by_many(cast, q, 6)
    assert _count(client, list_url) == small_list
    assert _count(client, results_url) == small_results
