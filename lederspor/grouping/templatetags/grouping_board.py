"""The members of a group on the consultant's board, rendered in Python (issue #17 §1).

The board of a 200-person round drew every member through the template engine: a name, a
status badge, a "Flyt" link and a lock form each, about 40 template nodes per member, which
made the page 52 × the bare view at municipal size. `board_members` writes the same markup
with `format_html` (every value escaped), once per member.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def board_members(context: template.Context, members: list[Any], can_edit: bool) -> SafeString:
    """The `<li>` of each `grouping.selectors.MemberRow` in `members`: name, the "Låst" badge
    and a status badge unless enrolled, job title and unit, and — when `can_edit` — the
    "Flyt" link (htmx loads the move form in place) and the lock/unlock form, posting the
    round's version (`context["round"].version`) and the request's CSRF token."""
    round_version = context["round"].version
    csrf = context.get("csrf_token", "")
    items = []
    for member in members:
        membership, enrolment = member.membership, member.enrolment
        person = enrolment.person
        name = person.full_name
        badges = SafeString("")
        if membership.locked:
            badges += format_html(' <span class="badge badge-locked">{}</span>', _("Låst"))
        if enrolment.status != "enrolled":
            badges += format_html(
                ' <span class="badge badge-{}">{}</span>',
                enrolment.status,
                enrolment.get_status_display(),
            )
        actions = SafeString("")
        if can_edit:
            pk = membership.pk
            move = SafeString("")
            if not membership.locked:
                move_url = reverse("grouping:membership_move", args=[pk])
                move = format_html(
                    '<a class="btn btn-secondary btn-small" href="{}" hx-get="{}" '
                    'hx-target="#flyt-{}" id="flyt-link-{}">{}<span class="visually-hidden"> '
                    '{}</span></a><div id="flyt-{}"></div>',
                    move_url,
                    move_url,
                    pk,
                    pk,
                    _("Flyt"),
                    name,
                    pk,
                )
            lock_url = reverse("grouping:membership_lock", args=[pk])
            locked_input = (
                SafeString("")
                if membership.locked
                else mark_safe('<input type="hidden" name="locked" value="on">')
            )
            actions = format_html(
                '<div class="member-actions">{}<form method="post" action="{}" hx-post="{}" '
                'hx-target="#board" hx-swap="outerHTML">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="version" value="{}">{}'
                '<button class="btn btn-secondary btn-small" type="submit" id="laas-{}">{}'
                '<span class="visually-hidden"> {}</span></button></form></div>',
                move,
                lock_url,
                lock_url,
                csrf,
                round_version,
                locked_input,
                pk,
                _("Lås op") if membership.locked else _("Lås"),
                name,
            )
        items.append(
            (
                membership.pk,
                mark_safe(' class="locked"') if membership.locked else "",
                name,
                badges,
                person.job_title,
                person.unit.name,
                actions,
            )
        )
    return format_html_join(
        "\n",
        '<li id="medlem-{}"{}><span class="member-name">{}{}</span>'
        '<span class="muted member-meta">{}, {}</span>{}</li>',
        items,
    )
