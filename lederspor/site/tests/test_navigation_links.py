"""No link leads to a 404 (issue #16 §4): signed in as each demo role, every internal link on
the front page, in the navigation and in the footer opens (a 404 or 403 behind a link we show
is a bug: the link should not be there)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client

from lederspor.site.demo import ROLES


class _Links(HTMLParser):
    """The `href` of every `<a>` of a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def internal_links(html: str) -> list[str]:
    """The page's links that stay on the site (no scheme, no host; not a fragment), once each."""
    parser = _Links()
    parser.feed(html)
    seen: dict[str, None] = {}
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#") or not parts.path:
            continue
        seen.setdefault(href.replace("&amp;", "&"), None)
    return list(seen)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_on_the_front_page_and_in_the_menu_opens(demo, role):
    client = Client()
    response = client.post(
        "/login/", {"username": demo.email(role), "password": demo.password}, follow=True
    )
    assert response.status_code == 200
    home = client.get("/")
    assert home.status_code == 200, role
    assert home.context["me"] is not None, role  # signed in, not the sign-in page
    page = home.content.decode()
    links = internal_links(page)
    assert links, role
    # the menu's pages are followed one step further: their links are "in the navigation" too
    menu = internal_links(page[page.index('class="main-nav"') : page.index("</nav>")])
    broken: dict[str, int] = {}
    checked: set[str] = set()
    for href in links:
        checked.add(href)
        response = client.get(href)
        if response.status_code in (403, 404, 500):
            broken[href] = response.status_code
        elif href in menu and response.status_code == 200 and "html" in response["Content-Type"]:
            for deeper in internal_links(response.content.decode()):
                if deeper in checked or "eksport=" in deeper:
                    continue
                checked.add(deeper)
                status = client.get(deeper).status_code
                if status in (403, 404, 500):
                    broken[f"{href} → {deeper}"] = status
    assert not broken, f"{role}: {broken}"
