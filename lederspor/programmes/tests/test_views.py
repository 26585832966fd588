"""Every programmes page: needs login, works for its role, 404 for outsiders, 403 for read-only
relations, bad forms rejected with the typed data kept (STYLE.md §6)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from lederspor.notifications.ics import stable_uid
from lederspor.programmes import services
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Session

Status = Enrolment.Status


@pytest.fixture
def session(cast) -> Session:
    start = timezone.now() + dt.timedelta(days=7)
    return services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværksmøde om forandring",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Rådhuset",
        by=cast.consultant.user,
    )


@pytest.fixture
def nomination(cast) -> Enrolment:
    """colleague nominated by leader to the cast cohort."""
    return services.enrolment_nominate(
        cohort=cast.cohort,
        person=cast.colleague,
        nominated_by=cast.leader,
        motivation="Carl tager ansvar i teamet",
        by=cast.leader.user,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def fmt_dt(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def session_post(**overrides) -> dict:
    start = timezone.localtime() + dt.timedelta(days=14)
    data = {
        "kind": Session.Kind.TEACHING_DAY,
        "theme": "Ledelse af forandring",
        "starts_at": fmt_dt(start),
        "ends_at": fmt_dt(start + dt.timedelta(hours=3)),
        "place": "Mødelokale 2",
        "description": "",
    }
    data.update(overrides)
    return data


def cohort_post(cast, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "programme": cast.programme.pk,
        "name": "Aspiranthold forår",
        "starts_on": (today + dt.timedelta(days=60)).isoformat(),
        "ends_on": (today + dt.timedelta(days=300)).isoformat(),
        "capacity": 20,
        "nomination_deadline": (today + dt.timedelta(days=30)).isoformat(),
        "consultants": [cast.consultant.pk],
        "description": "",
    }
    data.update(overrides)
    return data


# --- anonymous -------------------------------------------------------------------------------

URLS = [
    ("programme_list", None),
    ("programme_detail", "programme_key"),
    ("cohort_list", None),
    ("cohort_archive", None),
    ("cohort_create", None),
    ("cohort_detail", "cohort"),
    ("cohort_edit", "cohort"),
    ("session_create", "cohort"),
    ("session_edit", "session"),
    ("session_delete", "session"),
    ("session_attendance", "session"),
    ("schedule", None),
    ("cohort_calendar", "cohort"),
    ("calendar_subscription", None),
    ("calendar_feed", "token"),
    ("nominate", None),
    ("nomination_queue", None),
    ("enrolment_detail", "enrolment"),
    ("enrolment_approve", "enrolment"),
    ("enrolment_reject", "enrolment"),
    ("enrolment_withdraw", "enrolment"),
    ("enrolment_complete", "enrolment"),
    ("enrolment_reopen", "enrolment"),
    ("my_programme", None),
    # the waiting list (issue #16 §3)
    ("enrolment_waitlist", "enrolment"),
    ("waitlist_give_place", "enrolment"),
    ("waitlist_skip", "enrolment"),
    # issue #16 §1: HR staff edit the template's texts
    ("programme_content_edit", "programme_key"),
    ("programme_content_history", "programme_key"),
    ("phase_content_edit", "phase"),
    ("phase_content_history", "phase"),
    ("element_content_edit", "element"),
    ("element_content_history", "element"),
]
#: the waiting list's POST-only endpoints
WAITLIST_URLS = ("enrolment_waitlist", "waitlist_give_place", "waitlist_skip")


def url_for(name: str, arg: str | None, cast, session) -> str:
    args = {
        None: [],
        "programme_key": [cast.programme.key],
        "cohort": [cast.cohort.pk],
        "session": [session.pk],
        "enrolment": [cast.enrolment.pk],
        "token": ["kal_00000000_ukendt"],
        "phase": [cast.programme.key, 1],
        "element": [cast.programme.key, 1, 1],
    }[arg]
    return reverse(f"programmes:{name}", args=args)


def test_every_url_is_covered():
    from lederspor.programmes.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {name for name, _ in URLS}


#: the iCalendar feed needs no sign-in: its secret token is the key (test_calendar.py)
SIGNED_IN_URLS = [(name, arg) for name, arg in URLS if name != "calendar_feed"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name,arg", SIGNED_IN_URLS)
def test_anonymous_is_sent_to_login(cast, session, client, name, arg, method):
    url = url_for(name, arg, cast, session)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")
    assert Enrolment.objects.filter(pk=cast.enrolment.pk, status=Status.ENROLLED).exists()


# --- outsider: 404 on everything that is not public ------------------------------------------

OUTSIDER_404 = [
    (name, arg)
    for name, arg in SIGNED_IN_URLS
    # every person has their own calendar and feed address (issue #16 §3; test_calendar.py)
    if name
    not in {
        "programme_list",
        "programme_detail",
        "my_programme",
        "schedule",
        "calendar_subscription",
    }
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name,arg", OUTSIDER_404)
def test_outsider_gets_404(cast, session, as_, name, arg, method):
    url = url_for(name, arg, cast, session)
    response = getattr(as_(cast.outsider), method)(url, {"reason": "x"})
    post_only = name in {"enrolment_approve", "enrolment_reopen", *WAITLIST_URLS}
    assert response.status_code == (405 if post_only and method == "get" else 404)
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED
    assert Session.objects.filter(pk=session.pk).exists()


def test_outsider_may_read_programme_templates_and_has_no_programme(cast, as_):
    c = as_(cast.outsider)
    assert c.get(reverse("programmes:programme_list")).status_code == 200
    assert c.get(reverse("programmes:programme_detail", args=["aspirant"])).status_code == 200
    response = c.get(reverse("programmes:my_programme"))
    assert response.status_code == 200
    assert list(response.context["enrolments"]) == []


def test_unknown_programme_template_is_404(cast, as_):
    response = as_(cast.aspirant).get(reverse("programmes:programme_detail", args=["findes-ikke"]))
    assert response.status_code == 404


def test_admin_without_person_has_no_own_programme(cast, as_):
    assert as_(cast.admin).get(reverse("programmes:my_programme")).status_code == 404


# --- cohorts ---------------------------------------------------------------------------------


def test_consultant_sees_own_cohort_in_list(cast, as_):
    response = as_(cast.consultant).get(reverse("programmes:cohort_list") + "?vis=mine")
    assert response.status_code == 200
    assert list(response.context["cohorts"]) == [cast.cohort]


@pytest.mark.parametrize("who", ["leader", "chef", "aspirant"])
def test_non_hr_roles_get_404_on_hr_pages(cast, as_, who):
    c = as_(getattr(cast, who))
    for name in (
        "cohort_list",
        "cohort_create",
        "nomination_queue",
    ):
        assert c.get(reverse(f"programmes:{name}")).status_code == 404, name
    # their own calendar, yes; its HR-only parts, no (issue #16 §3)
    schedule = reverse("programmes:schedule")
    assert c.get(schedule).status_code == 200
    assert c.get(schedule, {"vis": "alle"}).status_code == 404
    assert c.get(schedule, {"eksport": "xlsx"}).status_code == 404
    assert c.get(reverse("programmes:cohort_detail", args=[cast.cohort.pk])).status_code == 404
    assert c.get(reverse("programmes:cohort_calendar", args=[cast.cohort.pk])).status_code == 404


def test_consultant_creates_a_cohort(cast, as_):
    response = as_(cast.consultant).post(reverse("programmes:cohort_create"), cohort_post(cast))
    cohort = Cohort.objects.get(name="Aspiranthold forår")
    assert response.status_code == 302
    assert response.url == reverse("programmes:cohort_detail", args=[cohort.pk])
    assert list(cohort.consultants.all()) == [cast.consultant]
    assert any("er oprettet" in m for m in messages_of(response))


def test_cohort_create_with_end_before_start_is_rejected(cast, as_):
    today = timezone.localdate()
    data = cohort_post(
        cast,
        starts_on=today.isoformat(),
        ends_on=(today - dt.timedelta(days=1)).isoformat(),
        nomination_deadline="",
    )
    response = as_(cast.consultant).post(reverse("programmes:cohort_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert response.context["form"]["name"].value() == "Aspiranthold forår"
    assert not Cohort.objects.filter(name="Aspiranthold forår").exists()


def test_consultant_sees_the_cohort(cast, as_, nomination):
    response = as_(cast.consultant).get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert response.status_code == 200
    assert response.context["can_manage"] is True
    names = {row.enrolment.person for row in response.context["matrix"].rows}
    assert names == {cast.aspirant, cast.other_aspirant}
    assert response.context["pending"] == [nomination]


def test_hr_colleague_reads_but_cannot_change_a_cohort_they_do_not_consult(cast, as_, session):
    c = as_(cast.hr_colleague)
    detail = c.get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert detail.status_code == 200
    assert detail.context["can_manage"] is False
    edit_url = reverse("programmes:cohort_edit", args=[cast.cohort.pk])
    assert c.get(edit_url).status_code == 403
    assert c.post(edit_url, cohort_post(cast, name="Kapret")).status_code == 403
    cast.cohort.refresh_from_db()
    assert cast.cohort.name == "Aspiranthold test"
    create_url = reverse("programmes:session_create", args=[cast.cohort.pk])
    assert c.post(create_url, session_post()).status_code == 403
    for name in ("session_edit", "session_delete", "session_attendance"):
        url = reverse(f"programmes:{name}", args=[session.pk])
        assert c.get(url).status_code == 403, name
        assert c.post(url, session_post()).status_code == 403, name
    assert Session.objects.filter(cohort=cast.cohort).count() == 1


def test_consultant_edits_the_cohort(cast, as_):
    data = cohort_post(
        cast,
        name="Aspiranthold omdøbt",
        starts_on=cast.cohort.starts_on.isoformat(),
        ends_on=cast.cohort.ends_on.isoformat(),
        nomination_deadline="",
        consultants=[cast.consultant.pk, cast.hr_colleague.pk],
        version=cast.cohort.version,
    )
    c = as_(cast.consultant)
    url = reverse("programmes:cohort_edit", args=[cast.cohort.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, data)
    assert response.status_code == 302
    cast.cohort.refresh_from_db()
    assert cast.cohort.name == "Aspiranthold omdøbt"
    assert set(cast.cohort.consultants.all()) == {cast.consultant, cast.hr_colleague}


def test_cohort_edit_refuses_capacity_below_seats(cast, as_):
    data = cohort_post(
        cast,
        starts_on=cast.cohort.starts_on.isoformat(),
        ends_on=cast.cohort.ends_on.isoformat(),
        nomination_deadline="",
        capacity=1,
        version=cast.cohort.version,
    )
    response = as_(cast.consultant).post(
        reverse("programmes:cohort_edit", args=[cast.cohort.pk]), data
    )
    assert response.status_code == 400  # core.views.submit: a refused rule is 400
    assert response.context["form"].errors["capacity"]
    cast.cohort.refresh_from_db()
    assert cast.cohort.capacity == 24


# --- sessions --------------------------------------------------------------------------------


def test_consultant_adds_a_session(cast, as_):
    c = as_(cast.consultant)
    url = reverse("programmes:session_create", args=[cast.cohort.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, session_post())
    assert response.status_code == 302
    assert response.url == reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    session = Session.objects.get(cohort=cast.cohort)
    assert session.theme == "Ledelse af forandring"
    assert session.kind == Session.Kind.TEACHING_DAY


def test_session_ending_before_it_starts_is_rejected_and_nothing_saved(cast, as_):
    start = timezone.localtime() + dt.timedelta(days=14)
    data = session_post(
        theme="Baglæns", starts_at=fmt_dt(start), ends_at=fmt_dt(start - dt.timedelta(hours=1))
    )
    response = as_(cast.consultant).post(
        reverse("programmes:session_create", args=[cast.cohort.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"]
    assert "Baglæns" in response.content.decode()
    assert not Session.objects.filter(theme="Baglæns").exists()


def test_consultant_edits_a_session(cast, as_, session):
    c = as_(cast.consultant)
    url = reverse("programmes:session_edit", args=[session.pk])
    assert c.get(url).status_code == 200
    response = c.post(
        url, session_post(theme="Nyt tema", place="Kantinen", version=session.version)
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.theme, session.place) == ("Nyt tema", "Kantinen")


def test_session_edit_with_end_before_start_keeps_the_old_session(cast, as_, session):
    start = timezone.localtime() + dt.timedelta(days=14)
    data = session_post(
        theme="Ændret", starts_at=fmt_dt(start), ends_at=fmt_dt(start), version=session.version
    )
    response = as_(cast.consultant).post(
        reverse("programmes:session_edit", args=[session.pk]), data
    )
    assert response.status_code == 400  # core.views.submit: an invalid form is 400
    assert response.context["form"].errors["ends_at"]
    session.refresh_from_db()
    assert session.theme == "Netværksmøde om forandring"


def test_consultant_deletes_a_session(cast, as_, session):
    c = as_(cast.consultant)
    url = reverse("programmes:session_delete", args=[session.pk])
    assert c.get(url).status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()
    response = c.post(url)
    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_consultant_registers_attendance(cast, as_, session):
    c = as_(cast.consultant)
    url = reverse("programmes:session_attendance", args=[session.pk])
    assert c.get(url).status_code == 200
    response = c.post(
        url, {f"e{cast.enrolment.pk}": "present", f"e{cast.other_enrolment.pk}": "excused"}
    )
    assert response.status_code == 302
    assert dict(session.attendances.values_list("enrolment_id", "status")) == {
        cast.enrolment.pk: Attendance.Status.PRESENT,
        cast.other_enrolment.pk: Attendance.Status.EXCUSED,
    }


def test_schedule_shows_the_week_of_a_session(cast, as_, session):
    day = timezone.localtime(session.starts_at).date()
    response = as_(cast.consultant).get(reverse("programmes:schedule"), {"uge": day.isoformat()})
    assert response.status_code == 200
    shown = [e.event.uid for d in response.context["week"].days for e in d.events]
    assert shown == [stable_uid(session)]


def test_unknown_session_is_404(cast, as_):
    assert (
        as_(cast.consultant).get(reverse("programmes:session_edit", args=[999999])).status_code
        == 404
    )


# --- nominations -----------------------------------------------------------------------------


def nominate_post(cast, **overrides) -> dict:
    data = {
        "person": cast.colleague.pk,
        "cohort": cast.cohort.pk,
        "motivation": "Carl har vist lederevner i teamet",
    }
    data.update(overrides)
    return data


def test_leader_nominates_an_employee(cast, as_):
    c = as_(cast.leader)
    url = reverse("programmes:nominate")
    page = c.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields["person"].queryset) == {cast.aspirant, cast.colleague}
    response = c.post(url, nominate_post(cast))
    assert response.status_code == 302
    assert response.url == reverse("site:my_reports")
    enrolment = Enrolment.objects.get(cohort=cast.cohort, person=cast.colleague)
    assert enrolment.status == Status.NOMINATED
    assert enrolment.nominated_by == cast.leader
    assert any("er indstillet" in m for m in messages_of(response))


def test_leader_cannot_nominate_someone_elses_employee(cast, as_):
    for target in (cast.outsider, cast.other_aspirant):
        response = as_(cast.leader).post(
            reverse("programmes:nominate"), nominate_post(cast, person=target.pk)
        )
        assert response.status_code == 200
        assert response.context["form"].errors["person"]
        assert (
            not Enrolment.objects.filter(person=target, cohort=cast.cohort)
            .exclude(pk=cast.other_enrolment.pk)
            .exists()
        )
    assert not Enrolment.objects.filter(person=cast.outsider).exists()


def test_nomination_without_motivation_keeps_the_typed_data(cast, as_):
    response = as_(cast.leader).post(
        reverse("programmes:nominate"), nominate_post(cast, motivation="   ")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["motivation"]
    assert str(form["person"].value()) == str(cast.colleague.pk)
    assert str(form["cohort"].value()) == str(cast.cohort.pk)
    html = response.content.decode()
    assert f'<option value="{cast.colleague.pk}" selected>' in html
    assert not Enrolment.objects.filter(person=cast.colleague).exists()


def test_nomination_refused_by_the_service_keeps_the_motivation(cast, as_):
    response = as_(cast.leader).post(
        reverse("programmes:nominate"),
        nominate_post(cast, person=cast.aspirant.pk, motivation="Særlig begrundelse 42"),
    )
    assert response.status_code == 200
    assert "allerede optaget" in " ".join(response.context["form"].non_field_errors())
    assert "Særlig begrundelse 42" in response.content.decode()


@pytest.mark.parametrize("who", ["aspirant", "consultant", "outsider"])
def test_only_leaders_have_the_nominate_page(cast, as_, who):
    assert as_(getattr(cast, who)).get(reverse("programmes:nominate")).status_code == 404


def test_nomination_queue_lists_pending_nominations(cast, as_, nomination):
    response = as_(cast.consultant).get(reverse("programmes:nomination_queue"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [nomination]


def test_hr_colleague_cannot_decide_on_a_cohort_they_do_not_consult(cast, as_, nomination):
    url = reverse("programmes:enrolment_approve", args=[nomination.pk])
    assert as_(cast.hr_colleague).post(url).status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


def test_hr_colleague_is_not_offered_decisions_they_cannot_make(cast, as_, nomination):
    response = as_(cast.hr_colleague).get(reverse("programmes:nomination_queue"))
    assert response.status_code == 200
    approve_url = reverse("programmes:enrolment_approve", args=[nomination.pk])
    assert approve_url not in response.content.decode()


# --- decisions -------------------------------------------------------------------------------


def test_consultant_approves_a_nomination(cast, as_, nomination):
    response = as_(cast.consultant).post(
        reverse("programmes:enrolment_approve", args=[nomination.pk]), {"next": "queue"}
    )
    assert response.status_code == 302
    assert response.url == reverse("programmes:nomination_queue")
    nomination.refresh_from_db()
    assert nomination.status == Status.ENROLLED
    assert nomination.decided_by == cast.consultant
    assert any("er optaget" in m for m in messages_of(response))


def test_approve_on_a_full_cohort_shows_an_error(cast, as_, nomination):
    Cohort.objects.filter(pk=cast.cohort.pk).update(capacity=2)
    response = as_(cast.consultant).post(
        reverse("programmes:enrolment_approve", args=[nomination.pk])
    )
    assert response.status_code == 302
    assert any("Holdet er fuldt" in m for m in messages_of(response))
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


@pytest.mark.parametrize("who", ["chef", "leader", "aspirant"])
def test_read_or_write_relations_without_decision_right_get_403_on_approve(
    cast, as_, nomination, who
):
    person = getattr(cast, who)
    if who == "aspirant":  # aspirant is not related to colleague: use their own enrolment
        target = cast.enrolment
    else:
        target = nomination
    response = as_(person).post(reverse("programmes:enrolment_approve", args=[target.pk]))
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


@pytest.mark.parametrize("who", ["chef", "leader"])
def test_non_consultants_cannot_reject_or_complete(cast, as_, nomination, who):
    c = as_(getattr(cast, who))
    reject_url = reverse("programmes:enrolment_reject", args=[nomination.pk])
    assert c.get(reject_url).status_code == 403
    assert c.post(reject_url, {"reason": "Nej"}).status_code == 403
    complete_url = reverse("programmes:enrolment_complete", args=[cast.enrolment.pk])
    assert c.post(complete_url).status_code == 403
    nomination.refresh_from_db()
    cast.enrolment.refresh_from_db()
    assert (nomination.status, cast.enrolment.status) == (Status.NOMINATED, Status.ENROLLED)


def test_reject_without_reason_shows_error_and_keeps_status(cast, as_, nomination):
    c = as_(cast.consultant)
    url = reverse("programmes:enrolment_reject", args=[nomination.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


def test_consultant_rejects_with_reason(cast, as_, nomination):
    response = as_(cast.consultant).post(
        reverse("programmes:enrolment_reject", args=[nomination.pk]),
        {"reason": "Holdet er sammensat", "next": "cohort"},
    )
    assert response.status_code == 302
    assert response.url == reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    nomination.refresh_from_db()
    assert nomination.status == Status.REJECTED
    assert nomination.decision_reason == "Holdet er sammensat"


@pytest.mark.parametrize("who", ["leader", "consultant", "admin"])
def test_leader_consultant_and_admin_may_withdraw(cast, as_, who):
    c = as_(getattr(cast, who))
    url = reverse("programmes:enrolment_withdraw", args=[cast.enrolment.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, {"reason": "Har fået nyt job"})
    assert response.status_code == 302
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.WITHDRAWN
    assert cast.enrolment.withdrawal_reason == "Har fået nyt job"


@pytest.mark.parametrize("who", ["chef", "aspirant"])
def test_chef_and_participant_cannot_withdraw(cast, as_, who):
    c = as_(getattr(cast, who))
    url = reverse("programmes:enrolment_withdraw", args=[cast.enrolment.pk])
    assert c.post(url, {"reason": "Vil ud"}).status_code == 403
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED


def test_withdraw_without_reason_shows_error(cast, as_):
    response = as_(cast.leader).post(
        reverse("programmes:enrolment_withdraw", args=[cast.enrolment.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED


def test_consultant_marks_completed(cast, as_):
    response = as_(cast.consultant).post(
        reverse("programmes:enrolment_complete", args=[cast.enrolment.pk])
    )
    assert response.status_code == 302
    assert response.url == reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.COMPLETED


def test_complete_a_nomination_shows_an_error(cast, as_, nomination):
    response = as_(cast.consultant).post(
        reverse("programmes:enrolment_complete", args=[nomination.pk])
    )
    assert response.status_code == 302
    assert any("Kun optagne" in m for m in messages_of(response))
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


@pytest.mark.parametrize("name", ["enrolment_approve", "enrolment_reopen", *WAITLIST_URLS])
def test_post_only_endpoints_refuse_get(cast, as_, nomination, name):
    response = as_(cast.consultant).get(reverse(f"programmes:{name}", args=[nomination.pk]))
    assert response.status_code == 405
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


# --- enrolment page: each role sees exactly its own --------------------------------------------


@pytest.mark.parametrize(
    "who,relation",
    [
        ("aspirant", "deltager"),
        ("leader", "nærmeste leder"),
        ("chef", "chef"),
        ("consultant", "konsulent"),
        ("admin", "administrator"),
    ],
)
def test_related_roles_open_the_enrolment(cast, as_, who, relation):
    response = as_(getattr(cast, who)).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert response.status_code == 200
    assert relation in response.context["relation_labels"]


@pytest.mark.parametrize(
    "who", ["other_aspirant", "other_leader", "colleague", "host", "outsider", "hr_colleague"]
)
def test_unrelated_roles_get_404_on_the_enrolment(cast, as_, who):
    response = as_(getattr(cast, who)).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert response.status_code == 404


def test_aspirant_cannot_open_other_aspirants_enrolment(cast, as_):
    url = reverse("programmes:enrolment_detail", args=[cast.other_enrolment.pk])
    assert as_(cast.aspirant).get(url).status_code == 404


def test_unknown_enrolment_is_404(cast, as_):
    url = reverse("programmes:enrolment_detail", args=[999999])
    assert as_(cast.consultant).get(url).status_code == 404


def test_chef_proposes_tasks_but_cannot_decide_or_withdraw(cast, as_):
    # issue #14 (seed 000): "Det er nærmeste leder og chef der har ansvaret" — the chef's only
    # action on the page is the practice tasks' (the catalogue section's can_write)
    response = as_(cast.chef).get(reverse("programmes:enrolment_detail", args=[cast.enrolment.pk]))
    assert response.context["can_write"] is True
    assert response.context["can_decide"] is False
    assert response.context["can_withdraw"] is False


def test_participant_with_one_enrolment_is_sent_to_it(cast, as_):
    response = as_(cast.aspirant).get(reverse("programmes:my_programme"))
    assert response.status_code == 302
    assert response.url == reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])


def test_leader_sees_only_own_employees(cast, as_):
    response = as_(cast.leader).get(reverse("site:my_reports"))
    assert response.status_code == 200
    assert [e.person for e in response.context["enrolments"]] == [cast.aspirant]
    html = response.content.decode()
    assert "Anna Aspirant" in html
    assert "Bo Aspirant" not in html


def test_other_leader_sees_only_other_aspirant(cast, as_):
    response = as_(cast.other_leader).get(reverse("site:my_reports"))
    assert [e.person for e in response.context["enrolments"]] == [cast.other_aspirant]
    assert "Anna Aspirant" not in response.content.decode()


def test_chef_sees_both_aspirants_in_the_area(cast, as_):
    response = as_(cast.chef).get(reverse("site:chef_area"))
    assert response.status_code == 200
    assert {e.person for e in response.context["page_obj"]} == {
        cast.aspirant,
        cast.other_aspirant,
    }


@pytest.mark.parametrize("who", ["outsider", "aspirant", "consultant"])
def test_my_reports_is_404_for_non_leaders(cast, as_, who):
    assert as_(getattr(cast, who)).get(reverse("site:my_reports")).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "leader", "aspirant"])
def test_chef_area_is_404_for_non_chefs(cast, as_, who):
    assert as_(getattr(cast, who)).get(reverse("site:chef_area")).status_code == 404


def test_completing_asks_for_confirmation_and_can_be_undone(cast, as_):
    c = as_(cast.consultant)
    url = reverse("programmes:enrolment_complete", args=[cast.enrolment.pk])
    page = c.get(url)
    assert page.status_code == 200
    assert "Ja, markér som gennemført" in page.content.decode()
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED  # GET changes nothing
    c.post(url)
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.COMPLETED
    c.post(reverse("programmes:enrolment_reopen", args=[cast.enrolment.pk]))
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.ENROLLED


@pytest.mark.parametrize("who,status", [("chef", 403), ("leader", 403), ("outsider", 404)])
def test_only_consultants_may_reopen(cast, as_, who, status):
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(status=Status.COMPLETED)
    response = as_(getattr(cast, who)).post(
        reverse("programmes:enrolment_reopen", args=[cast.enrolment.pk])
    )
    assert response.status_code == status
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.status == Status.COMPLETED


def test_forbidden_and_missing_pages_are_danish(cast, as_, settings):
    settings.DEBUG = False
    c = as_(cast.chef)
    forbidden = c.post(reverse("programmes:enrolment_approve", args=[cast.enrolment.pk]))
    assert forbidden.status_code == 403
    assert "Det har du ikke adgang til" in forbidden.content.decode()
    missing = c.get(reverse("programmes:enrolment_detail", args=[999999]))
    assert missing.status_code == 404
    assert "Siden findes ikke" in missing.content.decode()


@pytest.mark.parametrize(
    ("kind", "link", "absent"),
    [
        ("clarification", "clarification:cohort", "trainee:cohort_summary"),
        ("trainee", "trainee:cohort_summary", "clarification:cohort"),
    ],
)
def test_cohort_page_links_to_the_programmes_own_pages(cast, as_, kind, link, absent):
    """Issue #3: a consultant reaches the Leder på spring and trainee pages from the cohort."""
    from lederspor.site.testing import make_cohort

    cohort, _ = make_cohort(kind, consultants=[cast.consultant], participants=[cast.aspirant])
    page = as_(cast.consultant).get(reverse("programmes:cohort_detail", args=[cohort.pk]))
    html = page.content.decode()
    assert reverse(link, args=[cohort.pk]) in html
    assert reverse(absent, args=[cohort.pk]) not in html
    assert "opgaver fulgt op" not in html
    has_groups = kind == "clarification"
    assert (reverse("grouping:round_list", args=[cohort.pk]) in html) is has_groups
