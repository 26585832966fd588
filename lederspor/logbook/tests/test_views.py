"""Writing in the logbook: the form and its defaults, bad input, link validation, the
concurrent-edit refusal (409), delete with undo, search, filters, pagination, query counts and
the panel on the programme page."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations.models import AttendeeRole
from lederspor.core.access import Relation
from lederspor.core.models import AuditEvent
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.panels import enrolment_panel
from lederspor.logbook.services import entry_create, entry_share, entry_update
from lederspor.logbook.tests.factories import make_conversation, make_session, write
from lederspor.programmes.extensions import EnrolmentPage
from lederspor.site.testing import make_cohort

NEW = reverse("logbook:entry_create")
LIST = reverse("logbook:entry_list")


def form_data(**overrides):
    data = {
        "title": "Ledelse i en kommunal kontekst",
        "written_on": "2026-03-02",
        "text": "Mange bundlinjer – også hos os.",
        "visibility": Visibility.PRIVATE,
        "session": "",
        "task_assignment": "",
        "conversation": "",
    }
    return {**data, **overrides}


def test_new_entry_defaults_to_today_and_private(cast, as_, enrolment):
    response = as_(cast.aspirant).get(f"{NEW}?forloeb={enrolment.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["written_on"].value() == timezone.localdate()
    assert form["visibility"].value() == Visibility.PRIVATE
    assert "Kun mig" in response.content.decode()


def test_create_entry_is_private_and_audited_without_its_text(cast, as_, enrolment):
    response = as_(cast.aspirant).post(
        f"{NEW}?forloeb={enrolment.pk}", form_data(text="Min hemmelige tvivl")
    )
    entry = LogbookEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("logbook:entry_detail", args=[entry.pk])
    assert entry.enrolment == enrolment
    assert entry.visibility == Visibility.PRIVATE and entry.shared_at is None
    assert entry.written_on == dt.date(2026, 3, 2)
    event = AuditEvent.objects.get(action="logbook_entry.create")
    assert event.object_id == str(entry.pk)
    for secret in ("Min hemmelige tvivl", "Ledelse i en kommunal kontekst"):
        assert secret not in event.summary and secret not in str(event.data)


def test_sharing_on_create_sets_shared_at(cast, as_, enrolment):
    as_(cast.aspirant).post(f"{NEW}?forloeb={enrolment.pk}", form_data(visibility="leader"))
    entry = LogbookEntry.objects.get()
    assert entry.visibility == Visibility.LEADER and entry.shared_at is not None


def test_people_without_a_programme_cannot_write(cast, as_, enrolment):
    assert as_(cast.outsider).get(NEW).status_code == 404
    assert as_(cast.leader).post(NEW, form_data()).status_code == 404
    assert not LogbookEntry.objects.exists()
    page = as_(cast.outsider).get(LIST)
    assert page.status_code == 200
    assert "Logbogen hører til et lederforløb." in page.content.decode()


def test_choosing_among_several_programmes(cast, as_, enrolment):
    # the aspirant is also on the cast's aspirant cohort
    response = as_(cast.aspirant).get(NEW)
    assert response.status_code == 200
    assert response.templates[0].name == "logbook/entry_choose.html"
    url = f"{NEW}?forloeb={cast.enrolment.pk}"
    assert as_(cast.aspirant).post(url, form_data()).status_code == 302
    assert LogbookEntry.objects.get().enrolment == cast.enrolment
    # someone else's enrolment is not a choice
    assert as_(cast.aspirant).get(f"{NEW}?forloeb={cast.other_enrolment.pk}").status_code == 404


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "   ", "Dette felt er påkrævet."),
        ("text", "", "Dette felt er påkrævet."),
        ("written_on", "31-02-2026", "Indtast en gyldig dato."),
        ("visibility", "everyone", "Marker en gyldig valgmulighed"),
    ],
)
def test_bad_input_keeps_what_was_typed_and_writes_nothing(
    cast, as_, enrolment, field, value, message
):
    url = f"{NEW}?forloeb={enrolment.pk}"
    typed = {"text": "Behold mig", field: value}
    response = as_(cast.aspirant).post(url, form_data(**typed))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if field != "text":
        assert "Behold mig" in page
    assert not LogbookEntry.objects.exists()


def test_links_are_limited_to_the_authors_own(cast, as_, lps, enrolment):
    cohort, (_mine, peer, _other) = lps
    other_cohort, _ = make_cohort("trainee", consultants=[cast.consultant])
    own_session = make_session(cohort)
    foreign_session = make_session(other_cohort, theme="Fremmed mødegang")
    own_conversation = make_conversation(
        enrolment, [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.leader, AttendeeRole.LEADER)]
    )
    peers_conversation = make_conversation(peer, [(cast.other_aspirant, AttendeeRole.PARTICIPANT)])
    # a conversation of her enrolment she does not attend is not hers to link either
    not_attended = make_conversation(enrolment, [(cast.leader, AttendeeRole.LEADER)])
    own_task = TaskAssignment.objects.create(
        enrolment=enrolment,
        title="Lede et personalemøde",
        learning_goal="Tydelighed",
        proposed_by=cast.leader,
    )
    peers_task = TaskAssignment.objects.create(
        enrolment=peer, title="Bos opgave", learning_goal="Autoritet", proposed_by=cast.other_leader
    )
    url = f"{NEW}?forloeb={enrolment.pk}"
    client = as_(cast.aspirant)

    page = client.get(url).content.decode()
    assert "Ledelse i en kommunal kontekst" in page and "Fremmed mødegang" not in page
    assert "Lede et personalemøde" in page and "Bos opgave" not in page

    for field, value, message in (
        ("session", foreign_session.pk, "Vælg en mødegang fra dit eget hold."),
        ("conversation", peers_conversation.pk, "Vælg en samtale, du selv deltager i."),
        ("conversation", not_attended.pk, "Vælg en samtale, du selv deltager i."),
        ("task_assignment", peers_task.pk, "Vælg en af dine egne praksisopgaver."),
        ("task_assignment", 999999, "Vælg en af dine egne praksisopgaver."),
    ):
        response = client.post(url, form_data(**{field: value}, text="Min tekst"))
        assert response.status_code == 400, field
        assert response.context["form"].errors[field] == [message]
        assert "Min tekst" in response.content.decode()
    assert not LogbookEntry.objects.exists()

    response = client.post(
        url,
        form_data(
            session=own_session.pk, conversation=own_conversation.pk, task_assignment=own_task.pk
        ),
    )
    assert response.status_code == 302
    entry = LogbookEntry.objects.get()
    assert entry.session == own_session and entry.conversation == own_conversation
    assert entry.task_assignment == own_task


def test_service_refuses_foreign_links_too(cast, lps, enrolment):
    from django.core.exceptions import ValidationError

    other_cohort, _ = make_cohort("trainee", consultants=[cast.consultant])
    with pytest.raises(ValidationError) as error:
        entry_create(
            enrolment=enrolment,
            title="x",
            text="y",
            written_on=timezone.localdate(),
            session=make_session(other_cohort),
            by=cast.aspirant.user,
        )
    assert "session" in error.value.error_dict
    assert not LogbookEntry.objects.exists()


def test_concurrent_edit_is_refused_with_409_and_the_text_kept(cast, as_, enrolment):
    entry = write(enrolment, text="Første udgave")
    url = reverse("logbook:entry_edit", args=[entry.pk])
    first, second = as_(cast.aspirant), as_(cast.aspirant)
    assert first.get(url).context["form"]["version"].value() == 1
    assert second.post(url, form_data(text="Fra fanen på telefonen", version=1)).status_code == 302

    response = first.post(url, form_data(text="Fra computeren", version=1))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Notatet er ændret et andet sted" in page
    assert "Fra computeren" in page
    entry.refresh_from_db()
    assert entry.text == "Fra fanen på telefonen" and entry.version == 2


def test_edit_without_version_is_rejected(cast, as_, enrolment):
    entry = write(enrolment, text="Uændret")
    url = reverse("logbook:entry_edit", args=[entry.pk])
    response = as_(cast.aspirant).post(url, form_data(text="Ny"))
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.text == "Uændret"


def test_stale_share_is_refused(cast, as_, enrolment):
    entry = write(enrolment)
    client = as_(cast.aspirant)
    url = reverse("logbook:entry_share", args=[entry.pk])
    client.post(url, {"visibility": Visibility.LEADER, "version": 1})
    response = client.post(url, {"visibility": Visibility.NETWORK_GROUP, "version": 1}, follow=True)
    assert "Notatet er ændret et andet sted" in response.content.decode()
    entry.refresh_from_db()
    assert entry.visibility == Visibility.LEADER and entry.version == 2
    assert AuditEvent.objects.filter(action="logbook_entry.share").count() == 1


def test_the_writes_need_the_version_the_page_was_loaded_with(cast, enrolment):
    entry = write(enrolment, text="Uændret")
    with pytest.raises(TypeError, match="int version"):
        entry_share(
            entry=entry, visibility=Visibility.LEADER, expected_version=None, by=cast.aspirant.user
        )
    with pytest.raises(TypeError, match="int version"):
        entry_update(
            entry=entry,
            title=entry.title,
            text="Ny",
            written_on=entry.written_on,
            visibility=entry.visibility,
            expected_version=None,
            by=cast.aspirant.user,
        )
    entry.refresh_from_db()
    assert (entry.text, entry.visibility, entry.version) == ("Uændret", Visibility.PRIVATE, 1)


def test_delete_and_undo_brings_the_entry_back(cast, as_, enrolment):
    session = make_session(enrolment.cohort)
    entry = write(
        enrolment, text="Kan ikke undværes", visibility=Visibility.LEADER, session=session
    )
    client = as_(cast.aspirant)
    delete_url = reverse("logbook:entry_delete", args=[entry.pk])
    assert client.get(delete_url).status_code == 200
    response = client.post(delete_url, follow=True)
    assert not LogbookEntry.objects.exists()
    page = response.content.decode()
    assert "er slettet" in page and "Fortryd" in page
    assert "Kan ikke undværes" not in str(AuditEvent.objects.values_list("summary", "data"))

    response = client.post(reverse("logbook:entry_restore"))
    restored = LogbookEntry.objects.get()
    assert response["Location"] == reverse("logbook:entry_detail", args=[entry.pk])
    assert restored.pk == entry.pk and restored.text == "Kan ikke undværes"
    assert restored.visibility == Visibility.LEADER and restored.session == session
    assert restored.shared_at == entry.shared_at

    again = client.post(reverse("logbook:entry_restore"), follow=True)
    assert "Der er ingen sletning at fortryde." in again.content.decode()
    assert LogbookEntry.objects.count() == 1


def test_search_filters_and_pagination(cast, as_, enrolment):
    start = dt.date(2026, 1, 1)
    for i in range(23):
        write(enrolment, title=f"Notat {i:02d}", text="hverdag", written_on=start + dt.timedelta(i))
    write(enrolment, title="Om autoritet", text="Hvordan får jeg autoritet?", visibility="leader")
    write(cast.enrolment, title="Aspirantnotat", text="hverdag", written_on=start)
    write(cast.other_enrolment, title="Bos notat", text="autoritet")
    client = as_(cast.aspirant)

    first = client.get(LIST)
    titles = [e.title for e in first.context["page_obj"]]
    assert len(titles) == 20 and titles[:2] == ["Om autoritet", "Notat 22"]
    assert "Bos notat" not in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page_obj"]) == 5
    assert "Side 2 af 2" in second.content.decode()

    found = client.get(LIST, {"q": "AUTORITET"})
    assert [e.title for e in found.context["page_obj"]] == ["Om autoritet"]
    shared = client.get(LIST, {"shared": "shared"})
    assert [e.title for e in shared.context["page_obj"]] == ["Om autoritet"]
    private = client.get(LIST, {"shared": "private", "enrolment": cast.enrolment.pk})
    assert [e.title for e in private.context["page_obj"]] == ["Aspirantnotat"]
    none = client.get(LIST, {"q": "findes ikke"})
    assert "Ingen notater matcher søgningen." in none.content.decode()
    # a page link keeps the search
    paged = client.get(LIST, {"q": "hverdag"}).content.decode()
    assert "q=hverdag&amp;page=2" in paged


def test_empty_logbook_quotes_the_seed(cast, as_, enrolment):
    page = as_(cast.aspirant).get(LIST).content.decode()
    assert (
        "Undervejs i forløbet har du gjort dig noter i din logbog om undervisningen og i "
        "forbindelsen med din praktik. Det er oplagt at bruge logbogen som udgangspunkt for "
        "samtalen."
    ) in page


def test_list_query_count_does_not_grow(cast, as_, enrolment):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = make_session(enrolment.cohort)
    client = as_(cast.aspirant)
    counts = []
    for size in (3, 30):
        while LogbookEntry.objects.count() < size:
            write(enrolment, title="Notat", session=session, visibility="leader")
        client.get(LIST)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"q": "Notat"})
        assert len(response.context["page_obj"]) == min(size, 20)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 14, counts


def _panel(cast, person, enrolment, relations, max_queries=None):
    """The panel as `person` sees it; with `max_queries`, count the queries of a second
    render on the same request (as on the programme page, where roles are already loaded)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/")
    request.user = person.user
    html = enrolment_panel(EnrolmentPage(request, enrolment, relations))
    if max_queries is not None:
        with CaptureQueriesContext(connection) as queries:
            html = enrolment_panel(EnrolmentPage(request, enrolment, relations))
        assert len(queries) <= max_queries
    return html


def test_panel_for_participant_leader_and_others(cast, enrolment, django_assert_max_num_queries):
    for i in range(5):
        write(enrolment, title=f"Notat {i}", written_on=dt.date(2026, 1, 1 + i))
    write(enrolment, title="Delt", written_on=dt.date(2025, 12, 1), visibility="leader")
    html = _panel(cast, cast.aspirant, enrolment, {Relation.PARTICIPANT}, max_queries=4)
    assert "Du har skrevet 6 notater i dette forløb." in html
    assert "Notat 4" in html and "Notat 2" in html and "Notat 1" not in html
    assert "Skriv i logbogen" in html

    html = _panel(cast, cast.leader, enrolment, {Relation.LEADER}, max_queries=4)
    assert "1 notat er delt med dig." in html and "Notat" not in html.replace("notat", "")
    assert reverse("logbook:shared_with_me", args=[enrolment.pk]) in html

    for relations in ({Relation.CONSULTANT}, {Relation.CHEF}, {Relation.ADMIN}, set()):
        assert _panel(cast, cast.consultant, enrolment, relations) == ""
