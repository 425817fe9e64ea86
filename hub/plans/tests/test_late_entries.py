"""A plan agreed long before it is recorded: the page and the API ask why in the same words and keep the
answer with the version (shown on its page); a plan recorded on the day is not asked; a date agreed in
the future is refused whatever the reason."""

from __future__ import annotations

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hub.core.models import LateEntry
from hub.plans import services
from hub.plans.models import Plan, PlanVersion
from hub.plans.tests.test_api import _version
from hub.plans.tests.test_pages import day, first_version

LATE = "Say why this is being recorded more than 30 days after it happened"
WHY = "Agreed at the MEP in the summer; the minutes reached us only now."


def test_the_page_asks_why_a_plan_agreed_long_ago_is_recorded_now(client_for, people, child):
    bob = client_for(people["bob"])
    plan = services.plan_start(child=child, by=people["bob"], source_label="MEP")
    url = reverse("plans:review", args=[plan.pk])
    assert 'name="late_entry_reason"' not in bob.get(url).content.decode()  # not asked before it is late
    agreed = timezone.localdate() - timedelta(days=40)
    data = first_version(plan, **day("agreed_on", agreed))
    page = html.unescape(bob.post(url, data).content.decode())
    assert LATE in page and 'name="late_entry_reason"' in page
    assert not PlanVersion.objects.filter(plan=plan).exists()

    response = bob.post(url, {**data, "late_entry_reason": WHY})
    assert response.status_code == 302
    record = PlanVersion.objects.get(plan=plan)
    assert LateEntry.objects.get(content_type__model="planversion", object_id=record.pk).reason == WHY
    page = html.unescape(bob.get(reverse("plans:version", args=[plan.pk, 1])).content.decode())
    assert "Recorded late" in page and WHY in page and "The date the plan was agreed" in page
    # Someone outside the child's area cannot reach the page at all.
    assert client_for(people["charlie"]).get(url).status_code == 404


def test_a_plan_agreed_today_is_not_asked_and_a_future_one_is_refused(client_for, people, child):
    bob = client_for(people["bob"])
    plan = services.plan_start(child=child, by=people["bob"], source_label="MEP")
    url = reverse("plans:review", args=[plan.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = html.unescape(
        bob.post(
            url, first_version(plan, late_entry_reason=WHY, **day("agreed_on", tomorrow))
        ).content.decode()
    )
    assert "The date agreed cannot be in the future" in page
    assert bob.post(url, first_version(plan)).status_code == 302
    assert not LateEntry.objects.exists()


def test_the_api_asks_the_same_question(client_for, people, child):
    bob = client_for(people["bob"])
    agreed = timezone.localdate() - timedelta(days=45)
    review = timezone.localdate() + timedelta(days=30)
    body = {"child": child.pk, **_version(agreed_on=agreed.isoformat(), review_date=review.isoformat())}
    url = reverse("api:plans-list")
    response = bob.post(url, body, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"late_entry_reason": [LATE]}
    assert not Plan.objects.filter(child=child).exists()  # the plan is not started without its version
    response = bob.post(url, {**body, "late_entry_reason": WHY}, content_type="application/json")
    assert response.status_code == 201, response.json()
    record = PlanVersion.objects.get(plan__child=child)
    assert LateEntry.objects.get(object_id=record.pk).reason == WHY
