"""Keep the pre-start mailing's send task in step with the cohort's start date: when a cohort
is saved with another `starts_on`, its mailing is scheduled again (the old task finds that its
moment is no longer current and does nothing; see `tasks.py`)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from lederspor.programmes.models import Cohort


@receiver(post_save, sender=Cohort, dispatch_uid="clarification_mailing_follows_start")
def cohort_saved(sender: type[Cohort], instance: Cohort, created: bool, **kwargs: object) -> None:
    """Reschedule the cohort's mailing if its send time moved with `starts_on` (one query)."""
    if created or kwargs.get("raw"):
        return
    from lederspor.clarification.models import PreStartMailing
    from lederspor.clarification.tasks import mailing_schedule

    mailing = PreStartMailing.objects.filter(cohort=instance).first()
    if mailing is None or mailing.sent_at is not None:
        return
    mailing.cohort = instance
    mailing_schedule(mailing)
