from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from hub.accounts.models import RoleAssignment
from hub.accounts.services import AccessChangeRefused, user_disable, user_roles_set
from hub.core.roles import Role

HOME = reverse("core:home")


def _age_session(client, **changes):
    session = client.session
    for key, delta in changes.items():
        session[key] = (timezone.now() - delta).isoformat()
    session.save()


def test_idle_session_is_signed_out(client_for, people):
    client = client_for(people["alice"])
    _age_session(client, hub_last_seen=timedelta(minutes=31))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_in")
    follow = client.get(response["Location"])
    assert b"signed out after 30 minutes without activity" in follow.content


def test_activity_keeps_a_session_alive(client_for, people):
    client = client_for(people["alice"])
    _age_session(client, hub_last_seen=timedelta(minutes=29))
    assert client.get(HOME).status_code == 200


def test_absolute_lifetime_ends_even_an_active_session(client_for, people):
    client = client_for(people["alice"])
    _age_session(client, hub_started_at=timedelta(hours=12, minutes=1), hub_last_seen=timedelta(minutes=1))
    assert client.get(HOME).status_code == 302


def test_expired_session_on_the_api_says_so(client_for, people):
    client = client_for(people["alice"])
    _age_session(client, hub_last_seen=timedelta(hours=1))
    response = client.get(reverse("api:me"))
    assert response.status_code == 401
    assert "without activity" in response.json()["detail"]


def test_disabling_an_account_ends_all_its_sessions(client, client_for, people):
    # one session through the real sign-in pages (registered), one more on another device
    client.post(reverse("accounts:sign_in"), {"username": "bob", "password": PASSWORD})
    other = client_for(people["bob"])
    key = client.session.session_key
    user_disable(user=people["bob"], by=people["erin"], reason="left the authority")
    assert not Session.objects.filter(session_key=key).exists()
    assert other.get(HOME).status_code == 302
    assert client.get(HOME).status_code == 302


def test_removed_role_takes_effect_on_the_next_request(client_for, people):
    dana = people["dana"]
    client = client_for(dana)
    assert client.get(reverse("audit:log")).status_code == 200
    user_roles_set(user=dana, roles=set(), by=people["erin"])
    assert client.get(reverse("audit:log")).status_code == 403


def test_nobody_changes_their_own_roles(people):
    erin = people["erin"]
    with pytest.raises(AccessChangeRefused, match="your own roles"):
        user_roles_set(user=erin, roles={Role.ADMINISTRATOR, Role.AUDITOR}, by=erin)
    assert set(RoleAssignment.objects.filter(user=erin).values_list("role", flat=True)) == {
        Role.ADMINISTRATOR
    }


def test_only_an_administrator_changes_roles(people):
    with pytest.raises(AccessChangeRefused, match="Only an administrator"):
        user_roles_set(user=people["bob"], roles={Role.HUB_COORDINATOR}, by=people["alice"])


def test_nobody_disables_themselves(people):
    with pytest.raises(AccessChangeRefused):
        user_disable(user=people["erin"], by=people["erin"], reason="oops")


def test_admin_cannot_edit_own_roles_or_agency(client_for, people):
    erin = people["erin"]
    response = client_for(erin).get(reverse("admin:accounts_user_change", args=[erin.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="agency"' not in page
    assert 'name="role_assignments-TOTAL_FORMS"' not in page or 'name="role_assignments-0-role"' not in page
    other = (
        client_for(erin).get(reverse("admin:accounts_user_change", args=[people["bob"].pk])).content.decode()
    )
    assert 'name="agency"' in other
