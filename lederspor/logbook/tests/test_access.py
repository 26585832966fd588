"""Who may read a logbook entry (issue #3 §3, §7): private entries are the author's alone; the
nearest leader reads what is shared with the leader — and only after it is shared; the
published network group reads what is shared with the group; consultants, chef, admin and
everyone else get 404. Readers get 403 on every write."""

import pytest
from django.urls import reverse

from lederspor.grouping.models import GroupingRound
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.selectors import entries_shared_with_leader, group_peer_enrolment_ids
from lederspor.logbook.services import entry_share
from lederspor.logbook.tests.factories import make_groups, write

EVERYONE = [
    "aspirant",
    "leader",
    "other_aspirant",
    "colleague",
    "other_leader",
    "consultant",
    "hr_colleague",
    "chef",
    "admin",
    "outsider",
    "host",
]


def detail(entry):
    return reverse("logbook:entry_detail", args=[entry.pk])


def status_by_person(cast, as_, target):
    return {who: as_(getattr(cast, who)).get(target).status_code for who in EVERYONE}


def expected(**readers):
    return {who: readers.get(who, 404) for who in EVERYONE}


def test_private_entry_is_the_authors_alone(cast, as_, enrolment, groups):
    entry = write(enrolment)
    assert status_by_person(cast, as_, detail(entry)) == expected(aspirant=200)


def test_leader_cannot_read_a_private_entry_until_it_is_shared(cast, as_, enrolment, groups):
    entry = write(enrolment, text="Jeg tvivler på, om jeg vil være leder")
    leader = as_(cast.leader)
    assert leader.get(detail(entry)).status_code == 404
    assert list(entries_shared_with_leader(enrolment=enrolment)) == []

    entry = entry_share(
        entry=entry, visibility=Visibility.LEADER, expected_version=1, by=cast.aspirant.user
    )
    response = leader.get(detail(entry))
    assert response.status_code == 200
    assert "Jeg tvivler på, om jeg vil være leder" in response.content.decode()
    assert list(entries_shared_with_leader(enrolment=enrolment)) == [entry]
    # shared with the leader is not shared with anyone else
    assert status_by_person(cast, as_, detail(entry)) == expected(aspirant=200, leader=200)

    entry_share(
        entry=entry, visibility=Visibility.PRIVATE, expected_version=2, by=cast.aspirant.user
    )
    assert leader.get(detail(entry)).status_code == 404
    assert list(entries_shared_with_leader(enrolment=enrolment)) == []


def test_group_shared_entry_is_read_by_the_published_group_only(cast, as_, enrolment, groups):
    entry = write(enrolment, visibility=Visibility.NETWORK_GROUP)
    # colleague is in group 2; the nearest leader does not read group-shared entries
    assert status_by_person(cast, as_, detail(entry)) == expected(aspirant=200, other_aspirant=200)


def test_a_draft_round_makes_no_network_group(cast, as_, lps):
    cohort, (mine, peer, _other) = lps
    make_groups(cohort, [[mine, peer]], status=GroupingRound.Status.DRAFT)
    entry = write(mine, visibility=Visibility.NETWORK_GROUP)
    assert as_(cast.other_aspirant).get(detail(entry)).status_code == 404
    assert group_peer_enrolment_ids(person=cast.other_aspirant) == set()


def test_the_newest_published_round_decides_the_group(cast, as_, lps):
    cohort, (mine, peer, other) = lps
    make_groups(cohort, [[mine, peer], [other]], number=1)
    make_groups(cohort, [[mine, other], [peer]], number=2)
    entry = write(mine, visibility=Visibility.NETWORK_GROUP)
    assert as_(cast.colleague).get(detail(entry)).status_code == 200
    assert as_(cast.other_aspirant).get(detail(entry)).status_code == 404


def test_a_withdrawn_peer_no_longer_reads_the_group(cast, as_, lps, groups):
    _cohort, (mine, peer, _other) = lps
    entry = write(mine, visibility=Visibility.NETWORK_GROUP)
    peer.status = peer.Status.WITHDRAWN
    peer.withdrawal_reason = "Nyt job"
    peer.save()
    assert as_(cast.other_aspirant).get(detail(entry)).status_code == 404


@pytest.mark.parametrize("name", ["entry_edit", "entry_delete"])
def test_readers_may_not_write(cast, as_, enrolment, groups, name):
    entry = write(enrolment, visibility=Visibility.LEADER)
    target = reverse(f"logbook:{name}", args=[entry.pk])
    assert as_(cast.leader).get(target).status_code == 403
    assert as_(cast.leader).post(target, {"title": "Overtaget"}).status_code == 403
    assert as_(cast.consultant).get(target).status_code == 404
    assert as_(cast.other_aspirant).get(target).status_code == 404
    assert LogbookEntry.objects.get(pk=entry.pk).title == entry.title


def test_reader_may_not_change_sharing(cast, as_, enrolment, groups):
    entry = write(enrolment, visibility=Visibility.NETWORK_GROUP)
    target = reverse("logbook:entry_share", args=[entry.pk])
    data = {"visibility": Visibility.LEADER, "version": entry.version}
    assert as_(cast.other_aspirant).post(target, data).status_code == 403
    assert as_(cast.admin).post(target, data).status_code == 404
    entry.refresh_from_db()
    assert entry.visibility == Visibility.NETWORK_GROUP and entry.version == 1


def test_pages_need_login(client, enrolment):
    entry = write(enrolment)
    for target in (
        reverse("logbook:entry_list"),
        reverse("logbook:entry_create"),
        reverse("logbook:group_entries"),
        reverse("logbook:shared_with_me", args=[enrolment.pk]),
        detail(entry),
    ):
        response = client.get(target)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_shared_page_shows_each_reader_only_what_is_shared_with_them(cast, as_, enrolment, groups):
    write(enrolment, title="Helt privat")
    write(enrolment, title="Til min leder", visibility=Visibility.LEADER)
    write(enrolment, title="Til gruppen", visibility=Visibility.NETWORK_GROUP)
    target = reverse("logbook:shared_with_me", args=[enrolment.pk])

    page = as_(cast.leader).get(target).content.decode()
    assert "Til min leder" in page
    assert "Til gruppen" not in page and "Helt privat" not in page

    page = as_(cast.other_aspirant).get(target).content.decode()
    assert "Til gruppen" in page
    assert "Til min leder" not in page and "Helt privat" not in page

    for who in ("colleague", "other_leader", "consultant", "chef", "admin", "outsider"):
        assert as_(getattr(cast, who)).get(target).status_code == 404, who

    own = as_(cast.aspirant).get(target)
    assert own.status_code == 302
    assert own["Location"] == f"{reverse('logbook:entry_list')}?enrolment={enrolment.pk}"


def test_group_page_lists_peers_group_entries_only(cast, as_, lps, groups):
    _cohort, (mine, peer, other) = lps
    write(mine, title="Annas gruppenotat", visibility=Visibility.NETWORK_GROUP)
    write(mine, title="Annas ledernotat", visibility=Visibility.LEADER)
    write(mine, title="Annas private notat")
    write(peer, title="Bos gruppenotat", visibility=Visibility.NETWORK_GROUP)
    write(other, title="Carls gruppenotat", visibility=Visibility.NETWORK_GROUP)
    target = reverse("logbook:group_entries")

    page = as_(cast.other_aspirant).get(target).content.decode()
    assert "Annas gruppenotat" in page
    for hidden in ("Annas ledernotat", "Annas private notat", "Bos gruppenotat", "Carls"):
        assert hidden not in page

    page = as_(cast.aspirant).get(target).content.decode()
    assert "Bos gruppenotat" in page and "Annas" not in page and "Carls" not in page

    page = as_(cast.consultant).get(target).content.decode()
    assert "gruppenotat" not in page
    assert "Ingen i din netværksgruppe har delt notater endnu." in page


def test_selector_shared_with_leader_is_newest_first_and_per_enrolment(cast, lps):
    import datetime as dt

    _cohort, (mine, peer, _other) = lps
    today = dt.date(2026, 3, 1)
    old = write(mine, title="Gammel", visibility=Visibility.LEADER, written_on=today)
    new = write(
        mine,
        title="Ny",
        visibility=Visibility.LEADER,
        written_on=today + dt.timedelta(days=1),
    )
    write(mine, title="Privat")
    write(mine, title="Gruppe", visibility=Visibility.NETWORK_GROUP)
    write(peer, title="Bos", visibility=Visibility.LEADER)
    assert list(entries_shared_with_leader(enrolment=mine)) == [new, old]


def test_leaders_logbook_page_lists_reports_who_shared(cast, as_, lps, groups):
    _cohort, (mine, peer, other) = lps
    write(mine, title="Privat")
    write(other, title="Carls ledernotat", visibility=Visibility.NETWORK_GROUP)
    page = as_(cast.leader).get(reverse("logbook:entry_list")).content.decode()
    assert "Delt med dig som nærmeste leder" not in page

    write(mine, title="Til Lars", visibility=Visibility.LEADER)
    write(mine, title="Også til Lars", visibility=Visibility.LEADER)
    write(peer, title="Til Lene", visibility=Visibility.LEADER)
    page = as_(cast.leader).get(reverse("logbook:entry_list")).content.decode()
    assert "Delt med dig som nærmeste leder" in page
    assert "Anna Aspirant" in page and "2 delte notater" in page
    assert reverse("logbook:shared_with_me", args=[mine.pk]) in page
    assert "Bo Aspirant" not in page and "Carl Kollega" not in page
    # the titles themselves are read on the participant's page, not listed here
    assert "Til Lars" not in page
    page = as_(cast.other_leader).get(reverse("logbook:entry_list")).content.decode()
    assert "Bo Aspirant" in page and "Anna Aspirant" not in page


def test_entries_beside_a_conversation_only_for_the_participant_and_the_nearest_leader(
    cast, enrolment, rf
):
    """The entries shared with the leader, shown beside a conversation with the leader, are
    for the entries' readers only: a consultant who may read the conversation sees nothing
    (issue #15 §4)."""
    from lederspor.conversations.models import Conversation, ConversationKind
    from lederspor.logbook.panels import conversation_section

    entry = write(enrolment, title="Vagtplanen", text="Det var svært")
    entry_share(
        entry=entry,
        visibility=Visibility.LEADER,
        expected_version=entry.version,
        by=cast.aspirant.user,
    )
    conversation = Conversation(enrolment=enrolment, kind=ConversationKind.LEADER_BEFORE)
    for who in EVERYONE:
        request = rf.get("/")
        request.user = getattr(cast, who).user if who != "admin" else cast.admin
        html = conversation_section(request, conversation)
        assert ("Vagtplanen" in html) is (who in ("aspirant", "leader")), who
