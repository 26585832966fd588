"""The demo's data protection (issue #15 §6): a data-protection login printed like the others,
with the role and without HR rights, and a read log to search."""

import pytest
from django.test import Client

from lederspor.core.models import User
from lederspor.privacy.models import ReadLogEntry
from lederspor.site.demo import DEMO_PASSWORD


@pytest.mark.django_db
def test_the_demo_dpo_searches_a_read_log_and_is_not_hr_staff(demo):
    user = User.objects.get(email=demo.email("databeskyttelse"))
    assert user.check_password(DEMO_PASSWORD)
    assert user.has_perm("privacy.data_protection")
    assert not user.has_perm("programmes.manage_programmes")
    assert not user.person.enrolments.exists()
    aspirant = User.objects.get(email=demo.email("aspirant")).person
    about_aspirant = ReadLogEntry.objects.filter(subjects__contains=f" {aspirant.pk} ")
    reads = about_aspirant.count()
    assert reads >= 4
    assert ReadLogEntry.objects.filter(channel="export").exists()

    client = Client()
    client.force_login(user, backend="lederspor.core.auth.EmailBackend")
    response = client.get("/databeskyttelse/laeselog/", {"person": aspirant.pk})
    assert response.status_code == 200
    assert len(response.context["rows"]) == reads
    mine = Client()
    mine.force_login(aspirant.user, backend="lederspor.core.auth.EmailBackend")
    # the DPO's search is a read about the aspirant too
    assert len(mine.get("/mine-data/").context["page_obj"].object_list) == reads + 1
