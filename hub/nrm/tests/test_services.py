"""NRM referrals through the services: who may refer and record the decisions (someone outside is
refused, and the refusal is in the access log), the dates that can be true, the recovery period before
a conclusive grounds decision, the devolved panel's rules, withdrawal, corrections, the hub's queue of
clocks across Easter, and the child's chronology."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import make_user
from hub.accounts.models import NrmDecisions
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.chronology import events_for
from hub.children.models import Child
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused, StaleVersion
from hub.core.models import LateEntry
from hub.core.navigation import home_panels
from hub.core.roles import Role
from hub.nrm import corrections, selectors, services
from hub.nrm.models import NrmReferral, Stage
from hub.nrm.rules import ClockState
from hub.nrm.tests.conftest import refer

LONDON = ZoneInfo("Europe/London")


def sca_rg(referral, by, *, grounds="positive", on=date(2026, 11, 17), **extra):
    return services.nrm_record_rg(
        by=by,
        referral=referral,
        version=referral.version,
        grounds=grounds,
        decided_on=on,
        decision_maker="sca",
        **extra,
    )


def test_a_police_officer_involved_with_the_child_refers_and_the_record_says_so(
    child, officer, wenmoor_agencies, cce
):
    referral = refer(child, officer, wenmoor_agencies["police"], types=cce)
    assert referral.stage == Stage.AWAITING_RG and referral.authority == child.authority
    assert {t.code for t in referral.exploitation_types.all()} == {"cce", "county-lines"}
    child.refresh_from_db()
    assert child.nrm_referred and child.version == 2
    assert Child.history.filter(id=child.pk, nrm_referred=True).exists()
    assert AccessLogEntry.objects.filter(
        username="olive", action=LogAction.COLLECT, record_type="nrm.nrmreferral", record_ids=str(referral.pk)
    ).exists()
    # Monday 16 November: the RG decision is due Monday 23 November.
    clock = selectors.clock_of(referral)
    assert (clock.state, clock.due) == (ClockState.RG_DUE, date(2026, 11, 23))
    with pytest.raises(RuleRefused, match="already has an open NRM referral"):
        refer(child, officer, wenmoor_agencies["police"], types=cce)


def test_someone_outside_is_refused_and_the_refusal_is_logged(child, people, wenmoor_agencies, cce, agencies):
    # Charlie polices Harrowfield: he may not see Mia, so the referral does not exist for him.
    with pytest.raises(NotVisible):
        refer(child, people["charlie"], wenmoor_agencies["police"], types=cce)
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).exists()
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    for outsider in ("charlie", "sam", "dana", "pat"):
        with pytest.raises(NotVisible):
            sca_rg(referral, people[outsider])
        assert AccessLogEntry.objects.filter(
            username=outsider, action=LogAction.REFUSED, record_type="nrm.nrmreferral"
        ).exists()
    # A hub analyst sees the referral (it is a fact of the child's case) but does not record decisions.
    analyst = make_user("hana", agencies["hub"], Role.HUB_ANALYST)
    assert list(selectors.referrals_visible(analyst)) == [referral]
    with pytest.raises(Forbidden):
        sca_rg(referral, analyst)
    with pytest.raises(Forbidden):
        refer(child, analyst, agencies["hub"], types=cce)
    assert AccessLogEntry.objects.filter(username="hana", action=LogAction.REFUSED).count() == 2
    assert not list(selectors.referrals_visible(people["charlie"]))
    assert not list(selectors.referrals_visible(people["sam"]))


def test_the_dates_that_cannot_be_true_are_refused(child, people, agencies, cce):
    alice = people["alice"]
    with pytest.raises(FieldRefused, match="must be today or in the past") as refused:
        refer(child, alice, agencies["csc"], types=cce, on=date(2026, 11, 19))
    assert refused.value.field == "referred_on"
    with pytest.raises(FieldRefused, match="after the child was born"):
        refer(child, alice, agencies["csc"], types=cce, on=date(2010, 6, 1))
    with pytest.raises(FieldRefused) as late:
        refer(child, alice, agencies["csc"], types=cce, on=date(2026, 4, 2))
    assert late.value.field == "late_entry_reason"
    with pytest.raises(FieldRefused, match="at least one type") as no_types:
        refer(child, alice, agencies["csc"])
    assert no_types.value.field == "exploitation_types"
    with pytest.raises(FieldRefused, match="does not serve"):
        refer(child, alice, agencies["other_police"], types=cce)
    assert not NrmReferral.objects.exists()
    # Late is allowed with the reason, kept beside the referral.
    referral = refer(
        child,
        alice,
        agencies["csc"],
        types=cce,
        on=date(2026, 4, 2),
        late_entry_reason="Found in old records.",
    )
    assert LateEntry.objects.get(object_id=referral.pk).reason == "Found in old records."
    with pytest.raises(FieldRefused, match="after the referral") as early:
        sca_rg(referral, alice, on=date(2026, 4, 1), late_entry_reason="Found in old records.")
    assert early.value.field == "rg_decided_on"


def test_the_cg_decision_waits_for_the_recovery_period(child, people, agencies, cce, reference_clock):
    alice = people["alice"]
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    with pytest.raises(RuleRefused, match="reasonable grounds decision first"):
        services.nrm_record_cg(
            by=alice,
            referral=referral,
            version=referral.version,
            grounds="positive",
            decided_on=date(2026, 11, 18),
            decision_maker="sca",
        )
    referral = sca_rg(referral, alice)  # positive, 17 November
    assert selectors.clock_of(referral).state == ClockState.RECOVERY
    reference_clock.move_to(datetime(2026, 12, 18, 10, 0, tzinfo=LONDON), tick=True)
    assert selectors.clock_of(referral).state == ClockState.CG_DUE
    with pytest.raises(
        FieldRefused, match="on or after 17 December 2026: the recovery period of 30 days"
    ) as early:
        services.nrm_record_cg(
            by=alice,
            referral=referral,
            version=referral.version,
            grounds="positive",
            decided_on=date(2026, 12, 16),
            decision_maker="sca",
        )
    assert early.value.field == "cg_decided_on"
    referral = services.nrm_record_cg(
        by=alice,
        referral=referral,
        version=referral.version,
        grounds="positive",
        decided_on=date(2026, 12, 17),
        decision_maker="sca",
    )
    assert referral.stage == Stage.CONCLUDED and referral.outcome == "Conclusive grounds: positive"
    with pytest.raises(RuleRefused, match="cannot be withdrawn"):
        services.nrm_withdraw(
            by=alice, referral=referral, version=referral.version, withdrawn_on=date(2026, 12, 18), reason="x"
        )


def test_a_negative_rg_decision_concludes_and_a_stale_form_loses_nothing(child, people, agencies, cce):
    referral = refer(child, people["alice"], agencies["csc"], types=cce)
    with pytest.raises(FieldRefused, match="is not a site of the devolved") as refused:
        services.nrm_record_rg(
            by=people["bob"],
            referral=referral,
            version=referral.version,
            grounds="negative",
            decided_on=date(2026, 11, 17),
            decision_maker="panel",
            panel_chair=people["alice"],
        )
    assert refused.value.field == "decision_maker"
    seen_by_alice = NrmReferral.objects.get(pk=referral.pk)
    sca_rg(referral, people["bob"], grounds="negative")
    referral.refresh_from_db()
    assert referral.stage == Stage.CONCLUDED and referral.outcome == "Reasonable grounds: negative"
    assert selectors.clock_of(referral).state == ClockState.CLOSED
    with pytest.raises(StaleVersion):
        services.nrm_withdraw(
            by=people["alice"],
            referral=seen_by_alice,
            version=seen_by_alice.version,
            withdrawn_on=date(2026, 11, 18),
            reason="A duplicate of another referral.",
        )
    # Concluded, so the child may be referred again.
    assert refer(child, people["alice"], agencies["csc"], types=cce, on=date(2026, 11, 18)).is_open


def test_a_devolved_panel_decides_with_its_agencies_and_a_chair_who_is_not_the_childs_worker(
    child, nearly_adult, people, officer, wenmoor_agencies, cce, wenmoor
):
    wenmoor.nrm_decisions = NrmDecisions.LOCAL_PANEL
    wenmoor.save()
    alice = people["alice"]
    referral = refer(child, officer, wenmoor_agencies["police"], types=cce)
    present = [wenmoor_agencies["csc"], wenmoor_agencies["police"], wenmoor_agencies["health"]]

    def panel(**extra):
        values = {
            "by": alice,
            "referral": referral,
            "version": referral.version,
            "grounds": "positive",
            "decided_on": date(2026, 11, 17),
            "decision_maker": "panel",
            "panel_chair": officer,
            "panel_agencies": present,
        }
        values.update(extra)
        return services.nrm_record_rg(**values)

    with pytest.raises(FieldRefused, match="the local panel makes the NRM decisions"):
        sca_rg(referral, alice)
    with pytest.raises(FieldRefused, match="must not be the child's lead worker") as chair:
        panel(panel_chair=people["bob"])  # Bob is allocated to Mia
    assert chair.value.field == "panel_chair"
    with pytest.raises(FieldRefused, match="Choose who chaired"):
        panel(panel_chair=None)
    with pytest.raises(FieldRefused, match="add health") as missing:
        panel(panel_agencies=present[:2])
    assert missing.value.field == "panel_agencies"
    decided = panel()
    assert decided.rg_panel_chair == officer and set(decided.rg_panel_agencies.all()) == set(present)
    # Kai turns 18 within 100 days of his referral: the Single Competent Authority decides for him.
    kai = refer(nearly_adult, alice, wenmoor_agencies["csc"], types=cce)
    with pytest.raises(FieldRefused, match="100 days or fewer from their 18th birthday"):
        services.nrm_record_rg(
            by=alice,
            referral=kai,
            version=kai.version,
            grounds="positive",
            decided_on=date(2026, 11, 17),
            decision_maker="panel",
            panel_chair=officer,
            panel_agencies=present,
        )
    with pytest.raises(FieldRefused, match="Only a local panel's decision has a chair"):
        sca_rg(kai, alice, panel_chair=officer)
    assert sca_rg(kai, alice).rg_decision_maker == "sca"


def test_a_withdrawal_says_when_and_why(child, people, agencies, cce):
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    with pytest.raises(FieldRefused, match="Say why"):
        services.nrm_withdraw(
            by=people["bob"],
            referral=referral,
            version=referral.version,
            withdrawn_on=date(2026, 11, 17),
            reason=" ",
        )
    with pytest.raises(FieldRefused, match="after the referral"):
        services.nrm_withdraw(
            by=people["bob"],
            referral=referral,
            version=referral.version,
            withdrawn_on=date(2026, 11, 15),
            reason="x",
        )
    referral = services.nrm_withdraw(
        by=people["bob"],
        referral=referral,
        version=referral.version,
        withdrawn_on=date(2026, 11, 17),
        reason="Referred twice by mistake.",
    )
    assert referral.stage == Stage.WITHDRAWN and referral.withdrawn_by == people["bob"]
    with pytest.raises(RuleRefused, match="withdrawn"):
        sca_rg(referral, people["alice"])


def test_a_correction_gives_its_reason_keeps_the_old_values_and_follows_the_same_rules(
    child, people, agencies, cce, reference_clock
):
    alice = people["alice"]
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    referral = sca_rg(referral, alice)
    with pytest.raises(FieldRefused, match="Say why"):
        corrections.nrm_correct(by=alice, referral=referral, version=referral.version, reason="")
    with pytest.raises(FieldRefused, match="after the referral"):
        corrections.nrm_correct(
            by=alice,
            referral=referral,
            version=referral.version,
            reason="Typed wrongly",
            rg_decided_on=date(2026, 11, 13),
        )
    with pytest.raises(RuleRefused, match="record it rather than correct it"):
        corrections.nrm_correct(
            by=alice, referral=referral, version=referral.version, reason="x", cg_grounds="positive"
        )
    with pytest.raises(NotVisible):
        corrections.nrm_correct(
            by=people["charlie"],
            referral=referral,
            version=referral.version,
            reason="x",
            referred_on=date(2026, 11, 13),
        )
    corrected = corrections.nrm_correct(
        by=alice,
        referral=referral,
        version=referral.version,
        reason="The referral form is dated Friday.",
        referred_on=date(2026, 11, 13),
        rg_decided_on=date(2026, 11, 16),
    )
    assert (corrected.referred_on, corrected.rg_decided_on) == (date(2026, 11, 13), date(2026, 11, 16))
    row = NrmReferral.history.filter(id=referral.pk, correction__isnull=False).get()
    assert row.history_change_reason == "The referral form is dated Friday."
    assert {change["field"] for change in row.correction} == {"referred_on", "rg_decided_on"}
    assert AccessLogEntry.objects.filter(
        username="alice", detail="corrected: referred_on, rg_decided_on", record_ids=str(referral.pk)
    ).exists()
    with pytest.raises(StaleVersion):
        corrections.nrm_correct(
            by=alice, referral=referral, version=referral.version, reason="x", summary="y"
        )
    # A CG decision moved into the recovery period is refused, as it is when first recorded.
    reference_clock.move_to(datetime(2026, 12, 20, 10, 0, tzinfo=LONDON), tick=True)
    corrected = services.nrm_record_cg(
        by=alice,
        referral=corrected,
        version=corrected.version,
        grounds="negative",
        decided_on=date(2026, 12, 18),
        decision_maker="sca",
    )
    with pytest.raises(FieldRefused, match="recovery period"):
        corrections.nrm_correct(
            by=alice,
            referral=corrected,
            version=corrected.version,
            reason="x",
            cg_decided_on=date(2026, 12, 15),
        )
    with pytest.raises(FieldRefused, match="was positive"):
        corrections.nrm_correct(
            by=alice, referral=corrected, version=corrected.version, reason="x", rg_grounds="negative"
        )


def test_the_hubs_queue_runs_across_easter(child, nearly_adult, people, agencies, cce, reference_clock):
    """Referred on the Thursday before Easter 2027: due on Monday 5 April, overdue on Tuesday 6."""
    alice = people["alice"]
    reference_clock.move_to(datetime(2027, 3, 25, 10, 0, tzinfo=LONDON), tick=True)
    easter = refer(child, people["bob"], agencies["csc"], types=cce, on=date(2027, 3, 25))
    earlier = refer(nearly_adult, alice, agencies["csc"], types=cce, on=date(2027, 3, 22))
    earlier = sca_rg(earlier, alice, on=date(2027, 3, 24))
    assert selectors.clock_of(easter).due == date(2027, 4, 5)
    reference_clock.move_to(datetime(2027, 4, 5, 10, 0, tzinfo=LONDON), tick=True)
    assert [(row.referral, row.clock.state) for row in selectors.clock_queue(alice)] == [
        (easter, ClockState.RG_DUE)
    ]
    reference_clock.move_to(datetime(2027, 4, 23, 10, 0, tzinfo=LONDON), tick=True)
    # Kai's recovery period ended on 23 April: his CG decision is possible; Mia's RG is overdue, first.
    assert [(row.referral, row.clock.state) for row in selectors.clock_queue(alice)] == [
        (easter, ClockState.RG_OVERDUE),
        (earlier, ClockState.CG_DUE),
    ]
    panel = next(p for p in home_panels(alice) if p.title == "NRM decisions")
    assert panel.count == 2 and panel.items[0]["tag"] == "Overdue" and panel.consulted == [easter, earlier]
    assert "Conclusive grounds decision possible from 23 Apr 2027" in panel.items[1]["hint"]
    # The queue is the hub's: Bob, allocated to Mia, sees no such panel; outsiders see nothing in it.
    assert not [p for p in home_panels(people["bob"]) if p.title == "NRM decisions"]
    assert selectors.clock_queue(people["charlie"]) == []


def test_the_referral_and_its_decisions_are_in_the_childs_chronology(child, people, agencies, cce):
    referral = refer(child, people["bob"], agencies["csc"], types=cce)
    sca_rg(referral, people["alice"])
    titles = [event.title for event in events_for(child, people["bob"], only_kinds=["nrm"])]
    assert titles == ["NRM reasonable grounds decision: positive", "Referred to the NRM"]
    assert events_for(child, people["charlie"], only_kinds=["nrm"]) == []
