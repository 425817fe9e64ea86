"""The review queue's links lead where each reader may go: a hub coordinator to the review, a hub
analyst (who reads the queue but does not review) to the screening itself. A referrer sees all their
referrals, not only the last ten on the home page."""

from __future__ import annotations

from django.urls import reverse

from conftest import make_user
from hub.audit.models import AccessLogEntry
from hub.core.roles import Role
from hub.screening.tests.helpers import filled_screening
from hub.tests.links import broken_links, hrefs, links_on
from hub.tests.matrix_records import build_screening


def test_the_analyst_reads_the_queue_and_each_screening_the_coordinator_reviews(
    client_for, people, agencies, wenmoor
):
    screening = build_screening(wenmoor)
    review, detail = (reverse(name, args=[screening.pk]) for name in ("screening:review", "screening:detail"))
    tomasz = client_for(make_user("tomasz", agencies["hub"], Role.HUB_ANALYST))
    alice = client_for(people["alice"])
    for page_name in ("screening:queue", "core:home"):
        analyst_page = tomasz.get(reverse(page_name))
        assert detail in hrefs(analyst_page, r"^/screening/") and review not in hrefs(analyst_page, r".")
        assert broken_links(tomasz, analyst_page) == []
        coordinator_page = alice.get(reverse(page_name))
        assert review in hrefs(coordinator_page, r"^/screening/")
        assert broken_links(alice, coordinator_page) == []
    assert tomasz.get(review).status_code == 403  # sees the screening; reviewing is a coordinator's
    assert client_for(people["charlie"]).get(reverse("screening:queue")).status_code == 403


def test_the_home_page_shows_the_last_ten_referrals_and_links_to_them_all(client_for, people):
    sam = people["sam"]
    for number in range(12):
        filled_screening(sam, first_name=f"Child{number}", submit=number % 2 == 0)
    client = client_for(sam)
    home = client.get(reverse("core:home"))
    assert home.content.decode().count("/screening/") >= 10
    assert ("See all your referrals (12)", reverse("screening:referrals")) in [
        (text, href) for href, text in links_on(home)
    ]
    page = client.get(reverse("screening:referrals"))
    text = page.content.decode()
    assert all(f"Child{number} Smith" in text for number in range(12))
    assert "12 referrals, newest first" in text
    assert broken_links(client, page) == []
    assert AccessLogEntry.objects.filter(username="sam", detail="your referrals").exists()
    # Nobody else's referrals; roles that do not refer are refused.
    assert "Child0" not in client_for(people["bob"]).get(reverse("screening:referrals")).content.decode()
    assert client_for(people["pat"]).get(reverse("screening:referrals")).status_code == 403
