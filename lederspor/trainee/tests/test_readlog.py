"""The read log of the trainee programme (issue #15 §1): the effects, the personality test and
the outcome pages name the trainee when the leader, the chef or a consultant opens them; the
cohort summary names every trainee listed in one row; nothing for the trainee's own page or
on a 404."""

import pytest
from django.urls import reverse

from lederspor.conversations.models import ConversationStatus
from lederspor.privacy.models import ReadLogEntry, RecordKind

pytestmark = pytest.mark.django_db


def _read(client, url, status=200):
    ReadLogEntry.objects.all().delete()
    assert client.get(url).status_code == status
    return list(ReadLogEntry.objects.all())


def test_effects_for_leader_chef_and_consultant_not_the_trainee(cast, as_, enrolment):
    url = reverse("trainee:effects", args=[enrolment.pk])
    for reader in (cast.leader, cast.chef, cast.consultant):
        [row] = _read(as_(reader), url)
        assert (row.subject_ids, row.kinds) == ([cast.aspirant.pk], RecordKind.EFFECTS)
    assert _read(as_(cast.aspirant), url) == []
    assert _read(as_(cast.outsider), url, status=404) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [("trainee:personality_test", "personality"), ("trainee:outcome", "enrolment")],
)
def test_personality_test_and_outcome_for_the_consultant(cast, as_, enrolment, name, kind):
    url = reverse(name, args=[enrolment.pk])
    [row] = _read(as_(cast.consultant), url)
    assert (row.subject_ids, row.kinds) == ([cast.aspirant.pk], kind)
    assert _read(as_(cast.outsider), url, status=404) == []
    assert _read(as_(cast.aspirant), url, status=403) == []


def test_cohort_summary_names_every_trainee_in_one_row(cast, as_, cohort, make_conversation):
    enrolment = cohort.enrolments.get(person=cast.aspirant)
    make_conversation(
        enrolment,
        "transition",
        status=ConversationStatus.HELD,
        answers={"feedback_trainee": "Mere sparring"},
    )
    url = reverse("trainee:cohort_summary", args=[cohort.pk])
    [row] = _read(as_(cast.consultant), url)
    assert sorted(row.subject_ids) == sorted([cast.aspirant.pk, cast.other_aspirant.pk])
    assert set(row.kinds.split(",")) == {"enrolment", "personality", "effects", "conversation"}
    assert _read(as_(cast.outsider), url, status=404) == []
