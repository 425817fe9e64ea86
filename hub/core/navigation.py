"""Primary navigation and home-page panels. Apps add their own from ``AppConfig.ready()`` through
``register_nav`` and ``register_home_panel`` (the ``NAV`` and ``HOME_PANELS`` registries, placed by name:
``after="core:home"``), so the core never imports a feature app and a new capability appears without
editing these templates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse

from hub.core.registry import Anchors, Registry


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone signed in


@dataclass
class HomePanel:
    """One block of the user's own work on the home page.

    A panel that names people (a child, the subject of a screening) lists the records it shows in
    ``consulted``, with the basis on which the reader sees them in ``justification``: the home page
    writes them to the access log as a consultation before it answers, as any list page does.
    """

    title: str
    empty_text: str
    items: list[dict[str, Any]] = field(default_factory=list)
    link_label: str = ""
    link_url: str = ""
    count: int | None = None
    rows: list[tuple[str, str]] = field(default_factory=list)  # figures: (what, how many)
    caption: str = ""
    consulted: list[Any] = field(default_factory=list)
    justification: str = ""
    # Further links under the panel, as (label, url): "see them all" beside "refer a concern", say.
    more_links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def links(self) -> list[tuple[str, str]]:
        """Every link under the panel; a link with no words would be unnamed to a screen reader."""
        main = [(self.link_label, self.link_url)] if self.link_label and self.link_url else []
        return main + [(label, url) for label, url in self.more_links if label and url]


class ConsultationLog(Protocol):
    def __call__(self, *, records: Iterable[Model], justification: str, detail: str = "") -> object: ...


@dataclass(frozen=True)
class HomePanelSource:
    """What makes one home-page panel, and who is shown it (``None``: everyone signed in)."""

    builder: Callable[[Any], HomePanel]
    roles: frozenset[str] | None = None


# The primary navigation, by URL name; the home page's panels, by key.
NAV: Registry[NavItem] = Registry("navigation")
HOME_PANELS: Registry[HomePanelSource] = Registry("home panels")
# The access log sits above core, so the home page does not import it: the audit app hands core its
# writer when it starts (``AuditConfig.ready``), and the home page refuses to answer without one.
_consultation_log: list[ConsultationLog] = []


def register_nav(item: NavItem, *, after: Anchors = (), before: Anchors = ()) -> None:
    """Add an item to the primary navigation, keyed by its URL name."""
    NAV.add(item.url_name, item, after=after, before=before)


def register_home_panel(
    key: str,
    builder: Callable[[Any], HomePanel],
    *,
    roles: Iterable[str] | None = None,
    after: Anchors = (),
    before: Anchors = (),
) -> None:
    """Add a block of the home page shown to holders of ``roles``."""
    source = HomePanelSource(builder, frozenset(roles) if roles is not None else None)
    HOME_PANELS.add(key, source, after=after, before=before)


def register_consultation_log(writer: ConsultationLog) -> None:
    """The access log's writer for the consultations the home page's panels make (one, replaced)."""
    _consultation_log[:] = [writer]


def log_consultation(*, records: Iterable[Model], justification: str, detail: str = "") -> None:
    if not _consultation_log:
        raise ImproperlyConfigured(
            "No access log is installed (hub.audit): the home page cannot log its panels."
        )
    _consultation_log[0](records=records, justification=justification, detail=detail)


def primary_navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:  # only signed-in users are shown the navigation
        return []
    items = []
    for item in NAV:
        if item.roles is not None and not user.has_role(*item.roles):
            continue
        url = reverse(item.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": item.label, "url": url, "current": current})
    return items


def home_panels(user: Any) -> list[HomePanel]:
    return [
        source.builder(user) for source in HOME_PANELS if source.roles is None or user.has_role(*source.roles)
    ]
