"""One concurrency mechanism, tested for every editable object (issue: "a stale save anywhere
gets 409, a Danish message and the typed text back").

Each case makes an object, names its edit page and builds a valid POST with a distinctive text.
The test loads the version, saves once (the page redirects), then posts again with the same,
now stale, version: 409, the Danish message, the typed text in the form, and the first save
kept. `test_every_versioned_model_has_a_case` makes a new editable model fail until it has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lederspor.core.concurrency import VersionedModel
from lederspor.programmes.models import Session


@dataclass(frozen=True)
class Case:
    """`make(cast)` → the object; `url(obj)` → its edit page; `post(cast, obj, text)` → valid
    form data carrying `text` (without the version); `who(cast)` → the editor; `saved(obj)` →
    the value the text lands in, read from a fresh copy of the row."""

    model: type[VersionedModel]
    make: Callable[[Any], VersionedModel]
    url: Callable[[VersionedModel], str]
    post: Callable[[Any, VersionedModel, str], dict]
    who: Callable[[Any], Any]
    saved: Callable[[VersionedModel], str]


def _local(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _session(cast) -> Session:
    return Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværksmøde",
        starts_at=_local(14, 9),
        ends_at=_local(14, 12),
        place="Rådhuset",
    )


def _cohort_post(cast, cohort, text: str) -> dict:
    return {
        "programme": cohort.programme_id,
        "name": text,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "capacity": cohort.capacity,
        "nomination_deadline": "",
        "description": "",
        "consultants": [cast.consultant.pk],
    }


def _session_post(cast, session, text: str) -> dict:
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "kind": session.kind,
        "theme": text,
        "starts_at": timezone.localtime(session.starts_at).strftime(fmt),
        "ends_at": timezone.localtime(session.ends_at).strftime(fmt),
        "place": session.place,
        "description": "",
    }


CASES = [
    Case(
        model=apps.get_model("programmes", "Cohort"),
        make=lambda cast: cast.cohort,
        url=lambda o: reverse("programmes:cohort_edit", args=[o.pk]),
        post=_cohort_post,
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).name,
    ),
    Case(
        model=Session,
        make=_session,
        url=lambda o: reverse("programmes:session_edit", args=[o.pk]),
        post=_session_post,
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).theme,
    ),
]


# --- catalogue: an agreed practice task, edited by the nearest leader -------------------------


def _assignment(cast):
    from lederspor.catalogue.services import task_assignment_propose

    return task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.leader,
        by=cast.leader.user,
        title="Planlæg et personalemøde",
        learning_goal="Mødeledelse",
    )


def _assignment_post(cast, assignment, text: str) -> dict:
    return {
        "title": assignment.title,
        "scope": text,
        "resources": "",
        "learning_goal": assignment.learning_goal,
        "host": "",
        "host_note": "",
        "starts_on": "",
        "due_on": "",
    }


CASES += [
    Case(
        model=apps.get_model("catalogue", "TaskAssignment"),
        make=_assignment,
        url=lambda o: reverse("catalogue:assignment_edit", args=[o.pk]),
        post=_assignment_post,
        who=lambda cast: cast.leader,
        saved=lambda o: type(o).objects.get(pk=o.pk).scope,
    ),
]


# --- logbook: an entry, edited by its author -------------------------------------------------


def _logbook_entry(cast):
    from lederspor.logbook.services import entry_create

    return entry_create(
        enrolment=cast.enrolment,
        title="Efter netværksmødet",
        text="Mine første tanker",
        written_on=timezone.localdate(),
        by=cast.aspirant.user,
    )


def _logbook_entry_post(cast, entry, text: str) -> dict:
    return {
        "title": entry.title,
        "written_on": entry.written_on.isoformat(),
        "text": text,
        "visibility": entry.visibility,
        "session": "",
        "task_assignment": "",
        "conversation": "",
    }


CASES += [
    Case(
        model=apps.get_model("logbook", "LogbookEntry"),
        make=_logbook_entry,
        url=lambda o: reverse("logbook:entry_edit", args=[o.pk]),
        post=_logbook_entry_post,
        who=lambda cast: cast.aspirant,
        saved=lambda o: type(o).objects.get(pk=o.pk).text,
    ),
]


# --- grouping: a round, through the one page that carries typed text (a group's tasks) --------


def _grouping_round(cast):
    from lederspor.grouping.models import GroupingRound, NetworkGroup

    rnd = GroupingRound.objects.create(cohort=cast.cohort, number=1)
    NetworkGroup.objects.create(round=rnd, number=1, name="Gruppe 1")
    return rnd


CASES += [
    Case(
        model=apps.get_model("grouping", "GroupingRound"),
        make=_grouping_round,
        url=lambda o: reverse("grouping:group_tasks", args=[o.groups.get().pk]),
        post=lambda cast, o, text: {"tasks": text},
        who=lambda cast: cast.consultant,
        saved=lambda o: o.groups.get().tasks,
    ),
]


# --- clarification: the pre-start mailing, a leader talk and a peer's feedback on it ----------


def _lps_cohort(cast, *, starts_in_days: int = 30):
    from lederspor.site.testing import make_cohort

    return make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant],
        starts_in_days=starts_in_days,
    )


def _mailing(cast):
    from lederspor.clarification.services import mailing_create

    cohort, _enrolments = _lps_cohort(cast)
    return mailing_create(
        cohort=cohort,
        subject="Velkommen til Leder på spring",
        body="Læs artiklerne.",
        jti_url="https://jti.example.dk/besvar",
        article_links="",
        days_before=14,
        by=cast.consultant.user,
    )


def _mailing_post(cast, mailing, text: str) -> dict:
    return {
        "subject": mailing.subject,
        "body": text,
        "jti_url": mailing.jti_url,
        "article_links": "",
        "days_before": mailing.days_before,
    }


def _leader_talk(cast):
    from lederspor.clarification.services import leader_talk_create

    _cohort, (anna, _bo) = _lps_cohort(cast)
    return leader_talk_create(
        enrolment=anna, title="Når vi ændrer vagtplanen", session=None, by=cast.aspirant.user
    )


def _talk_feedback(cast):
    from lederspor.clarification.services import leader_talk_create, talk_feedback_create

    cohort, (anna, bo) = _lps_cohort(cast, starts_in_days=-10)
    held = Session.objects.create(
        cohort=cohort,
        kind=Session.Kind.TEACHING_DAY,
        theme="Lederindlæg",
        starts_at=_local(-1, 9),
        ends_at=_local(-1, 15),
    )
    talk = leader_talk_create(
        enrolment=anna, title="Når vi ændrer vagtplanen", session=held, by=cast.aspirant.user
    )
    return talk_feedback_create(
        talk=talk, author=bo, values={"impact_feedback": "Klar stemme"}, by=cast.other_aspirant.user
    )


def _talk_feedback_post(cast, feedback, text: str) -> dict:
    from lederspor.clarification.services import FEEDBACK_FIELDS

    return dict.fromkeys(FEEDBACK_FIELDS, "") | {"impact_feedback": text}


CASES += [
    Case(
        model=apps.get_model("clarification", "PreStartMailing"),
        make=_mailing,
        url=lambda o: reverse("clarification:mailing_edit", args=[o.cohort_id]),
        post=_mailing_post,
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).body,
    ),
    Case(
        model=apps.get_model("clarification", "LeaderTalk"),
        make=_leader_talk,
        url=lambda o: reverse("clarification:talk_edit", args=[o.enrolment_id]),
        post=lambda cast, o, text: {"title": text, "session": ""},
        who=lambda cast: cast.aspirant,
        saved=lambda o: type(o).objects.get(pk=o.pk).title,
    ),
    Case(
        model=apps.get_model("clarification", "LeaderTalkFeedback"),
        make=_talk_feedback,
        url=lambda o: reverse("clarification:feedback_edit", args=[o.talk_id]),
        post=_talk_feedback_post,
        who=lambda cast: cast.other_aspirant,
        saved=lambda o: type(o).objects.get(pk=o.pk).impact_feedback,
    ),
]


# --- visits: a job visit (its host's plan) and a wrap-up group (its consultants' notes) -------


def _job_visit(cast):
    from lederspor.visits.tests import factories

    cohort = factories.published(cast, [cast.leader, factories.leader(cast, "Bente")])
    return cohort.visit_pairs.get().visits.get(host=cast.leader)


def _job_visit_post(cast, visit, text: str) -> dict:
    return {
        "activity": text,
        "themes": ["Visionsledelse"],
        "starts_at": "",
        "ends_at": "",
        "place": "",
    }


def _wrap_up_group(cast):
    from lederspor.visits.services import wrap_up_compose
    from lederspor.visits.tests import factories

    cohort = factories.published(cast, factories.leaders(cast, 4))
    (group,) = wrap_up_compose(cohort=cohort, by=cast.consultant.user)
    return group


CASES += [
    Case(
        model=apps.get_model("visits", "JobVisit"),
        make=_job_visit,
        url=lambda o: reverse("visits:visit_plan", args=[o.pk]),
        post=_job_visit_post,
        who=lambda cast: cast.leader,
        saved=lambda o: type(o).objects.get(pk=o.pk).activity,
    ),
    Case(
        model=apps.get_model("visits", "WrapUpGroup"),
        make=_wrap_up_group,
        url=lambda o: reverse("visits:wrap_up_detail", args=[o.pk]),
        post=lambda cast, o, text: {"notes": text},
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).notes,
    ),
]


# --- competence: a plan, one of its five fields edited by the unit's leader -------------------


def _competence_plan(cast):
    from lederspor.competence.services import plan_create

    return plan_create(
        title="Medicin til beboerne", unit=cast.workplace, owner=cast.leader, by=cast.admin
    )


CASES += [
    Case(
        model=apps.get_model("competence", "CompetencePlan"),
        make=_competence_plan,
        url=lambda o: reverse("competence:plan_field", args=[o.pk, "perspective"]),
        post=lambda cast, o, text: {"core_task_effect": text, "workplace_effect": ""},
        who=lambda cast: cast.leader,
        saved=lambda o: type(o).objects.get(pk=o.pk).core_task_effect,
    ),
]


# --- licences: a kørekort task, edited by the unit's leader ------------------------------------


def _licence_task(cast):
    from lederspor.licences.services import licence_task_create

    return licence_task_create(
        unit=cast.workplace, title="Måltidet er mere end mad", valid_months=24, by=cast.leader.user
    )


CASES += [
    Case(
        model=apps.get_model("licences", "LicenceTask"),
        make=_licence_task,
        url=lambda o: reverse("licences:licence_task_edit", args=[o.pk]),
        post=lambda cast, o, text: {"title": o.title, "description": text, "valid_months": "24"},
        who=lambda cast: cast.leader,
        saved=lambda o: type(o).objects.get(pk=o.pk).description,
    ),
]


# --- agreements: a trainee's draft learning agreement, edited by the nearest leader -----------


def _learning_agreement(cast):
    from lederspor.agreements.services import agreement_create
    from lederspor.site.testing import make_cohort

    _cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    return agreement_create(enrolment=enrolment, user=cast.leader.user)


def _learning_agreement_post(cast, agreement, text: str) -> dict:
    rows = {
        f"{prefix}-{key}": 0
        for prefix in ("goals", "blocks")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    return {"leader_support": text, **rows}


CASES += [
    Case(
        model=apps.get_model("agreements", "LearningAgreement"),
        make=_learning_agreement,
        url=lambda o: reverse("agreements:agreement_edit", args=[o.pk]),
        post=_learning_agreement_post,
        who=lambda cast: cast.leader,
        saved=lambda o: type(o).objects.get(pk=o.pk).leader_support,
    ),
]


# --- trainee: the personality test (consultants) and the outcome (consultants, nearest leader) -


def _trainee_enrolment(cast):
    from lederspor.site.testing import make_cohort

    _cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    return enrolment


def _personality_test(cast):
    from lederspor.trainee.services import personality_test_create

    return personality_test_create(
        enrolment=_trainee_enrolment(cast),
        taken_on=timezone.localdate() - dt.timedelta(days=10),
        feedback_given_on=None,
        feedback_by=None,
        recorded_by=cast.consultant,
        by=cast.consultant.user,
    )


def _personality_test_post(cast, test, text: str) -> dict:
    return {
        "taken_on": test.taken_on.isoformat(),
        "feedback_given_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "feedback_by": cast.consultant.pk,
        "conversation": "",
        "note": text,
    }


def _trainee_outcome(cast):
    from lederspor.trainee.services import outcome_create

    return outcome_create(
        enrolment=_trainee_enrolment(cast),
        outcome="leader_ready",
        note="",
        recorded_by=cast.leader,
        by=cast.leader.user,
    )


CASES += [
    Case(
        model=apps.get_model("trainee", "PersonalityTest"),
        make=_personality_test,
        url=lambda o: reverse("trainee:personality_test", args=[o.enrolment_id]),
        post=_personality_test_post,
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).note,
    ),
    Case(
        model=apps.get_model("trainee", "TraineeOutcome"),
        make=_trainee_outcome,
        url=lambda o: reverse("trainee:outcome", args=[o.enrolment_id]),
        post=lambda cast, o, text: {
            "outcome": "in_leader_job",
            "decided_on": timezone.localdate().isoformat(),
            "note": text,
        },
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).note,
    ),
]


# --- conversations: the shared record, an attendee's preparation and a template's questions --


def _conversation(cast):
    from lederspor.conversations.services import conversation_plan
    from lederspor.site.testing import content_conversation_templates

    content_conversation_templates()
    _cohort, (anna, _bo) = _lps_cohort(cast)
    return conversation_plan(
        enrolment=anna,
        kind="leader_before",
        starts_at=_local(14, 9),
        ends_at=_local(14, 10),
        by=cast.leader.user,
    )


def _template(cast):
    from lederspor.site.testing import content_conversation_templates

    return next(t for t in content_conversation_templates() if t.kind == "ongoing")


def _template_post(cast, template, text: str) -> dict:
    questions = template.newest_version().questions
    data = {
        "q-TOTAL_FORMS": len(questions),
        "q-INITIAL_FORMS": len(questions),
        "q-MIN_NUM_FORMS": 0,
        "q-MAX_NUM_FORMS": 1000,
        "note": text,
    }
    for i, q in enumerate(questions):
        data |= {f"q-{i}-id": q["id"], f"q-{i}-section": q["section"], f"q-{i}-text": q["text"]}
    return data


CASES += [
    Case(
        model=apps.get_model("conversations", "Conversation"),
        make=_conversation,
        url=lambda o: reverse("conversations:record", args=[o.pk]),
        post=lambda cast, o, text: {"notes": text},
        who=lambda cast: cast.leader,
        saved=lambda o: type(o).objects.get(pk=o.pk).notes,
    ),
    Case(
        model=apps.get_model("conversations", "ConversationAttendee"),
        make=lambda cast: _conversation(cast).attendees.get(person=cast.aspirant),
        url=lambda o: reverse("conversations:prepare", args=[o.conversation_id]),
        post=lambda cast, o, text: {"q_drive": text},
        who=lambda cast: cast.aspirant,
        saved=lambda o: type(o).objects.get(pk=o.pk).preparation.get("drive", ""),
    ),
    Case(
        model=apps.get_model("conversations", "ConversationTemplate"),
        make=_template,
        url=lambda o: reverse("conversations:template_edit", args=[o.kind]),
        post=_template_post,
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).newest_version().note,
    ),
]


def _content_item(cast: Any) -> Any:
    """A catalogue task's texts as versioned content (issue #16 §1), edited on its page."""
    from lederspor.catalogue.models import PracticeTask
    from lederspor.core.content_versions import seed_default
    from lederspor.core.models import ContentItem

    data = {
        "title": "Opgave",
        "purpose": "F",
        "content": "I",
        "case": "C",
        "links": [],
        "steps": [],
    }
    PracticeTask.objects.create(number=77, **{k: v for k, v in data.items()})
    seed_default("task:77", data)
    return ContentItem.objects.get(key="task:77")


def _content_live_title(o: Any) -> str:
    from lederspor.core.content_versions import live_data

    return str(live_data([o.key])[o.key]["title"])


CASES += [
    Case(
        model=apps.get_model("core", "ContentItem"),
        make=_content_item,
        url=lambda o: reverse("catalogue:task_content_edit", args=[77]),
        post=lambda cast, o, text: {
            "title": text,
            "purpose": "F",
            "content": "I",
            "case": "C",
            "steps": "",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
            "action": "save",
        },
        who=lambda cast: cast.hr_colleague,
        saved=_content_live_title,
    ),
]


def test_every_versioned_model_has_a_case():
    versioned = {m for m in apps.get_models() if issubclass(m, VersionedModel)}
    assert versioned == {case.model for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.model._meta.label)
def test_a_stale_save_gets_409_the_danish_message_and_the_typed_text(cast, as_, case):
    obj = case.make(cast)
    client = as_(case.who(cast))
    url = case.url(obj)
    loaded = type(obj).objects.get(pk=obj.pk).version
    assert client.get(url).status_code == 200

    first = client.post(url, case.post(cast, obj, "Første gemning") | {"version": loaded})
    assert first.status_code == 302, first.content.decode()[:2000]
    assert case.saved(obj) == "Første gemning"

    stale = client.post(url, case.post(cast, obj, "Min egen tekst") | {"version": loaded})
    body = stale.content.decode()
    assert stale.status_code == 409
    assert escape(case.model.stale_error().messages[0]) in body
    assert "Min egen tekst" in body
    assert case.saved(obj) == "Første gemning"
    assert type(obj).objects.get(pk=obj.pk).version == loaded + 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.model._meta.label)
def test_a_post_without_the_version_saves_nothing(cast, as_, case):
    obj = case.make(cast)
    before = type(obj).objects.get(pk=obj.pk).version
    response = as_(case.who(cast)).post(case.url(obj), case.post(cast, obj, "Uden version"))
    assert response.status_code == 400
    assert case.saved(obj) != "Uden version"
    assert type(obj).objects.get(pk=obj.pk).version == before


# --- pages that create the object when it does not exist yet, and edit it when it does -------

#: their form carries version 0 while there is no row (`core.concurrency.VersionedForm`)
CREATED_ON_THEIR_PAGE = {
    "clarification.PreStartMailing",
    "clarification.LeaderTalk",
    "clarification.LeaderTalkFeedback",
    "trainee.PersonalityTest",
    "trainee.TraineeOutcome",
}
CREATE_CASES = [case for case in CASES if case.model._meta.label in CREATED_ON_THEIR_PAGE]


def _page_without_the_row(cast, as_, case):
    """The object's page, loaded while the object does not exist: (client, url, typed data)."""
    obj = case.make(cast)
    url, data = case.url(obj), case.post(cast, obj, "Min egen tekst")
    type(obj).objects.filter(pk=obj.pk).delete()
    client = as_(case.who(cast))
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="version" value="0"' in page.content.decode()
    return obj, client, url, data


def test_every_create_page_has_a_case():
    assert {case.model._meta.label for case in CREATE_CASES} == CREATED_ON_THEIR_PAGE


@pytest.mark.parametrize("case", CREATE_CASES, ids=lambda c: c.model._meta.label)
def test_the_first_save_on_a_create_page_creates_the_object(cast, as_, case):
    obj, client, url, data = _page_without_the_row(cast, as_, case)
    response = client.post(url, data | {"version": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = type(obj).objects.get()
    assert case.saved(created) == "Min egen tekst"
    assert created.version == 1


@pytest.mark.parametrize("case", CREATE_CASES, ids=lambda c: c.model._meta.label)
def test_a_create_that_someone_else_beat_gets_409_and_keeps_the_text(cast, as_, case):
    obj, client, url, data = _page_without_the_row(cast, as_, case)
    obj.save(force_insert=True)  # someone else creates it while this page is open
    response = client.post(url, data | {"version": 0})
    body = response.content.decode()
    assert response.status_code == 409
    assert escape(case.model.stale_error().messages[0]) in body
    assert "Min egen tekst" in body
    assert case.saved(obj) != "Min egen tekst"
    assert type(obj).objects.get(pk=obj.pk).version == obj.version


# --- evaluations: a draft questionnaire's settings, edited by the cohort's consultant ----------


def _questionnaire(cast):
    from lederspor.evaluations.content import load_evaluation_templates
    from lederspor.evaluations.services import questionnaire_create

    templates = {t.key: t for t in load_evaluation_templates()}
    return questionnaire_create(
        cohort=cast.cohort,
        template=templates["aspirant-network-meeting"],
        session=_session(cast),
        anonymous=True,
        by=cast.consultant.user,
    )


def _questionnaire_post(cast, questionnaire, text: str) -> dict:
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "action": "settings",
        "title": text,
        "anonymous": "on",
        "send_at": timezone.localtime(questionnaire.send_at).strftime(fmt),
        "reminder_at": timezone.localtime(questionnaire.reminder_at).strftime(fmt),
        "closes_on": questionnaire.closes_on.isoformat(),
    }


CASES += [
    Case(
        model=apps.get_model("evaluations", "Questionnaire"),
        make=_questionnaire,
        url=lambda o: reverse("evaluations:edit", args=[o.pk]),
        post=_questionnaire_post,
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).title,
    ),
]


# --- mailings: a mail template, edited by HR staff and the consultants (issue #16 §3) ---------

CASES += [
    Case(
        model=apps.get_model("mailings", "MailTemplate"),
        make=lambda cast: apps.get_model("mailings", "MailTemplate").objects.create(
            name="Velkomst", subject="Velkommen til {hold}", body="Kære {fornavn}"
        ),
        url=lambda o: reverse("mailings:template_edit", args=[o.pk]),
        post=lambda cast, o, text: {"name": o.name, "subject": o.subject, "body": text},
        who=lambda cast: cast.consultant,
        saved=lambda o: type(o).objects.get(pk=o.pk).body,
    ),
]
