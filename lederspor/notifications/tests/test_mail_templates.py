"""Every e-mail is a template trio rendered in the recipient's language, with an HTML part, and
its delivery is enqueued only when the service's transaction commits."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import get_template
from django.utils import timezone

from lederspor.core.models import User
from lederspor.notifications import services
from lederspor.notifications.testing import run_on_commit_callbacks, run_worker
from lederspor.programmes import services as programme_services
from lederspor.programmes.models import Session

SOURCE = Path(settings.BASE_DIR) / "lederspor"


def _mail_templates() -> set[str]:
    """Every trio on disk (`templates/<app>/email/<name>_subject.txt`), as "<app>/email/<name>"."""
    root = Path(settings.BASE_DIR) / "templates"
    return {
        str(path.relative_to(root)).removesuffix("_subject.txt")
        for path in root.glob("*/email/*_subject.txt")
    }


def _templates_named_in_code() -> set[str]:
    """The trios named literally in non-test code (`email_send(template="…")`)."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        found |= set(re.findall(r'template="([a-z_]+/email/[a-z_]+)"', path.read_text()))
    return found


def test_the_apps_send_their_kinds_of_mail():
    # twelve from the programmes and features (evaluations: the invitation and its reminder,
    # issue #13), three from sign-in (issue #12): the password reset, the confirmation that the
    # password changed, and the invitation to set a first password; issue #14 added four for the
    # aspirant's tasks (proposed, agreed, to the host, confirmed by the host), three for job
    # visits (a visit missing before the wrap-up, reopening asked for, reopened) and the
    # trainees' joint start meeting; issue #16 §3 added two for the waiting list (put on it,
    # given the place) and one for bulk mail (its text is the sender's); issue #17 §2 one to a
    # cohort's consultant when a full organisation load made participants inactive
    assert {t for t in _mail_templates() if t.startswith("accounts/")} == {
        "accounts/email/invitation",
        "accounts/email/password_changed",
        "accounts/email/password_reset",
    }
    assert _templates_named_in_code() <= _mail_templates()
    assert len(_mail_templates()) == 27


@pytest.mark.parametrize("template", sorted(_mail_templates()))
def test_every_mail_is_a_trio(template):
    for part in ("_subject.txt", "_body.txt", "_body.html"):
        get_template(f"{template}{part}")  # raises TemplateDoesNotExist


def test_no_mail_is_built_in_python_with_a_subject_of_its_own():
    """Apps queue mail only through `email_send` (templates); `email_queue` takes text that is
    already rendered and is for notifications itself."""
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or path.parts[-2] == "notifications":
            continue
        assert "email_queue(" not in path.read_text(), path


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _session(cast):
    return programme_services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværksmøde om feedback",
        starts_at=_at(5, 9),
        ends_at=_at(5, 12),
        place="Rådhuset",
        by=cast.consultant.user,
    )


def _weekday(moment: dt.datetime, language: str) -> str:
    """'lørdag 5. december 2026 kl. 14:30' / 'Saturday 5 December 2026 at 14:30'."""
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override(language):
        return date_format(timezone.localtime(moment), "WEEKDAY_DATETIME_FORMAT")


def test_each_recipient_gets_the_mail_in_their_own_language(cast):
    User.objects.filter(pk=cast.other_aspirant.user_id).update(language="en")
    session = _session(cast)
    run_worker()
    by_address = {m.to[0]: m for m in mail.outbox}
    danish, english = by_address[cast.aspirant.email], by_address[cast.other_aspirant.email]
    assert _weekday(session.starts_at, "da") in danish.body
    assert _weekday(session.starts_at, "en") in english.body
    html = {mime: content for content, mime in english.alternatives}["text/html"]
    assert '<html lang="en">' in html and session.theme in html
    html_da = {mime: content for content, mime in danish.alternatives}["text/html"]
    assert '<html lang="da">' in html_da


def test_a_mail_is_enqueued_when_the_transaction_commits_not_before(cast):
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.count()
    email = services.email_queue(to=cast.leader, subject="Emne", body="Tekst", kind="test")
    assert DBTaskResult.objects.count() == before  # still inside the (test's) transaction
    assert run_on_commit_callbacks() >= 1
    assert DBTaskResult.objects.count() == before + 1
    run_worker()
    email.refresh_from_db()
    assert email.status == email.Status.SENT


def test_subjects_are_one_line(cast):
    _session(cast)
    run_worker()
    assert mail.outbox and all("\n" not in m.subject and m.subject.strip() for m in mail.outbox)


#: apps whose mails are about no cohort (sign-in; competence plans belong to units): only HR
#: staff with view_all_email see them on the e-mail page
NO_COHORT = {"accounts", "competence"}


def test_every_mail_about_a_cohort_says_which_cohort():
    """`email_send(…, cohort_id=…)` in every app whose mails are about a cohort, so the cohort's
    consultants see them on the e-mail page and no other consultant does (issue #15 §4)."""
    import ast

    missing = []
    for path in SOURCE.rglob("*.py"):
        app = path.relative_to(SOURCE).parts[0]
        if "tests" in path.parts or app in NO_COHORT | {"notifications"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "email_send"
                and "cohort_id" not in {k.arg for k in node.keywords}
            ):
                missing.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert missing == []
