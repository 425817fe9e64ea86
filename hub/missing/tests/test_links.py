"""An episode's links lead where its reader may go: "back" goes to the missing list only for those who
may see it, and the child's name is a link only for those who may open the record."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.children.models import Allocation
from hub.core.roles import Role
from hub.missing import interview_services
from hub.missing.tests.test_pages import report, returned
from hub.tests.links import broken_links, links_on


def back_link(response) -> tuple[str, str]:
    return next((href, text) for href, text in links_on(response) if text.startswith("Back to"))


def test_back_from_an_episode_leads_where_each_reader_may_go(client_for, people, agencies, child, rita):
    interview = returned(report(child, people["alice"], hours_ago=30), people["alice"], hours_ago=20)
    interview_services.interview_allocate(interview=interview, worker=rita, by=people["alice"])
    url = reverse("missing:episode", args=[interview.episode_id])
    Allocation.objects.create(
        child=child, worker=people["bob"], recorded_by=people["alice"], start=timezone.localdate()
    )
    cases = {
        people["alice"]: (reverse("missing:list"), "Back to the missing list"),
        people["bob"]: (reverse("missing:child_summary", args=[child.pk]), "Back to Kai's missing history"),
        # Rita holds the interview but not Kai's record: no link to the record, back to her interviews.
        rita: (reverse("missing:interviews"), "Back to your return interviews"),
    }
    for person, expected in cases.items():
        client = client_for(person)
        page = client.get(url)
        assert page.status_code == 200
        assert back_link(page) == expected, person.username
        assert broken_links(client, page) == [], person.username
    assert reverse("children:detail", args=[child.pk]) not in page.content.decode()
    # Someone outside still gets nothing.
    assert client_for(people["charlie"]).get(url).status_code == 404


def test_a_chair_involved_with_the_child_goes_back_to_the_childs_missing_history(
    client_for, people, agencies, child
):
    chair = make_user("helen", agencies["csc"], Role.PANEL_CHAIR)
    Allocation.objects.create(
        child=child, worker=chair, recorded_by=people["alice"], start=timezone.localdate()
    )
    page = client_for(chair).get(reverse("missing:episode", args=[report(child, people["alice"]).pk]))
    assert back_link(page)[0] == reverse("missing:child_summary", args=[child.pk])
    assert broken_links(client_for(chair), page) == []
