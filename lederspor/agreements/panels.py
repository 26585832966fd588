"""This app's panel on a participant's programme page (`programmes:enrolment_detail`):
the learning agreement's status and a link, for trainee cohorts only."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.agreements.access import AGREEMENT_WRITERS
from lederspor.agreements.models import AgreementStatus
from lederspor.agreements.selectors import enrolment_agreement_summary
from lederspor.agreements.services import APPROVAL_LABELS, required_roles
from lederspor.programmes.extensions import EnrolmentPage


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the panel for `page.enrolment` as seen with `page.relations`, or "".

    Registered for trainee cohorts only (`apps.py`), shown to everyone who may read the
    agreement (every relation the enrolment page admits). At most two queries: the versions,
    and the cohort's consultants when a draft waits for approvals.
    """
    enrolment, relations, request = page.enrolment, page.relations, page.request
    if not relations:
        return ""
    versions = enrolment_agreement_summary(enrolment_id=enrolment.pk)
    current = next((v for v in versions if v.status == AgreementStatus.APPROVED), None)
    draft = next((v for v in versions if v.status == AgreementStatus.DRAFT), None)
    missing = []
    if draft is not None:
        roles = required_roles(cohort_has_consultants=enrolment.cohort.consultants.exists())
        missing = [
            str(APPROVAL_LABELS[r]) for r in roles if getattr(draft, f"{r}_approved_at") is None
        ]
    return render_to_string(
        "agreements/_enrolment_panel.html",
        {
            "enrolment": enrolment,
            "current": current,
            "draft": draft,
            "missing": missing,
            "can_write": bool(relations & AGREEMENT_WRITERS),
        },
        request=request,
    )
