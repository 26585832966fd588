"""Pages for network groups: who may see and change what, htmx, the participant's group."""

from collections import Counter

import pytest
from django.urls import reverse

from lederspor.grouping import services
from lederspor.grouping.models import GroupingRound, GroupMembership
from lederspor.grouping.tests.factories import add_meetings, add_participants

NOBODIES = ["aspirant", "other_aspirant", "leader", "other_leader", "chef", "host", "outsider"]


@pytest.fixture
def composed(cast) -> GroupingRound:
    add_participants(cast, 10)
    rnd = services.grouping_round_create(
        cohort=cast.cohort, by=cast.consultant.user, min_size=3, group_count=3
    )
    return services.grouping_round_compose(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version, time_limit=0.05
    )


def _who(cast, name):
    return cast.admin if name == "admin" else getattr(cast, name)


def _read_urls(cast, rnd):
    group = rnd.groups.first()
    return [
        reverse("grouping:round_list", args=[cast.cohort.pk]),
        reverse("grouping:round_detail", args=[rnd.pk]),
    ], [
        reverse("grouping:round_publish", args=[rnd.pk]),
        reverse("grouping:group_tasks", args=[group.pk]),
        reverse("grouping:membership_move", args=[rnd.memberships.first().pk]),
    ]


def _post_urls(cast, rnd):
    ms = rnd.memberships.first()
    group = rnd.groups.exclude(pk=ms.group_id).first()
    v = rnd.version
    return [
        (reverse("grouping:round_list", args=[cast.cohort.pk]), {"min_size": 3, "max_size": 6}),
        (reverse("grouping:round_settings", args=[rnd.pk]), {"version": v}),
        (reverse("grouping:round_compose", args=[rnd.pk]), {"version": v}),
        (reverse("grouping:round_publish", args=[rnd.pk]), {"version": v}),
        (reverse("grouping:membership_move", args=[ms.pk]), {"version": v, "group": group.pk}),
        (reverse("grouping:membership_lock", args=[ms.pk]), {"version": v, "locked": "on"}),
        (reverse("grouping:group_tasks", args=[group.pk]), {"version": v, "tasks": "x"}),
    ]


@pytest.mark.parametrize("who", ["consultant", "admin"])
def test_consultant_and_admin_see_every_round_page(cast, as_, composed, who):
    client = as_(_who(cast, who))
    reads, writes = _read_urls(cast, composed)
    for url in reads + writes:
        assert client.get(url).status_code == 200, url


def test_hr_colleague_reads_but_may_not_change(cast, as_, composed):
    client = as_(cast.hr_colleague)
    reads, writes = _read_urls(cast, composed)
    for url in reads:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert reverse("grouping:round_compose", args=[composed.pk]) not in body
        assert "Opret runde" not in body and 'name="group"' not in body
    for url in writes:
        assert client.get(url).status_code == 403, url
    for url, data in _post_urls(cast, composed):
        assert client.post(url, data).status_code == 403, url
    assert GroupingRound.objects.get(pk=composed.pk).version == composed.version


@pytest.mark.parametrize("who", NOBODIES)
def test_participants_leaders_chefs_and_outsiders_get_404_on_round_pages(cast, as_, composed, who):
    client = as_(_who(cast, who))
    reads, writes = _read_urls(cast, composed)
    for url in reads + writes:
        assert client.get(url).status_code == 404, url
    for url, data in _post_urls(cast, composed):
        assert client.post(url, data).status_code == 404, url
    assert GroupingRound.objects.get(pk=composed.pk).version == composed.version


def test_round_pages_need_login(client, cast, composed):
    reads, writes = _read_urls(cast, composed)
    for url in reads + writes:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_unknown_round_is_404(as_, cast):
    assert (
        as_(cast.consultant).get(reverse("grouping:round_detail", args=[999999])).status_code == 404
    )


def test_consultant_creates_composes_and_sees_the_score(cast, as_):
    add_participants(cast, 10)
    client = as_(cast.consultant)
    url = reverse("grouping:round_list", args=[cast.cohort.pk])
    data = {"min_size": 3, "max_size": 6, "keep_same_workplace_apart": "on"}
    for key in (
        "department",
        "workplace",
        "profession",
        "gender",
        "age_band",
        "seniority",
        "leader_experience",
        "jti",
    ):
        data[f"mode_{key}"] = "spread"
        data[f"weight_{key}"] = 1
    response = client.post(url, data)
    rnd = GroupingRound.objects.get(cohort=cast.cohort)
    assert response.status_code == 302 and response["Location"].endswith(f"/runde/{rnd.pk}/")
    response = client.post(
        reverse("grouping:round_compose", args=[rnd.pk]), {"version": rnd.version}, follow=True
    )
    assert "mere mangfoldig" in response.content.decode()
    assert "Hvorfor mangfoldig" in response.content.decode()
    # The score has a scale a consultant can read.
    assert "0 = ens, 1 = helt forskellige" in response.content.decode()
    assert "En tilfældig gruppering med de samme gruppestørrelser ville give" in (
        response.content.decode()
    )
    assert rnd.memberships.count() == 12


def test_bad_settings_form_is_rejected_and_nothing_is_saved(cast, as_, composed):
    client = as_(cast.consultant)
    response = client.post(
        reverse("grouping:round_settings", args=[composed.pk]),
        {"version": composed.version, "min_size": 6, "max_size": 3},
    )
    assert response.status_code == 400
    assert GroupingRound.objects.get(pk=composed.pk).version == composed.version


def test_htmx_move_returns_the_board_with_new_score_and_versions(cast, as_, composed):
    sizes = Counter(composed.memberships.values_list("group_id", flat=True))
    big = max(sizes, key=sizes.get)
    small = min(sizes, key=sizes.get)
    units_in_small = set(
        GroupMembership.objects.filter(group_id=small).values_list(
            "enrolment__person__unit_id", flat=True
        )
    )
    ms = next(
        m
        for m in GroupMembership.objects.filter(group_id=big).select_related("enrolment__person")
        if m.enrolment.person.unit_id not in units_in_small
    )
    response = as_(cast.consultant).post(
        reverse("grouping:membership_move", args=[ms.pk]),
        {"version": composed.version, "group": small},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="board"' in body and 'hx-swap-oob="innerHTML"' in body
    assert f'value="{composed.version + 1}" id="version-settings"' in body
    ms.refresh_from_db()
    assert ms.group_id == small


def test_htmx_stale_move_shows_the_danish_error_and_changes_nothing(cast, as_, composed):
    ms = composed.memberships.first()
    other = composed.groups.exclude(pk=ms.group_id).first()
    response = as_(cast.consultant).post(
        reverse("grouping:membership_move", args=[ms.pk]),
        {"version": composed.version - 1, "group": other.pk},
        HTTP_HX_REQUEST="true",
    )
    assert "ændret af en anden" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    ms.refresh_from_db()
    assert ms.group_id != other.pk


def test_lock_without_js_redirects_to_the_member(cast, as_, composed):
    ms = composed.memberships.first()
    response = as_(cast.consultant).post(
        reverse("grouping:membership_lock", args=[ms.pk]),
        {"version": composed.version, "locked": "on"},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#medlem-{ms.pk}")
    ms.refresh_from_db()
    assert ms.locked


def test_publish_via_the_confirm_page(cast, as_, composed):
    client = as_(cast.consultant)
    url = reverse("grouping:round_publish", args=[composed.pk])
    assert "Offentliggør netværksgrupperne?" in client.get(url).content.decode()
    client.post(url, {"version": composed.version})
    assert GroupingRound.objects.get(pk=composed.pk).status == "published"


def test_cohort_page_links_to_network_groups_only_for_those_who_manage(cast, as_):
    url = reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    link = reverse("grouping:round_list", args=[cast.cohort.pk])
    assert link in as_(cast.consultant).get(url).content.decode()
    assert link not in as_(cast.hr_colleague).get(url).content.decode()


# --- the participant's page ------------------------------------------------------------------


def _enrolment_page(as_, person, enrolment) -> str:
    response = as_(person).get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_participant_does_not_see_a_draft_group(cast, as_, composed):
    assert "netværksgruppe:" not in _enrolment_page(as_, cast.aspirant, cast.enrolment)


def test_participant_sees_their_published_group_with_tasks_and_meetings(cast, as_, composed):
    add_meetings(cast.cohort)
    mine = GroupMembership.objects.select_related("group").get(
        round=composed, enrolment=cast.enrolment
    )
    services.network_group_set_tasks(
        group=mine.group,
        tasks="Del en ledelsesudfordring.",
        by=cast.consultant.user,
        expected_version=composed.version,
    )
    composed.refresh_from_db()
    services.grouping_round_publish(
        round=composed, by=cast.consultant.user, expected_version=composed.version
    )
    page = _enrolment_page(as_, cast.aspirant, cast.enrolment)
    assert f"Din netværksgruppe: {mine.group.name}" in page
    assert "Del en ledelsesudfordring." in page
    assert "Netværksmøde 1" in page
    for other in GroupMembership.objects.filter(group=mine.group).select_related(
        "enrolment__person__unit"
    ):
        assert other.enrolment.person.full_name in page
        # members can reach each other
        assert f'href="mailto:{other.enrolment.person.email}"' in page
    outside = (
        GroupMembership.objects.filter(round=composed)
        .exclude(group=mine.group)
        .select_related("enrolment__person")
    )
    for other in outside:
        assert other.enrolment.person.full_name not in page
        assert other.enrolment.person.email not in page
    # the nearest leader and the chef see the enrolment but not the group
    assert "Netværksgruppe" not in _enrolment_page(as_, cast.leader, cast.enrolment)
    assert "Netværksgruppe:" not in _enrolment_page(as_, cast.chef, cast.enrolment)
    assert f"Netværksgruppe: {mine.group.name}" in _enrolment_page(
        as_, cast.consultant, cast.enrolment
    )


# --- JTI consent -----------------------------------------------------------------------------


def test_participant_records_and_withdraws_jti_with_consent(cast, as_):
    client = as_(cast.aspirant)
    url = reverse("grouping:enrolment_jti", args=[cast.enrolment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"jti_type": "intp"})
    assert response.status_code == 200 and "Sæt kryds ved samtykke" in response.content.decode()
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.jti_type == ""
    assert client.post(url, {"jti_type": "intp", "consent": "on"}).status_code == 302
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.jti_type == "INTP" and cast.enrolment.jti_consent_at
    assert client.post(url, {"jti_type": "INTP"}).status_code == 302
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.jti_type == "" and cast.enrolment.jti_consent_at is None


def test_bad_jti_type_is_rejected(cast, as_):
    response = as_(cast.aspirant).post(
        reverse("grouping:enrolment_jti", args=[cast.enrolment.pk]),
        {"jti_type": "ABCD", "consent": "on"},
    )
    assert response.status_code == 200 and "JTI-type" in response.content.decode()
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.jti_type == ""


@pytest.mark.parametrize(
    "who", ["leader", "chef", "consultant", "hr_colleague", "admin", "other_aspirant", "outsider"]
)
def test_only_the_participant_may_see_their_jti_form(cast, as_, who):
    """Everyone but the participant gets 404 – the JTI form is the participant's alone."""
    url = reverse("grouping:enrolment_jti", args=[cast.enrolment.pk])
    client = as_(_who(cast, who))
    assert client.get(url).status_code == 404
    assert client.post(url, {"jti_type": "ENTJ", "consent": "on"}).status_code == 404
    cast.enrolment.refresh_from_db()
    assert cast.enrolment.jti_type == ""


def test_jti_page_needs_login(client, cast):
    url = reverse("grouping:enrolment_jti", args=[cast.enrolment.pk])
    assert client.get(url).status_code == 302


def test_get_on_post_only_urls_redirects_to_the_round_page(cast, as_, composed):
    """A GET (a reload, a pasted link) goes to the round page instead of a blank 405. (A move's
    GET is the move form since issue #17: test_move_page.py.)"""
    detail = reverse("grouping:round_detail", args=[composed.pk])
    urls = [url for i, (url, _data) in enumerate(_post_urls(cast, composed)) if i in (1, 2, 5)]
    for who in ("consultant", "hr_colleague"):
        client = as_(_who(cast, who))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, (who, url)
            assert response["Location"].split("#")[0] == detail, (who, url)
    for who in NOBODIES:
        client = as_(_who(cast, who))
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
    assert GroupingRound.objects.get(pk=composed.pk).version == composed.version


def test_consultant_front_page_points_to_the_network_groups(cast, as_):
    page = as_(cast.consultant).get(reverse("site:home")).content.decode()
    assert "Netværksgrupperne finder du på holdets side" in page
    assert reverse("programmes:cohort_list") in page


def test_job_visit_cohorts_get_no_network_groups(cast, as_):
    """Job-visit cohorts work in pairs; the service refuses a round and the page offers none."""
    from django.core.exceptions import ValidationError

    from lederspor.programmes.models import Programme, ProgrammeKind

    programme = Programme.objects.create(
        key="jobvisit-test", kind=ProgrammeKind.JOB_VISIT, name="Jobbesøg", is_operational=True
    )
    cast.cohort.programme = programme
    cast.cohort.save(update_fields=["programme"])
    with pytest.raises(ValidationError, match="Jobbesøgshold har ikke netværksgrupper"):
        services.grouping_round_create(cohort=cast.cohort, by=cast.consultant.user)
    url = reverse("grouping:round_list", args=[cast.cohort.pk])
    client = as_(cast.consultant)
    page = client.get(url).content.decode()
    assert "Ny runde" not in page and "Opret runde" not in page
    assert "Jobbesøgshold har ikke netværksgrupper" in page
    response = client.post(url, {"min_size": 3, "max_size": 6})
    assert response.status_code == 200
    assert "Jobbesøgshold har ikke netværksgrupper" in response.content.decode()
    assert not GroupingRound.objects.filter(cohort=cast.cohort).exists()


def test_trainee_cohorts_get_no_network_groups_but_clarification_cohorts_do(cast, as_):
    """Seed 003 has no network groups of its own; seed 002 §6 composes them."""
    from django.core.exceptions import ValidationError

    from lederspor.site.testing import make_cohort

    trainee_cohort, _ = make_cohort("trainee", consultants=[cast.consultant])
    with pytest.raises(ValidationError, match="Ledertraineehold har ikke egne netværksgrupper"):
        services.grouping_round_create(cohort=trainee_cohort, by=cast.consultant.user)
    page = as_(cast.consultant).get(reverse("grouping:round_list", args=[trainee_cohort.pk]))
    assert "Ledertraineehold har ikke egne netværksgrupper" in page.content.decode()
    clarification, _ = make_cohort("clarification", consultants=[cast.consultant])
    assert services.cohort_has_network_groups(clarification)
    assert services.grouping_round_create(cohort=clarification, by=cast.consultant.user).number == 1
