"""The visit itself (seed 001 steps 1–6): partner mail, planning with .ics, expectation
alignment with optimistic locking, intended/observed/perceived, held, reflection."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lederspor.notifications.ics import stable_uid
from lederspor.notifications.testing import run_worker
from lederspor.visits import services
from lederspor.visits.models import JobVisit
from lederspor.visits.schedule import cohort_schedule, schedule_for
from lederspor.visits.selectors import guide_for
from lederspor.visits.tests import factories as f


@pytest.fixture
def pair(cast):
    """Lars Leder (Forvaltning A) and Bente (her own forvaltning, manager Birger), published."""
    birger = f.leader(cast, "Birger")
    bente = f.leader(cast, "Bente", unit=birger.unit, manager=birger)
    c = f.published(cast, [cast.leader, bente])
    pair = c.visit_pairs.get()
    lars_hosts = pair.visits.get(host=cast.leader)
    return {"cohort": c, "pair": pair, "bente": bente, "birger": birger, "visit": lars_hosts}


def _calendar(msg):
    part = next(a for a in msg.alternatives if "text/calendar" in a[1])
    cal = Calendar.from_ical(part[0])
    return cal, next(iter(cal.walk("VEVENT")))


def _plan(visit, person, *, start, place="Rådhuset, mødelokale 2", themes=None):
    visit.refresh_from_db()
    return services.visit_plan(
        visit=visit,
        person=person,
        by=person.user,
        expected_version=visit.version,
        activity="Møde i styregruppen for fælles om nye løsninger",
        themes=themes or ["Visionsledelse", "Distribueret ledelse"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2) if start else None,
        place=place,
    )


def test_publishing_mails_each_leader_their_partner_link_and_guide(cast, pair):
    run_worker()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {cast.leader.email, pair["bente"].email}
    lars_mail = by_to[cast.leader.email]
    assert lars_mail.subject == "Din makker til jobbesøg"
    assert "Bente Jobbesøg" in lars_mail.body
    assert reverse("visits:pair_detail", args=[pair["pair"].pk]) in lars_mail.body
    assert "Du får mail med oplysning om, hvem der er din makker i jobbesøgene" in lars_mail.body
    assert "Dit valg af ledelsesaktivitet som vært" in lars_mail.body
    assert "Lars Leder" in by_to[pair["bente"].email].body


def test_guide_holds_the_seed_texts(cast, pair):
    guide = guide_for()
    assert guide.themes == [
        "Visionsledelse",
        "Betinget anerkendelse",
        "Data informeret ledelse",
        "Distribueret ledelse",
        "Relationsskabende ledelse",
    ]
    assert len(guide.questions) == 6
    assert guide.questions[0] == "Hvad er formålet med aktiviteten, og hvem deltager i aktiviteten?"
    assert [card.title for card in guide.roles] == ["Vært", "Gæst"]
    assert len(guide.prompts) == 3
    assert guide.model_labels[:3] == ["Intenderet ledelse", "Faktisk ledelse", "Opfattet ledelse"]
    assert "hvor du som vært skal stå på tæer" in guide.activity


def test_planning_sends_ics_request_then_bumped_sequence_then_cancel(cast, pair):
    visit, bente = pair["visit"], pair["bente"]
    run_worker()
    mail.outbox.clear()
    start = (timezone.now() + dt.timedelta(days=20)).replace(second=0, microsecond=0)
    _plan(visit, cast.leader, start=start)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.leader.email, bente.email])
    cal, event = _calendar(mail.outbox[0])
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == stable_uid(visit)
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == start
    assert str(event["location"]) == "Rådhuset, mødelokale 2"
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.SCHEDULED

    mail.outbox.clear()
    _plan(visit, cast.leader, start=start + dt.timedelta(days=1))
    run_worker()
    cal, event = _calendar(mail.outbox[0])
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == stable_uid(visit)
    assert int(event["sequence"]) == 1

    mail.outbox.clear()
    _plan(visit, cast.leader, start=start + dt.timedelta(days=1))  # nothing changed: no mail
    run_worker()
    assert mail.outbox == []

    visit.refresh_from_db()
    services.visit_cancel(
        visit=visit, person=cast.leader, by=cast.leader.user, expected_version=visit.version
    )
    run_worker()
    assert len(mail.outbox) == 2
    cal, event = _calendar(mail.outbox[0])
    assert str(cal["method"]) == "CANCEL"
    assert str(event["uid"]) == stable_uid(visit)
    assert int(event["sequence"]) == 2
    assert str(event["status"]) == "CANCELLED"
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.PLANNED and visit.starts_at is None


def test_only_the_host_plans_and_only_the_five_themes(cast, pair, as_):
    visit = pair["visit"]
    start = timezone.now() + dt.timedelta(days=5)
    with pytest.raises(ValidationError, match="Kun værten"):
        _plan(visit, pair["bente"], start=start)
    with pytest.raises(ValidationError):
        _plan(visit, cast.leader, start=start, themes=["Strategisk ledelse"])
    assert as_(pair["bente"]).get(reverse("visits:visit_plan", args=[visit.pk])).status_code == 404


def test_plan_page_shows_criteria_and_saves_through_the_form(cast, pair, as_):
    visit = pair["visit"]
    client = as_(cast.leader)
    url = reverse("visits:visit_plan", args=[visit.pk])
    page = client.get(url).content.decode()
    assert "hvor du afprøver nye ledelsesmæssige strategier" in page
    assert "et møde i en af de strategiske styregrupper" in page
    assert "Relationsskabende ledelse" in page
    bad = client.post(url, {"activity": "", "version": visit.version})
    assert bad.status_code == 400  # core.views.submit: an invalid form is 400
    assert "Vælg mindst ét ledelsestema." in bad.content.decode()
    response = client.post(
        url,
        {
            "activity": "Styregruppemøde",
            "themes": ["Data informeret ledelse"],
            "starts_at": "2030-03-10T09:00",
            "ends_at": "2030-03-10T11:00",
            "place": "Rådhuset",
            "version": visit.version,
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.themes == ["Data informeret ledelse"]
    assert visit.status == JobVisit.Status.SCHEDULED


def test_second_concurrent_expectation_save_is_refused_and_keeps_the_text(cast, pair, as_):
    visit = pair["visit"]
    url = reverse("visits:visit_write", args=[visit.pk, "expectations"])
    lars, bente = as_(cast.leader), as_(pair["bente"])
    seen = visit.version
    first = lars.post(
        url, {"expectations-version": seen, "expectations-q0": "Formålet er at beslutte budget."}
    )
    assert first.status_code == 302
    second = bente.post(
        url, {"expectations-version": seen, "expectations-q1": "Præsentér mig som makker."}
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "ændret af din makker" in html
    assert "Præsentér mig som makker." in html
    visit.refresh_from_db()
    assert visit.expectations == {"0": "Formålet er at beslutte budget."}
    # reloaded, Bente saves on top of the new version
    ok = bente.post(
        url,
        {
            "expectations-version": visit.version,
            "expectations-q0": "Formålet er at beslutte budget.",
            "expectations-q1": "Præsentér mig som makker.",
        },
    )
    assert ok.status_code == 302
    visit.refresh_from_db()
    assert visit.expectations["1"] == "Præsentér mig som makker."


def test_intended_observed_perceived_are_written_by_the_right_partner(cast, pair):
    visit, bente = pair["visit"], pair["bente"]

    def write(section, person, value):
        visit.refresh_from_db()
        return services.visit_write(
            visit=visit,
            section=section,
            value=value,
            person=person,
            by=person.user,
            expected_version=visit.version,
        )

    write("intended", cast.leader, "Jeg vil lede med klar retning.")
    with pytest.raises(ValidationError, match="når besøget er aftalt"):
        write("observed", bente, "For tidligt")
    _plan(visit, cast.leader, start=timezone.now() + dt.timedelta(days=3))
    write("observed", bente, "Jeg så, at alle fik ordet.")
    write("perceived", cast.leader, "Deltagerne oplevede et tydeligt mål.")
    with pytest.raises(ValidationError, match="Kun værten"):
        write("intended", bente, "x")
    with pytest.raises(ValidationError, match="Kun gæsten"):
        write("observed", cast.leader, "x")
    with pytest.raises(ValidationError, match="gennemført"):
        write("reflection", bente, {"0": "For tidligt"})
    visit.refresh_from_db()
    assert (visit.intended, visit.observed) == (
        "Jeg vil lede med klar retning.",
        "Jeg så, at alle fik ordet.",
    )


def test_held_then_reflection_then_reflected(cast, pair, as_):
    visit = pair["visit"]
    _plan(visit, cast.leader, start=timezone.now() - dt.timedelta(hours=3))
    client = as_(pair["bente"])
    visit.refresh_from_db()
    held = reverse("visits:visit_transition", args=[visit.pk, "held"])
    reflected = reverse("visits:visit_transition", args=[visit.pk, "reflected"])
    client.post(held, {"version": visit.version})
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.HELD
    client.post(reflected, {"version": visit.version})  # nothing written yet: refused
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.HELD
    client.post(
        reverse("visits:visit_write", args=[visit.pk, "reflection"]),
        {"reflection-version": visit.version, "reflection-q2": "Vi blev klogere på tillid."},
    )
    visit.refresh_from_db()
    assert visit.reflection == {"2": "Vi blev klogere på tillid."}
    client.post(reflected, {"version": visit.version})
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.REFLECTED


@pytest.mark.parametrize(
    "write",
    [
        lambda visit, leader, **kw: services.visit_write(
            visit=visit, section="intended", value="x", person=leader, by=leader.user, **kw
        ),
        lambda visit, leader, **kw: services.visit_cancel(
            visit=visit, person=leader, by=leader.user, **kw
        ),
        lambda visit, leader, **kw: services.visit_mark_held(
            visit=visit, person=leader, by=leader.user, **kw
        ),
        lambda visit, leader, **kw: services.visit_mark_reflected(
            visit=visit, person=leader, by=leader.user, **kw
        ),
    ],
    ids=["write", "cancel", "held", "reflected"],
)
def test_every_visit_write_needs_the_version_the_page_was_loaded_with(cast, pair, write):
    visit = pair["visit"]
    with pytest.raises(TypeError):
        write(visit, cast.leader)
    with pytest.raises(TypeError, match="int version"):
        write(visit, cast.leader, expected_version=None)
    assert JobVisit.objects.get(pk=visit.pk).version == 1


def test_a_status_button_without_the_version_changes_nothing(cast, pair, as_):
    visit = pair["visit"]
    _plan(visit, cast.leader, start=timezone.now() - dt.timedelta(hours=3))
    response = as_(pair["bente"]).post(
        reverse("visits:visit_transition", args=[visit.pk, "held"]), {}, follow=True
    )
    assert "Genindlæs siden" in " ".join(str(m) for m in response.context["messages"])
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.SCHEDULED


def test_a_future_visit_cannot_be_marked_held(cast, pair):
    visit = pair["visit"]
    _plan(visit, cast.leader, start=timezone.now() + dt.timedelta(days=3))
    visit.refresh_from_db()
    with pytest.raises(ValidationError, match="begyndt"):
        services.visit_mark_held(
            visit=visit, person=cast.leader, by=cast.leader.user, expected_version=visit.version
        )


def test_visit_page_shows_role_cards_questions_and_prompts(cast, pair, as_):
    html = (
        as_(pair["bente"])
        .get(reverse("visits:visit_detail", args=[pair["visit"].pk]))
        .content.decode()
    )
    assert "Du er gæst." in html
    assert "Under aktiviteten er du ”en flue på væggen”." in html
    assert "Præsenter gæsten for deltagerne i aktiviteten." in html
    assert "Hvordan skal gæsten præsenteres for deltagerne før og under aktiviteten?" in html
    assert "Hvad blev vi klogere på om udøvelse af ledelse" in html
    assert "Er der overensstemmelse mellem den ledelse" in html


def test_visit_page_names_the_host_for_the_guest_and_the_guest_for_the_host(cast, pair, as_):
    url = reverse("visits:visit_detail", args=[pair["visit"].pk])
    guest_html = as_(pair["bente"]).get(url).content.decode()
    assert "Du er gæst." in guest_html
    assert f"Vært: {cast.leader.full_name}" in guest_html
    assert "Gæst: Bente" not in guest_html
    host_html = as_(cast.leader).get(url).content.decode()
    assert "Du er vært." in host_html
    assert f"Gæst: {pair['bente'].full_name}" in host_html


def test_visits_are_numbered_not_named_after_the_seed_months(cast, pair, as_):
    client = as_(cast.leader)
    html = client.get(reverse("visits:mine")).content.decode()
    assert "1. jobbesøg hos" in html and "2. jobbesøg hos" in html
    # the hint follows the cohort's calendar (today-40 → today+120), not the seed's months
    schedule = cohort_schedule(pair["cohort"])
    first, second = schedule.first_visits.label, schedule.second_visits.label
    assert f"(efter guiden i {first})" in html and f"(efter guiden i {second})" in html
    assert "Marts: besøg" not in html and "April: besøg" not in html
    assert "Konsulenterne booker den fælles opsamling." in html
    assert "opsamlingen i maj" not in html
    visit = pair["visit"]
    detail = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert f"{visit.ordinal}. jobbesøg hos {cast.leader.full_name}" in detail
    plan = client.get(reverse("visits:visit_plan", args=[visit.pk])).content.decode()
    assert "Besøget i" not in plan and f"{visit.ordinal}. jobbesøg" in plan


def test_job_visit_enrolment_page_hides_the_aspirant_sections(cast, pair, as_):
    from lederspor.programmes.models import Enrolment

    enrolment = Enrolment.objects.get(cohort=pair["cohort"], person=cast.leader)
    html = (
        as_(cast.leader)
        .get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
        .content.decode()
    )
    assert reverse("visits:mine") in html
    for aspirant in ("Foreslå en opgave", "Aftal en praksisopgave", "Netværksmøder"):
        assert aspirant not in html


def test_job_visit_cohort_page_links_to_the_overview_without_aspirant_tools(cast, pair, as_):
    cohort = pair["cohort"]
    html = (
        as_(cast.consultant)
        .get(reverse("programmes:cohort_detail", args=[cohort.pk]))
        .content.decode()
    )
    assert reverse("visits:cohort_overview", args=[cohort.pk]) in html
    assert "Rediger hold" in html  # the manage actions are shown…
    assert "Tilføj mødegang" not in html  # …but not the aspirant ones
    assert reverse("grouping:round_list", args=[cohort.pk]) not in html
    assert "Overskredet" not in html


def test_plan_page_of_a_held_visit_redirects_with_a_message(cast, pair, as_):
    visit = pair["visit"]
    _plan(visit, cast.leader, start=timezone.now() - dt.timedelta(hours=3))
    visit.refresh_from_db()
    services.visit_mark_held(
        visit=visit, person=cast.leader, by=cast.leader.user, expected_version=visit.version
    )
    client = as_(cast.leader)
    response = client.get(reverse("visits:visit_plan", args=[visit.pk]), follow=True)
    assert response.redirect_chain == [(reverse("visits:visit_detail", args=[visit.pk]), 302)]
    html = response.content.decode()
    assert "Besøget er gennemført, så aktivitet, tid og sted kan ikke ændres." in html
    assert 'name="activity"' not in html


def test_guest_observation_form_only_once_the_visit_is_scheduled(cast, pair, as_):
    visit = pair["visit"]
    url = reverse("visits:visit_detail", args=[visit.pk])
    client = as_(pair["bente"])
    planned = client.get(url).content.decode()
    assert "Faktisk ledelse – det så jeg" not in planned
    assert "Du skriver dine iagttagelser, når besøget er aftalt med tid og sted." in planned
    refused = client.post(
        reverse("visits:visit_write", args=[visit.pk, "observed"]),
        {"observed-version": visit.version, "observed-text": "For tidligt"},
    )
    assert refused.status_code == 400  # core.views.submit: a refused rule is 400, a stale save 409
    told = [str(m) for m in refused.context["messages"]]
    assert any("Du skriver dine iagttagelser, når besøget er aftalt" in m for m in told)
    visit.refresh_from_db()
    assert visit.observed == ""
    _plan(visit, cast.leader, start=timezone.now() + dt.timedelta(days=3))
    assert "Faktisk ledelse – det så jeg" in client.get(url).content.decode()


def test_mine_without_a_pair_tells_enrolled_and_not_enrolled_apart(cast, as_):
    not_enrolled = as_(cast.leader).get(reverse("visits:mine")).content.decode()
    assert "Du er ikke tilmeldt et jobbesøgsforløb." in not_enrolled
    assert "får du en mail" not in not_enrolled
    waiting = f.leader(cast, "Vibeke")
    f.cohort(cast, [waiting])
    enrolled = as_(waiting).get(reverse("visits:mine")).content.decode()
    assert "Du er ikke i et besøgspar endnu." in enrolled and "får du en mail" in enrolled
    assert "Du er ikke tilmeldt et jobbesøgsforløb." not in enrolled


def test_overview_states_the_boundary_in_words(cast, pair, as_):
    url = reverse("visits:cohort_overview", args=[pair["cohort"].pk])
    html = as_(cast.consultant).get(url).content.decode()
    assert "Makkere fra forskellige forvaltninger" in html
    assert "· Forskellig forvaltning" not in html


def test_the_plan_hint_capitalises_the_month_in_english_only():
    from django.utils.translation import override

    schedule = schedule_for(starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 5, 31))
    with override("da"):
        assert schedule.hint("march") == "efter guiden i marts"
        assert schedule.hint("april") == "efter guiden i april"
    with override("en"):
        assert schedule.hint("march") == "in March according to the guide"
