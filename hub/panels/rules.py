"""The rules of the meeting services, stated once: ``services`` (one meeting, item or decision at a time)
and ``past_services`` (past meetings in batches) ask these same functions. Each takes what its rule reads
and refuses with the words a person reads (``RuleRefused``, or a field's ``FieldRefused``); where a rule
depends on "now" it asks ``clock.now()``, so a caller writing the past runs it inside
``clock.history(at)``. Who may do each thing is ``checks``'s."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from hub.accounts.models import Agency, User
from hub.children.models import Child
from hub.core import clock, dates, late
from hub.core.errors import FieldRefused, RuleRefused
from hub.panels.models import (
    CHILD_ONLY_DECISIONS,
    NRM_DECISIONS,
    Attendance,
    DecisionKind,
    Meeting,
    Panel,
    SubjectKind,
)
from hub.reference.models import LevelOfConcern, School

LOCKED = (Meeting.Status.MINUTES_ISSUED, Meeting.Status.CANCELLED)
# The devolved NRM child decision panel's meeting type: only it makes NRM decisions (``nrm_panel.py``).
NRM_PANEL = "nrm-panel"
HELD = "the date the meeting was held"


def meeting_editable_check(meeting: Meeting) -> None:
    """A meeting is changed until its minutes are issued or it is cancelled."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise RuleRefused(
            "This meeting was cancelled: it can no longer be changed. Its items are proposed for the "
            "panel's next meeting."
        )
    if meeting.status in LOCKED:
        raise RuleRefused("The minutes of this meeting have been issued: it can no longer be changed.")


def meeting_date_check(held_at: datetime, late_entry_reason: str = "") -> str:
    """A meeting planned ahead is within the planning horizon; one recorded as held happened, with the
    reason if it was long ago. Returns that reason, stripped."""
    if held_at > clock.now():
        dates.planned(held_at, field="held_at", what="the date of the meeting")
        return late_entry_reason
    dates.happened(held_at, field="held_at", what="the date of the meeting")
    return late.asked(held_at, late_entry_reason, what=HELD)


def panel_members(panel: Panel) -> set[User]:
    """The members a new meeting of the panel invites: its active ones."""
    return set(panel.members.filter(is_active=True))


def invited_when_planned(chair: User, members: set[User]) -> set[User]:
    """Who a new meeting invites: its chair and the panel's members (``panel_members``), those with an
    agency."""
    return {user for user in {chair, *members} if user.agency_id}


def attendance(meeting: Meeting, user: User, status: str = Attendance.Status.INVITED) -> Attendance:
    """The row of someone invited (``invited_when_planned``, or ``attendee_check``ed: they have an agency)."""
    if user.agency is None:
        raise RuleRefused(f"{user.get_full_name()} has no agency: ask an administrator to add it first.")
    return Attendance(meeting=meeting, user=user, agency=user.agency, status=status)


def attendee_check(user: User) -> Agency:
    """Someone invited besides the members: they have an agency (returned) and an account in use."""
    if user.agency is None:
        raise RuleRefused(f"{user.get_full_name()} has no agency: ask an administrator to add it first.")
    if not user.is_active:
        raise RuleRefused(f"{user.get_full_name()}'s account is disabled.")
    return user.agency


def attendance_statuses_check(statuses: Iterable[str]) -> None:
    if any(status not in Attendance.Status.values for status in statuses):
        raise RuleRefused("Choose present, apologies or did not attend for each person.")


# The panels that take places, groups and persons of concern as subjects (contexts as cases): MEP, SEP and
# Youth Risk. MARMM, Cross-Border, Locality and DCI Risk discuss children.
CONTEXT_MEETING_TYPES = frozenset({"mep", "sep", "youth-risk"})


def context_meeting_check(meeting: Meeting, context: Any) -> None:
    """A context goes on an MEP, SEP or Youth Risk agenda of its own area."""
    if meeting.panel.meeting_type.code not in CONTEXT_MEETING_TYPES:
        raise RuleRefused(
            f"{meeting.panel.name} discusses children: put a place, group or person on an MEP, SEP or "
            "Youth Risk agenda."
        )
    if getattr(context, "authority_id", None) != meeting.panel.authority_id:
        raise RuleRefused(f"{context} is not in this panel's area.")


def already_on_agenda(subject: object) -> RuleRefused:
    return RuleRefused(f"{subject} is already on this agenda.")


def item_subject_check(
    *,
    meeting: Meeting,
    kind: str,
    child: Child | None,
    school: School | None,
    theme: str,
    context: Any,
    reason: str,
    rule: str,
    placed_in: Callable[[Child], bool],
    on_agenda: Callable[[Child], bool],
    proposed: Callable[[Child], tuple[str, str] | None],
) -> tuple[dict[str, Any], str, str]:
    """What an agenda item is about: a child of the panel's area (or placed in it: ``placed_in``) and
    not on the agenda yet (``on_agenda``), a school, a theme or a context. A child the Hub's rules
    propose (``proposed`` gives the rule and its reason) keeps that rule; any other needs the chair's
    reason, since adding them lets every member read their record. Returns the item's subject fields,
    its rule and its reason (stripped)."""
    values: dict[str, Any] = {"kind": kind}
    if kind == SubjectKind.CHILD:
        if child is None:
            raise RuleRefused("Choose the child.")
        if child.authority_id != meeting.panel.authority_id and not placed_in(child):
            raise RuleRefused(f"{child.full_name} is not a child of this panel's area.")
        if on_agenda(child):
            raise already_on_agenda(child.full_name)
        if not rule:
            found = proposed(child)
            if found is not None:
                rule, reason = found[0], reason.strip() or found[1]
            elif not reason.strip():
                raise FieldRefused(
                    f"Say why {child.full_name} is on the agenda: the Hub's rules did not propose them, and "
                    "adding them lets every member read their record.",
                    field="reason",
                )
        values["child"] = child
    elif kind == SubjectKind.SCHOOL:
        if school is None:
            raise RuleRefused("Choose the school.")
        values["school"] = school
    elif kind == SubjectKind.THEME:
        if not theme.strip():
            raise RuleRefused("Name the theme.")
        values["theme"] = theme.strip()
    elif kind == SubjectKind.CONTEXT:
        if context is None:
            raise RuleRefused("Choose the place, group or person.")
        context_meeting_check(meeting, context)
        if not reason.strip():
            raise FieldRefused(
                f"Say why {context} is on the agenda: what the panel is asked to consider.", field="reason"
            )
        values["context"] = context
    else:
        raise RuleRefused("Choose what the item is about: a child, a school, a theme or a context.")
    return values, rule, reason.strip()


def agenda_issue_check(*, has_items: bool) -> None:
    if not has_items:
        raise RuleRefused("Add at least one item before issuing the agenda.")


def decision_check(
    *, meeting: Meeting, item_kind: str, kind: str, detail: str, level: LevelOfConcern | None
) -> str:
    """A decision is recorded at or after the meeting, names its kind and its reason, is about a child
    when it changes a child's record, and names the level when it changes the level. Returns the detail,
    stripped."""
    if meeting.held_at > clock.now() + dates.CLOCK_SKEW:
        raise RuleRefused(
            f"The meeting has not been held yet ({timezone.localtime(meeting.held_at):%-d %B %Y at %H:%M}): "
            "record decisions at or after it."
        )
    detail = detail.strip()
    if kind not in DecisionKind.values:
        raise RuleRefused("Choose the decision.")
    if not detail:
        raise RuleRefused("Write the decision and its reason.")
    if kind in CHILD_ONLY_DECISIONS and item_kind != SubjectKind.CHILD:
        raise RuleRefused(f"'{DecisionKind(kind).label}' is a decision about a child.")
    if kind == DecisionKind.LEVEL and level is None:
        raise RuleRefused("Choose the new level of concern.")
    if kind in NRM_DECISIONS and meeting.panel.meeting_type.code != NRM_PANEL:
        raise RuleRefused(
            "NRM decisions are made at a devolved NRM child decision panel: record the Single Competent "
            "Authority's decision on the child's NRM referral."
        )
    return detail


def minutes_issue_check(*, meeting: Meeting, anyone_left_invited: bool) -> None:
    """The minutes are issued after the meeting, once everyone invited is recorded as present, sent
    apologies or did not attend."""
    if meeting.held_at > clock.now():
        raise RuleRefused("The meeting has not happened yet: issue the minutes after it.")
    if anyone_left_invited:
        raise RuleRefused(
            "Record whether each person invited came or sent apologies before issuing the minutes."
        )
