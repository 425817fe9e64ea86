"""Return interviews: one for every returned episode, its two clocks started by the hub's notification
exactly as ``services.episode_record_return`` starts them, allocated to a return interviewer, and held
(or declined) on time or late for a reason. What the child said follows the episode's story.

Returns of the last three days are still waiting: some for the hub to allocate, some with an interviewer."""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import date, datetime, timedelta

from hub.core.calendar import LONDON, is_working_day
from hub.demo.missing.figures import (
    DECLINED_SHARE,
    INTERVIEWER_WEIGHTS,
    LATE_REASON_WEIGHTS,
    NOT_FACE_TO_FACE_SHARE,
    ON_TIME_SHARE,
    RECENT_UNALLOCATED,
)
from hub.demo.missing.plan import DemoChild, Episode, Interview, known
from hub.demo.missing.stories import STORIES, Story
from hub.demo.missing.wording import ACTIONS, DECLINED, LATE_DETAIL, NOT_FACE_TO_FACE, fill, pick
from hub.missing import rules
from hub.missing.models import ReturnInterview

INDICATOR_CHANCE = {"exploited": 0.5, "groomed-targeted": 0.35, "vulnerable": 0.2}
Status = ReturnInterview.Status


class InterviewPlanner:
    """Plans the interviews. ``response_hours`` and ``interview_hours`` are the two clocks' lengths, read
    from the reference data as the service reads them; ``holidays`` are the bank holidays (the hub
    allocates on working days)."""

    def __init__(
        self,
        rng: random.Random,
        *,
        now: datetime,
        response_hours: int,
        interview_hours: int,
        holidays: Collection[date],
    ) -> None:
        self.rng = rng
        self.now = now
        self.response_hours = response_hours
        self.interview_hours = interview_hours
        self.holidays = holidays

    def interviewer(self) -> str:
        return self.rng.choices(list(INTERVIEWER_WEIGHTS), weights=list(INTERVIEWER_WEIGHTS.values()))[0]

    def _clocks(self, episode: Episode) -> Interview:
        notified = known(episode.hub_notified_at, "notification of the return")
        return Interview(
            status=Status.AWAITING_ALLOCATION,
            notified_at=notified,
            due_at=rules.rfmi_due(notified, self.interview_hours),
            response_due_at=rules.rfmi_due(notified, self.response_hours),
        )

    # waiting ----------------------------------------------------------------------------------------------
    def waiting(self, episodes: list[Episode]) -> None:
        """Today's returns: the oldest allocated (the demo interviewer holds at least three of them), the
        newest still to allocate."""
        rng = self.rng
        for index, episode in enumerate(
            sorted(episodes, key=lambda e: known(e.hub_notified_at, "notification"))
        ):
            interview = self._clocks(episode)
            episode.interview = interview
            if index >= len(episodes) - RECENT_UNALLOCATED:
                continue
            interview.status = Status.ALLOCATED
            interview.allocated_to = "interviewer" if index < 3 else self.interviewer()
            interview.allocated_at = min(
                interview.notified_at + timedelta(hours=rng.uniform(0.5, 6)), self.now - timedelta(minutes=5)
            )
            if rng.random() < 0.5:
                contact = interview.allocated_at + timedelta(hours=rng.uniform(0.5, 8))
                interview.first_response_at = contact if contact < self.now else None

    # held -------------------------------------------------------------------------------------------------
    def held(self, child: DemoChild, episode: Episode, later: list[Episode]) -> None:
        """The interview of a past return: when it was held or declined, on time or why not, and what was
        said. ``later`` are the child's next episodes (the interview cannot be while they are missing)."""
        rng = self.rng
        interview = self._clocks(episode)
        episode.interview = interview
        interview.status = Status.ALLOCATED
        interview.allocated_to = self.interviewer()
        allocated = self._working_time(interview.notified_at + timedelta(hours=rng.uniform(0.3, 4)))
        gone_again = next((e.last_seen_at for e in later if e.returned_at is None), None)
        if gone_again is not None and allocated > gone_again - timedelta(days=2):
            # the child is missing again now: the duty coordinator allocated at once, out of hours too
            allocated = interview.notified_at + timedelta(hours=rng.uniform(0.3, 2))
        interview.allocated_at = max(interview.notified_at, min(allocated, self.now - timedelta(hours=2)))
        declined = rng.random() < DECLINED_SHARE
        when = self._when(interview, later)
        if when is None:  # missing again before anyone could see them: still to be held
            return
        done_at, missing_again = when
        interview.recorded_by = interview.allocated_to
        interview.first_response_at = min(
            done_at, interview.allocated_at + timedelta(hours=rng.uniform(0.5, 24))
        )
        if done_at > interview.due_at:
            self._late(child, episode, interview, missing_again)
        story = STORIES[episode.scenario]
        words = child.words() | episode.places
        if declined:
            interview.status = Status.DECLINED
            interview.first_response_at = done_at
            interview.declined_reason = pick(DECLINED, words, rng)
            interview.carer_information = pick(story.carers, words, rng)
            return
        interview.status = Status.COMPLETED
        interview.interview_at = done_at
        interview.face_to_face = rng.random() >= NOT_FACE_TO_FACE_SHARE
        if not interview.face_to_face:
            interview.not_face_to_face_reason = pick(NOT_FACE_TO_FACE, words, rng)
        self._content(child, episode, story, words)

    def _when(self, interview: Interview, later: list[Episode]) -> tuple[datetime, bool] | None:
        """When the interview was held: within the clock for most, after it for the rest, never while the
        child is missing again (then after their next return). Returns the time and whether a later
        episode pushed it; None if the child is missing again now and was not seen before they went."""
        rng = self.rng
        allocated_at = known(interview.allocated_at, "allocation")
        earliest = allocated_at + timedelta(hours=2)
        gone_again = next((e.last_seen_at for e in later), None)
        deadline = min(interview.due_at, gone_again or interview.due_at) - timedelta(minutes=30)
        if earliest < deadline and rng.random() < ON_TIME_SHARE:
            moment = self._daytime(earliest + (deadline - earliest) * rng.random(), earliest, deadline)
        else:
            hours = rng.choices([(2, 48), (48, 120), (120, 240)], weights=[60, 30, 10])[0]
            moment = self._daytime(interview.due_at + timedelta(hours=rng.uniform(*hours)))
        pushed = False
        for episode in later:
            if episode.last_seen_at - timedelta(hours=1) <= moment and (
                episode.returned_at is None or moment <= episode.returned_at + timedelta(hours=3)
            ):
                if episode.returned_at is None:  # missing now: seen before they went, or not yet
                    before = episode.last_seen_at - timedelta(hours=2)
                    if before <= earliest:
                        return None
                    return earliest + (before - earliest) * rng.random(), False
                moment = self._daytime(episode.returned_at + timedelta(hours=rng.uniform(4, 30)))
                pushed = True
        moment = min(moment, self.now - timedelta(hours=1))
        return max(moment, allocated_at + timedelta(minutes=30)), pushed

    def _late(self, child: DemoChild, episode: Episode, interview: Interview, missing_again: bool) -> None:
        rng = self.rng
        if missing_again:
            reason = "child-missing-again"
        elif (
            known(episode.hub_notified_at, "notification") - known(episode.returned_at, "return")
            > timedelta(hours=24)
            and rng.random() < 0.7
        ):
            reason = "late-notification"
        else:
            weights = dict(LATE_REASON_WEIGHTS)
            if child.placed_in:
                weights["child-out-of-area"] *= 2
            reason = rng.choices(list(weights), weights=list(weights.values()))[0]
        interview.late_reason = reason
        interview.late_detail = pick(LATE_DETAIL[reason], child.words(), rng)

    def _content(self, child: DemoChild, episode: Episode, story: Story, words: dict[str, str]) -> None:
        """What the child said and the interviewer saw, following the episode's story."""
        rng = self.rng
        interview = known(episode.interview, "interview")
        account = story.accounts[episode.account]
        interview.where_went = fill(account.where_went, words, rng)
        interview.who_with = fill(account.who_with, words, rng)
        interview.travel_there = pick(story.travel_there, words, rng)
        interview.travel_back = pick(story.travel_back, words, rng)
        in_care = bool(episode.placement)
        push = [code for code in story.push if in_care or code != "placement-unhappy"]
        factors = rng.sample(push, min(len(push), 1 if rng.random() < 0.7 else 2))
        interview.factors = factors + rng.sample(story.pull, min(len(story.pull), rng.choice([1, 1, 2])))
        chance = INDICATOR_CHANCE.get(child.level, 0.1)
        interview.indicators = [code for code in story.indicators if rng.random() < chance]
        interview.child_words = pick(story.words, words, rng)
        if rng.random() < 0.5:
            interview.carer_information = pick(story.carers, words, rng)
        actions = [rng.choice(ACTIONS["placement" if in_care else "home"])]
        if interview.indicators:
            actions.append(rng.choice(ACTIONS["exploitation"]))
        if story.harm and rng.random() < (0.55 if story.long else 0.3):
            harm, action = rng.choice(story.harm)
            interview.harm = fill(harm, words, rng)
            actions.append(action)
        interview.actions_agreed = " ".join(fill(action, words, rng) for action in actions)

    # times of day -----------------------------------------------------------------------------------------
    def _working_time(self, moment: datetime) -> datetime:
        """The hub allocates in working hours: ``moment``, or the next working morning."""
        local = moment.astimezone(LONDON)
        if is_working_day(local.date(), self.holidays) and 8 <= local.hour < 18:
            return moment
        day = local.date() if local.hour < 8 else local.date() + timedelta(days=1)
        while not is_working_day(day, self.holidays):
            day += timedelta(days=1)
        start = datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
        return start + timedelta(hours=8, minutes=self.rng.randint(30, 150))

    def _daytime(
        self, moment: datetime, low: datetime | None = None, high: datetime | None = None
    ) -> datetime:
        """Interviews are held between 9:00 and 20:00: ``moment`` moved into those hours of its day (or
        the next), if that stays between ``low`` and ``high``."""
        local = moment.astimezone(LONDON)
        if 9 <= local.hour < 20:
            return moment
        day = local.date() if local.hour < 9 else local.date() + timedelta(days=1)
        start = datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
        moved = start + timedelta(hours=self.rng.uniform(9.5, 19))
        if (low is None or moved >= low) and (high is None or moved <= high):
            return moved
        return moment
