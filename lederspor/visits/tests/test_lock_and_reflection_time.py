"""Issue #14 §1: the joint reflection's own time and place (seed 001 step 2: "Vært og gæst
aftaler om tid og sted for jobbesøg og fælles læringsrefleksion"), and a reflected visit that
locks until the cohort's consultant reopens it on the pair's request."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.notifications.testing import run_worker
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort
from lederspor.site.testing import make_person
from lederspor.visits import services
from lederspor.visits.models import JobVisit
from lederspor.visits.tests import factories as f

REFLECTION = {"0": "Det lykkedes at holde retningen.", "1": "", "2": ""}


@pytest.fixture
def w(cast):
    """Lars Leder hosts his partner ("bente"); the visit was held two hours ago. Also another
    job-visit cohort's consultant (Karen) and a leader on this cohort in another pair ("ole").
    Which of the three leaders the pairing gives Lars is the solver's choice (it differs
    between SQLite and PostgreSQL), so the roles are read from the pairs."""
    leaders = [f.leader(cast, "Bente"), f.leader(cast, "Oskar"), f.leader(cast, "Olivia")]
    c = f.published(cast, [cast.leader, *leaders])
    visit = JobVisit.objects.get(pair__cohort=c, host=cast.leader)
    in_pair = {m.person_id for m in visit.pair.memberships.all()}
    bente = next(p for p in leaders if p.pk in in_pair)
    ole = next(p for p in leaders if p.pk not in in_pair)
    start = timezone.now() - dt.timedelta(hours=3)
    visit = services.visit_plan(
        visit=visit,
        person=cast.leader,
        by=cast.leader.user,
        expected_version=visit.version,
        activity="Møde i styregruppen",
        themes=["Visionsledelse"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Rådhuset",
    )
    karen = make_person("Kamma", "Konsulent", cast.consultant.unit, number="JVK1")
    other = f.cohort(cast, [f.leader(cast, "Pernille")])
    other.consultants.set([karen])
    assert ole.pk not in {m.person_id for m in visit.pair.memberships.all()}
    mail.outbox.clear()
    return {"cohort": c, "visit": visit, "bente": bente, "ole": ole, "karen": karen}


def _reflect(visit: JobVisit, person: Person) -> JobVisit:
    visit = services.visit_mark_held(
        visit=visit, person=person, by=person.user, expected_version=visit.version
    )
    visit = services.visit_write(
        visit=visit,
        section="reflection",
        value=REFLECTION,
        person=person,
        by=person.user,
        expected_version=visit.version,
    )
    return services.visit_mark_reflected(
        visit=visit, person=person, by=person.user, expected_version=visit.version
    )


def _reflection_post(visit, **values):
    start = timezone.localtime(visit.ends_at + dt.timedelta(minutes=30))
    data = {
        "reflection_time-version": visit.version,
        "reflection_time-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "reflection_time-ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "reflection_time-place": "Café Ingolf",
    }
    data.update({f"reflection_time-{k}": v for k, v in values.items()})
    return data


# --- the reflection's own time and place --------------------------------------------------------


def test_host_and_guest_agree_the_reflections_time_and_place_apart_from_the_visits(cast, w, as_):
    visit = w["visit"]
    url = reverse("visits:visit_reflection_plan", args=[visit.pk])
    response = as_(w["bente"]).post(url, _reflection_post(visit))  # the guest
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.reflection_place == "Café Ingolf" and visit.place == "Rådhuset"
    assert visit.reflection_starts_at > visit.ends_at
    assert AuditEvent.objects.filter(action="visits.visit_reflection_plan").count() == 1
    html = as_(cast.leader).get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "Café Ingolf" in html and "Tid og sted for jeres fælles læringsrefleksion" in html
    response = as_(cast.leader).post(url, _reflection_post(visit, place="Kontoret"))
    visit.refresh_from_db()
    assert response.status_code == 302 and visit.reflection_place == "Kontoret"


@pytest.mark.parametrize(
    "values, message",
    [
        ({"ends_at": ""}, "Angiv både start og slut."),
        ({"place": "  "}, "Skriv, hvor I mødes til refleksionen."),
        ({"ends_at": "2020-01-01T10:00"}, "Refleksionen skal slutte efter den starter."),
        ({"starts_at": "ikke en dato"}, "Indtast"),
    ],
)
def test_bad_reflection_times_are_refused_in_danish_and_keep_what_was_typed(
    cast, w, as_, values, message
):
    visit = w["visit"]
    url = reverse("visits:visit_reflection_plan", args=[visit.pk])
    response = as_(cast.leader).post(url, _reflection_post(visit, **values))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Café Ingolf" in html or values.get("place") == "  "
    visit.refresh_from_db()
    assert visit.reflection_starts_at is None and visit.reflection_place == ""


def test_the_reflection_cannot_start_before_the_activity_has_ended(cast, w):
    visit = w["visit"]
    with pytest.raises(ValidationError) as err:
        services.visit_reflection_plan(
            visit=visit,
            person=cast.leader,
            by=cast.leader.user,
            expected_version=visit.version,
            starts_at=visit.starts_at,
            ends_at=visit.ends_at,
            place="Rådhuset",
        )
    assert "efter besøgets slut" in " ".join(err.value.messages)


def test_only_the_pair_may_set_the_reflection_time(cast, w, as_):
    visit = w["visit"]
    url = reverse("visits:visit_reflection_plan", args=[visit.pk])
    for person in (w["ole"], cast.consultant, w["karen"], cast.outsider):
        assert as_(person).post(url, _reflection_post(visit)).status_code == 404, person
    visit.refresh_from_db()
    assert visit.reflection_place == ""


# --- the lock after "reflekteret" ---------------------------------------------------------------


def test_a_reflected_visit_refuses_every_write_with_403_and_keeps_the_typed_text(cast, w, as_):
    visit = _reflect(w["visit"], cast.leader)
    assert visit.is_locked
    url = reverse("visits:visit_write", args=[visit.pk, "reflection"])
    typed = "En ny tanke, der ikke må gå tabt"
    response = as_(w["bente"]).post(
        url, {"reflection-version": visit.version, "reflection-q0": typed}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Besøget er reflekteret og låst" in html and typed in html
    visit.refresh_from_db()
    assert visit.reflection == {"0": REFLECTION["0"]}
    for section in ("expectations", "intended", "perceived"):
        with pytest.raises(PermissionDenied):
            services.visit_write(
                visit=visit,
                section=section,
                value="x" if section != "expectations" else {"0": "x"},
                person=cast.leader,
                by=cast.leader.user,
                expected_version=visit.version,
            )
    with pytest.raises(PermissionDenied):
        services.visit_write(
            visit=visit,
            section="observed",
            value="x",
            person=w["bente"],
            by=w["bente"].user,
            expected_version=visit.version,
        )
    response = as_(cast.leader).post(
        reverse("visits:visit_reflection_plan", args=[visit.pk]), _reflection_post(visit)
    )
    assert response.status_code == 403


def test_a_locked_visit_shows_its_content_read_only(cast, w, as_):
    visit = _reflect(w["visit"], cast.leader)
    html = as_(w["bente"]).get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "Besøget er låst" in html and REFLECTION["0"] in html
    assert reverse("visits:visit_write", args=[visit.pk, "reflection"]) not in html
    assert reverse("visits:visit_transition", args=[visit.pk, "reopen"]) in html


def test_a_partner_asks_to_reopen_and_the_consultant_is_told_without_content(cast, w, as_):
    visit = _reflect(w["visit"], cast.leader)
    url = reverse("visits:visit_transition", args=[visit.pk, "reopen"])
    assert as_(w["ole"]).post(url, {"version": visit.version}).status_code == 404
    response = as_(w["bente"]).post(url, {"version": visit.version})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.reopen_requested_by == w["bente"] and visit.is_locked
    run_worker()
    (message,) = [m for m in mail.outbox if m.to == [cast.consultant.email]]
    assert message.subject == "Ønske om at genåbne et jobbesøg"
    assert REFLECTION["0"] not in message.body and "styregruppen" not in message.body
    assert reverse("visits:cohort_overview", args=[w["cohort"].pk]) in message.body
    # asking twice is refused in Danish
    again = as_(cast.leader).post(url, {"version": visit.version}, follow=True)
    assert "allerede bedt om" in again.content.decode()
    overview = as_(cast.consultant).get(reverse("visits:cohort_overview", args=[w["cohort"].pk]))
    assert "Ønsker om genåbning" in overview.content.decode()
    assert REFLECTION["0"] not in overview.content.decode()


def test_only_the_cohorts_consultant_reopens_and_it_is_audited(cast, w, as_):
    visit = _reflect(w["visit"], cast.leader)
    services.visit_reopen_request(
        visit=visit, person=w["bente"], by=w["bente"].user, expected_version=visit.version
    )
    url = reverse("visits:visit_reopen", args=[w["cohort"].pk, visit.pk])
    for person in (cast.leader, w["bente"], w["ole"], w["karen"], cast.outsider):
        assert as_(person).post(url).status_code == 404, person
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.REFLECTED
    mail.outbox.clear()
    assert as_(cast.consultant).post(url).status_code == 302
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.HELD and visit.reopen_requested_at is None
    event = AuditEvent.objects.get(action="visits.visit_reopen")
    assert event.data["old"] == "reflected" and event.data["new"] == "held"
    assert AuditEvent.objects.filter(action="visits.visit_reopen_request").count() == 1
    run_worker()
    reopened = [m for m in mail.outbox if m.subject == "Jeres jobbesøg er genåbnet"]
    assert sorted(m.to[0] for m in reopened) == sorted([cast.leader.email, w["bente"].email])
    # now the pair writes again
    services.visit_write(
        visit=visit,
        section="reflection",
        value={"0": "Rettet"},
        person=w["bente"],
        by=w["bente"].user,
        expected_version=visit.version,
    )


def test_a_visit_nobody_asked_to_reopen_stays_locked(cast, w, as_):
    visit = _reflect(w["visit"], cast.leader)
    url = reverse("visits:visit_reopen", args=[w["cohort"].pk, visit.pk])
    response = as_(cast.consultant).post(url, follow=True)
    assert "ikke bedt genåbnet" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == JobVisit.Status.REFLECTED
    # a visit of another cohort is 404 through this cohort's URL
    other = JobVisit.objects.exclude(pair__cohort=w["cohort"]).first()
    if other is not None:
        bad = reverse("visits:visit_reopen", args=[w["cohort"].pk, other.pk])
        assert as_(cast.consultant).post(bad).status_code == 404
    assert Cohort.objects.filter(pk=w["cohort"].pk).exists()
