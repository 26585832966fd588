"""Browser journey: the Django admin works under the strict Content-Security-Policy (issue #15
§4, django-csp on every page): a superuser signs in, opens the person list, a person's change
page (autocomplete and date widgets) and a cohort's change page (inlines, the two-box selector)
with the policy in force, and the browser reports no CSP violation and no script error."""

from lederspor.core.browser_testing import BROWSER_MARKS, sign_in
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_the_admin_works_under_the_strict_policy(live_server, cast, browser):
    from playwright.sync_api import expect

    page = sign_in(browser, live_server.url, cast.admin.email, PASSWORD)
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    # the browser's own report of a blocked script, style or form
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )

    cohort = cast.enrolment.cohort
    for path, landmark in (
        ("/admin/", "#content"),
        ("/admin/people/person/", "#result_list"),
        (f"/admin/people/person/{cast.aspirant.pk}/change/", "#person_form"),
        (f"/admin/programmes/cohort/{cohort.pk}/change/", "#cohort_form"),
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        expect(page.locator(landmark)).to_be_visible()
    # the admin's scripts ran: the cohort's consultants are an autocomplete (issue #17 §1: no
    # list of every person) built by autocomplete.js with Select2, and the inline's "add
    # another" row by inlines.js
    expect(page.locator("#id_consultants + .select2-container")).to_be_attached()
    expect(page.locator(".add-row a").first).to_be_attached()
    assert not problems, problems
