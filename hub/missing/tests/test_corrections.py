"""Putting right an episode's dates and times, a risk grade, a return interview and an alert decision:
the values change, what depends on them is recomputed, the history keeps before and after with who,
when and why, the access log has the change, and nothing recorded disappears."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import AgencyInvolvement
from hub.children.services import child_create
from hub.core.corrections import NOT_SHOWN, corrections_of
from hub.core.dates import DateRefused
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused, StaleVersion
from hub.missing import corrections, interview_services, rules, services
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview, RiskGradeChange
from hub.missing.tests.test_alerts_and_screening import _three_episodes
from hub.missing.tests.test_pages import report, returned, when

LATE = "Say why this is being recorded more than 30 days after it happened"

REASON = "The carer phoned back: she had the evening and the morning the wrong way round."


def _returned_episode(child, by, *, hours_ago=30):
    episode = report(child, by, hours_ago=hours_ago)
    interview = returned(episode, by, hours_ago=2)
    episode.refresh_from_db()
    return episode, interview


def _log(username, record, detail_start="corrected"):
    return AccessLogEntry.objects.filter(
        username=username,
        action=LogAction.CHANGE,
        record_type=record._meta.label_lower,
        record_ids=str(record.pk),
        detail__startswith=detail_start,
    )


# --- the episode's dates and times ----------------------------------------------------------------


def test_correcting_the_notification_moves_the_interview_clocks_and_the_history_keeps_both(people, pc, child):
    episode, interview = _returned_episode(child, pc)
    told_before = episode.hub_notified_at
    told = told_before + timedelta(minutes=50)
    last_seen = episode.last_seen_at - timedelta(hours=3)

    corrections.episode_correct(
        episode=episode,
        by=people["alice"],
        version=episode.version,
        reason=REASON,
        last_seen_at=last_seen,
        hub_notified_at=told,
    )

    episode.refresh_from_db()
    assert episode.last_seen_at == last_seen and episode.hub_notified_at == told
    assert episode.duration() == episode.returned_at - last_seen  # derived, so it follows
    interview.refresh_from_db()
    assert interview.notified_at == told
    assert interview.interview_due_at == interview.response_due_at == rules.rfmi_due(told)

    [correction] = corrections_of(episode, show_narrative=True)
    assert correction.by == "Alice Tester" and correction.reason == REASON
    changes = {change.label: (change.before, change.after) for change in correction.changes}
    local = timezone.localtime
    assert changes["Hub notified of the return"] == (
        f"{local(told_before):%-d %B %Y %H:%M}",
        f"{local(told):%-d %B %Y %H:%M}",
    )
    assert "Last seen" in changes and "Reported" not in changes
    [clock_change] = corrections_of(interview, show_narrative=True)
    assert clock_change.reason.endswith(REASON) and clock_change.by == "Alice Tester"
    assert _log("alice", episode).get().detail == "corrected: last_seen_at, hub_notified_at"
    # Nothing recorded disappears: the history still holds the episode as first reported.
    assert episode.history.filter(last_seen_at=last_seen + timedelta(hours=3)).exists()


def test_someone_outside_or_without_the_role_cannot_correct_an_episode(people, pc, child):
    episode, _ = _returned_episode(child, pc)
    # Charlie (police elsewhere) may not see it: 404; Bob (a practitioner) does not report episodes: 403.
    for outsider, refusal in ((people["charlie"], NotVisible), (people["bob"], Forbidden)):
        with pytest.raises(refusal):
            corrections.episode_correct(
                episode=episode,
                by=outsider,
                version=episode.version,
                reason=REASON,
                reported_at=episode.reported_at,
            )
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).exists()
    episode.refresh_from_db()
    assert episode.version == 2  # report, return: untouched


def test_a_correction_needs_a_reason_and_a_change(people, pc, child):
    episode, _ = _returned_episode(child, pc)
    with pytest.raises(FieldRefused, match="Say why you are correcting the episode") as refused:
        corrections.episode_correct(
            episode=episode,
            by=pc,
            version=episode.version,
            reason="   ",
            reported_at=episode.reported_at + timedelta(minutes=5),
        )
    assert refused.value.field == "reason"
    with pytest.raises(RuleRefused, match="Nothing has changed"):
        corrections.episode_correct(episode=episode, by=pc, version=episode.version, reason=REASON)


@pytest.mark.parametrize(
    ("field", "shift", "message"),
    [
        ("last_seen_at", timedelta(days=3), "must be today or in the past"),
        ("reported_at", -timedelta(days=5), "must be after the child was last seen"),
        ("returned_at", -timedelta(days=5), "must be after the child was last seen"),
        ("hub_notified_at", -timedelta(hours=3), "must be after the child returned"),
    ],
)
def test_impossible_corrected_dates_are_refused_beside_their_field(people, pc, child, field, shift, message):
    episode, interview = _returned_episode(child, pc)
    moment = (timezone.now() if field == "last_seen_at" else getattr(episode, field)) + shift
    with pytest.raises(DateRefused, match=message) as refused:
        corrections.episode_correct(
            episode=episode, by=pc, version=episode.version, reason=REASON, **{field: moment}
        )
    assert refused.value.field == field
    interview.refresh_from_db()
    assert interview.version == 1 and not corrections_of(episode, show_narrative=True)


def test_a_return_cannot_be_moved_after_the_interview_nor_added_to_an_open_episode(
    people, pc, rita, child, wenmoor
):
    episode, interview = _returned_episode(child, pc)
    interview_services.interview_allocate(interview=interview, worker=rita, by=people["alice"])
    interview.refresh_from_db()
    held = timezone.now() - timedelta(minutes=30)
    interview_services.interview_record(
        interview=interview, by=rita, version=interview.version, interview_at=held, face_to_face=True
    )
    with pytest.raises(DateRefused, match="must be before the return interview's first contact"):
        corrections.episode_correct(
            episode=episode,
            by=pc,
            version=episode.version,
            reason=REASON,
            returned_at=held + timedelta(minutes=10),
        )
    sister = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Ola",
        last_name="Brennan",
        date_of_birth=date(2012, 6, 1),
    )
    # The police are involved with her too, as with Kai: they see her record, so report her missing.
    AgencyInvolvement.objects.create(
        child=sister, agency=pc.agency, recorded_by=people["alice"], start=timezone.localdate()
    )
    other = report(sister, pc)
    with pytest.raises(FieldRefused, match="return has not been recorded"):
        corrections.episode_correct(
            episode=other, by=pc, version=other.version, reason=REASON, returned_at=timezone.now()
        )


def test_a_stale_version_is_refused(people, pc, child):
    episode, _ = _returned_episode(child, pc)
    with pytest.raises(StaleVersion):
        corrections.episode_correct(
            episode=episode,
            by=pc,
            version=episode.version - 1,
            reason=REASON,
            reported_at=episode.reported_at + timedelta(minutes=5),
        )


def test_moving_an_episode_out_of_the_window_recounts_its_alert_which_stays(people, pc, child):
    alert = _three_episodes(child, pc)
    assert alert.episodes_in_window == 3
    first = child.missing_episodes.order_by("last_seen_at").first()
    moved_to = first.last_seen_at - timedelta(days=60)
    corrections.episode_correct(
        episode=first,
        by=people["alice"],
        version=first.version,
        reason=REASON,
        last_seen_at=moved_to,
        reported_at=moved_to + timedelta(hours=1),
        late_entry_reason="Reported to the police at the time; the hub heard of it later.",
    )
    alert.refresh_from_db()
    assert alert.episodes_in_window == 2 and RepeatMissingAlert.objects.filter(child=child).count() == 1
    [recount] = corrections_of(alert, show_narrative=True)
    assert [(c.field, c.before, c.after) for c in recount.changes] == [("episodes_in_window", "3", "2")]
    assert _log("alice", alert, "recounted").exists()


def test_moving_the_last_seen_time_a_long_way_back_asks_why_it_was_recorded_late(people, pc, child):
    episode, _ = _returned_episode(child, pc)
    with pytest.raises(DateRefused, match=LATE) as refused:
        corrections.episode_correct(
            episode=episode,
            by=pc,
            version=episode.version,
            reason=REASON,
            last_seen_at=episode.last_seen_at - timedelta(days=40),
            reported_at=episode.last_seen_at - timedelta(days=39),
        )
    assert refused.value.field == "late_entry_reason"


# --- the risk-grade history -----------------------------------------------------------------------


def test_a_wrong_risk_grade_stays_visible_as_corrected_and_the_episode_takes_the_right_one(people, pc, child):
    episode = report(child, pc, grade="low")
    services.risk_grade_set(episode=episode, grade="medium", by=pc, reason="Seen with older males")
    episode.refresh_from_db()
    wrong = episode.risk_changes.order_by("-changed_at").first()
    at = wrong.changed_at - timedelta(minutes=20)

    fixed = corrections.risk_grade_correct(
        change=wrong, by=pc, version=episode.version, grade="high", changed_at=at, reason=REASON
    )

    assert RiskGradeChange.objects.filter(episode=episode).count() == 3  # nothing removed
    wrong.refresh_from_db()
    assert wrong.is_corrected and wrong.grade == "medium" and fixed.corrects == wrong
    assert fixed.grade == "high" and fixed.changed_at == at and fixed.reason == REASON
    episode.refresh_from_db()
    assert episode.risk_grade == "high"
    [correction] = corrections_of(episode, show_narrative=True)
    assert [(c.before, c.after) for c in correction.changes] == [("Medium", "High")]
    assert correction.by == "Pc Tester"
    assert _log("pc", episode, "risk grade entry").exists()
    with pytest.raises(StaleVersion):
        corrections.risk_grade_correct(
            change=wrong, by=pc, version=episode.version, grade="low", changed_at=at, reason=REASON
        )


def test_a_risk_grade_correction_is_refused_outside_without_a_reason_or_in_the_future(people, pc, child):
    episode = report(child, pc)
    entry = episode.risk_changes.get()
    with pytest.raises(NotVisible):
        corrections.risk_grade_correct(
            change=entry,
            by=people["charlie"],
            version=episode.version,
            grade="high",
            changed_at=entry.changed_at,
            reason=REASON,
        )
    with pytest.raises(FieldRefused, match="Say why"):
        corrections.risk_grade_correct(
            change=entry, by=pc, version=episode.version, grade="high", changed_at=entry.changed_at, reason=""
        )
    with pytest.raises(DateRefused, match="today or in the past"):
        corrections.risk_grade_correct(
            change=entry,
            by=pc,
            version=episode.version,
            grade="high",
            changed_at=timezone.now() + timedelta(days=1),
            reason=REASON,
        )
    with pytest.raises(DateRefused, match="after the child was last seen"):
        corrections.risk_grade_correct(
            change=entry,
            by=pc,
            version=episode.version,
            grade="high",
            changed_at=episode.last_seen_at - timedelta(hours=1),
            reason=REASON,
        )
    assert episode.risk_changes.count() == 1


# --- the return interview -------------------------------------------------------------------------


def _held(child, pc, rita, alice):
    _, interview = _returned_episode(child, pc)
    interview_services.interview_allocate(interview=interview, worker=rita, by=alice)
    interview.refresh_from_db()
    interview_services.interview_record(
        interview=interview,
        by=rita,
        version=interview.version,
        interview_at=timezone.now() - timedelta(minutes=40),
        face_to_face=True,
        child_words="I stayed at a friend's.",
    )
    interview.refresh_from_db()
    return interview


def test_an_interview_is_corrected_under_the_same_rules_and_its_history_hides_narrative(
    people, pc, rita, child
):
    interview = _held(child, pc, rita, people["alice"])
    held = interview.interview_at - timedelta(minutes=25)
    corrections.interview_correct(
        interview=interview,
        by=rita,
        version=interview.version,
        reason="I typed the time I wrote it up, not when we met.",
        interview_at=held,
        face_to_face=False,
        not_face_to_face_reason="By video: she would not meet in person.",
        child_words="I stayed at my cousin's.",
    )
    interview.refresh_from_db()
    assert interview.interview_at == held and interview.face_to_face is False
    assert interview.first_response_at == held  # a first response cannot come after the interview
    assert interview.status == ReturnInterview.Status.COMPLETED
    [correction] = corrections_of(interview, show_narrative=False)
    changes = {change.field: change for change in correction.changes}
    assert changes["face_to_face"].before == "Yes" and changes["face_to_face"].after == "No"
    assert changes["child_words"].before == NOT_SHOWN
    [shown] = corrections_of(interview, show_narrative=True)
    assert {c.field: c for c in shown.changes}["child_words"].after == "I stayed at my cousin's."
    assert _log("rita", interview).exists()


def test_an_interview_correction_is_refused_outside_without_reason_or_before_the_return(
    people, pc, rita, child
):
    interview = _held(child, pc, rita, people["alice"])
    for outsider in (people["charlie"], pc):  # police do not hold return interviews
        with pytest.raises(PermissionDenied):
            corrections.interview_correct(
                interview=interview,
                by=outsider,
                version=interview.version,
                reason=REASON,
                interview_at=interview.interview_at,
                face_to_face=False,
                not_face_to_face_reason="phone",
            )
    with pytest.raises(FieldRefused, match="Say why"):
        corrections.interview_correct(
            interview=interview,
            by=rita,
            version=interview.version,
            reason="",
            interview_at=interview.interview_at,
            face_to_face=False,
            not_face_to_face_reason="phone",
        )
    with pytest.raises(DateRefused, match="after the child returned"):
        corrections.interview_correct(
            interview=interview,
            by=rita,
            version=interview.version,
            reason=REASON,
            interview_at=interview.episode.returned_at - timedelta(hours=1),
            face_to_face=True,
        )


# --- the hub's decision on an alert ---------------------------------------------------------------


def _decided(child, pc, alice):
    alert = _three_episodes(child, pc)
    return services.alert_decide(
        alert=alert, by=alice, version=alert.version, strategy_discussion=False, note="The plan covers it."
    )


def test_an_alert_decision_is_corrected_and_the_decider_stays(people, pc, child):
    alert = _decided(child, pc, people["alice"])
    by = timezone.localdate() + timedelta(days=5)
    corrections.alert_decision_correct(
        alert=alert,
        by=people["alice"],
        version=alert.version,
        reason="I chose the wrong option: we agreed a strategy discussion.",
        strategy_discussion=True,
        hold_by=by,
        note="Three episodes to the same address: a strategy discussion is needed.",
    )
    alert.refresh_from_db()
    assert alert.strategy_discussion_requested and alert.strategy_discussion_by == by
    assert alert.acknowledged_by == people["alice"]
    [correction] = corrections_of(alert, show_narrative=True)
    changes = {change.field: (change.before, change.after) for change in correction.changes}
    assert changes["strategy_discussion_requested"] == ("No", "Yes")
    assert changes["decision_note"][0] == "The plan covers it."
    assert _log("alice", alert, "decision corrected").exists()


def test_an_alert_decision_correction_is_refused_to_others_without_reason_or_with_a_past_date(
    people, pc, child, agencies
):
    alert = _decided(child, pc, people["alice"])
    for other in (people["charlie"], pc):
        with pytest.raises(PermissionDenied):
            corrections.alert_decision_correct(
                alert=alert,
                by=other,
                version=alert.version,
                reason=REASON,
                strategy_discussion=False,
                note="x",
            )
    with pytest.raises(FieldRefused, match="Say why"):
        corrections.alert_decision_correct(
            alert=alert,
            by=people["alice"],
            version=alert.version,
            reason=" ",
            strategy_discussion=False,
            note="x",
        )
    with pytest.raises(DateRefused, match="today or in the future"):
        corrections.alert_decision_correct(
            alert=alert,
            by=people["alice"],
            version=alert.version,
            reason=REASON,
            strategy_discussion=True,
            hold_by=timezone.localdate() - timedelta(days=1),
            note="A discussion",
        )


# --- the pages and the API ------------------------------------------------------------------------


def test_the_episode_page_links_to_the_correction_which_shows_in_its_history(client_for, people, pc, child):
    episode, _ = _returned_episode(child, pc)
    police = client_for(pc)
    page = police.get(reverse("missing:episode", args=[episode.pk])).content.decode()
    assert reverse("missing:episode_correct", args=[episode.pk]) in page
    assert "Nothing has been corrected." in page

    url = reverse("missing:episode_correct", args=[episode.pk])
    form = police.get(url)
    assert form.status_code == 200 and "Correct the episode's dates and times" in form.content.decode()
    told = episode.hub_notified_at + timedelta(minutes=15)
    data = {
        "version": episode.version,
        **when("last_seen_at", episode.last_seen_at),
        **when("reported_at", episode.reported_at),
        **when("returned_at", episode.returned_at),
        **when("hub_notified_at", told),
        "late_entry_reason": "",
    }
    response = police.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Say why you are correcting it" in page

    response = police.post(url, {**data, "reason": REASON})
    assert response["Location"] == reverse("missing:episode", args=[episode.pk])
    page = police.get(response["Location"]).content.decode()
    assert 'data-testid="corrections"' in page and REASON in page
    assert f"{timezone.localtime(told):%-d %B %Y %H:%M}" in page

    outside = client_for(people["charlie"])
    assert outside.get(url).status_code == 404
    assert client_for(people["bob"]).get(url).status_code == 403


def test_a_wrong_date_on_the_page_is_shown_beside_its_field(client_for, pc, child):
    episode, _ = _returned_episode(child, pc)
    police = client_for(pc)
    response = police.post(
        reverse("missing:episode_correct", args=[episode.pk]),
        {
            "version": episode.version,
            **when("last_seen_at", episode.last_seen_at),
            **when("reported_at", episode.reported_at),
            **when("returned_at", episode.last_seen_at - timedelta(hours=2)),
            **when("hub_notified_at", episode.hub_notified_at),
            "reason": REASON,
        },
    )
    page = response.content.decode()
    assert 'id="id_returned_at_date-error"' in page
    assert "The date the child returned must be after the child was last seen" in page


def test_the_risk_grade_page_marks_the_wrong_entry(client_for, pc, child):
    episode = report(child, pc, grade="low")
    entry = episode.risk_changes.get()
    police = client_for(pc)
    url = reverse("missing:risk_grade_correct", args=[entry.pk])
    assert url in police.get(reverse("missing:episode", args=[episode.pk])).content.decode()
    response = police.post(
        url,
        {
            "version": episode.version,
            "grade": "high",
            **when("changed_at", entry.changed_at),
            "reason": REASON,
        },
    )
    assert response.status_code == 302
    page = police.get(reverse("missing:episode", args=[episode.pk])).content.decode()
    assert "Corrected</strong>" in page and "Corrects the entry of" in page
    assert url not in page  # a corrected entry is not corrected twice


def test_the_interview_and_alert_correction_pages(client_for, people, pc, rita, child):
    interview = _held(child, pc, rita, people["alice"])
    interviewer = client_for(rita)
    url = reverse("missing:interview_correct", args=[interview.pk])
    assert url in interviewer.get(reverse("missing:episode", args=[interview.episode_id])).content.decode()
    page = interviewer.get(url).content.decode()
    assert "I stayed at a friend&#x27;s." in page
    response = interviewer.post(
        url,
        {
            "version": interview.version,
            "outcome": "held",
            **when("interview_at", interview.interview_at),
            "face_to_face": "no",
            "not_face_to_face_reason": "On the phone.",
            "reason": "It was a phone call.",
        },
    )
    assert response.status_code == 302
    page = interviewer.get(reverse("missing:episode", args=[interview.episode_id])).content.decode()
    assert "Corrections to the return interview" in page and "It was a phone call." in page

    alert = _decided(child, pc, people["alice"])
    alice = client_for(people["alice"])
    url = reverse("missing:alert_correct", args=[alert.pk])
    assert url in alice.get(reverse("missing:alert", args=[alert.pk])).content.decode()
    response = alice.post(
        url, {"version": alert.version, "decision": "none", "note": "Covered.", "reason": REASON}
    )
    assert response["Location"] == reverse("missing:alert", args=[alert.pk])
    assert REASON in alice.get(response["Location"]).content.decode()
    assert client_for(people["charlie"]).get(url).status_code == 403


def test_the_api_corrects_an_episode_and_answers_409_when_stale(client_for, people, pc, child):
    episode, interview = _returned_episode(child, pc)
    police = client_for(pc)
    url = reverse("api:episodes-correct", kwargs={"pk": episode.pk})
    told = episode.hub_notified_at + timedelta(minutes=30)
    body = {"version": episode.version, "reason": REASON, "hub_notified_at": told.isoformat()}
    response = police.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == episode.version + 1
    interview.refresh_from_db()
    assert interview.notified_at == told
    assert police.post(url, body, content_type="application/json").status_code == 409
    response = police.post(
        url, {**body, "version": episode.version + 1, "reason": ""}, content_type="application/json"
    )
    assert response.status_code == 400 and "reason" in response.json()
    response = police.post(
        url,
        {
            "version": episode.version + 1,
            "reason": REASON,
            "returned_at": (episode.last_seen_at - timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "returned_at" in response.json()
    assert client_for(people["charlie"]).post(url, body, content_type="application/json").status_code == 404


def test_the_api_corrects_a_risk_grade_and_an_interview(client_for, people, pc, rita, child):
    interview = _held(child, pc, rita, people["alice"])
    episode = MissingEpisode.objects.get(pk=interview.episode_id)
    entry = episode.risk_changes.get()
    response = client_for(pc).post(
        reverse("api:risk-grades-correct", kwargs={"pk": entry.pk}),
        {
            "version": episode.version,
            "reason": REASON,
            "grade": "high",
            "changed_at": entry.changed_at.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["corrects"] == entry.pk
    response = client_for(rita).post(
        reverse("api:interviews-correct", kwargs={"pk": interview.pk}),
        {
            "version": interview.version,
            "reason": REASON,
            "interview_at": interview.interview_at.isoformat(),
            "face_to_face": False,
            "not_face_to_face_reason": "By phone.",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["face_to_face"] is False


def test_a_return_and_a_new_risk_grade_are_kept_in_the_episode_history(people, pc, child):
    """What changed and who changed it is in the episode's history, as for every other change."""
    episode = report(child, pc, grade="low")
    services.risk_grade_set(episode=episode, grade="medium", by=pc, reason="Seen with older males")
    services.episode_record_return(
        episode=episode,
        version=episode.version,
        by=pc,
        returned_at=timezone.now() - timedelta(minutes=30),
        hub_notified_at=timezone.now() - timedelta(minutes=10),
    )
    rows = list(episode.history.order_by("history_date", "history_id"))
    assert [(row.risk_grade, row.returned_at is not None) for row in rows[-2:]] == [
        ("medium", False),
        ("medium", True),
    ]
    assert {row.history_user for row in rows[-2:]} == {pc}
