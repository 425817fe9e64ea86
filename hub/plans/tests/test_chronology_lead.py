"""A plan's lead changed with a reason is in the child's chronology: who led it before and after, why,
who changed it and their agency; for those who read the plan, and nothing for someone outside."""

from __future__ import annotations

import html

from django.urls import reverse

from hub.plans.corrections import plan_lead_set

REASON = "The case has passed to the youth offending team, who see him every week."


def test_a_change_of_lead_is_in_the_chronology(client_for, agreed_plan, people, pele, yusuf, child):
    plan_lead_set(plan=agreed_plan, by=people["bob"], version=agreed_plan.version, lead=yusuf, reason=REASON)
    url = reverse("children:chronology", args=[child.pk])
    for reader in (people["bob"], pele):  # children's social care and the police
        response = client_for(reader).get(url)
        assert response.status_code == 200
        timeline = html.unescape(response.content.decode()).split('data-testid="chronology"')[1]
        assert "Plan lead changed" in timeline and "Lead: Bob Tester → Yusuf Tester" in timeline
        assert f"Why: {REASON}" in timeline
        assert "by Bob Tester" in timeline and "Agency: Wenmoor CSC" in timeline
        assert reverse("plans:detail", args=[agreed_plan.pk]) in timeline
    assert client_for(people["charlie"]).get(url).status_code == 404
