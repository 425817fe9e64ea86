"""Emerging contexts: patterns no single case shows, worked out over the links the reader may see, by the
rules an administrator keeps (``ContextAlertRule``):

- a place: so many children, from so many schools, linked to one place (seen at, found at) in the window;
- found together: so many children found at one place on one day, in separate episodes;
- a shared phone: a phone number first linked to a child in the window, used by so many children.

Only hub staff are told (``EMERGING_ROLES``): the page and the home panel. Each alert names the links
behind it, so the analyst can open every record it rests on. Nothing is stored: an alert holds while
its links do."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q

from hub.accounts.models import User
from hub.children.models import SchoolPeriod
from hub.core import clock
from hub.core.roles import HUB_STAFF_ROLES
from hub.intelligence.models import ContextAlertRule, Entity, EntityKind, Link
from hub.intelligence.selectors import links_visible

EMERGING_ROLES = HUB_STAFF_ROLES
PLACE_KINDS = ("seen_at", "found_at")


@dataclass
class EmergingContext:
    rule: ContextAlertRule
    entity: Entity  # the place or the phone
    children: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    schools: int = 0
    on: date | None = None  # the day, for children found together

    @property
    def summary(self) -> str:
        count = len(self.children)
        if self.rule.pattern == ContextAlertRule.Pattern.SHARED_PHONE:
            return f"{count} children use {self.entity.name}"
        if self.rule.pattern == ContextAlertRule.Pattern.FOUND_TOGETHER and self.on is not None:
            return f"{count} children found at {self.entity.name} on {self.on:%-d %B %Y}"
        schools = f" from {self.schools} schools" if self.schools else ""
        return f"{count} children{schools} linked to {self.entity.name} in {self.rule.days} days"


def _schools_of(child_ids: Iterable[int], since: date, until: date) -> dict[int, set[int]]:
    """The schools each child attended at some time in the window."""
    rows = SchoolPeriod.objects.filter(child_id__in=set(child_ids), start__lte=until).filter(
        Q(end__isnull=True) | Q(end__gte=since)
    )
    schools: dict[int, set[int]] = defaultdict(set)
    for child_id, school_id in rows.values_list("child_id", "school_id"):
        schools[child_id].add(school_id)
    return schools


def _child_links(user: User, kinds: Iterable[str], since: date, until: date) -> list[Link]:
    return list(
        links_visible(user)
        .filter(
            kind__in=list(kinds), source__kind=EntityKind.CHILD, seen_from__gte=since, seen_from__lte=until
        )
        .select_related("source", "target")
        .order_by("seen_from", "pk")
    )


def _places(user: User, rule: ContextAlertRule, today: date) -> list[EmergingContext]:
    since = today - timedelta(days=rule.days)
    by_place: dict[int, list[Link]] = defaultdict(list)
    for link in _child_links(user, PLACE_KINDS, since, today):
        by_place[link.target_id].append(link)
    found: list[EmergingContext] = []
    schools = _schools_of(
        (link.source.child_id or 0 for rows in by_place.values() for link in rows), since, today
    )
    for links in by_place.values():
        children = {link.source_id: link.source for link in links}
        attended = set().union(*(schools.get(child.child_id or 0, set()) for child in children.values()))
        if len(children) >= rule.children and len(attended) >= rule.schools:
            found.append(
                EmergingContext(rule, links[0].target, list(children.values()), links, schools=len(attended))
            )
    return found


def _found_together(user: User, rule: ContextAlertRule, today: date) -> list[EmergingContext]:
    since = today - timedelta(days=rule.days)
    by_place_day: dict[tuple[int, date], list[Link]] = defaultdict(list)
    for link in _child_links(user, ["found_at"], since, today):
        by_place_day[(link.target_id, link.seen_from)].append(link)
    found = []
    for (_, day), links in by_place_day.items():
        children = {link.source_id: link.source for link in links}
        if len(children) >= rule.children:
            found.append(EmergingContext(rule, links[0].target, list(children.values()), links, on=day))
    return found


def _shared_phones(user: User, rule: ContextAlertRule, today: date) -> list[EmergingContext]:
    since = today - timedelta(days=rule.days)
    by_phone: dict[int, list[Link]] = defaultdict(list)
    for link in _child_links(user, ["uses_phone"], date.min, today):
        by_phone[link.target_id].append(link)
    found = []
    for links in by_phone.values():
        children = {link.source_id: link.source for link in links}
        first = min(link.seen_from for link in links)
        if len(children) >= rule.children and first >= since:
            found.append(EmergingContext(rule, links[0].target, list(children.values()), links))
    return found


_PATTERNS = {
    ContextAlertRule.Pattern.PLACE: _places,
    ContextAlertRule.Pattern.FOUND_TOGETHER: _found_together,
    ContextAlertRule.Pattern.SHARED_PHONE: _shared_phones,
}


def emerging_contexts(user: User, *, today: date | None = None) -> list[EmergingContext]:
    """The patterns the active rules find in what ``user`` may see; nothing for anyone but hub staff."""
    if not user.is_authenticated or not user.has_role(*EMERGING_ROLES):
        return []
    today = today or clock.today()
    found: list[EmergingContext] = []
    for rule in ContextAlertRule.objects.filter(active=True).order_by("order", "pk"):
        found += _PATTERNS[ContextAlertRule.Pattern(rule.pattern)](user, rule, today)
    return found
