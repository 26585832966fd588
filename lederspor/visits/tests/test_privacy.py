"""Job visits in the privacy registries (issue #15 §2–3): export has the person's pair and
visits and not another pair's; erase's preview writes nothing and apply blanks the texts while
the visit the reports count stays; retention is idempotent."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.privacy.registry import Action, personal_data
from lederspor.visits import privacy, services
from lederspor.visits.models import JobVisit, PairMember, VisitPair, WrapUpGroup
from lederspor.visits.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(cast):
    people = [cast.leader] + [f.leader(cast, f"Makker{i}") for i in range(3)]
    c = f.published(cast, people)
    for visit in JobVisit.objects.filter(pair__cohort=c):
        JobVisit.objects.filter(pk=visit.pk).update(
            intended=f"Intenderet af {visit.host.first_name}",
            observed=f"Set hos {visit.host.first_name}",
            reflection={"0": f"Fælles om {visit.host.first_name}"},
            status=JobVisit.Status.REFLECTED,
            starts_at=timezone.now() - dt.timedelta(days=3),
        )
    [group] = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    WrapUpGroup.objects.filter(pk=group.pk).update(notes="Konsulentens noter")
    return c


def _snapshot():
    return [
        list(JobVisit.objects.order_by("pk").values_list("intended", "observed", "status")),
        list(WrapUpGroup.objects.values_list("notes", flat=True)),
        PairMember.objects.count(),
    ]


def test_registered_with_every_model():
    entry = next(e for e in personal_data if e.key == "visits.job_visits")
    assert set(entry.models) == {VisitPair, PairMember, JobVisit, WrapUpGroup}


def test_export_has_my_pair_not_another(cast, cohort):
    mine = PairMember.objects.get(person=cast.leader).pair
    partner = mine.memberships.exclude(person=cast.leader).get().person
    others = PairMember.objects.exclude(pair=mine).values_list("person__first_name", flat=True)
    text = str(privacy.export(cast.leader))
    assert f"Intenderet af {cast.leader.first_name}" in text  # hosted: own words
    assert f"Set hos {partner.first_name}" in text  # guest: own observations
    assert f"Intenderet af {partner.first_name}" not in text  # the partner's own words
    assert f"Set hos {cast.leader.first_name}" not in text  # the partner's observations of me
    for name in others:
        assert name not in text
    assert "Konsulentens noter" not in text  # a member does not get the consultants' notes
    assert "Konsulentens noter" in str(privacy.export(cast.consultant))


def test_erase_preview_writes_nothing_and_apply_blanks_the_texts(cast, cohort):
    before = _snapshot()
    lines = privacy.erase(cast.leader, False)
    assert _snapshot() == before
    assert [line.action for line in lines if line.count] == [
        Action.ANONYMISE,
        Action.ANONYMISE,
        Action.KEEP,
        Action.ANONYMISE,
    ]
    privacy.erase(cast.leader, True)
    hosted = JobVisit.objects.get(host=cast.leader)
    assert (hosted.intended, hosted.observed, hosted.reflection) == ("", "", {})
    assert hosted.status == JobVisit.Status.REFLECTED  # the reports still count it
    guest = JobVisit.objects.filter(pair=hosted.pair).exclude(host=cast.leader).get()
    assert guest.observed == "" and guest.intended != ""
    assert JobVisit.objects.exclude(pair=hosted.pair).exclude(intended="").count() == 2
    assert PairMember.objects.filter(person=cast.leader).exists()


def test_erasing_the_consultant_takes_them_off_the_wrap_up(cast, cohort):
    group = WrapUpGroup.objects.get(cohort=cohort)
    group.consultants.add(cast.consultant)
    privacy.erase(cast.consultant, True)
    assert not group.consultants.exists()


def test_retention_is_idempotent_and_dry_run_writes_nothing(cast, cohort):
    cutoff = timezone.now() - dt.timedelta(days=1095)
    assert privacy.expire_notes(cutoff, False) == 0  # the cohort is running
    cohort.ends_on = (cutoff - dt.timedelta(days=1)).date()
    cohort.starts_on = cohort.ends_on - dt.timedelta(days=150)
    cohort.save(update_fields=["starts_on", "ends_on"])
    before = _snapshot()
    assert privacy.expire_notes(cutoff, False) == 5  # four visits and the wrap-up
    assert _snapshot() == before
    assert privacy.expire_notes(cutoff, True) == 5
    assert privacy.expire_notes(cutoff, True) == 0
    assert JobVisit.objects.filter(status=JobVisit.Status.REFLECTED).count() == 4
