"""Build screenings through the real services, as a referrer would."""

from __future__ import annotations

from datetime import date

from hub.accounts.models import LawfulBasis
from hub.reference.models import ExploitationType, ScreeningIndicator
from hub.screening import services


def filled_screening(
    referrer,
    *,
    child=None,
    yes=("missing", "older-controlling-adult", "unexplained-money"),
    submit=True,
    **child_details,
):
    screening = services.screening_start(by=referrer, child=child)
    details = (
        {"first_name": "Jonathan", "last_name": "Smith", "date_of_birth": date(2011, 5, 4)}
        if not child
        else {}
    )
    details.update(child_details)
    screening = services.screening_save_section(
        screening=screening, by=referrer, version=screening.version, **details
    )
    screening = services.screening_save_section(
        screening=screening,
        by=referrer,
        version=screening.version,
        concern="Seen getting into a car with an older man outside school twice this week.",
        immediate_risk=False,
        exploitation_types=list(ExploitationType.objects.filter(code="cse")),
        lawful_basis=LawfulBasis.SAFEGUARDING_WITHOUT_CONSENT,
        consent_not_sought_reason="Asking the family could alert the man involved.",
    )
    answers = {
        indicator.pk: ("yes" if indicator.code in yes else "no", "")
        for indicator in ScreeningIndicator.objects.filter(active=True)
    }
    services.screening_save_answers(screening=screening, by=referrer, answers=answers)
    screening.refresh_from_db()
    if submit:
        screening = services.screening_submit(screening=screening, by=referrer)
    return screening
