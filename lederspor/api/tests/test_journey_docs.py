"""Browser journey: the interactive API docs (/api/v1/docs) render under the strict
Content-Security-Policy from our own static files: no CSP violation, no request to another
origin, and axe finds no serious or critical problem."""

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker

pytestmark = BROWSER_MARKS


def test_the_api_docs_render_locally_under_the_csp(live_server, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("journey-api-docs")
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    response = page.goto("/api/v1/docs")
    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Lederspor API")
    expect(page.get_by_text("/api/v1/persons", exact=True)).to_be_visible()
    check(page, "docs")

    assert not problems, problems
    foreign = [url for url in requests if not url.startswith((live_server.url, "data:", "blob:"))]
    assert not foreign, foreign
    assert any(url.endswith("/api/v1/openapi.json") for url in requests)
    assert not check.failures, "\n".join(check.failures)
