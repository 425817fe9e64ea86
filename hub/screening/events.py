from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.children.chronology import ChronologyEvent
from hub.screening.models import Screening


def screening_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    narrative = may_see_fields(user, "narrative")
    screenings = child.screenings.exclude(status=Screening.Status.DRAFT).select_related(
        "referrer",
        "referrer_agency",
        "review",
        "review__decided_level",
        "review__reviewer__agency",
        "suggested_level",
    )
    # Whoever reads the chronology reads that a screening was made; it is linked only for those who
    # may open it.
    readable = set(access.visible(user, child.screenings.all()).values_list("pk", flat=True))
    for screening in screenings:
        url = reverse("screening:detail", args=[screening.pk]) if screening.pk in readable else ""
        yield ChronologyEvent(
            screening.submitted_at,
            "screening",
            f"Screening submitted by {screening.referrer.get_full_name()} ({screening.referrer_agency})",
            screening.concern if narrative else "",
            agency=screening.referrer_agency.name,
            by=screening.referrer.get_full_name(),
            url=url,
        )
        review = getattr(screening, "review", None)
        if review is not None:
            yield ChronologyEvent(
                review.reviewed_at,
                "screening",
                f"Hub review: {review.decided_level.name}, {review.get_route_display()}",
                review.rationale if narrative else "",
                agency=str(review.reviewer.agency or ""),
                by=review.reviewer.get_full_name(),
                url=url,
            )
