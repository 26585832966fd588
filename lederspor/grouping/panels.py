"""This app's section on a participant's programme page (`programmes:enrolment_detail`): the
participant's published network group, and the voluntary JTI type for composing the groups."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.core.access import Relation
from lederspor.grouping.selectors import my_published_group
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.extensions import EnrolmentPage

#: who sees the participant's group on the programme page
GROUP_READERS = {Relation.PARTICIPANT, Relation.CONSULTANT, Relation.ADMIN}


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the group section for `page.enrolment`, or "" for nothing to show.

    The participant, the cohort's consultants and admins see the published group (members,
    tasks, coming network meetings); the participant also sees the JTI card. Registered for the
    programmes with network groups (`services.NETWORK_GROUP_PROGRAMMES`). Up to three queries.
    """
    if not page.has(*GROUP_READERS):
        return ""
    is_participant = page.has(Relation.PARTICIPANT)
    my_group = my_published_group(enrolment=page.enrolment)
    if my_group is not None:
        # the group's members as shown (the viewer's own person is dropped by the read log)
        note_read(page.request, [m.person_id for m in my_group.members], RecordKind.GROUPING)
    return render_to_string(
        "grouping/_my_group.html",
        {
            "my_group": my_group,
            "enrolment": page.enrolment,
            "is_participant": is_participant,
        },
        request=page.request,
    )
