"""Every link a person is shown goes somewhere they may go.

For each demo role: sign in, start at the home page and follow, breadth first, every link on the Hub's
own pages, opening one page per route (the first link found to it) up to a bound per role. A page
fails on a 403, a 404 or a server error, on a JavaScript error or a blocked resource in the console,
and on any axe-core violation. Downloads (PDF, CSV, XLSX) and the Django admin are fetched for their
status only: a download has no page to check, and the admin's pages are Django's, not the Hub's.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from e2e.conftest import HubServer, axe_violations, sign_in
from hub.demo.people import PEOPLE

pytestmark = pytest.mark.browser

# Enough for every route a role can reach (the hub coordinator reaches about 40); a bound, so a
# link that grows without end (a page that links to its own next page for ever) cannot hang the suite.
MAX_PAGES_PER_ROLE = 80
DOWNLOADS = (".pdf", ".csv", ".xlsx")
# Followed by status only; signing out is a form, and sign-in pages are where the crawl began.
STATUS_ONLY_PREFIXES = ("/admin/",)
NEVER_FOLLOW_PREFIXES = ("/account/sign-out", "/account/sign-in", "/static/", "/api/")


# What is wider than the screen: the page itself (text that does not wrap), or a table in its scrolling
# wrapper whose last columns are out of sight at a desktop width.
OVERFLOW = """() => {
  const wide = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) wide.push("The page");
  for (const wrapper of document.querySelectorAll(".hub-table-wrapper")) {
    const name = wrapper.getAttribute("aria-label");
    if (wrapper.scrollWidth > wrapper.clientWidth + 1) wide.push(`The table "${name}"`);
  }
  return wide;
}"""


@dataclass
class Crawl:
    server: HubServer
    username: str
    visited: list[str] = field(default_factory=list)  # the URLs opened, one per route
    problems: list[str] = field(default_factory=list)

    def route_of(self, path: str) -> str:
        """The route a path resolves to (its URL pattern's name), or the path when none matches."""
        try:
            match = resolve(path)
        except Resolver404:
            return f"unresolved {path}"
        return match.view_name or match.route


def _same_origin_links(page: object, server: HubServer) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    links = []
    for href in hrefs:
        url, _ = urldefrag(href)
        if url.startswith(server.url + "/") or url == server.url:
            links.append(url)
    return links


def _status_only(crawl: Crawl, page: object, url: str, found_on: str) -> None:
    response = page.request.get(url, max_redirects=0)
    path = urlsplit(url).path
    if response.status >= 400 or (
        300 <= response.status < 400 and "sign-in" in response.headers.get("location", "")
    ):
        crawl.problems.append(f"{response.status} for {path} (a link on {found_on})")


def _visit(crawl: Crawl, page: object, url: str, found_on: str, console: list[str]) -> list[str]:
    console.clear()
    response = page.goto(url)
    path = urlsplit(url).path
    where = f"{path} (a link on {found_on})"
    if response is None or response.status >= 400:
        crawl.problems.append(f"{response.status if response else 'no response'} for {where}")
        return []
    if urlsplit(page.url).path.startswith("/account/sign-in"):
        crawl.problems.append(f"{where} sent {crawl.username} to sign in again")
        return []
    crawl.visited.append(path)
    page.wait_for_load_state("load")
    for violation in axe_violations(page):
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        crawl.problems.append(f"axe {violation['id']} on {path}: {violation['help']} ({targets})")
    crawl.problems.extend(f"console on {path}: {message}" for message in console)
    crawl.problems.extend(f"{what} on {path} is wider than the screen" for what in page.evaluate(OVERFLOW))
    return _same_origin_links(page, crawl.server)


def crawl_as(browser: object, server: HubServer, username: str) -> Crawl:
    crawl = Crawl(server, username)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    try:
        sign_in(page, server, username)
        home = f"{server.url}/"
        seen_routes = {crawl.route_of("/")}
        queue: deque[tuple[str, str]] = deque([(home, "the sign-in page")])
        while queue and len(crawl.visited) < MAX_PAGES_PER_ROLE:
            url, found_on = queue.popleft()
            for link in _visit(crawl, page, url, found_on, console):
                path = urlsplit(link).path
                if path.startswith(NEVER_FOLLOW_PREFIXES):
                    continue
                route = crawl.route_of(path)
                if route in seen_routes:
                    continue
                seen_routes.add(route)
                here = urlsplit(url).path
                if path.startswith(STATUS_ONLY_PREFIXES) or path.lower().endswith(DOWNLOADS):
                    _status_only(crawl, page, link, here)
                else:
                    queue.append((link, here))
    finally:
        context.close()
    return crawl


@pytest.mark.parametrize("username", list(PEOPLE))
def test_every_link_shown_leads_somewhere_the_reader_may_go(browser, hub_server, username):
    crawl = crawl_as(browser, hub_server, username)
    assert len(crawl.visited) > 1, f"{username} reached no page beyond their home page"
    assert not crawl.problems, (
        f"Following every link as {username} ({len(crawl.visited)} pages) found:\n"
        + "\n".join(crawl.problems)
    )
