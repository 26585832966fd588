"""The demo's bulk mail (issue #16 §3): two templates and one mailing sent to the active
aspirant cohort, seen by the consultant on the cohort and by HR on the aspirant's page."""

from django.urls import reverse

from lederspor.mailings.models import Mailing, MailingRecipient, MailTemplate
from lederspor.people.models import Person
from lederspor.site.demo.aspirant import ACTIVE_COHORT


def test_the_demo_has_templates_and_a_mailing_to_the_active_cohort(demo, client):
    assert set(MailTemplate.objects.values_list("name", flat=True)) >= {
        "Velkommen til holdet",
        "Påmindelse om næste mødegang",
    }
    mailing = Mailing.objects.get(cohort__name=ACTIVE_COHORT)
    aspirant = Person.objects.get(email=demo.email("aspirant"))
    assert MailingRecipient.objects.filter(mailing=mailing, person=aspirant).exists()
    assert mailing.recipient_count >= 20
    consultant = Person.objects.get(email=demo.email("konsulent"))
    client.force_login(consultant.user, backend="lederspor.core.auth.EmailBackend")
    page = client.get(reverse("mailings:cohort_list", args=[mailing.cohort_id]))
    assert page.status_code == 200 and mailing.subject in page.content.decode()
    person_page = client.get(reverse("people:person_detail", args=[aspirant.pk]))
    # the subject as the aspirant received it, the merge fields filled in
    assert f"Velkommen til {ACTIVE_COHORT}" in person_page.content.decode()
