"""A full organisation load that deactivates participants tells their cohorts' consultants in
ONE mail each, with no name in the subject; the enrolments stay and are flagged (issue #17 §2)."""

import pytest

from lederspor.notifications.models import OutgoingEmail
from lederspor.people.importing import load_tables
from lederspor.people.models import Person
from lederspor.people.tests.test_deactivation import persons_table
from lederspor.programmes.models import Enrolment


@pytest.fixture(autouse=True)
def share(settings):
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.5


def full_load(*without: Person, dry_run: bool = False):
    return load_tables(
        units=None,
        persons=persons_table(without=without),
        label="personer.csv",
        by=None,
        full=True,
        dry_run=dry_run,
    )


def test_one_mail_per_consultant_lists_the_participants_and_names_no_one_in_the_subject(cast):
    cast.cohort.consultants.add(cast.hr_colleague)
    before = OutgoingEmail.objects.count()
    assert full_load(cast.aspirant, cast.other_aspirant, cast.outsider).ok

    mails = OutgoingEmail.objects.order_by("pk")[before:]
    assert sorted(m.to_address for m in mails) == ["karen@test.dk", "kim@test.dk"]
    for mail in mails:
        assert mail.subject == "Deltagere er ikke længere aktive i organisationen"
        for name in ("Anna", "Bo", "Aspirant", "Otto"):
            assert name not in mail.subject
        assert "Anna Aspirant" in mail.body and "Bo Aspirant" in mail.body
        assert "Otto" not in mail.body  # not in any cohort
        assert f"/forloeb/deltagelse/{cast.enrolment.pk}/" in mail.body
        assert mail.cohort_id == cast.cohort.pk
    # the enrolments stay
    assert Enrolment.objects.get(pk=cast.enrolment.pk).status == Enrolment.Status.ENROLLED


def test_no_mail_for_a_dry_run_a_refused_load_or_persons_in_no_cohort(cast, settings):
    before = OutgoingEmail.objects.count()
    assert full_load(cast.aspirant, dry_run=True).ok
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.0
    assert not full_load(cast.aspirant).ok
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.5
    assert full_load(cast.outsider).ok
    assert OutgoingEmail.objects.count() == before


def test_the_cohort_and_enrolment_pages_flag_an_inactive_participant(cast, as_):
    flag = "Ikke længere aktiv i organisationen"
    client = as_(cast.consultant)
    cohort_url = f"/forloeb/hold/{cast.cohort.pk}/"
    assert flag not in client.get(cohort_url).content.decode()
    assert full_load(cast.aspirant).ok
    page = client.get(cohort_url).content.decode()
    assert page.count(flag) == 1
    enrolment = client.get(f"/forloeb/deltagelse/{cast.enrolment.pk}/")
    assert flag in enrolment.content.decode()
    other = client.get(f"/forloeb/deltagelse/{cast.other_enrolment.pk}/")
    assert flag not in other.content.decode()
