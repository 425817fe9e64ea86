"""The NRM pages through the test client: the child's NRM tab, referring, the referral with its clock,
recording the decisions, withdrawing and correcting; bad input gets the form's message, never a 500;
someone outside gets 404 and the refusal is logged."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.audit.models import AccessLogEntry, LogAction
from hub.nrm.models import NrmReferral, Stage
from hub.nrm.tests.conftest import refer


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_a_practitioner_refers_from_the_childs_record_and_sees_the_clock(
    client_for, people, agencies, child, cce
):
    bob = client_for(people["bob"])
    tab = bob.get(reverse("nrm:child", args=[child.pk])).content.decode()
    assert "has not been referred" in tab and reverse("nrm:refer", args=[child.pk]) in tab
    summary = bob.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Refer Mia to the NRM" in summary and reverse("nrm:child", args=[child.pk]) in summary
    url = reverse("nrm:refer", args=[child.pk])
    page = bob.post(url, {"referrer_name": "Bob Tester", **_date("referred_on", date(2026, 11, 31 - 14))})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Choose the organisation that made the referral" in text and "Choose at least one type" in text
    # A day that does not exist, and one in the future, get the form's and the service's message.
    data = {
        "first_responder": agencies["csc"].pk,
        "referrer_name": "Bob Tester",
        "exploitation_types": [t.pk for t in cce],
        "summary": "Seen with older men at the station on school days.",
    }
    assert (
        "must be a real date"
        in bob.post(
            url, {**data, **_date("referred_on", date(2026, 2, 1)), "referred_on_day": "31"}
        ).content.decode()
    )
    text = bob.post(url, {**data, **_date("referred_on", date(2026, 11, 19))}).content.decode()
    assert "must be today or in the past" in text
    # Entered late: asked why, then accepted with the reason.
    text = bob.post(url, {**data, **_date("referred_on", date(2026, 9, 1))}).content.decode()
    assert "Say why this is being recorded more than 30 days after it happened" in text
    response = bob.post(url, {**data, **_date("referred_on", date(2026, 11, 16))})
    referral = NrmReferral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("nrm:detail", args=[referral.pk])
    detail = bob.get(response["Location"]).content.decode()
    assert "Reasonable grounds decision due: due Monday 23 November 2026" in detail
    assert "Seen with older men" in detail
    tab = bob.get(reverse("nrm:child", args=[child.pk])).content.decode()
    assert "Waiting for the reasonable grounds decision" in tab and "Refer Mia to the NRM</a>" not in tab


def test_decisions_are_recorded_through_the_pages_with_clear_messages(
    client_for, people, agencies, child, cce
):
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    alice = client_for(people["alice"])
    url = reverse("nrm:reasonable_grounds", args=[referral.pk])
    assert "Record the reasonable grounds decision" in alice.get(url).content.decode()
    page = alice.post(url, {"version": referral.version})
    assert page.status_code == 200 and "Choose what was decided" in page.content.decode()
    text = alice.post(
        url,
        {
            "version": referral.version,
            "grounds": "positive",
            "decision_maker": "panel",
            **_date("decided_on", date(2026, 11, 17)),
        },
    ).content.decode()
    assert "is not a site of the devolved child decision-making programme" in text
    response = alice.post(
        url,
        {
            "version": referral.version,
            "grounds": "positive",
            "decision_maker": "sca",
            **_date("decided_on", date(2026, 11, 17)),
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.stage == Stage.AWAITING_CG
    cg = alice.get(reverse("nrm:conclusive_grounds", args=[referral.pk])).content.decode()
    assert "cannot be dated before 17 December 2026" in cg
    text = alice.post(
        reverse("nrm:conclusive_grounds", args=[referral.pk]),
        {
            "version": referral.version,
            "grounds": "positive",
            "decision_maker": "sca",
            **_date("decided_on", date(2026, 11, 18)),
        },
    ).content.decode()
    assert "the recovery period of 30 days" in text
    # A stale form: someone else recorded in between.
    text = alice.post(
        reverse("nrm:withdraw", args=[referral.pk]),
        {"version": referral.version - 1, "reason": "Duplicate", **_date("withdrawn_on", date(2026, 11, 18))},
    ).content.decode()
    assert "Someone else changed this NRM referral" in text
    response = alice.post(
        reverse("nrm:correct", args=[referral.pk]),
        {
            "version": referral.version,
            "referrer_name": referral.referrer_name,
            "summary": referral.summary,
            "rg_grounds": "positive",
            "reason": "The decision letter is dated the 16th.",
            **_date("referred_on", referral.referred_on),
            **_date("rg_decided_on", date(2026, 11, 16)),
        },
    )
    assert response.status_code == 302
    detail = alice.get(response["Location"]).content.decode()
    assert (
        "17 November 2026 → 16 November 2026" in detail and "The decision letter is dated the 16th." in detail
    )


def test_outsiders_get_404_and_roles_that_only_read_get_403(client_for, people, agencies, child, cce):
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    charlie = client_for(people["charlie"])
    for name in ("detail", "reasonable_grounds", "withdraw", "correct"):
        assert charlie.get(reverse(f"nrm:{name}", args=[referral.pk])).status_code == 404
    assert charlie.get(reverse("nrm:child", args=[child.pk])).status_code == 404
    assert charlie.post(reverse("nrm:refer", args=[child.pk]), {}).status_code == 404
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).count() >= 6
    assert client_for(people["sam"]).get(reverse("nrm:detail", args=[referral.pk])).status_code == 404
    assert client_for(people["bob"]).get(reverse("nrm:queue")).status_code == 403
    alice = client_for(people["alice"])
    queue = alice.get(reverse("nrm:queue")).content.decode()
    assert "Mia Farrant" in queue
    home = alice.get(reverse("core:home")).content.decode()
    assert "NRM decisions" in home and "Mia Farrant" in home


def test_no_input_gives_a_server_error(client_for, people, agencies, child, cce):
    """Whatever is typed into the forms and the API, the answer is the form's message or a 400."""
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    alice = client_for(people["alice"])
    text = st.text(max_size=30)
    fields = st.fixed_dictionaries(
        {
            "version": st.one_of(text, st.integers()),
            "grounds": text,
            "decision_maker": st.sampled_from(["sca", "panel", "", "x"]),
            "panel_chair": st.one_of(text, st.integers()),
            "decided_on_day": text,
            "decided_on_month": text,
            "decided_on_year": st.one_of(text, st.integers(-(10**6), 10**6)),
            "first_responder": st.one_of(text, st.integers()),
            "referred_on_day": text,
            "referred_on_month": text,
            "referred_on_year": text,
            "reason": text,
        }
    )

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=fields)
    def post(data):
        for url in (
            reverse("nrm:reasonable_grounds", args=[referral.pk]),
            reverse("nrm:withdraw", args=[referral.pk]),
            reverse("nrm:correct", args=[referral.pk]),
            reverse("nrm:refer", args=[child.pk]),
        ):
            assert alice.post(url, data).status_code in (200, 302)
        api = reverse("api:nrm-referrals-reasonable-grounds", args=[referral.pk])
        assert alice.post(api, data, content_type="application/json").status_code in (200, 400, 409)

    post()
