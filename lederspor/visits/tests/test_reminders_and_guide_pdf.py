"""Issue #14 §1: pairs still missing a visit are reminded before their wrap-up (once per pair,
no content in the subject), and the guide prints as a PDF with the cohort's calendar."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lederspor.core.models import AuditEvent
from lederspor.notifications.testing import run_worker
from lederspor.programmes.models import Cohort
from lederspor.site.demo.story import at
from lederspor.site.testing import make_person
from lederspor.visits import services
from lederspor.visits.models import JobVisit, VisitPair
from lederspor.visits.tasks import REMIND_DAYS_BEFORE
from lederspor.visits.tests import factories as f

SUBJECT = "Påmindelse: jobbesøg før den fælles opsamling"
SECRET = "Hemmelig aktivitet om budgettet"


def deliver_at(moment: dt.datetime) -> list:
    """Run the worker with the clock at `moment`; the e-mails sent then."""
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        run_worker()
    return list(mail.outbox)


@pytest.fixture
def w(cast):
    """Four leaders in two pairs, one wrap-up group booked 30 days from now; pair 1 has held
    both visits, pair 2 none (one of them planned with a secret activity)."""
    people = [cast.leader, *(f.leader(cast, n) for n in ("Rikke", "Rasmus", "Regitze"))]
    c = f.published(cast, people)
    pairs = list(c.visit_pairs.order_by("number"))
    start = timezone.now() - dt.timedelta(days=2)
    for visit in pairs[0].visits.all():
        visit = services.visit_plan(
            visit=visit,
            person=visit.host,
            by=visit.host.user,
            expected_version=visit.version,
            activity="Møde",
            themes=["Visionsledelse"],
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            place="Rådhuset",
        )
        services.visit_mark_held(
            visit=visit, person=visit.host, by=visit.host.user, expected_version=visit.version
        )
    missing = pairs[1].visits.first()
    services.visit_plan(
        visit=missing,
        person=missing.host,
        by=missing.host.user,
        expected_version=missing.version,
        activity=SECRET,
        themes=["Visionsledelse"],
        starts_at=None,
        ends_at=None,
        place="",
    )
    (group,) = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    day = timezone.localdate() + dt.timedelta(days=30)
    mail.outbox.clear()
    run_worker()  # the visit mails so far
    group = services.wrap_up_book(
        group=group,
        expected_version=group.version,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        place="Rådhuset, mødelokale 2",
        consultants=[cast.consultant],
        by=cast.consultant.user,
    )
    return {"cohort": c, "pairs": pairs, "group": group, "day": day}


def _members(pair):
    return sorted(m.person.email for m in pair.memberships.all())


def test_a_pair_missing_a_visit_is_reminded_before_the_wrap_up_once(cast, w):
    remind_day = w["day"] - dt.timedelta(days=REMIND_DAYS_BEFORE)
    booked = deliver_at(timezone.now())  # the booking's invitations only
    assert booked and all(m.subject != SUBJECT for m in booked)
    assert [m for m in deliver_at(at(remind_day, 6, 59)) if m.subject == SUBJECT] == []
    sent = [m for m in deliver_at(at(remind_day, 7, 1)) if m.subject == SUBJECT]
    late_pair = w["pairs"][1]
    assert sorted(m.to[0] for m in sent) == _members(late_pair)  # not the pair that is done
    for message in sent:
        assert SECRET not in message.subject and SECRET not in message.body
        assert "1. jobbesøg" in message.body and "2. jobbesøg" in message.body
        assert reverse("visits:pair_detail", args=[late_pair.pk]) in message.body
    late_pair.refresh_from_db()
    assert late_pair.missing_visit_reminded_at is not None
    assert AuditEvent.objects.filter(action="visits.remind_missing_visit").count() == 1
    # rebooking later schedules again, but the pair is reminded once
    group = w["group"]
    group.refresh_from_db()
    later = w["day"] + dt.timedelta(days=7)
    with time_machine.travel(at(remind_day, 8), tick=False):
        services.wrap_up_book(
            group=group,
            expected_version=group.version,
            starts_at=at(later, 10),
            ends_at=at(later, 12),
            place="Rådhuset",
            consultants=[cast.consultant],
            by=cast.consultant.user,
        )
    again = deliver_at(at(later - dt.timedelta(days=REMIND_DAYS_BEFORE), 8))
    assert [m for m in again if m.subject == SUBJECT] == []


def test_a_moved_wrap_up_skips_the_old_reminder_and_a_done_pair_gets_none(cast, w):
    group = w["group"]
    later = w["day"] + dt.timedelta(days=20)
    services.wrap_up_book(
        group=group,
        expected_version=group.version,
        starts_at=at(later, 10),
        ends_at=at(later, 12),
        place="Rådhuset",
        consultants=[cast.consultant],
        by=cast.consultant.user,
    )
    old_day = w["day"] - dt.timedelta(days=REMIND_DAYS_BEFORE)
    assert [m for m in deliver_at(at(old_day, 8)) if m.subject == SUBJECT] == []
    held = timezone.now() - dt.timedelta(days=1)
    JobVisit.objects.filter(pair=w["pairs"][1]).update(
        status=JobVisit.Status.HELD, starts_at=held, ends_at=held + dt.timedelta(hours=1)
    )
    new_day = later - dt.timedelta(days=REMIND_DAYS_BEFORE)
    assert [m for m in deliver_at(at(new_day, 8)) if m.subject == SUBJECT] == []
    assert not VisitPair.objects.filter(missing_visit_reminded_at__isnull=False).exists()


# --- the printable guide -------------------------------------------------------------------------


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_guide_pdf_reads_as_a_finished_danish_document_with_the_cohorts_dates(cast, w, as_):
    c = w["cohort"]
    Cohort.objects.filter(pk=c.pk).update(
        starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 5, 31)
    )
    response = as_(cast.leader).get(reverse("visits:guide_pdf", args=[c.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith("Guide til jobbesøg")
    text = _pdf_text(response)
    for expected in (
        "Guide til jobbesøg",
        "Indhold i guiden",
        "Dit valg af ledelsesaktivitet som vært",
        "hvor du som vært skal stå på tæer",
        "Jeres forventningsafstemning før jobbesøgene",
        "Hvad er formålet med aktiviteten",
        "Jeres roller under jobbesøgene",
        "Vær respektfuld og anerkendende",
        "Refleksionssamtale mellem gæst og vært",
        "Intenderet ledelse",
        "Opfattet ledelse",
        "Visionsledelse",
        "Relationsskabende ledelse",
        "1. februar 2027",
        "31. maj 2027",
        "Fælles opsamling mellem 2 besøgspar",
    ):
        assert expected in " ".join(text.split()), expected
    for raw in ("None", "{{", "{%", "step_list", "questions_intro", "()", "1. 1."):
        assert raw not in text, raw
    html = response.content
    assert html.startswith(b"%PDF")


def test_an_autumn_cohorts_guide_names_its_own_months(cast, w, as_):
    c = w["cohort"]
    Cohort.objects.filter(pk=c.pk).update(
        starts_on=dt.date(2027, 9, 1), ends_on=dt.date(2027, 12, 10)
    )
    text = " ".join(
        _pdf_text(as_(cast.consultant).get(reverse("visits:guide_pdf", args=[c.pk]))).split()
    )
    assert "inden den fælles opsamling i december" in text
    assert "September" in text and "10. december 2027" in text
    assert "opsamling i maj" not in text


def test_the_guide_pdf_is_for_the_cohorts_leaders_consultants_and_hr_only(cast, w, as_):
    url = reverse("visits:guide_pdf", args=[w["cohort"].pk])
    assert as_(cast.hr_colleague).get(url).status_code == 200  # HR staff read
    kamma = make_person("Kamma", "Konsulent", cast.consultant.unit, number="JVK2")
    other = f.cohort(cast, [f.leader(cast, "Pernille")])
    other.consultants.set([kamma])
    for person in (kamma, cast.outsider, cast.chef):
        assert as_(person).get(url).status_code == 404, person
    # the nearest leader of a participant sees no guide of the cohort
    assert as_(cast.chef).get(url).status_code == 404
    # a leader of another cohort is 404 here
    pernille = other.enrolments.get().person
    assert as_(pernille).get(url).status_code == 404
    assert as_(pernille).get(reverse("visits:guide_pdf", args=[other.pk])).status_code == 200
