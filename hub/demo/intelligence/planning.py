"""Which of the earlier loaders' records the analyst has linked to the network, planned in memory: each
link from a child to a place or a person names the record it came from (a missing episode, a return
interview, a screening) and is dated inside that record's dates, and is recorded a day after the record
was complete (the interview held, the screening reviewed), never after the start of the reference day.

Episodes whose return interview is still waiting are left unlinked: the Hub suggests them to the analyst
("Records to link"). Children placed here by other authorities are left out (their records are their
authorities')."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone

from hub.accounts.models import Authority
from hub.core.calendar import LONDON
from hub.demo.intelligence import figures
from hub.intelligence.models import LinkKind
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.screening.models import Screening

Grade = tuple[str, str, str]
FOUND: Grade = ("1", "A", "P")  # the police found the child there
SEEN: Grade = ("2", "B", "P")  # a carer or a school saw the child there last
ACCOUNT: Grade = ("2", "C", "P")  # the child's own account, or a referrer's
DONE = (ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED)


@dataclass
class PlannedLink:
    start: str | int  # an entity's key, or a child's id
    kind: str
    end: str
    seen_from: date
    at: datetime  # when the analyst recorded it
    grade: Grade
    agency_id: int
    by: str  # username
    seen_to: date | None = None
    origin: models.Model | None = None
    origin_label: str = ""
    summary: str = ""
    conditions: str = ""


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def _at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


class Planner:
    def __init__(
        self, rng: random.Random, *, authority: Authority, police_id: int, hub_id: int, now: datetime
    ):
        self.rng = rng
        self.authority = authority
        self.police_id = police_id
        self.hub_id = hub_id
        self.now = now
        self.today = _day(now)
        self.latest = now - timedelta(hours=1)  # nothing is recorded after the start of the reference day

    def _when(self, done: datetime) -> datetime:
        return min(done + timedelta(days=1), self.latest)

    def episodes(self) -> list[MissingEpisode]:
        return list(
            MissingEpisode.objects.filter(
                child__authority=self.authority,
                returned_at__isnull=False,
                interview__status__in=DONE,
            )
            .select_related("interview", "interview__recorded_by")
            .order_by("pk")
        )

    def episode_links(self, episodes: list[MissingEpisode]) -> list[PlannedLink]:
        """Every child seen or found at a place in the last 30 days, and a few earlier, per place."""
        recent_from = self.today - timedelta(days=figures.RECENT_DAYS)
        links: list[PlannedLink] = []
        for place in figures.PLACES:
            recent: list[PlannedLink] = []
            earlier: list[PlannedLink] = []
            for episode in episodes:
                for link in self._episode_link(place, episode):
                    (recent if link.seen_from >= recent_from else earlier).append(link)
            chosen = self.rng.sample(earlier, min(len(earlier), figures.EARLIER_EPISODES))
            links += recent + sorted(chosen, key=lambda link: link.seen_from)
        return links

    def _episode_link(self, place: figures.Place, episode: MissingEpisode) -> list[PlannedLink]:
        interview = episode.interview
        done = interview.interview_at or episode.hub_notified_at or episode.returned_at
        assert done is not None and episode.returned_at is not None
        seen = _day(episode.last_seen_at)
        label = f"Missing episode, last seen {seen:%-d %B %Y}"
        at = self._when(done)
        found = []
        if any(words in episode.last_seen_where.lower() for words in place.seen_words):
            found.append(
                PlannedLink(
                    episode.child_id,
                    LinkKind.SEEN_AT,
                    place.key,
                    seen,
                    grade=SEEN,
                    origin=episode,
                    origin_label=label,
                    summary=f"Last seen: {episode.last_seen_where}.",
                    at=at,
                    agency_id=self.police_id,
                    by=figures.ANALYST,
                )
            )
        if any(words in episode.returned_where.lower() for words in place.found_words):
            found.append(
                PlannedLink(
                    episode.child_id,
                    LinkKind.FOUND_AT,
                    place.key,
                    _day(episode.returned_at),
                    grade=FOUND,
                    origin=episode,
                    origin_label=label,
                    summary=f"Found: {episode.returned_where}, with {episode.returned_with.lower()}.",
                    at=at,
                    agency_id=self.police_id,
                    by=figures.ANALYST,
                )
            )
        return found

    def interview_links(self, episodes: list[MissingEpisode]) -> list[PlannedLink]:
        """The persons the children's return interviews describe, where they were found with them."""
        places = {place.key: place for place in figures.PLACES}
        links: list[PlannedLink] = []
        for person, (place_key, words) in figures.INTERVIEW_PERSONS.items():
            place = places[place_key]
            candidates = [
                episode
                for episode in episodes
                if episode.interview.status == ReturnInterview.Status.COMPLETED
                and episode.interview.interview_at is not None
                and any(w in episode.returned_where.lower() for w in place.found_words)
                and any(w in episode.interview.who_with.lower() for w in words)
            ]
            for episode in sorted(
                self.rng.sample(candidates, min(len(candidates), figures.INTERVIEW_LINKS)), key=lambda e: e.pk
            ):
                interview = episode.interview
                assert interview.interview_at is not None and episode.returned_at is not None
                held = _day(interview.interview_at)
                recorder = interview.recorded_by
                links.append(
                    PlannedLink(
                        episode.child_id,
                        LinkKind.ASSOCIATES_WITH,
                        person,
                        _day(episode.last_seen_at),
                        seen_to=_day(episode.returned_at),
                        at=self._when(interview.interview_at),
                        grade=ACCOUNT,
                        agency_id=(recorder.agency_id if recorder and recorder.agency_id else self.hub_id),
                        by=figures.ANALYST,
                        origin=interview,
                        origin_label=f"Return interview, {held:%-d %B %Y}",
                        summary=f"Who with: {interview.who_with}",
                    )
                )
        return links

    def screening_links(self) -> list[PlannedLink]:
        """The places referrers name in their screenings, a few per place."""
        screenings = list(
            Screening.objects.filter(
                authority=self.authority,
                child__authority=self.authority,
                status=Screening.Status.REVIEWED,
                review__isnull=False,
            )
            .select_related("review")
            .order_by("pk")
        )
        links: list[PlannedLink] = []
        for place in figures.PLACES:
            words = [*place.seen_words, *place.found_words, *(a.lower() for a in place.aliases)]
            candidates = [s for s in screenings if any(w in s.concern.lower() for w in words)]
            for screening in sorted(
                self.rng.sample(candidates, min(len(candidates), figures.SCREENING_LINKS)), key=lambda s: s.pk
            ):
                assert screening.submitted_at is not None and screening.child_id is not None
                submitted = _day(screening.submitted_at)
                links.append(
                    PlannedLink(
                        screening.child_id,
                        LinkKind.SEEN_AT,
                        place.key,
                        submitted,
                        at=self._when(screening.review.reviewed_at),
                        grade=ACCOUNT,
                        agency_id=screening.referrer_agency_id,
                        by=figures.ANALYST,
                        origin=screening,
                        origin_label=f"Screening, submitted {submitted:%-d %B %Y}",
                        summary="Named in the referrer's concern.",
                    )
                )
        return links

    def peer_group(self, episodes: list[MissingEpisode]) -> list[PlannedLink]:
        """The children most often at the bus station on the same day as another child (missing together),
        then most often there at all: each a member of the peer group, from their latest such episode."""
        station = next(place for place in figures.PLACES if place.key == figures.STATION)
        at_station: dict[int, list[tuple[date, MissingEpisode]]] = defaultdict(list)
        for episode in episodes:
            for link in self._episode_link(station, episode):
                at_station[episode.child_id].append((link.seen_from, episode))
        by_day: dict[date, set[int]] = defaultdict(set)
        for child_id, seen in at_station.items():
            for day, _ in seen:
                by_day[day].add(child_id)
        together = {
            child_id: sum(len(by_day[day]) - 1 for day, _ in seen) for child_id, seen in at_station.items()
        }
        ranked = sorted(at_station, key=lambda c: (-together[c], -len(at_station[c]), c))
        links = []
        for child_id in ranked[: figures.PEER_GROUP_SIZE]:
            day, episode = max(
                at_station[child_id], key=lambda seen: (len(by_day[seen[0]]) > 1, seen[0], seen[1].pk)
            )
            done = episode.interview.interview_at or episode.hub_notified_at or episode.returned_at
            assert done is not None
            links.append(
                PlannedLink(
                    child_id,
                    LinkKind.MEMBER_OF,
                    "peer-group",
                    day,
                    at=self._when(done),
                    grade=SEEN,
                    agency_id=self.hub_id,
                    by=figures.ANALYST,
                    origin=episode,
                    origin_label=f"Missing episode, last seen {_day(episode.last_seen_at):%-d %B %Y}",
                    summary="Goes missing with the others of the group; found at Wenmoor bus station.",
                )
            )
        # The group is recognised on the day the last of them is linked.
        last = max((link.at for link in links), default=self.latest)
        for link in links:
            link.at = last
        return links

    def network(self) -> list[PlannedLink]:
        """The police's intelligence about the persons, groups, phones and places among themselves."""
        links = []
        for start, kind, end, days, grade in figures.NETWORK:
            day = self.today - timedelta(days=days)
            links.append(
                PlannedLink(
                    start,
                    kind,
                    end,
                    day,
                    at=_at(day + timedelta(days=2), 15),
                    grade=grade,
                    agency_id=self.police_id,
                    by=figures.RECORDER,
                    conditions=figures.CONDITIONS if grade[2] == "C" else "",
                    summary="From police intelligence reports.",
                )
            )
        return links
