"""Children's names on the home page are a consultation of their records, written to the access log
before the page is sent, as on any list page (security.md item 13)."""

from __future__ import annotations

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.actions.models import Action
from hub.audit.models import AccessLogEntry, LogAction
from hub.audit.services import record_type_of
from hub.tests.matrix_records import BUILDERS, relate_child

HOME = reverse("core:home")


def _home_consultations(user) -> dict[str, AccessLogEntry]:
    return {
        entry.detail.removeprefix("home page: "): entry
        for entry in AccessLogEntry.objects.filter(
            action=LogAction.CONSULT, user_id=user.pk, detail__startswith="home page: "
        )
    }


def _assert_logged(logged: dict[str, AccessLogEntry], title: str, record, justification: str) -> None:
    assert title in logged, f"nothing logged for the panel {title!r}; logged: {sorted(logged)}"
    entry = logged[title]
    assert entry.record_type == record_type_of(record)
    assert str(record.pk) in entry.record_ids.split(",")
    assert entry.justification == justification


def test_the_coordinators_home_page_logs_the_children_it_names(client_for, people, wenmoor):
    episode = BUILDERS["episode"](wenmoor)
    interview = BUILDERS["interview"](wenmoor)
    alert = BUILDERS["alert"](wenmoor)
    screening = BUILDERS["screening"](wenmoor)
    plan = BUILDERS["plan"](wenmoor)
    alice = people["alice"]

    page = client_for(alice).get(HOME).content.decode()

    assert episode.child.full_name in page
    logged = _home_consultations(alice)
    _assert_logged(logged, "Children missing now", episode, "missing list")
    _assert_logged(logged, "Return interviews to allocate", interview, "missing list")
    _assert_logged(logged, "Repeat missing alerts", alert, "hub staff")
    _assert_logged(logged, "Screenings to review", screening, "hub review")
    _assert_logged(logged, "Plans due for review", plan, "list of plans in the reader's scope")


def test_a_practitioners_home_page_logs_their_children_and_actions(client_for, people, wenmoor):
    bob = people["bob"]
    action = BUILDERS["action"](wenmoor)
    Action.objects.filter(pk=action.pk).update(owner_user=bob)
    relate_child(action.child, bob, "allocated")

    page = client_for(bob).get(HOME).content.decode()

    assert action.child.full_name in page
    logged = _home_consultations(bob)
    _assert_logged(logged, "Children allocated to you", action.child, "allocation")
    _assert_logged(logged, "Your actions", action, "own")


def test_a_referrers_home_page_logs_the_referrals_it_names(client_for, wenmoor, people):
    screening = BUILDERS["screening"](wenmoor)
    referrer = screening.referrer
    TOTPDevice.objects.create(user=referrer, name="test", confirmed=True)

    client_for(referrer).get(HOME)

    _assert_logged(_home_consultations(referrer), "Your referrals", screening, "referrer")


def test_someone_outside_sees_no_names_and_nothing_is_logged_for_them(client_for, people, wenmoor):
    episode = BUILDERS["episode"](wenmoor)
    charlie = people["charlie"]  # police in Harrowfield: the episode is in Wenmoor

    page = client_for(charlie).get(HOME).content.decode()

    assert episode.child.full_name not in page
    assert _home_consultations(charlie) == {}
