"""Support for browser journeys: Debian's Chromium driven by Playwright, axe on every page.

Used by the `browser` fixture in `lederspor/conftest.py` and by each app's `test_journey.py`.
Never downloads a browser: Chromium comes from Debian's `chromium` package.
"""

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, ViewportSize

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# (synchronous) database access the fixtures and the tests make.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

#: Debian's Chromium: its headless shell (package `chromium-headless-shell`, the same Blink
#: without the browser's window code, which starts and renders pages faster) when installed,
#: else the full browser (package `chromium`) in headless mode
HEADLESS_SHELL = Path("/usr/lib/chromium/chromium-headless-shell")
CHROMIUM = HEADLESS_SHELL if HEADLESS_SHELL.exists() else Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}
DESKTOP: "ViewportSize" = {"width": 1280, "height": 900}
PHONE: "ViewportSize" = {"width": 390, "height": 844}

#: marks for a journey module: `pytestmark = BROWSER_MARKS`
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"
    ),
]


#: set LEDERSPOR_SCREENSHOTS=1 to save a full-page PNG of every page a journey checks, at
#: desktop and (where the journey asks) phone width, to look at what the pages show
SCREENSHOTS = os.environ.get("LEDERSPOR_SCREENSHOTS", "") not in ("", "0")


class A11yChecker:
    """Runs axe on a page and, with `LEDERSPOR_SCREENSHOTS=1`, saves a numbered full-page
    screenshot of it.

    `folder`: subfolder of `test-artifacts/` for the screenshots (emptied of old ones). Serious
    and critical violations collect in `failures` (the journey asserts it is empty), the rest
    in `notes`. Screenshots are off by default: they are for people to look at, and cost about
    a fifth of a journey's time.
    """

    def __init__(self, folder: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.artifacts = Path(settings.BASE_DIR) / "test-artifacts" / folder
        self.axe = Axe()
        self.count = 0
        self.failures: list[str] = []
        self.notes: list[str] = []
        if SCREENSHOTS:
            self.artifacts.mkdir(parents=True, exist_ok=True)
            for old in self.artifacts.glob("*.png"):
                old.unlink()

    def __call__(self, page: "Page", name: str, *, phone: bool = False) -> None:
        page.wait_for_load_state("load")
        self._check(page, name)
        if phone:
            page.set_viewport_size(PHONE)
            self._check(page, f"{name}-phone")
            page.set_viewport_size(DESKTOP)

    def _check(self, page: "Page", name: str) -> None:
        self.count += 1
        if SCREENSHOTS:
            page.screenshot(path=self.artifacts / f"{self.count:02d}-{name}.png", full_page=True)
        violations = self.axe.run(page, options=AXE_OPTIONS).response["violations"]
        for v in violations:
            targets = "; ".join(", ".join(n["target"]) for n in v["nodes"])
            line = (
                f"{self.count:02d}-{name} ({page.url}): {v['id']} [{v['impact']}] "
                f"{v['help']} → {targets}"
            )
            if v.get("impact") in FAILING_IMPACTS:
                self.failures.append(line)
            else:
                self.notes.append(line)


def sign_in(browser: "Browser", base_url: str, email: str, password: str) -> "Page":
    """A new desktop page in `browser`, signed in as `email` at `base_url` (the live server);
    waits for the home page's "Velkommen" heading. Returns the Playwright page."""
    import re

    from playwright.sync_api import expect

    context = browser.new_context(base_url=base_url, viewport=DESKTOP, locale="da-DK")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Velkommen"))
    return page


def pick(
    page: "Page",
    label: str,
    typed: str,
    option: str,
    *,
    multiple: bool = False,
    within: "Locator | None" = None,
) -> None:
    """Choose `option` (its shown text, e.g. "Hanne Vært – Teamleder, Arbejdsplads A1b") in the
    picker labelled `label` (`core.combobox`, docs/pickers.md) by typing `typed` into its
    combobox and choosing the match with the arrow key and Enter, as a keyboard user does. A
    picker of several (`multiple`) empties the combobox and adds a checked check box. `within`:
    the part of the page that holds the picker (a formset row)."""
    from playwright.sync_api import expect

    root = within if within is not None else page.locator("body")
    combobox = root.get_by_role("combobox", name=label, exact=True)
    combobox.fill(typed)
    match = root.locator(".picker").get_by_role("option", name=option, exact=True)
    expect(match).to_be_visible()
    combobox.focus()
    for _step in range(25):  # at most 20 matches
        page.keyboard.press("ArrowDown")
        if match.get_attribute("aria-selected") == "true":
            break
    page.keyboard.press("Enter")
    if multiple:
        expect(root.get_by_role("checkbox", name=option, exact=True)).to_be_checked()
    else:
        expect(combobox).to_have_value(option)
