"""The path panel's learning-agreement step: a draft v2 does not hide the approved v1."""

from django.urls import reverse

from lederspor.agreements.models import LearningAgreement
from lederspor.site.testing import make_cohort


def test_agreement_step_names_the_version_in_force_while_a_new_one_is_drafted(cast, as_):
    _cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    url = reverse("programmes:enrolment_detail", args=[enrolment.pk])
    v1 = LearningAgreement.objects.create(enrolment=enrolment, number=1, status="draft")
    assert "Kladde (version 1)" in as_(cast.aspirant).get(url).content.decode()
    from django.utils import timezone

    LearningAgreement.objects.filter(pk=v1.pk).update(status="approved", locked_at=timezone.now())
    assert "Godkendt (version 1)" in as_(cast.aspirant).get(url).content.decode()
    LearningAgreement.objects.create(enrolment=enrolment, number=2, status="draft", previous=v1)
    html = as_(cast.aspirant).get(url).content.decode()
    assert "Godkendt (version 1); version 2 er under ændring" in html
    assert reverse("agreements:enrolment_agreement", args=[enrolment.pk]) in html
