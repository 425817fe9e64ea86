"""What a panel chair and a case holder are shown about a child discussed at a meeting leads where
they may go: actions agreed at the item, the chronology's screenings and panel items, and the episodes
on the Missing tab are linked only for those who may open them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.children.models import Allocation
from hub.core.roles import Role
from hub.missing import services as missing_services
from hub.panels import services
from hub.panels.tests.test_panels import meet
from hub.screening.tests.helpers import filled_screening
from hub.tests.links import broken_links, hrefs


def test_a_chair_and_a_case_holder_are_shown_only_links_they_may_follow(
    client_for, people, agencies, mep, chair, exploited
):
    meeting = meet(mep, people["alice"], days=-1)  # held yesterday: decisions are recorded once held
    item = services.item_add(meeting=meeting, by=people["alice"], kind="child", child=exploited)
    services.decision_record(item=item, by=chair, kind="disruption", detail="Disrupt the county line")
    due = timezone.localdate() + timedelta(days=14)
    bobs = services.item_action_add(
        item=item, by=people["alice"], title="Visit Ruby", due=due, owner_user=people["bob"]
    )
    hers = services.item_action_add(
        item=item, by=chair, title="Write to the school", due=due, owner_user=chair
    )
    filled_screening(people["sam"], child=exploited)
    missing_services.episode_report(
        child=exploited,
        by=people["alice"],
        reported_at=timezone.now() - timedelta(hours=3),
        reported_by_kind="carer",
        last_seen_at=timezone.now() - timedelta(hours=4),
        risk_grade="high",
    )

    helen = client_for(chair)
    page = helen.get(reverse("panels:item", args=[item.pk]))
    assert reverse("actions:detail", args=[hers.pk]) in hrefs(page, r"^/actions/")
    assert reverse("actions:detail", args=[bobs.pk]) not in hrefs(page, r"^/actions/")
    assert "Visit Ruby" in page.content.decode()
    for url in (
        reverse("panels:item", args=[item.pk]),
        reverse("children:chronology", args=[exploited.pk]),
        reverse("missing:child_summary", args=[exploited.pk]),
    ):
        assert broken_links(helen, helen.get(url)) == [], url

    # A case holder not at the meeting reads the chronology (the decision, the screening) without
    # links into a meeting they may not see.
    olu = make_user("olu", agencies["csc"], Role.PRACTITIONER)
    Allocation.objects.create(
        child=exploited, worker=olu, recorded_by=people["alice"], start=timezone.localdate()
    )
    client = client_for(olu)
    chronology = client.get(reverse("children:chronology", args=[exploited.pk]))
    assert "MEP: consider disruption" in chronology.content.decode()
    assert broken_links(client, chronology) == []
    assert client.get(reverse("panels:item", args=[item.pk])).status_code == 404
