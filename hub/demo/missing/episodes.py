"""Each child's episodes, from the report to the return: which story each follows, when it starts and ends,
who reported it and how quickly, the police risk grade and any regrading, the DfE code and placement of a
looked-after child, and when the hub heard of the return. Also the episodes open on the load date and the
returns of the last three days, and the placement moves of looked-after children between episodes."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from hub.core.calendar import LONDON
from hub.demo.missing.figures import (
    AWAY_OTHERWISE,
    AWAY_WITH_FAMILY,
    HIGH_RISK_NOW,
    LATE_NOTIFICATION_SHARE,
    MISSING_NOW,
    POLICE_RECORDERS,
    RECENT_RETURNS,
    RECORDER_WEIGHTS,
    REGRADE_SHARE,
    REPORTED_BY_WEIGHTS,
    RISK_WEIGHTS,
)
from hub.demo.missing.plan import CareSpan, DemoChild, Episode, RiskChange, known
from hub.demo.missing.stories import LOOKED_AFTER_FAMILY_BONUS, STORIES, STORY_WEIGHTS
from hub.demo.missing.timing import (
    Spread,
    duration,
    latest_returns,
    local_date,
    return_time,
    year_starts,
)
from hub.demo.missing.wording import REGRADE_DOWN, REGRADE_UP, fill, pick, places

GRADES = ["no_apparent_risk", "low", "medium", "high"]
PLACE_CHANGE_REASONS = ["CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE"]  # SSDA903 codes
TYPE_ORDER = ["county-lines", "cce", "cse", "online"]
REPORT_DELAY_HOURS = {"carer": (0.5, 3), "parent": (1, 10), "school": (0.5, 2), "police": (0.2, 1.5)}


class EpisodePlanner:
    """Plans every child's episodes. ``now`` is the load time; ``window`` the year's first moment and the
    moment after it ends; no episode of the year ends after ``returns_by``."""

    def __init__(
        self,
        rng: random.Random,
        *,
        now: datetime,
        window: tuple[datetime, datetime],
        returns_by: datetime,
        spread: Spread,
        placement_move: Callable[..., CareSpan],
    ) -> None:
        self.rng = rng
        self.now = now
        self.window = window
        self.returns_by = returns_by
        self.spread = spread
        self.placement_move = placement_move  # (kind, start, first, placing) -> CareSpan
        self.current: dict[DemoChild, Episode] = {}  # child -> the child's episode open or just returned
        self.high_now: list[Episode] = []  # open episodes graded high

    # today's episodes -----------------------------------------------------------------------------------
    def choose_current(self, children: list[DemoChild]) -> tuple[list[Episode], list[Episode]]:
        """Children missing now (the first ``HIGH_RISK_NOW`` at high risk) and those back in the last three
        days: repeat missers, most of them children the hub is worried about."""
        rng = self.rng
        keyed = []
        for child in children:
            if child.count >= 2:
                weight = child.propensity * (2 if child.level in LEVELS_OF_WORRY else 1)
                keyed.append((rng.random() ** (1 / weight), child))
        keyed.sort(key=lambda item: -item[0])
        chosen = [child for _, child in keyed[: MISSING_NOW + RECENT_RETURNS]]
        missing = sorted(chosen[:MISSING_NOW], key=lambda c: -c.propensity)
        returned = chosen[MISSING_NOW:]
        open_hours = [rng.uniform(4, 20), rng.uniform(26, 60), rng.uniform(70, 110)]
        open_hours += [rng.uniform(2, 40) for _ in range(MISSING_NOW - len(open_hours))]
        open_episodes = []
        for index, (child, hours) in enumerate(zip(missing, open_hours, strict=False)):
            episode = self._current(child, self.now - timedelta(hours=hours), None)
            if index < HIGH_RISK_NOW:
                episode.scenario = "older-group" if "cse" not in child.types else "boyfriend"
                self.high_now.append(episode)
            open_episodes.append(episode)
        returned_episodes = []
        for child in returned:
            back = self.now - timedelta(hours=rng.uniform(2, 66))
            story = self.story(child)
            gone = back - min(duration(rng, long=STORIES[story].long), timedelta(hours=60))
            episode = self._current(child, gone, back)
            episode.scenario = _when_plausible(story, gone)
            returned_episodes.append(episode)
        return open_episodes, returned_episodes

    def _current(self, child: DemoChild, last_seen: datetime, returned: datetime | None) -> Episode:
        start, end = self.window
        episode = Episode(child, last_seen, returned, in_year=start <= last_seen < end)
        if episode.in_year:  # a load early in a month: today's episode is one of the year's
            child.count -= 1
        # the year's episodes end days before, so the last one's interview can be held in between
        child.span_end = min(
            known(child.span_end, "end of the year"), last_seen - timedelta(days=6, hours=12)
        )
        self.current[child] = episode
        return episode

    # the year -------------------------------------------------------------------------------------------
    def year(self, child: DemoChild) -> None:
        """The child's episodes of the year and today's, with their stories and returns."""
        rng = self.rng
        starts = year_starts(child, self.spread, rng) if child.count else []
        current = self.current.get(child)
        following = [*starts, current.last_seen_at] if current else starts
        latest = latest_returns(child, following, self.returns_by)[: len(starts)]
        if current is not None and latest:
            latest[-1] = min(latest[-1], current.last_seen_at - timedelta(days=5))
        habit = self.story(child)
        for start, last_return in zip(starts, latest, strict=True):
            story = _when_plausible(habit if rng.random() < 0.65 else self.story(child), start)
            end = return_time(rng, start, min(last_return, self.returns_by), long=STORIES[story].long)
            child.episodes.append(Episode(child, start, end, scenario=story))
        if current is not None:
            current.scenario = current.scenario or _when_plausible(habit, current.last_seen_at)
            child.episodes.append(current)

    def story(self, child: DemoChild) -> str:
        present = [code for code in TYPE_ORDER if code in child.types]
        key = self.rng.choice(present) if present else ""
        weights = dict(STORY_WEIGHTS[key])
        if child.looked_after:
            weights["family"] = weights.get("family", 0) + LOOKED_AFTER_FAMILY_BONUS
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    # placement moves ------------------------------------------------------------------------------------
    def moves(self, child: DemoChild) -> None:
        """A new looked-after child may move placement once or twice in the year, always between episodes
        (on a day they were not missing), so every episode lies in one placement."""
        rng = self.rng
        roll = rng.random()
        wanted = 2 if roll < 0.08 else 1 if roll < (0.3 if child.placed_in else 0.38) else 0
        gaps = []
        for before, after in zip(child.episodes, child.episodes[1:], strict=False):
            first = local_date(known(before.returned_at, "return")) + timedelta(days=1)
            last = local_date(after.last_seen_at) - timedelta(days=1)
            if first <= last and first > child.care[0].start:
                gaps.append((first, last))
        for first, last in sorted(rng.sample(gaps, min(wanted, len(gaps)))):
            day = first + timedelta(days=rng.randint(0, (last - first).days))
            self._move(child, day)

    def _move(self, child: DemoChild, day: date) -> None:
        previous = child.care[-1]
        previous.end = day
        previous.codes["rec"] = "X1"  # the episode ends; the child stays looked after
        previous.codes["reason_place_change"] = self.rng.choice(PLACE_CHANGE_REASONS)
        kind = self.rng.choice(
            ["foster", "home", "home"] if child.placed_in else ["foster", "foster", "home"]
        )
        span: CareSpan = self.placement_move(kind, day, first=False, placing=previous.placing)
        for kept in ("ls", "cin", "home_post"):
            span.codes[kept] = previous.codes[kept]
        child.care.append(span)

    # what was reported ----------------------------------------------------------------------------------
    def details(self, child: DemoChild, episode: Episode) -> None:
        """What was reported and recorded: the DfE code and placement of a looked-after child, who
        reported and when, where the child was last seen and found, the hub's notification, the grade."""
        rng = self.rng
        story = STORIES[episode.scenario]
        episode.places = places(rng)
        episode.account = rng.randrange(len(story.accounts))
        words = child.words() | episode.places
        care = child.care_on(local_date(episode.last_seen_at))
        if care is not None:
            away = rng.random() < (AWAY_WITH_FAMILY if episode.scenario == "family" else AWAY_OTHERWISE)
            episode.dfe_code = "A" if away else "M"
            episode.placement = care.placement
        episode.reported_by_kind = self._reported_by(care is not None, episode)
        low, high = REPORT_DELAY_HOURS.get(episode.reported_by_kind, (1, 6))
        reported = episode.last_seen_at + timedelta(hours=rng.uniform(low, high))
        latest = (episode.returned_at or self.now) - timedelta(minutes=20)
        episode.reported_at = max(episode.last_seen_at + timedelta(minutes=10), min(reported, latest))
        episode.recorded_by = rng.choices(list(RECORDER_WEIGHTS), weights=list(RECORDER_WEIGHTS.values()))[0]
        episode.last_seen_where = pick(story.last_seen, words, rng)
        if episode.returned_at is not None:
            account = story.accounts[episode.account]
            episode.returned_where = fill(account.found_at, words, rng)
            episode.returned_with = fill(account.found_with, words, rng)
            episode.return_method = pick(story.returned, words, rng)
            episode.hub_notified_at = self._notified(episode.returned_at, prompt=self._before_today(episode))
        self._grading(child, episode, story.risk_shift)

    def _reported_by(self, looked_after: bool, episode: Episode) -> str:
        if episode.scenario == "school":
            return "school"
        weights = REPORTED_BY_WEIGHTS[looked_after]
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _before_today(self, episode: Episode) -> bool:
        """Whether this is the last episode before the child's disappearance of today."""
        current = self.current.get(episode.child)
        if current is None or current is episode:
            return False
        return episode is episode.child.episodes[episode.child.episodes.index(current) - 1]

    def _notified(self, returned: datetime, *, prompt: bool = False) -> datetime:
        """Police tell the hub of a return mostly within hours, now and then a day or two late (never for
        the return before a child's disappearance of today: its interview is held in between)."""
        rng = self.rng
        if not prompt and rng.random() < LATE_NOTIFICATION_SHARE:
            delay = timedelta(hours=rng.uniform(24, 60))
        else:
            delay = timedelta(hours=rng.triangular(0.3, 16, 3))
        latest = self.now - timedelta(minutes=10)  # today's returns: the hub has heard by now
        if returned + delay > latest:
            return returned + max(timedelta(0), latest - returned) * rng.uniform(0.2, 1.0)
        return returned + delay

    def _grading(self, child: DemoChild, episode: Episode, shift: int) -> None:
        """The initial police grade, and for some episodes a regrading while the child is missing. Of the
        children missing now, the first ``HIGH_RISK_NOW`` are (or are regraded) high, the others are not,
        and none still missing after a day stays at low risk or below."""
        rng = self.rng
        reported_at = known(episode.reported_at, "report")
        level, _ = child.level_on(reported_at)
        weights = RISK_WEIGHTS.get(level, RISK_WEIGHTS[""])
        grade = rng.choices(list(weights), weights=list(weights.values()))[0]
        if shift and grade != "high" and rng.random() < 0.25:
            grade = GRADES[GRADES.index(grade) + 1]
        high_now = episode in self.high_now
        other_now = episode.returned_at is None and not high_now
        if other_now and grade == "high":
            grade = "medium"
        episode.risks = [RiskChange(grade, reported_at, episode.recorded_by, "initial grading")]
        missing_for = (episode.returned_at or self.now) - reported_at
        new = self._regrade(grade, missing_for, high_now=high_now, other_now=other_now)
        if new is not None and new != grade:
            at = reported_at + missing_for * rng.uniform(0.3, 0.8)
            officer = episode.recorded_by if episode.recorded_by in POLICE_RECORDERS else "officer"
            reason = rng.choice(REGRADE_UP if GRADES.index(new) > GRADES.index(grade) else REGRADE_DOWN)
            episode.risks.append(RiskChange(new, at, officer, reason, previous=grade))

    def _regrade(self, grade: str, missing_for: timedelta, *, high_now: bool, other_now: bool) -> str | None:
        """The grade the police move an episode to while the child is missing, if they do."""
        rank = GRADES.index(grade)
        if high_now:
            return "high"
        if other_now and missing_for > timedelta(hours=24) and rank < GRADES.index("medium"):
            return "medium"
        if missing_for <= timedelta(hours=10) or self.rng.random() >= REGRADE_SHARE / 0.6:
            return None
        if rank < GRADES.index("high") and self.rng.random() < 0.7:
            return None if other_now and rank + 1 == GRADES.index("high") else GRADES[rank + 1]
        return GRADES[rank - 1] if rank >= GRADES.index("medium") else None


LEVELS_OF_WORRY = {"exploited", "groomed-targeted"}


def _when_plausible(story: str, start: datetime) -> str:
    """Children walk out of school only in the school day: otherwise the same child is out in town."""
    local = start.astimezone(LONDON)
    school_day = local.weekday() < 5 and 8 <= local.hour < 15 and local.month != 8
    return "town" if story == "school" and not school_day else story
