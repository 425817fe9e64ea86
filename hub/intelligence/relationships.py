"""How a reader is related to intelligence, stated once.

Intelligence is worked by area, not by case: whoever holds an intelligence role (``INTELLIGENCE_ROLES``:
hub staff and the police) in an agency that serves an authority works that authority's entities and
links (``in_area``). What a link's own handling and subject add (``link_scope``):

- a 5x5x5 link whose handling code keeps it within the originating agency (4, 5: ``rules.sharing``) is
  seen only by that agency's people;
- a link that casts a child as exploiting others is seen only by ``CHILD_AS_EXPLOITER_ROLES``;
- a disposed entity or link is seen by nobody (its disposal is in the access log);
- disruption activity is seen as its target is (``disruption_scope``): with a disposed target, by nobody.

A practitioner, a school or a chair sees none of it through these: what they see about a child they
hold is the sanitised summary (``selectors.concern_summary``)."""

from __future__ import annotations

from django.db.models import Q

from hub.accounts.access import authority_ids
from hub.accounts.models import User
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
