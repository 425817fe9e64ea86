"""How a reader is related to intelligence, stated once.

Intelligence is worked by area, not by case: whoever holds an intelligence role (``INTELLIGENCE_ROLES``:
hub staff and the police) in an agency that serves an authority works that authority's entities and
links (``in_area``). What a link's own handling and subject add (``link_scope``):

- a 5x5x5 link whose handling code keeps it within the originating agency (4, 5: ``rules.sharing``) is
  seen only by that agency's people;
- a link that casts a child as exploiting others is seen only by ``CHILD_AS_EXPLOITER_ROLES``;
- a disposed entity or link is seen by nobody (its disposal is in the access log);
- disruption activity is seen as its target is (``disruption_scope``): with a disposed target, by nobody.

An operation (``operations.py``) is reached otherwise: by hub staff of its area, its lead (``leads``)
and its members (``operation_member``: a current member, while it is open or suspended and for
``MEMBER_SIGHT_AFTER_CLOSING`` after it closes).

A practitioner, a school or a chair sees none of it through these: what they see about a child they
hold is the sanitised summary (``selectors.concern_summary``)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from hub.accounts.access import authority_ids
from hub.accounts.models import User
from hub.core import clock
from hub.core.roles import CHILD_AS_EXPLOITER_ROLES

ORIGINATOR_ONLY_HANDLING = Q(grading="5x5x5", handling_code__in=["3", "4", "5"])


def in_area(user: User) -> Q:
    """The entities (or links) of the authorities the reader's agency serves, not disposed of."""
    return Q(authority__in=authority_ids(user), disposed_at__isnull=True)


def link_scope(user: User) -> Q:
    """The links of the reader's area that their agency and roles may see (the module's rules)."""
    q = in_area(user) & Q(source__disposed_at__isnull=True, target__disposed_at__isnull=True)
    q &= ~ORIGINATOR_ONLY_HANDLING | Q(agency_id=user.agency_id)
    if not user.has_role(*CHILD_AS_EXPLOITER_ROLES):
        q &= Q(casts_child_as_exploiter=False)
    return q


def disruption_scope(user: User) -> Q:
    """Disruption activity against the entities of the reader's area that are not disposed of."""
    return Q(authority__in=authority_ids(user), target__disposed_at__isnull=True)


# How long after an operation closes its members still see it (then only hub staff and its lead).
MEMBER_SIGHT_AFTER_CLOSING = timedelta(days=90)


def leads(user: User) -> Q:
    """The operations (a Q over ``Operation``) the reader leads."""
    return Q(lead=user)


def operation_member(user: User) -> Q:
    """The operations the reader is a current member of: open or suspended, or closed within
    ``MEMBER_SIGHT_AFTER_CLOSING`` (closed on day D, seen to the end of day D + 90)."""
    since = clock.today() - MEMBER_SIGHT_AFTER_CLOSING
    current = Q(memberships__user=user, memberships__removed_at__isnull=True)
    return current & (~Q(status="closed") | Q(closed_on__gte=since))
