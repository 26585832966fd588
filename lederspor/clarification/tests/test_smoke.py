from django.urls import reverse


def test_pages(cast, as_, cohort, anna, days):
    c = as_(cast.consultant)
    for url in [
        reverse("clarification:cohort", args=[cohort.pk]),
        reverse("clarification:mailing_edit", args=[cohort.pk]),
        reverse("clarification:jti_book", args=[anna.pk]),
        reverse("clarification:talk_edit", args=[anna.pk]),
        reverse("clarification:talk_list", args=[cohort.pk]),
        reverse("programmes:enrolment_detail", args=[anna.pk]),
    ]:
        r = c.get(url)
        assert r.status_code == 200, url
    r = as_(cast.aspirant).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    assert r.status_code == 200
    assert "Leder på spring" in r.content.decode()
