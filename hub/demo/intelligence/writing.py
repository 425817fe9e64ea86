"""Writing the planned intelligence through the intelligence services, each record as of its own moment
(``clock.history``): the services apply their rules (who may, the dates' rules, the grading) as of that
moment, keep the change history and write the access log. The intelligence services have no bulk forms;
the demo's intelligence is a few hundred rows, so one call each is quick enough."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hub.accounts.models import Agency, Authority, User
from hub.children.models import Child
from hub.core import clock
from hub.core.calendar import LONDON
from hub.demo import names as demo_names
from hub.demo.intelligence import figures
from hub.demo.intelligence.planning import PlannedLink
from hub.intelligence import services
from hub.intelligence.models import Entity, EntityKind, GroupType


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


class Writer:
    def __init__(self, *, authority: Authority, users: dict[str, User], rng: random.Random, today: date):
        self.authority = authority
        self.users = users
        self.rng = rng
        self.today = today
        self.entities: dict[str, Entity] = {}
        self.children: dict[int, Entity] = {}
        self.agencies = {agency.pk: agency for agency in Agency.objects.all()}
        self.links = 0

    def _create(self, key: str, at: datetime, by: str, **values: Any) -> None:
        with clock.history(at, reason=figures.REASON):
            self.entities[key] = services.entity_create(by=self.users[by], authority=self.authority, **values)

    def places(self, first_day: date) -> None:
        north, east = figures.CENTRE
        for index, place in enumerate(figures.PLACES):
            self._create(
                place.key,
                _moment(first_day - timedelta(days=14 - index)),
                figures.ANALYST,
                kind=EntityKind.LOCATION,
                name=place.name,
                description=place.description,
                aliases=list(place.aliases),
                location_type=place.location_type,
                address=place.address,
                postcode=demo_names.postcode(self.rng),
                latitude=north + Decimal(place.offset[0]),
                longitude=east + Decimal(place.offset[1]),
            )

    def persons_groups_phones(self) -> None:
        """Each recorded ten days before the police first linked it to anything."""
        first_seen: dict[str, int] = {}
        for start, _, end, days, _ in figures.NETWORK:
            for key in (start, end):
                first_seen[key] = max(first_seen.get(key, 0), days)
        taken = {
            (first.lower(), last.lower())
            for first, last in [
                *Child.objects.values_list("first_name", "last_name"),
                *User.objects.values_list("first_name", "last_name"),
            ]
        }
        for person in figures.PERSONS:
            first, last = demo_names.pick_name(self.rng, person.ethnicity, person.sex)
            while (first.lower(), last.lower()) in taken:
                first, last = demo_names.pick_name(self.rng, person.ethnicity, person.sex)
            taken.add((first.lower(), last.lower()))
            born = self.today - timedelta(days=round(person.age * 365.25) + self.rng.randint(20, 340))
            self._create(
                person.key,
                _moment(self.today - timedelta(days=first_seen[person.key] + 10), 14),
                figures.RECORDER,
                kind=EntityKind.PERSON,
                name=f"{first} {last}",
                description=person.description,
                aliases=list(person.aliases),
                date_of_birth=born,
            )
        for group in figures.GROUPS:
            self._create(
                group.key,
                _moment(self.today - timedelta(days=first_seen[group.key] + 10), 14),
                figures.RECORDER,
                kind=EntityKind.GROUP,
                name=group.name,
                description=group.description,
                aliases=list(group.aliases),
                group_type=group.group_type,
                line_name=group.line_name,
            )
        for key, number, description in figures.PHONES:
            self._create(
                key,
                _moment(self.today - timedelta(days=first_seen[key] + 10), 14),
                figures.RECORDER,
                kind=EntityKind.PHONE,
                name=number,
                description=description,
            )

    def peer_group(self, members: list[PlannedLink]) -> None:
        if not members:
            return
        self._create(
            "peer-group",
            members[0].at,
            figures.ANALYST,
            kind=EntityKind.GROUP,
            name=figures.PEER_GROUP_NAME,
            description=figures.PEER_GROUP_DESCRIPTION,
            group_type=GroupType.PEER_GROUP,
        )

    def _entity(self, key: str | int, by: User) -> Entity:
        if isinstance(key, str):
            return self.entities[key]
        if key not in self.children:
            child = Child.objects.select_related("authority").get(pk=key)
            self.children[key] = services.child_entity(by=by, child=child)
        return self.children[key]

    def write_links(self, links: list[PlannedLink]) -> None:
        for link in sorted(links, key=lambda link: link.at):
            by = self.users[link.by]
            with clock.history(link.at, reason=figures.REASON):
                source, intelligence, handling = link.grade
                services.link_record(
                    by=by,
                    start=self._entity(link.start, by),
                    end=self._entity(link.end, by),
                    kind=link.kind,
                    seen_from=link.seen_from,
                    seen_to=link.seen_to,
                    source_grade=source,
                    intelligence_grade=intelligence,
                    handling_code=handling,
                    handling_conditions=link.conditions,
                    summary=link.summary,
                    agency=self.agencies[link.agency_id],
                    origin=link.origin,
                    origin_label=link.origin_label,
                )
            self.links += 1
