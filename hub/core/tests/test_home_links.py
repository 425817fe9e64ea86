"""Every link on everyone's home page has words and leads where its reader may go; an administrator's
home leads to Administration."""

from __future__ import annotations

from django.urls import reverse

from conftest import make_user
from hub.core.roles import Role
from hub.tests.links import broken_links, links_on, unnamed_links


def test_every_home_page_link_is_named_and_opens(client_for, people, agencies):
    everyone = [
        *people.values(),
        make_user("helen", agencies["csc"], Role.PANEL_CHAIR),
        make_user("tomasz", agencies["hub"], Role.HUB_ANALYST),
        make_user("rita", agencies["hub"], Role.RETURN_INTERVIEWER),
    ]
    for person in everyone:
        client = client_for(person)
        home = client.get(reverse("core:home"))
        assert unnamed_links(home) == [], person.username
        assert broken_links(client, home) == [], person.username


def test_an_administrators_home_leads_to_administration_and_nobody_elses_does(client_for, people):
    erin = client_for(people["erin"])
    home = erin.get(reverse("core:home"))
    assert ("/admin/", "Open Administration") in links_on(home)
    assert ("/admin/", "Administration") in links_on(home)  # the primary navigation
    assert erin.get("/admin/").status_code == 200
    for username in ("alice", "bob", "dana", "pat"):
        assert "/admin/" not in [href for href, _ in links_on(client_for(people[username]).get("/"))]
    assert client_for(people["alice"]).get("/admin/").status_code == 403
