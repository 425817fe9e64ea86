"""The links a page shows, and which of them lead nowhere for the person reading it: the test-client
companion of the browser crawl (e2e/test_link_crawl.py), for one page and one named person."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urldefrag

from django.http import HttpResponse
from django.test import Client

# Signing out is a form; static files and the API are not pages a person follows.
NOT_FOLLOWED = ("/account/sign-out", "/static/", "/api/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            attributes = dict(attrs)
            self._open.append([attributes.get("href") or "", attributes.get("aria-label") or ""])

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))


def links_on(response: HttpResponse) -> list[tuple[str, str]]:
    """Every ``<a href>`` on the page, as (href, its words), in order."""
    parser = _Links()
    parser.feed(response.content.decode())
    return parser.links


def unnamed_links(response: HttpResponse) -> list[str]:
    """Links with no words (a screen reader announces only "link")."""
    return [href for href, text in links_on(response) if not text]


def broken_links(client: Client, response: HttpResponse) -> list[str]:
    """The page's own links that answer 403, 404 or a server error for this client."""
    broken = []
    seen: set[str] = set()
    for href, text in links_on(response):
        url, _ = urldefrag(unescape(href))
        if not url.startswith("/") or url.startswith(NOT_FOLLOWED) or url in seen:
            continue
        seen.add(url)
        status = client.get(url).status_code
        if status in (403, 404) or status >= 500:
            broken.append(f"{status} {url} ({text or 'no words'})")
    return broken


def hrefs(response: HttpResponse, pattern: str) -> list[str]:
    """The hrefs on the page matching a regular expression."""
    return [href for href, _ in links_on(response) if re.search(pattern, href)]
