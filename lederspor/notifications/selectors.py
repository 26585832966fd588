"""Which outgoing e-mails a signed-in person may see on the e-mail page (issue #15 §4)."""

from __future__ import annotations

from django.db.models import QuerySet

from lederspor.core.models import User
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.roles import Roles

#: the permission to read every outgoing mail (HR staff who run the mail queue; the DPO)
VIEW_ALL_PERMISSION = "notifications.view_all_email"


def emails_visible_to(*, user: User, roles: Roles) -> QuerySet[OutgoingEmail] | None:
    """The outgoing mails `user` may see, or None when they may not open the e-mail page.

    HR staff (`roles.can_manage_programmes`) holding `VIEW_ALL_PERMISSION` see every mail. A
    cohort's consultant sees the mails about the cohorts they consult (`OutgoingEmail.cohort`,
    filled by the app that queued the mail); a mail about no cohort (sign-in mails, a
    competence reminder) or about another cohort is not theirs, even when its recipient is also
    in one of their cohorts (a nearest leader may have aspirants in several). Everyone else:
    None (the view answers 404). The cohorts are read through the reverse relation
    `Person.consulted_cohorts` that the hub adds (notifications imports nothing from it)."""
    if roles.can_manage_programmes and user.has_perm(VIEW_ALL_PERMISSION):
        return OutgoingEmail.objects.all()
    if roles.person is not None and roles.is_consultant:
        return OutgoingEmail.objects.filter(
            cohort_id__in=roles.person.consulted_cohorts.values("pk")
        )
    return None
