"""The NRM API: the same services and rules as the pages. Refer, read, record the decisions, withdraw,
correct; bad bodies are a 400 naming the field, a stale version 409, someone outside 404 (logged)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from hub.accounts.models import NrmDecisions
from hub.audit.models import AccessLogEntry, LogAction
from hub.nrm.models import NrmReferral


def test_refer_and_record_the_decisions_through_the_api(
    client_for, people, officer, wenmoor_agencies, child, reference_clock, wenmoor
):
    api = client_for(officer)
    url = reverse("api:children-nrm-referrals", args=[child.pk])
    body = {
        "first_responder": wenmoor_agencies["police"].pk,
        "referrer_name": "PC Olive Tester",
        "referred_on": "2026-11-16",
        "exploitation_types": ["cce"],
        "summary": "Found in a flat in another county.",
    }
    bad = api.post(url, {**body, "exploitation_types": ["no-such-type"]}, content_type="application/json")
    assert bad.status_code == 400 and "exploitation_types" in bad.json()
    bad = api.post(url, {**body, "referred_on": "2026-11-30"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json() == {
        "referred_on": ["The date of the referral must be today or in the past"]
    }
    bad = api.post(url, {**body, "referred_on": "9999-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and "referred_on" in bad.json()
    created = api.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["stage"] == "awaiting_rg" and data["clock"]["state"] == "rg_due"
    assert data["clock"]["due"] == "2026-11-23" and data["summary"] == "Found in a flat in another county."
    pk = data["id"]
    assert [row["id"] for row in api.get(url).json()] == [pk]

    rg = reverse("api:nrm-referrals-reasonable-grounds", args=[pk])
    decision = {
        "version": data["version"],
        "grounds": "positive",
        "decided_on": "2026-11-17",
        "decision_maker": "sca",
    }
    assert api.post(rg, {**decision, "version": 99}, content_type="application/json").status_code == 409
    answer = api.post(rg, decision, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["clock"]["state"] == "recovery"

    cg = reverse("api:nrm-referrals-conclusive-grounds", args=[pk])
    early = api.post(
        cg,
        {**decision, "version": answer.json()["version"], "decided_on": "2026-11-18"},
        content_type="application/json",
    )
    assert early.status_code == 400 and "recovery period" in early.json()["cg_decided_on"][0]
    reference_clock.move_to(datetime(2026, 12, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=True)
    api = client_for(officer)  # a month on: a new session
    done = api.post(
        cg,
        {**decision, "version": answer.json()["version"], "decided_on": "2026-12-17", "grounds": "negative"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["outcome"] == "Conclusive grounds: negative"

    corrected = api.post(
        reverse("api:nrm-referrals-correct", args=[pk]),
        {"version": done.json()["version"], "reason": "The letter says positive.", "cg_grounds": "positive"},
        content_type="application/json",
    )
    assert corrected.status_code == 200 and corrected.json()["cg_grounds"] == "positive"
    withdrawn = api.post(
        reverse("api:nrm-referrals-withdraw", args=[pk]),
        {"version": corrected.json()["version"], "withdrawn_on": "2026-12-18", "reason": "x"},
        content_type="application/json",
    )
    assert withdrawn.status_code == 400 and "cannot be withdrawn" in withdrawn.json()["detail"]


def test_a_panel_decision_through_the_api_names_its_chair_and_agencies(
    client_for, people, officer, wenmoor_agencies, child, wenmoor
):
    wenmoor.nrm_decisions = NrmDecisions.LOCAL_PANEL
    wenmoor.save()
    api = client_for(people["alice"])
    pk = api.post(
        reverse("api:children-nrm-referrals", args=[child.pk]),
        {
            "first_responder": wenmoor_agencies["csc"].pk,
            "referrer_name": "Bob Tester",
            "referred_on": "2026-11-16",
            "exploitation_types": ["cse"],
            "summary": "Disclosed to a teacher.",
        },
        content_type="application/json",
    ).json()["id"]
    rg = reverse("api:nrm-referrals-reasonable-grounds", args=[pk])
    decision = {
        "version": 1,
        "grounds": "positive",
        "decided_on": "2026-11-17",
        "decision_maker": "panel",
        "panel_chair": people["bob"].pk,
        "panel_agencies": [wenmoor_agencies[key].pk for key in ("csc", "police", "health")],
    }
    refused = api.post(rg, decision, content_type="application/json")
    assert refused.status_code == 400 and "lead worker" in refused.json()["panel_chair"][0]
    foreign = api.post(
        rg,
        {**decision, "panel_agencies": [wenmoor_agencies["other_police"].pk]},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "panel_agencies" in foreign.json()
    ok = api.post(rg, {**decision, "panel_chair": officer.pk}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["rg_panel_chair"] == officer.pk


def test_outsiders_get_404_and_readers_403(client_for, people, wenmoor_agencies, child, agencies):
    alice = client_for(people["alice"])
    pk = alice.post(
        reverse("api:children-nrm-referrals", args=[child.pk]),
        {
            "first_responder": agencies["csc"].pk,
            "referrer_name": "Bob Tester",
            "referred_on": "2026-11-16",
            "exploitation_types": ["cce"],
            "summary": "Seen at the station.",
        },
        content_type="application/json",
    ).json()["id"]
    charlie = client_for(people["charlie"])
    assert charlie.get(reverse("api:nrm-referrals-detail", args=[pk])).status_code == 404
    assert (
        charlie.post(
            reverse("api:nrm-referrals-withdraw", args=[pk]), {}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        charlie.post(
            reverse("api:children-nrm-referrals", args=[child.pk]), {}, content_type="application/json"
        ).status_code
        == 404
    )
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).count() == 3
    assert client_for(people["sam"]).get(reverse("api:nrm-referrals-detail", args=[pk])).status_code == 404
    assert NrmReferral.objects.count() == 1
