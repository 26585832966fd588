"""The leader talk (*lederindlæg*, seed 002 §5 day 5: "Dernæst leverer hver deltager et
forberedt lederindlæg, hvor formålet er at træne kommunikativ gennemslagskraft. Deltagerne gives
struktureret feedback og feedforward."): peers on the same cohort give structured feedback; the
speaker and the consultants see all of it, a peer only their own, anyone else gets 404."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lederspor.clarification import services
from lederspor.clarification.models import LeaderTalk, LeaderTalkFeedback
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.programmes.models import Enrolment
from lederspor.site.testing import make_person

BO_SAYS = "Du talte roligt og holdt øjenkontakt."
CARL_SAYS = "Dine eksempler fra plejecentret var klare."


@pytest.fixture
def carl(cast, cohort):
    """A third participant (the colleague) on the same cohort."""
    return Enrolment.objects.create(
        cohort=cohort, person=cast.colleague, status=Enrolment.Status.ENROLLED
    )


@pytest.fixture
def talk(cast, anna, days):
    """Anna's talk on the 5th teaching day, with the clock on that day's afternoon (feedback
    is given from the talk's day on)."""
    talk = services.leader_talk_create(
        enrolment=anna, title="Når vi ændrer vagtplanen", session=days[4], by=cast.admin
    )
    with time_machine.travel(days[4].starts_at + dt.timedelta(hours=7), tick=False):
        yield talk


@pytest.fixture
def future_talk(cast, anna, days):
    """Anna's talk on the 5th teaching day, which is still weeks ahead (the clock is now)."""
    return services.leader_talk_create(
        enrolment=anna, title="Når vi ændrer vagtplanen", session=days[4], by=cast.admin
    )


def give(cast, talk, author, text, expected_version=None):
    """`author`'s feedback on `talk`: written, or changed from `expected_version` when given."""
    values = {"impact_feedback": text, "delivery_feedforward": "Brug en pause før pointen."}
    if expected_version is None:
        return services.talk_feedback_create(talk=talk, author=author, values=values, by=cast.admin)
    feedback = LeaderTalkFeedback.objects.get(talk=talk, author=author)
    return services.talk_feedback_update(
        feedback=feedback, expected_version=expected_version, values=values, by=cast.admin
    )


@pytest.fixture
def feedback(cast, talk, bo, carl):
    return give(cast, talk, bo, BO_SAYS), give(cast, talk, carl, CARL_SAYS)


def test_the_participant_registers_the_talk(cast, as_, anna, days):
    c = as_(cast.aspirant)
    url = reverse("clarification:talk_edit", args=[anna.pk])
    assert "Slå" not in c.get(url).content.decode()
    response = c.post(url, {"title": "Mødeledelse i praksis", "session": days[4].pk, "version": 0})
    assert response.status_code == 302
    talk = LeaderTalk.objects.get(enrolment=anna)
    assert talk.session == days[4]
    bad = c.post(url, {"title": "", "session": days[4].pk, "version": talk.version})
    assert bad.status_code == 400 and "Skriv en titel." in bad.content.decode()
    talk.refresh_from_db()
    assert talk.title == "Mødeledelse i praksis"


def test_a_talk_the_consultant_changed_meanwhile_is_not_overwritten(cast, as_, anna, days):
    talk = services.leader_talk_create(
        enrolment=anna, title="Vagtplanen", session=days[4], by=cast.aspirant.user
    )
    url = reverse("clarification:talk_edit", args=[anna.pk])
    consultant = as_(cast.consultant).post(
        url, {"title": "Vagtplanen i hjemmeplejen", "session": days[4].pk, "version": 1}
    )
    assert consultant.status_code == 302
    stale = as_(cast.aspirant).post(
        url, {"title": "Min egen titel", "session": days[3].pk, "version": 1}
    )
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Lederindlægget er ændret af en anden" in html
    assert "Min egen titel" in html
    talk.refresh_from_db()
    assert (talk.title, talk.session, talk.version) == ("Vagtplanen i hjemmeplejen", days[4], 2)


def test_a_second_talk_for_the_same_participant_is_refused_as_stale(cast, anna, days):
    services.leader_talk_create(enrolment=anna, title="Først", session=None, by=cast.admin)
    with pytest.raises(ConcurrentEditError, match="Lederindlægget er ændret af en anden"):
        services.leader_talk_create(enrolment=anna, title="Anden fane", session=None, by=cast.admin)
    assert LeaderTalk.objects.get(enrolment=anna).title == "Først"


def test_changing_a_talk_or_feedback_needs_the_version_it_was_loaded_with(cast, talk, bo):
    fb = give(cast, talk, bo, BO_SAYS)
    with pytest.raises(TypeError):
        services.leader_talk_update(talk=talk, title="Ny", session=None, by=cast.admin)
    with pytest.raises(TypeError, match="int version"):
        services.leader_talk_update(
            talk=talk, expected_version=None, title="Ny", session=None, by=cast.admin
        )
    with pytest.raises(TypeError, match="int version"):
        services.talk_feedback_update(
            feedback=fb, expected_version=None, values={"impact_feedback": "x"}, by=cast.admin
        )
    assert LeaderTalk.objects.get(pk=talk.pk).version == 1
    assert LeaderTalkFeedback.objects.get(pk=fb.pk).version == 1


def test_feedback_written_in_another_tab_meanwhile_is_refused_as_stale(cast, talk, bo):
    give(cast, talk, bo, "Første fane")
    with pytest.raises(ConcurrentEditError, match="Din feedback er ændret af en anden"):
        give(cast, talk, bo, "Anden fane")
    assert LeaderTalkFeedback.objects.get(talk=talk, author=bo).impact_feedback == "Første fane"


@pytest.mark.parametrize(
    "who, status", [("leader", 403), ("chef", 403), ("other_aspirant", 404), ("outsider", 404)]
)
def test_nobody_else_registers_a_talk_for_the_participant(cast, as_, anna, who, status):
    response = as_(getattr(cast, who)).post(
        reverse("clarification:talk_edit", args=[anna.pk]), {"title": "Snyd"}
    )
    assert response.status_code == status
    assert not LeaderTalk.objects.exists()


def detail(client, talk):
    return client.get(reverse("clarification:talk_detail", args=[talk.pk]))


@pytest.mark.parametrize("who", ["aspirant", "consultant", "admin"])
def test_the_speaker_and_the_consultants_see_all_feedback(cast, as_, talk, feedback, who):
    response = detail(as_(getattr(cast, who)), talk)
    assert response.status_code == 200
    html = response.content.decode()
    assert BO_SAYS in html and CARL_SAYS in html
    assert "Kommunikativ gennemslagskraft" in html and "Formidling" in html


def test_a_peer_sees_only_their_own(cast, as_, talk, feedback):
    html = detail(as_(cast.other_aspirant), talk).content.decode()
    assert BO_SAYS in html
    assert CARL_SAYS not in html
    html = detail(as_(cast.colleague), talk).content.decode()
    assert CARL_SAYS in html and BO_SAYS not in html


@pytest.mark.parametrize(
    "who", ["leader", "chef", "host", "outsider", "hr_colleague", "other_leader"]
)
def test_anyone_else_gets_404(cast, as_, talk, feedback, who):
    c = as_(getattr(cast, who))
    assert detail(c, talk).status_code == 404
    assert c.get(reverse("clarification:feedback_edit", args=[talk.pk])).status_code == 404
    assert (
        c.get(reverse("clarification:talk_list", args=[talk.enrolment.cohort_id])).status_code
        == 404
    )


def test_a_participant_on_another_cohort_gets_404(cast, as_, talk):
    from lederspor.site.testing import make_cohort

    person = make_person("Ida", "Andethold", cast.workplace, manager=cast.leader, number="901")
    make_cohort("clarification", consultants=[cast.hr_colleague], participants=[person])
    assert detail(as_(person), talk).status_code == 404


def test_a_peer_gives_and_edits_feedback_through_the_form(cast, as_, talk, bo):
    c = as_(cast.other_aspirant)
    url = reverse("clarification:feedback_edit", args=[talk.pk])
    data = {
        "impact_feedback": "Klar stemme",
        "impact_feedforward": "",
        "delivery_feedback": "",
        "delivery_feedforward": "Færre slides",
        "overall_feedback": "",
        "overall_feedforward": "",
        "version": "0",
    }
    assert c.post(url, data).status_code == 302
    fb = LeaderTalkFeedback.objects.get(talk=talk, author=bo)
    assert fb.delivery_feedforward == "Færre slides"
    data.update(impact_feedback="Meget klar stemme", version=str(fb.version))
    assert c.post(url, data).status_code == 302
    fb.refresh_from_db()
    assert fb.impact_feedback == "Meget klar stemme"
    assert LeaderTalkFeedback.objects.filter(talk=talk, author=bo).count() == 1


def test_a_concurrent_edit_of_feedback_is_refused_and_the_text_kept(cast, as_, talk, bo):
    fb = give(cast, talk, bo, "Første udgave")
    give(cast, talk, bo, "Anden fane", expected_version=fb.version)
    response = as_(cast.other_aspirant).post(
        reverse("clarification:feedback_edit", args=[talk.pk]),
        {"impact_feedback": "Min nye tekst", "version": str(fb.version)},
    )
    assert response.status_code == 409
    assert "Min nye tekst" in response.content.decode()
    fb.refresh_from_db()
    assert fb.impact_feedback == "Anden fane"


def test_empty_feedback_is_refused(cast, as_, talk):
    response = as_(cast.other_aspirant).post(
        reverse("clarification:feedback_edit", args=[talk.pk]), {"version": "0"}
    )
    assert response.status_code == 400
    assert "mindst ét punkt" in response.content.decode()
    assert not LeaderTalkFeedback.objects.exists()


@pytest.mark.parametrize("who", ["aspirant", "consultant"])
def test_the_speaker_and_consultants_do_not_write_peer_feedback(cast, as_, talk, who):
    response = as_(getattr(cast, who)).post(
        reverse("clarification:feedback_edit", args=[talk.pk]), {"impact_feedback": "Selvros"}
    )
    assert response.status_code == 403
    assert not LeaderTalkFeedback.objects.exists()


def test_the_service_refuses_the_speaker_and_outsiders(cast, talk, anna):
    with pytest.raises(ValidationError, match="eget lederindlæg"):
        give(cast, talk, anna, "Selvros")
    other = Enrolment.objects.create(
        cohort=cast.cohort, person=cast.outsider, status=Enrolment.Status.ENROLLED
    )
    with pytest.raises(ValidationError, match="samme hold"):
        give(cast, talk, other, "Udefra")


def test_the_list_shows_talks_and_invites_feedback(cast, as_, cohort, talk, bo):
    html = (
        as_(cast.other_aspirant)
        .get(reverse("clarification:talk_list", args=[cohort.pk]))
        .content.decode()
    )
    assert "Når vi ændrer vagtplanen" in html and "Giv feedback" in html
    panel = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[talk.enrolment_id]))
    assert "Når vi ændrer vagtplanen" in panel.content.decode()


# --- no feedback before the talk is held (seed 002 §5 day 5) ----------------------------------


def test_feedback_before_the_talks_day_is_refused_and_nothing_written(
    cast, as_, future_talk, bo, days
):
    c = as_(cast.other_aspirant)
    day = f"{days[4].starts_at.astimezone().day}."
    listing = c.get(reverse("clarification:talk_list", args=[future_talk.enrolment.cohort_id]))
    html = listing.content.decode()
    assert "Feedback kan gives fra den dag." in html and day in html
    assert reverse("clarification:feedback_edit", args=[future_talk.pk]) not in html
    page = detail(c, future_talk).content.decode()
    assert "Feedback kan gives fra den dag." in page
    assert reverse("clarification:feedback_edit", args=[future_talk.pk]) not in page
    form_url = reverse("clarification:feedback_edit", args=[future_talk.pk])
    response = c.get(form_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("clarification:talk_detail", args=[future_talk.pk])
    posted = c.post(form_url, {"impact_feedback": BO_SAYS})
    assert posted.status_code == 400
    assert "Feedback kan gives fra den dag." in posted.content.decode()
    assert BO_SAYS in posted.content.decode()  # the typed text is kept
    assert not LeaderTalkFeedback.objects.exists()
    with pytest.raises(ValidationError, match="Feedback kan gives fra den dag"):
        give(cast, future_talk, bo, BO_SAYS)


def test_feedback_opens_on_the_talks_day(cast, future_talk, bo, days):
    with time_machine.travel(days[4].starts_at - dt.timedelta(hours=10), tick=False):
        with pytest.raises(ValidationError):
            give(cast, future_talk, bo, BO_SAYS)
    with time_machine.travel(days[4].starts_at, tick=False):
        give(cast, future_talk, bo, BO_SAYS)
    assert LeaderTalkFeedback.objects.filter(talk=future_talk, author=bo).exists()


def test_a_talk_without_a_teaching_day_gets_no_feedback_yet(cast, anna, bo):
    talk = services.leader_talk_create(
        enrolment=anna, title="Uden dag", session=None, by=cast.admin
    )
    with pytest.raises(ValidationError, match="ikke fået en undervisningsdag"):
        give(cast, talk, bo, BO_SAYS)
