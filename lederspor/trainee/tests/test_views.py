"""The trainee pages: who may see and write what (relations → 404/403), bad input keeps what
was typed, concurrent edits get 409, the cohort summary, the path panel and nomination."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lederspor.conversations.models import ConversationKind, ConversationStatus
from lederspor.programmes.extensions import EnrolmentPage
from lederspor.programmes.models import Enrolment, Phase, Session
from lederspor.trainee import services
from lederspor.trainee.models import EffectAnswer, PersonalityTest, TraineeOutcome
from lederspor.trainee.tests.conftest import long_date


def url(name, *args):
    return reverse(f"trainee:{name}", args=args)


# --- permission matrices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected",
    [
        ("aspirant", 200),  # the trainee
        ("leader", 200),  # the nearest leader
        ("chef", 200),  # reads
        ("consultant", 200),  # the cohort's consultant reads
        ("admin", 200),
        ("other_leader", 404),
        ("other_aspirant", 404),  # another trainee on the same cohort
        ("hr_colleague", 404),  # HR, but not this cohort's consultant
        ("colleague", 404),
        ("outsider", 404),
    ],
)
def test_effect_page_matrix(cast, enrolment, as_, who, expected):
    assert as_(getattr(cast, who)).get(url("effects", enrolment.pk)).status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [("chef", 403), ("consultant", 403), ("admin", 403), ("outsider", 404), ("other_leader", 404)],
)
def test_only_trainee_and_leader_answer_effects(cast, cohort, enrolment, as_, who, expected):
    first = Phase.objects.get(programme=cohort.programme, order=1)
    response = as_(getattr(cast, who)).post(
        url("effects", enrolment.pk), {f"rating_{first.pk}_0": "4"}
    )
    assert response.status_code == expected
    assert not EffectAnswer.objects.exists()


@pytest.mark.parametrize(
    "who,expected",
    [
        ("consultant", 200),
        ("admin", 200),
        ("aspirant", 403),
        ("leader", 403),
        ("chef", 403),
        ("hr_colleague", 404),
        ("outsider", 404),
    ],
)
def test_personality_test_page_matrix(cast, enrolment, as_, who, expected):
    assert (
        as_(getattr(cast, who)).get(url("personality_test", enrolment.pk)).status_code == expected
    )


@pytest.mark.parametrize(
    "who,expected",
    [
        ("consultant", 200),
        ("leader", 200),
        ("admin", 200),
        ("aspirant", 403),
        ("chef", 403),
        ("other_leader", 404),
        ("outsider", 404),
    ],
)
def test_outcome_page_matrix(cast, enrolment, as_, who, expected):
    assert as_(getattr(cast, who)).get(url("outcome", enrolment.pk)).status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("consultant", 200),
        ("admin", 200),
        ("hr_colleague", 200),  # HR staff read any cohort
        ("leader", 404),
        ("aspirant", 404),
        ("outsider", 404),
    ],
)
def test_cohort_summary_matrix(cast, cohort, as_, who, expected):
    assert as_(getattr(cast, who)).get(url("cohort_summary", cohort.pk)).status_code == expected


@pytest.mark.parametrize(
    "who,expected", [("consultant", 200), ("hr_colleague", 403), ("leader", 404), ("aspirant", 404)]
)
def test_take_off_page_matrix(cast, cohort, as_, who, expected):
    assert as_(getattr(cast, who)).get(url("take_off", cohort.pk)).status_code == expected


def test_trainee_pages_of_another_programme_are_404(cast, as_):
    c = as_(cast.consultant)
    assert c.get(url("effects", cast.enrolment.pk)).status_code == 404
    assert c.get(url("personality_test", cast.enrolment.pk)).status_code == 404
    assert c.get(url("cohort_summary", cast.cohort.pk)).status_code == 404


def test_pages_need_login(client, enrolment, cohort):
    for target in (url("effects", enrolment.pk), url("cohort_summary", cohort.pk)):
        response = client.get(target)
        assert response.status_code == 302 and "/login/" in response["Location"]


# --- effects ---------------------------------------------------------------------------------


def test_trainee_and_leader_each_answer_and_see_each_other(cast, cohort, enrolment, as_):
    first = Phase.objects.get(programme=cohort.programme, order=1)
    page = as_(cast.aspirant).get(url("effects", enrolment.pk)).content.decode()
    assert "Personlig afklaring: ledertraineens motivation, styrker og svagheder." in page
    assert "Dine svar som Ledertrainee" in page
    assert "Læring fra forløbet." in page  # phase 3 listed …
    assert f'name="rating_{first.pk}_0"' in page
    last = Phase.objects.get(programme=cohort.programme, order=3)
    assert f'name="rating_{last.pk}_0"' not in page  # … but not answerable yet
    response = as_(cast.aspirant).post(
        url("effects", enrolment.pk),
        {f"rating_{first.pk}_0": "4", f"comment_{first.pk}_0": "Jeg kender mine styrker"},
    )
    assert response.status_code == 302
    as_(cast.leader).post(url("effects", enrolment.pk), {f"rating_{first.pk}_0": "3"})
    answers = {a.respondent: a for a in EffectAnswer.objects.all()}
    assert answers["trainee"].rating == 4 and answers["trainee"].answered_by == cast.aspirant
    assert answers["leader"].rating == 3
    seen = as_(cast.consultant).get(url("effects", enrolment.pk)).content.decode()
    assert "4 – I høj grad" in seen and "3 – I nogen grad" in seen
    assert "Jeg kender mine styrker" in seen
    assert "Dine svar som" not in seen  # the consultant reads only


def test_empty_effect_form_is_refused(cast, enrolment, as_):
    response = as_(cast.aspirant).post(url("effects", enrolment.pk), {})
    assert response.status_code == 400
    assert "Vælg en vurdering for mindst én effekt." in response.content.decode()
    assert not EffectAnswer.objects.exists()


def test_comment_without_rating_keeps_the_text(cast, cohort, enrolment, as_):
    first = Phase.objects.get(programme=cohort.programme, order=1)
    response = as_(cast.leader).post(
        url("effects", enrolment.pk),
        {f"rating_{first.pk}_0": "5", f"comment_{first.pk}_1": "Tydelige aftaler"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vælg en vurdering, før du skriver en kommentar." in page
    assert "Tydelige aftaler" in page
    assert not EffectAnswer.objects.exists()


def test_a_rating_outside_1_to_5_is_refused(cast, cohort, enrolment, as_):
    first = Phase.objects.get(programme=cohort.programme, order=1)
    response = as_(cast.aspirant).post(url("effects", enrolment.pk), {f"rating_{first.pk}_0": "9"})
    assert response.status_code == 400
    assert "Vælg en vurdering fra 1 til 5." in response.content.decode()
    assert not EffectAnswer.objects.exists()


def test_a_posted_phase_not_reached_is_ignored(cast, cohort, enrolment, as_):
    last = Phase.objects.get(programme=cohort.programme, order=3)
    response = as_(cast.aspirant).post(url("effects", enrolment.pk), {f"rating_{last.pk}_0": "5"})
    assert response.status_code == 400
    assert not EffectAnswer.objects.exists()


# --- personality test and outcome ------------------------------------------------------------


def test_consultant_records_the_test_and_the_panel_shows_it(cast, enrolment, as_):
    today = timezone.localdate()
    c = as_(cast.consultant)
    response = c.post(
        url("personality_test", enrolment.pk),
        {
            "taken_on": (today - dt.timedelta(days=7)).isoformat(),
            "feedback_given_on": (today - dt.timedelta(days=1)).isoformat(),
            "feedback_by": cast.consultant.pk,
            "note": "",
            "version": 0,
        },
    )
    assert response.status_code == 302
    assert PersonalityTest.objects.get().feedback_by == cast.consultant
    page = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    assert (
        f"Opfyldt: persontest med feedback d. {long_date(today - dt.timedelta(days=1))}"
        in page.content.decode()
    )


def test_bad_personality_test_keeps_the_typed_text(cast, enrolment, as_):
    today = timezone.localdate()
    response = as_(cast.consultant).post(
        url("personality_test", enrolment.pk),
        {
            "taken_on": today.isoformat(),
            "feedback_given_on": (today - dt.timedelta(days=3)).isoformat(),
            "feedback_by": cast.consultant.pk,
            "note": "Min vigtige note",
            "version": 0,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Feedbacken kan ikke være givet før persontesten blev taget." in page
    assert "Min vigtige note" in page
    assert not PersonalityTest.objects.exists()


def test_bad_date_is_a_form_error(cast, enrolment, as_):
    response = as_(cast.consultant).post(
        url("personality_test", enrolment.pk), {"taken_on": "i går"}
    )
    assert response.status_code == 400
    assert not PersonalityTest.objects.exists()


def test_participant_cannot_post_a_personality_test(cast, enrolment, as_):
    response = as_(cast.aspirant).post(
        url("personality_test", enrolment.pk),
        {"taken_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert not PersonalityTest.objects.exists()


def test_concurrent_outcome_edit_gets_409_and_keeps_the_note(cast, enrolment, as_):
    row = services.outcome_create(
        enrolment=enrolment,
        outcome="leader_ready",
        note="",
        recorded_by=cast.leader,
        by=cast.leader.user,
    )
    services.outcome_update(
        trainee_outcome=row,
        expected_version=1,
        outcome="in_leader_job",
        note="",
        recorded_by=cast.consultant,
        by=cast.consultant.user,
    )
    response = as_(cast.leader).post(
        url("outcome", enrolment.pk),
        {
            "outcome": "not_yet",
            "decided_on": timezone.localdate().isoformat(),
            "note": "Har brug for mere tid",
            "version": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "ændret af en anden" in page and "Har brug for mere tid" in page
    assert TraineeOutcome.objects.get().outcome == "in_leader_job"


def test_outcome_without_choice_is_refused(cast, enrolment, as_):
    response = as_(cast.leader).post(url("outcome", enrolment.pk), {"outcome": "", "note": "Noget"})
    assert response.status_code == 400
    assert "Vælg et resultat." in response.content.decode()
    assert not TraineeOutcome.objects.exists()


def test_participant_cannot_record_the_outcome(cast, enrolment, as_):
    response = as_(cast.aspirant).post(url("outcome", enrolment.pk), {"outcome": "in_leader_job"})
    assert response.status_code == 403
    assert not TraineeOutcome.objects.exists()


# --- cohort summary and take-off ------------------------------------------------------------


def test_cohort_summary_shows_averages_outcome_take_off_and_feedback(
    cast, cohort, enrolment, other_enrolment, as_, make_conversation
):
    first = Phase.objects.get(programme=cohort.programme, order=1)
    for e, rating in ((enrolment, 4), (other_enrolment, 1)):
        services.effect_answers_save(
            enrolment=e,
            respondent="trainee",
            answers=[{"phase": first, "effect_index": 0, "rating": rating}],
            person=e.person,
            by=cast.admin,
        )
    services.effect_answers_save(
        enrolment=enrolment,
        respondent="leader",
        answers=[{"phase": first, "effect_index": 0, "rating": 5}],
        person=cast.leader,
        by=cast.admin,
    )
    services.outcome_create(
        enrolment=enrolment,
        outcome="in_leader_job",
        note="",
        recorded_by=cast.consultant,
        by=cast.admin,
    )
    make_conversation(
        enrolment,
        ConversationKind.TRANSITION,
        status=ConversationStatus.HELD,
        answers={"feedback_trainee": "Flere praksiselementer", "feedback_leader": "Mere tid"},
    )
    make_conversation(  # planned, not held: its feedback is not shown
        other_enrolment,
        ConversationKind.TRANSITION,
        answers={"feedback_trainee": "Hemmeligt udkast"},
    )
    start = timezone.now() + dt.timedelta(days=30)
    response = as_(cast.consultant).post(
        url("take_off", cohort.pk),
        {
            "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Rådhushallen",
        },
    )
    assert response.status_code == 302
    page = as_(cast.consultant).get(url("cohort_summary", cohort.pk)).content.decode()
    assert "2.5 (2)" in page or "2,5 (2)" in page  # trainees: (4 + 1) / 2
    assert "5.0 (1)" in page or "5,0 (1)" in page  # leaders
    assert "Ledertrainee i lederjob" in page
    assert "Rådhushallen" in page and "Vejledning til lederansøgningen" in page
    assert "Flere praksiselementer" in page and "Mere tid" in page
    assert "Hemmeligt udkast" not in page


def test_cohort_summary_writes_the_feedback_date_in_words(cast, cohort, enrolment, as_):
    given = dt.date(2026, 11, 1)
    PersonalityTest.objects.create(
        enrolment=enrolment,
        taken_on=given - dt.timedelta(days=3),
        feedback_given_on=given,
        feedback_by=cast.consultant,
    )
    page = as_(cast.consultant).get(url("cohort_summary", cohort.pk)).content.decode()
    assert "Feedback d. 1. november 2026" in page
    assert "01.11.2026" not in page


def test_take_off_ending_before_it_starts_is_refused(cast, cohort, as_):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=30))
    response = as_(cast.consultant).post(
        url("take_off", cohort.pk),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Dokk1",
        },
    )
    assert response.status_code == 400
    assert "Arrangementet skal slutte efter det starter." in response.content.decode()
    assert "Dokk1" in response.content.decode()
    assert not Session.objects.filter(kind="take_off").exists()


def test_take_off_outside_the_cohort_period_is_refused(cast, cohort, as_):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=400))
    response = as_(cast.consultant).post(
        url("take_off", cohort.pk),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "holdets periode" in response.content.decode()
    assert not Session.objects.filter(kind="take_off").exists()


def test_hr_colleague_cannot_create_a_take_off(cast, cohort, as_):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=30))
    response = as_(cast.hr_colleague).post(
        url("take_off", cohort.pk),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 403
    assert not Session.objects.filter(kind="take_off").exists()


# --- the path panel --------------------------------------------------------------------------


def panel_of(response) -> str:
    """The trainee panel's HTML within a programme page."""
    page = response.content.decode()
    start = page.index('aria-labelledby="trainee-panel-heading"')
    return page[start : page.index("</section>", start)]


def test_panel_shows_the_path_with_next_actions_per_relation(
    cast, enrolment, as_, make_conversation
):
    make_conversation(enrolment, ConversationKind.START_PART1, status=ConversationStatus.SIGNED)
    make_conversation(enrolment, ConversationKind.ONGOING, status=ConversationStatus.HELD)
    make_conversation(enrolment, ConversationKind.ONGOING, days=10)
    detail = reverse("programmes:enrolment_detail", args=[enrolment.pk])
    consultant_page = panel_of(as_(cast.consultant).get(detail))
    for text in (
        "Ledertraineens vej gennem forløbet",
        "Indstilling fra nærmeste leder",
        "Mangler: persontest",
        "Registrér persontest",
        "Opstartssamtale – første del",
        "Opstartssamtale – anden del",
        f"/laeringsaftaler/{enrolment.pk}/",
        "1 afholdt, 1 planlagt",
        "Midtvejssamtale",
        "Transitionssamtale",
        "Effekt af forløbet",
        "Registrér resultat",
        "Overblik over holdets ledertrainees",
    ):
        assert text in consultant_page, text
    assert "Planlæg samtalen" in consultant_page  # part 2 is next
    assert f"/samtaler/plan/{enrolment.pk}/?kind=start_part2" in consultant_page
    assert "?kind=midway" not in consultant_page  # later
    assert "Se samtalen" in consultant_page
    trainee_page = panel_of(as_(cast.aspirant).get(detail))
    assert "Besvar effekterne" in trainee_page
    assert "Registrér persontest" not in trainee_page
    assert "Registrér resultat" not in trainee_page
    assert "Overblik over holdets ledertrainees" not in trainee_page
    chef_page = panel_of(as_(cast.chef).get(detail))
    assert "Se svarene" in chef_page and "Registrér resultat" not in chef_page
    assert "Planlæg samtalen" not in chef_page and "Se samtalen" not in chef_page


def step_of(panel: str, name: str) -> str:
    """The `<li>` of the step called `name` within the panel's HTML."""
    start = panel.rindex("<li", 0, panel.index(f"<strong>{name}</strong>"))
    return panel[start : panel.index("</li>", start)]


def test_a_conversation_is_linked_only_for_those_who_may_see_it(
    cast, enrolment, as_, make_conversation
):
    """Start part 2 is the trainee's and the leader's (the consultants do not read it); the
    chef reads the path but no conversation: no link that would be a 404."""
    part1 = make_conversation(
        enrolment, ConversationKind.START_PART1, status=ConversationStatus.SIGNED
    )
    part2 = make_conversation(enrolment, ConversationKind.START_PART2)
    detail = reverse("programmes:enrolment_detail", args=[enrolment.pk])
    link1 = reverse("conversations:detail", args=[part1.pk])
    link2 = reverse("conversations:detail", args=[part2.pk])
    for who, sees1, sees2 in (
        ("aspirant", True, True),
        ("consultant", True, False),
        ("leader", False, False),  # not an attendee of these two rows
        ("chef", False, False),
    ):
        client = as_(getattr(cast, who))
        panel = panel_of(client.get(detail))
        for link, sees in ((link1, sees1), (link2, sees2)):
            assert (link in panel) is sees, (who, link)
            assert client.get(link).status_code == (200 if sees else 404), (who, link)
        # the time only for those who may open it (issue #15 §4); the step's state for all
        step1 = step_of(panel, "Opstartssamtale – første del")
        step2 = step_of(panel, "Opstartssamtale – anden del")
        assert (long_date(timezone.localtime(part1.starts_at).date()) in step1) is sees1, who
        assert (long_date(timezone.localtime(part2.starts_at).date()) in step2) is sees2, who
        assert "Afholdt" in step1 and "godkendt af alle" in step1, who
        assert "Planlagt" in step2, who


def test_step_states_follow_planned_held_and_signed(cast, enrolment, as_, make_conversation):
    """Done only when signed (a held record awaits confirmation); ongoing meetings are done
    only when none is still planned."""
    make_conversation(enrolment, ConversationKind.START_PART1, status=ConversationStatus.SIGNED)
    make_conversation(enrolment, ConversationKind.START_PART2, status=ConversationStatus.SIGNED)
    make_conversation(enrolment, ConversationKind.ONGOING, status=ConversationStatus.SIGNED)
    planned = make_conversation(enrolment, ConversationKind.ONGOING, days=10)
    midway = make_conversation(enrolment, ConversationKind.MIDWAY, status=ConversationStatus.HELD)
    detail = reverse("programmes:enrolment_detail", args=[enrolment.pk])
    panel = panel_of(as_(cast.aspirant).get(detail))
    ongoing = step_of(panel, "Løbende møder med nærmeste leder")
    assert "1 afholdt, 1 planlagt" in ongoing
    assert "I gang" in ongoing and "Gennemført" not in ongoing
    mid = step_of(panel, "Midtvejssamtale")
    assert "Afholdt – venter på bekræftelse" in mid
    assert "I gang" in mid and "Gennemført" not in mid
    assert "Senere" in step_of(panel, "Transitionssamtale")
    assert "Gennemført" in step_of(panel, "Opstartssamtale – anden del")

    planned.status = ConversationStatus.HELD
    planned.save(update_fields=["status"])
    midway.status = ConversationStatus.SIGNED
    midway.save(update_fields=["status"])
    panel = panel_of(as_(cast.aspirant).get(detail))
    assert "Gennemført" in step_of(panel, "Løbende møder med nærmeste leder")
    assert "Gennemført" in step_of(panel, "Midtvejssamtale")
    assert "Planlæg samtalen" in step_of(panel, "Transitionssamtale")


def test_panel_is_absent_on_other_programmes(cast, as_):
    page = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[cast.enrolment.pk]))
    assert "Ledertraineens vej" not in page.content.decode()


def test_panel_query_budget(cast, enrolment, rf, make_conversation):
    from lederspor.core.access import Relation
    from lederspor.trainee.panels import enrolment_panel

    make_conversation(enrolment, ConversationKind.START_PART1, status=ConversationStatus.HELD)
    request = rf.get("/")
    request.user = cast.consultant.user
    enrolment = Enrolment.objects.select_related(
        "person__manager", "cohort__programme", "nominated_by"
    ).get(pk=enrolment.pk)
    # the first render also runs the context processors, which cache the viewer's roles on the
    # request (the page has done so before its panels are rendered)
    enrolment_panel(EnrolmentPage(request, enrolment, {Relation.CONSULTANT}))
    with CaptureQueriesContext(connection) as queries:
        html = enrolment_panel(EnrolmentPage(request, enrolment, {Relation.CONSULTANT}))
    assert "Opstartssamtale – første del" in html
    assert len(queries) <= 4, [q["sql"][:150] for q in queries.captured_queries]


# --- nomination to a trainee cohort ----------------------------------------------------------


def test_the_nearest_leader_nominates_to_a_trainee_cohort(cast, cohort, as_):
    response = as_(cast.leader).post(
        reverse("programmes:nominate"),
        {"person": cast.colleague.pk, "cohort": cohort.pk, "motivation": "Stort ledertalent"},
    )
    assert response.status_code == 302
    nomination = Enrolment.objects.get(cohort=cohort, person=cast.colleague)
    assert nomination.status == Enrolment.Status.NOMINATED
    assert nomination.nominated_by == cast.leader


def test_a_leader_cannot_nominate_someone_elses_employee(cast, cohort, as_):
    response = as_(cast.other_leader).post(
        reverse("programmes:nominate"),
        {"person": cast.colleague.pk, "cohort": cohort.pk, "motivation": "Talent"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Enrolment.objects.filter(cohort=cohort, person=cast.colleague).exists()


def test_panel_is_registered_for_trainee_cohorts_only(cast):
    """The hub renders a section only on the programmes it names (tested in programmes), so
    the trainee path costs no query on the other programmes' pages."""
    from lederspor.programmes.extensions import enrolment_sections
    from lederspor.programmes.models import ProgrammeKind

    section = next(s for s in enrolment_sections if s.key == "trainee.path")
    assert section.kinds == {ProgrammeKind.TRAINEE}


def test_the_feedback_conversation_can_be_linked_and_a_stale_save_gets_409(
    cast, enrolment, other_enrolment, as_, make_conversation
):
    mine = make_conversation(
        enrolment, ConversationKind.PERSONALITY_FEEDBACK, status=ConversationStatus.HELD, days=-1
    )
    theirs = make_conversation(other_enrolment, ConversationKind.PERSONALITY_FEEDBACK, days=-1)
    today = timezone.localdate()
    data = {
        "taken_on": (today - dt.timedelta(days=7)).isoformat(),
        "feedback_given_on": (today - dt.timedelta(days=1)).isoformat(),
        "feedback_by": cast.consultant.pk,
    }
    c = as_(cast.consultant)
    page = c.get(url("personality_test", enrolment.pk)).content.decode()
    assert f'value="{mine.pk}"' in page and f'value="{theirs.pk}"' not in page
    created = {**data, "version": 0}  # the page before the test was recorded
    refused = c.post(url("personality_test", enrolment.pk), {**created, "conversation": theirs.pk})
    assert refused.status_code == 400 and not PersonalityTest.objects.exists()
    assert (
        c.post(
            url("personality_test", enrolment.pk), {**created, "conversation": mine.pk}
        ).status_code
        == 302
    )
    assert PersonalityTest.objects.get().conversation == mine
    correction = {**data, "conversation": mine.pk, "version": 1}
    assert c.post(url("personality_test", enrolment.pk), correction).status_code == 302
    stale = c.post(url("personality_test", enrolment.pk), {**correction, "note": "Sen rettelse"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Persontesten er ændret af en anden" in page and "Sen rettelse" in page
    assert PersonalityTest.objects.get().note == ""
    # a post from the page as it was before the test was recorded (version 0) is stale: 409
    late = c.post(url("personality_test", enrolment.pk), {**created, "note": "Sen rettelse"})
    assert late.status_code == 409
    assert "Persontesten er ændret af en anden" in late.content.decode()
    assert "Sen rettelse" in late.content.decode()
    # and a post without any version saves nothing either: core.views.submit answers 400
    unversioned = c.post(url("personality_test", enrolment.pk), {**data, "note": "Sen rettelse"})
    assert unversioned.status_code == 400
    assert "Sen rettelse" in unversioned.content.decode()
    assert PersonalityTest.objects.get().note == ""
