"""Summary PDF and the letter to the host (read back with pypdf), template versioning through
the editor, and the query counts of the conversation pages."""

import io

from django.urls import reverse
from pypdf import PdfReader

from lederspor.conversations import services
from lederspor.conversations.content import CONTENT_FILE, host_letter_texts
from lederspor.conversations.models import ConversationTemplate
from lederspor.conversations.selectors import CAREER_PURPOSE
from lederspor.site.testing import make_cohort


def pdf_text(response) -> str:
    """The PDF's text with whitespace collapsed."""
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


def test_summary_pdf_of_a_held_conversation(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before", past=True)
    url = reverse("conversations:summary_pdf", args=[c.pk])
    assert as_(cast.aspirant).get(url).status_code == 302  # not held yet
    services.preparation_save(
        attendee=c.attendees.get(person=cast.aspirant),
        answers={"drive": "Privat forberedelse"},
        expected_version=1,
        by=cast.aspirant.user,
    )
    services.conversation_mark_held(conversation=c, expected_version=c.version, by=cast.leader.user)
    c.refresh_from_db()
    services.record_save(
        conversation=c,
        answers={"drive": "Lyst til at skabe retning"},
        notes="Godt møde",
        expected_version=c.version,
        by=cast.leader.user,
    )
    services.action_add(
        conversation=c,
        text="Skriv tre læringsmål",
        owner=cast.aspirant,
        due_on=None,
        by=cast.leader.user,
    )
    text = pdf_text(as_(cast.leader).get(url))
    assert "Samtale med nærmeste leder" in text
    assert "Hvad driver mig i forhold til at ville arbejde med ledelse?" in text
    assert "Lyst til at skabe retning" in text and "Godt møde" in text
    assert "Skriv tre læringsmål" in text
    assert cast.aspirant.full_name in text and cast.leader.full_name in text
    assert "Skabelonversion 1" in text
    assert "Privat forberedelse" not in text
    assert as_(cast.outsider).get(url).status_code == 404


def test_letter_to_the_host(cast, as_, clarification, plan):
    """The letter reads as a finished letter to the host by name: the seed's §4 adapted to the
    host (no "dig (som deltager)", no "din vært"), time and place, the participant's points of
    curiosity, the consultant's signature (issue #14 §1)."""
    _cohort, (enrolment, _o) = clarification
    c = plan(
        enrolment,
        "career",
        attendees=[(cast.aspirant, "participant"), (cast.host, "host")],
        place="Rådhuset, lokale 7",
    )
    services.career_save(
        conversation=c,
        confidentiality_addressed=False,
        curiosity_points="Hvordan blev du leder?",
        expected_version=c.version,
        by=cast.aspirant.user,
    )
    response = as_(cast.host).get(reverse("conversations:host_letter_pdf", args=[c.pk]))
    text = pdf_text(response)
    assert text.index(f"Kære {cast.host.full_name}") < text.index("Formålet med samtalen")
    assert f"Karrieresamtale med {cast.aspirant.full_name}" in text
    for paragraph in host_letter_texts().values():
        assert paragraph in text
    assert "dig (som deltager)" not in text and "din vært" not in text
    assert "du er gæst hos" not in text
    assert CAREER_PURPOSE not in text  # the participant guide's wording is not the letter
    assert "Rådhuset, lokale 7" in text and "Hvordan blev du leder?" in text
    assert cast.consultant.full_name in text and "Med venlig hilsen" in text
    assert "None" not in text and "curiosity" not in text
    assert text.count("(") == text.count(")")
    title = PdfReader(io.BytesIO(response.content)).metadata.title
    assert title == f"Brev til {cast.host.full_name} om karrieresamtalen"


def test_the_letters_texts_are_the_seeds_section_4_adapted(db):
    """Every paragraph of the letter has the seed's wording in the comment above it."""
    source = CONTENT_FILE.read_text(encoding="utf-8")
    table = source[source.index("[template.host_letter]") :]
    for key in host_letter_texts():
        line = next(x for x in table.splitlines() if x.startswith(f"{key} = "))
        above = table.splitlines()[table.splitlines().index(line) - 1]
        assert above.startswith('# Seed wording (002_0edc666aa0a2f0ed.txt §4): "')


def test_no_letter_for_another_kind_of_conversation(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    assert (
        as_(cast.aspirant).get(reverse("conversations:host_letter_pdf", args=[c.pk])).status_code
        == 404
    )


def _edit_post(template, rows, note="Skarpere spørgsmål", version=1):
    data = {
        "q-TOTAL_FORMS": len(rows),
        "q-INITIAL_FORMS": len(rows),
        "q-MIN_NUM_FORMS": 0,
        "q-MAX_NUM_FORMS": 1000,
        "note": note,
        "version": version,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"q-{i}-{key}"] = value
    return data


def test_template_edit_makes_a_new_version_and_conversations_keep_theirs(cast, as_, trainee, plan):
    _cohort, (enrolment,) = trainee
    held = plan(enrolment, "midway", past=True)
    services.conversation_mark_held(
        conversation=held, expected_version=held.version, by=cast.leader.user
    )
    template = ConversationTemplate.objects.get(kind="midway")
    v1 = template.versions.get()
    rows = [{"id": q["id"], "section": q["section"], "text": q["text"]} for q in v1.questions]
    rows[0]["text"] = "Hvad er lykkedes indtil nu?"
    rows[1]["DELETE"] = "on"
    rows.append({"id": "", "section": "Nyt", "text": "Hvad vil du bede din leder om?"})
    url = reverse("conversations:template_edit", args=["midway"])
    assert as_(cast.leader).get(url).status_code == 403
    assert as_(cast.outsider).get(url).status_code == 404
    response = as_(cast.consultant).post(url, _edit_post(template, rows))
    assert response.status_code == 302
    v2 = template.versions.order_by("-number").first()
    assert v2.number == 2 and v2.note == "Skarpere spørgsmål" and v2.created_by == cast.consultant
    texts = [q["text"] for q in v2.questions]
    assert texts[0] == "Hvad er lykkedes indtil nu?" and v1.questions[1]["text"] not in texts
    assert v2.questions[-1]["text"] == "Hvad vil du bede din leder om?"
    assert v2.questions[-1]["id"] not in {q["id"] for q in v1.questions}
    held.refresh_from_db()
    assert held.template_version == v1
    page = as_(cast.leader).get(reverse("conversations:detail", args=[held.pk])).content.decode()
    assert v1.questions[1]["text"] in page and "Hvad er lykkedes indtil nu?" not in page
    # a midway conversation is one-off per enrolment: the new version shows on another one
    _c2, (other,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.other_aspirant]
    )
    new = plan(other, "midway")
    assert new.template_version == v2
    # a second editor with the old number is refused and keeps their text
    stale = as_(cast.hr_colleague).post(
        url, _edit_post(template, [{"id": "", "section": "", "text": "Mit forslag"}])
    )
    assert stale.status_code == 409 and "Mit forslag" in stale.content.decode()
    assert template.versions.count() == 2
    # the template page marks seed questions and editable ones
    detail = as_(cast.leader).get(reverse("conversations:template_detail", args=["leader_before"]))
    assert "Fra kilden" in detail.content.decode()
    listing = as_(cast.aspirant).get(reverse("conversations:template_list"))
    assert listing.status_code == 200 and "Midtvejssamtale" in listing.content.decode()
    assert as_(cast.outsider).get(reverse("conversations:template_list")).status_code == 404


def test_template_edit_refuses_an_empty_template(cast, as_, templates):
    template = ConversationTemplate.objects.get(kind="ongoing")
    rows = [
        {"id": q["id"], "section": q["section"], "text": q["text"], "DELETE": "on"}
        for q in template.versions.get().questions
    ]
    response = as_(cast.consultant).post(
        reverse("conversations:template_edit", args=["ongoing"]), _edit_post(template, rows)
    )
    assert response.status_code == 400 and "mindst ét spørgsmål" in response.content.decode()
    assert template.versions.count() == 1


#: measured: session, user, person + 6 role checks, then the page: list 2 (conversations,
#: attendees); detail 5 (conversation, attendees, actions, logbook, action owners)
#: +2 each for the read log (the reader's person and the one insert; issue #15 §1)
LIST_QUERIES = 13
DETAIL_QUERIES = 16


def _fill(cast, n, plan):
    """n more participants (with the cast's leader as manager), each with a leader conversation
    with an action and a held record."""
    from lederspor.site.testing import make_person

    people = [
        make_person(
            f"P{n}{i}", "Deltager", cast.aspirant.unit, manager=cast.leader, number=f"9{n}{i}"
        )
        for i in range(n)
    ]
    _cohort, enrolments = make_cohort(
        "clarification", consultants=[cast.consultant], participants=people
    )
    for e in enrolments:
        c = plan(e, "leader_before")
        services.action_add(
            conversation=c, text="Aftale", owner=cast.leader, due_on=None, by=cast.leader.user
        )


def test_query_counts_do_not_grow(cast, as_, clarification, plan, django_assert_max_num_queries):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    client = as_(cast.leader)
    for size in (1, 6):
        _fill(cast, size, plan)
        for i in range(size):
            services.action_add(
                conversation=c,
                text=f"Aftale {size}-{i}",
                owner=cast.aspirant,
                due_on=None,
                by=cast.leader.user,
            )
        with django_assert_max_num_queries(LIST_QUERIES):
            assert client.get(reverse("conversations:list")).status_code == 200
        with django_assert_max_num_queries(DETAIL_QUERIES):
            assert client.get(reverse("conversations:detail", args=[c.pk])).status_code == 200


def test_the_letter_reads_hrs_edited_paragraph(cast, as_, clarification, plan):
    """An HR edit on the "Tekster" page (issue #16 §1) is in the next letter, with the
    participant's name filled in; the other paragraphs keep the file's wording."""
    from lederspor.core.models import ContentItem
    from lederspor.texts import services as texts

    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")])
    text = texts.get_text("conversations.host_letter")
    wording = {**texts.live(text), "purpose": "Samtalen giver {deltager_fornavn} et nyt blik."}
    item = ContentItem.objects.filter(key=text.content_key).first()
    texts.text_edit(
        text=text, data=wording, by=cast.admin, expected_version=item.version if item else 0
    )
    pdf = pdf_text(as_(cast.host).get(reverse("conversations:host_letter_pdf", args=[c.pk])))
    assert f"Samtalen giver {cast.aspirant.first_name} et nyt blik." in pdf
    assert text.default()["confidentiality"] in pdf
    assert text.default()["purpose"] not in pdf
