"""The agreement pages: who may see and change what, editing with formsets, bad input, the
concurrent-edit refusal, approving, "Ændr aftalen" and history, execution, the panel and the
query count."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lederspor.agreements.models import AgreementStatus, BuildingBlock, LearningAgreement
from lederspor.agreements.panels import enrolment_panel
from lederspor.agreements.services import agreement_create
from lederspor.agreements.tests.conftest import approve_all, day, fill
from lederspor.core.access import Relation
from lederspor.people.roles import roles_for
from lederspor.programmes.extensions import EnrolmentPage


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


def edit_data(agreement, *, support="Sparring hver uge", goals=(), blocks=(), version=None):
    """POST data for the edit page: `goals` [(kind, text)], `blocks` [dict]."""
    data = {
        "version": version if version is not None else agreement.version,
        "leader_support": support,
        "goals-TOTAL_FORMS": len(goals),
        "goals-INITIAL_FORMS": 0,
        "blocks-TOTAL_FORMS": len(blocks),
        "blocks-INITIAL_FORMS": 0,
    }
    for i, (kind, text) in enumerate(goals):
        data[f"goals-{i}-kind"] = kind
        data[f"goals-{i}-text"] = text
    for i, block in enumerate(blocks):
        for key, value in block.items():
            data[f"blocks-{i}-{key}"] = value
    return data


PRACTICE = {
    "kind": "practice",
    "title": "Bisidder ved personalemøder",
    "practice_form": "observer",
    "scope": "local",
    "starts_on": day(3).isoformat(),
    "ends_on": day(40).isoformat(),
    "complexity": "1",
}


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected",
    [
        ("aspirant", 200),  # the trainee
        ("leader", 200),  # nearest leader
        ("consultant", 200),  # the cohort's consultant
        ("chef", 200),  # reads
        ("other_leader", 404),
        ("other_aspirant", 404),
        ("host", 404),
        ("colleague", 404),
        ("hr_colleague", 404),  # HR, but not this cohort's consultant
        ("outsider", 404),
    ],
)
def test_agreement_page_matrix(cast, draft, as_, who, expected):
    client = as_(getattr(cast, who))
    assert client.get(url("enrolment_agreement", draft.enrolment_id)).status_code == expected
    assert client.get(url("agreement_detail", draft.pk)).status_code == expected
    assert client.get(url("agreement_pdf", draft.pk)).status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("aspirant", 200),
        ("leader", 200),
        ("consultant", 200),
        ("chef", 403),
        ("other_leader", 404),
        ("host", 404),
        ("outsider", 404),
    ],
)
def test_edit_page_matrix(cast, draft, as_, who, expected):
    assert as_(getattr(cast, who)).get(url("agreement_edit", draft.pk)).status_code == expected


def test_chef_may_not_write_anything(cast, draft, as_):
    chef = as_(cast.chef)
    response = chef.post(url("agreement_edit", draft.pk), edit_data(draft, support="Chefens"))
    assert response.status_code == 403
    response = chef.post(
        url("agreement_approve", draft.pk), {"version": draft.version, "role": "leader"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.leader_support == "Ugentlige møder med sparring"
    assert draft.leader_approved_at is None


def test_pages_need_login(client, draft):
    response = client.get(url("agreement_detail", draft.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_other_programmes_have_no_agreement_page(cast, as_):
    response = as_(cast.aspirant).get(url("enrolment_agreement", cast.enrolment.pk))
    assert response.status_code == 404


# --- creating and editing -------------------------------------------------------------------


def test_create_from_the_empty_page(cast, enrolment, as_):
    client = as_(cast.aspirant)
    page = client.get(url("enrolment_agreement", enrolment.pk)).content.decode()
    assert "Opret læringsaftale" in page
    chef_page = as_(cast.chef).get(url("enrolment_agreement", enrolment.pk)).content.decode()
    assert 'action="/laeringsaftaler/' not in chef_page
    assert as_(cast.chef).post(url("agreement_create", enrolment.pk)).status_code == 403
    assert as_(cast.outsider).post(url("agreement_create", enrolment.pk)).status_code == 404
    response = client.post(url("agreement_create", enrolment.pk))
    agreement = LearningAgreement.objects.get(enrolment=enrolment)
    assert response.status_code == 302
    assert response["Location"] == url("agreement_edit", agreement.pk)
    edit = client.get(response["Location"]).content.decode()
    assert "Deltagelse i lederaspirantforløbet" in edit  # the pre-added block
    assert "Praksiselementer gennemføres som aktionslæring" in edit  # the seed's guide


def test_edit_saves_goals_and_blocks(cast, enrolment, as_):
    agreement = agreement_create(enrolment=enrolment, user=cast.leader.user)
    data = edit_data(
        agreement,
        goals=[("programme", "Lede møder"), ("personal", "Autoritet i rollen")],
        blocks=[PRACTICE],
    )
    response = as_(cast.leader).post(url("agreement_edit", agreement.pk), data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.leader_support == "Sparring hver uge"
    assert [g.text for g in agreement.goals.order_by("order")] == [
        "Lede møder",
        "Autoritet i rollen",
    ]
    block = agreement.blocks.get()
    assert block.practice_form == "observer" and block.complexity == 1


@pytest.mark.parametrize(
    "block,goals,message",
    [
        (
            {**PRACTICE, "ends_on": day(1).isoformat()},
            [("programme", "Mål")],
            "Slutdatoen ligger før startdatoen.",
        ),
        ({**PRACTICE, "practice_form": ""}, [], "Vælg, hvordan praksiselementet trænes"),
        ({**PRACTICE, "kind": "course"}, [], "Gælder kun praksiselementer."),
        ({**PRACTICE, "complexity": "7"}, [], "Marker en gyldig valgmulighed"),
        (PRACTICE, [("", "Mål uden slags")], "Dette felt er påkrævet."),
    ],
)
def test_bad_input_keeps_typed_text_and_writes_nothing(cast, draft, as_, block, goals, message):
    before = (draft.version, draft.blocks.count(), draft.goals.count())
    data = edit_data(draft, support="Min nye støttetekst", goals=goals, blocks=[block])
    response = as_(cast.aspirant).post(url("agreement_edit", draft.pk), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Aftalen er ikke gemt." in body
    assert "Min nye støttetekst" in body and "Bisidder ved personalemøder" in body
    draft.refresh_from_db()
    assert (draft.version, draft.blocks.count(), draft.goals.count()) == before


def test_second_editor_gets_409_and_keeps_text(cast, draft, as_):
    stale = draft.version
    first = as_(cast.leader).post(
        url("agreement_edit", draft.pk), edit_data(draft, support="Lederens tekst", version=stale)
    )
    assert first.status_code == 302
    second = as_(cast.aspirant).post(
        url("agreement_edit", draft.pk),
        edit_data(draft, support="Traineens tekst", goals=[("personal", "Mit mål")], version=stale),
    )
    assert second.status_code == 409
    body = second.content.decode()
    assert "ændret af en anden" in body and "Traineens tekst" in body and "Mit mål" in body
    draft.refresh_from_db()
    assert draft.leader_support == "Lederens tekst"


def test_a_draft_approved_while_the_editor_typed_gets_the_locked_page(
    cast, draft, as_, monkeypatch
):
    from lederspor.agreements import views

    read = views.get_agreement_for

    def read_then_approved_by_all(request, pk, **kwargs):
        found = read(request, pk, **kwargs)
        approve_all(draft, cast)  # the last approval lands between the page's read and its save
        return found

    monkeypatch.setattr(views, "get_agreement_for", read_then_approved_by_all)
    response = as_(cast.leader).post(
        url("agreement_edit", draft.pk), edit_data(draft, support="For sent")
    )
    assert response.status_code == 403
    assert "godkendt og låst" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.APPROVED and draft.leader_support != "For sent"


# --- approving, locking, versions -----------------------------------------------------------


def test_each_party_sees_only_their_own_approve_button(cast, draft, as_):
    trainee_page = as_(cast.aspirant).get(url("agreement_detail", draft.pk)).content.decode()
    assert "Godkend som Ledertrainee" in trainee_page
    assert "Godkend som Nærmeste leder" not in trainee_page
    chef_page = as_(cast.chef).get(url("agreement_detail", draft.pk)).content.decode()
    assert "Godkend som" not in chef_page and "Redigér aftalen" not in chef_page


def test_approving_in_someone_elses_role_is_403(cast, draft, as_):
    response = as_(cast.leader).post(
        url("agreement_approve", draft.pk), {"version": draft.version, "role": "trainee"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.trainee_approved_at is None


def test_approval_through_the_pages_locks_the_agreement(cast, draft, as_):
    for who, role in (("aspirant", "trainee"), ("leader", "leader"), ("consultant", "consultant")):
        draft.refresh_from_db()
        response = as_(getattr(cast, who)).post(
            url("agreement_approve", draft.pk), {"version": draft.version, "role": role}
        )
        assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.APPROVED
    page = as_(cast.aspirant).get(url("agreement_detail", draft.pk)).content.decode()
    assert "Ændr aftalen" in page and "Redigér aftalen" not in page
    assert "godkendt" in page and "Lars Leder" in page
    locked = as_(cast.leader).get(url("agreement_edit", draft.pk))
    assert locked.status_code == 403
    assert "godkendt og låst" in locked.content.decode()
    post = as_(cast.leader).post(url("agreement_edit", draft.pk), edit_data(draft, support="x"))
    assert post.status_code == 403


def test_stale_approval_gets_409(cast, draft, as_):
    seen = draft.version
    fill(draft, cast, support="Ændret")
    response = as_(cast.aspirant).post(
        url("agreement_approve", draft.pk), {"version": seen, "role": "trainee"}
    )
    assert response.status_code == 409
    assert "Læs den igen, før du godkender" in response.content.decode()


def test_change_agreement_makes_version_2_and_history_lists_both(cast, approved, as_):
    client = as_(cast.leader)
    response = client.post(url("agreement_revise", approved.pk))
    v2 = LearningAgreement.objects.get(enrolment=approved.enrolment, number=2)
    assert response.status_code == 302 and response["Location"] == url("agreement_edit", v2.pk)
    current = client.get(url("enrolment_agreement", approved.enrolment_id)).content.decode()
    assert "Version 2" in current and "Version 1 gælder" in current
    old = client.get(url("agreement_detail", approved.pk))
    assert old.status_code == 200
    body = old.content.decode()
    assert "Version 2 er under ændring" in body
    assert url("agreement_detail", v2.pk) in body
    assert as_(cast.chef).post(url("agreement_revise", approved.pk)).status_code == 403


# --- execution ------------------------------------------------------------------------------


def test_execution_update_on_the_approved_agreement(cast, approved, as_):
    block = approved.blocks.get(complexity=1)
    prefix = f"b{block.pk}"
    data = {
        f"{prefix}-version": approved.version,
        f"{prefix}-status": "done",
        f"{prefix}-reflection": "Jeg turde tage ordet",
    }
    assert (
        as_(cast.chef).post(url("block_execution", approved.pk, block.pk), data).status_code == 403
    )
    response = as_(cast.aspirant).post(url("block_execution", approved.pk, block.pk), data)
    assert response.status_code == 302
    block.refresh_from_db()
    assert block.status == "done" and block.reflection == "Jeg turde tage ordet"
    assert LearningAgreement.objects.filter(enrolment=approved.enrolment).count() == 1


def test_execution_bad_status_keeps_reflection(cast, approved, as_):
    block = approved.blocks.get(complexity=1)
    prefix = f"b{block.pk}"
    data = {
        f"{prefix}-version": approved.version,
        f"{prefix}-status": "nonsense",
        f"{prefix}-reflection": "Min refleksion",
    }
    response = as_(cast.aspirant).post(url("block_execution", approved.pk, block.pk), data)
    assert response.status_code == 400
    assert "Min refleksion" in response.content.decode()
    block.refresh_from_db()
    assert block.status == "planned" and block.reflection == ""


def test_execution_with_a_stale_version_gets_409_and_keeps_the_reflection(cast, approved, as_):
    block = approved.blocks.get(complexity=1)
    prefix = f"b{block.pk}"
    seen = approved.version
    first = as_(cast.leader).post(
        url("block_execution", approved.pk, block.pk),
        {f"{prefix}-version": seen, f"{prefix}-status": "in_progress", f"{prefix}-reflection": ""},
    )
    assert first.status_code == 302
    response = as_(cast.aspirant).post(
        url("block_execution", approved.pk, block.pk),
        {
            f"{prefix}-version": seen,
            f"{prefix}-status": "done",
            f"{prefix}-reflection": "Min sene refleksion",
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "ændret af en anden" in body and "Min sene refleksion" in body
    block.refresh_from_db()
    assert (block.status, block.reflection) == ("in_progress", "")


def test_execution_of_another_agreements_block_is_404(cast, approved, trainee, as_):
    other = agreement_create(enrolment=trainee[2], user=cast.other_leader.user)
    block = other.blocks.get()
    response = as_(cast.aspirant).post(
        url("block_execution", approved.pk, block.pk), {f"b{block.pk}-version": 1}
    )
    assert response.status_code == 404


# --- panel and query count ------------------------------------------------------------------


def test_panel_shows_status_on_trainee_cohorts_only(
    cast, draft, as_, django_assert_max_num_queries
):
    page = as_(cast.leader).get(reverse("programmes:enrolment_detail", args=[draft.enrolment_id]))
    body = page.content.decode()
    assert "agreement-panel-heading" in body and "Version 1 er en kladde" in body
    assert "Mangler godkendelse fra: Ledertrainee, Nærmeste leder, HR-konsulent" in body
    aspirant_page = as_(cast.leader).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert "agreement-panel-heading" not in aspirant_page.content.decode()
    request = RequestFactory().get("/")
    request.user = cast.leader.user
    roles_for(request)  # computed once per request by the page before the panels
    enrolment = draft.enrolment
    enrolment.cohort.programme  # noqa: B018 (loaded by the enrolment page)
    with django_assert_max_num_queries(2):
        html = enrolment_panel(EnrolmentPage(request, enrolment, {Relation.LEADER}))
    assert "Se læringsaftalen" in html


@pytest.mark.parametrize("n", [2, 25])
def test_agreement_page_queries_do_not_grow(cast, draft, as_, django_assert_max_num_queries, n):
    for i in range(n):
        draft.goals.create(kind="programme", text=f"Mål {i}", order=i + 10)
        BuildingBlock.objects.create(
            agreement=draft, kind="course", title=f"Kursus {i}", starts_on=day(i), order=i + 10
        )
    client = as_(cast.leader)
    # 16 + 2 for the read log (the reader's person and the one insert; issue #15 §1)
    with django_assert_max_num_queries(18):
        response = client.get(url("enrolment_agreement", draft.enrolment_id))
    assert response.status_code == 200
    assert f"Kursus {n - 1}" in response.content.decode()


def test_the_conversation_it_was_made_in_is_named_only_for_who_may_open_it(cast, draft, as_):
    """Issue #15 §4: the chef reads the agreement but gets 404 on the conversation, so the
    page names neither its kind nor its time for the chef."""
    from lederspor.conversations.models import AttendeeRole
    from lederspor.logbook.tests.factories import make_conversation

    conversation = make_conversation(
        draft.enrolment,
        [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.leader, AttendeeRole.LEADER)],
    )
    LearningAgreement.objects.filter(pk=draft.pk).update(conversation=conversation)
    link = f'href="/samtaler/{conversation.pk}/"'
    for who, sees in (("aspirant", True), ("leader", True), ("chef", False)):
        client = as_(getattr(cast, who))
        page = client.get(url("agreement_detail", draft.pk)).content.decode()
        assert (link in page) is sees, who
        assert (client.get(f"/samtaler/{conversation.pk}/").status_code == 200) is sees, who
