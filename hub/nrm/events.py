"""A child's NRM referrals in the child's chronology: the referral, each decision, a withdrawal, and
each correction, seen by whoever may see the referral (``selectors.referrals_for_child``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.urls import reverse

from hub.accounts.access import may_see_fields
from hub.children.chronology import ChronologyEvent, correction_event
from hub.core.calendar import LONDON
from hub.core.corrections import corrections_among
from hub.nrm.models import NrmReferral
from hub.nrm.selectors import referrals_for_child


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=LONDON)


def _who(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def nrm_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    referrals = referrals_for_child(user, child)
    narrative = may_see_fields(user, "narrative")
    for referral in referrals:
        url = reverse("nrm:detail", args=[referral.pk])
        types = ", ".join(t.name for t in referral.exploitation_types.all())
        yield ChronologyEvent(
            _at(referral.referred_on),
            "nrm",
            "Referred to the NRM",
            f"By {referral.first_responder} ({referral.referrer_name}). {types}."
            + (f"\n{referral.summary}" if narrative else ""),
            agency=str(referral.first_responder),
            by=_who(referral.recorded_by),
            url=url,
        )
        for prefix, words in (("rg", "Reasonable grounds"), ("cg", "Conclusive grounds")):
            decided_on = getattr(referral, f"{prefix}_decided_on")
            if decided_on is None:
                continue
            maker = getattr(referral, f"get_{prefix}_decision_maker_display")()
            chair = getattr(referral, f"{prefix}_panel_chair")
            grounds = getattr(referral, f"get_{prefix}_grounds_display")()
            yield ChronologyEvent(
                _at(decided_on),
                "nrm",
                f"NRM {words.lower()} decision: {grounds.lower()}",
                f"Decided by the {maker}" + (f", chaired by {_who(chair)}" if chair else ""),
                by=_who(getattr(referral, f"{prefix}_recorded_by")),
                url=url,
            )
        if referral.withdrawn_on is not None:
            yield ChronologyEvent(
                _at(referral.withdrawn_on),
                "nrm",
                "NRM referral withdrawn",
                referral.withdrawn_reason if narrative else "",
                by=_who(referral.withdrawn_by),
                url=url,
            )
    by_id = {referral.pk: referral for referral in referrals}
    for correction in corrections_among(NrmReferral, list(by_id), show_narrative=narrative):
        yield correction_event(
            correction,
            kind="nrm",
            title="NRM referral corrected",
            url=reverse("nrm:detail", args=[correction.record_id]),
        )
