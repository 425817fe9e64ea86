from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.audit.models import AccessLogEntry, LogAction
from hub.children.chronology import events_for
from hub.children.services import child_create
from hub.core.navigation import home_panels
from hub.missing import interview_services, services
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.reference.models import LateInterviewReason, MissingFactor, ScreeningIndicator


def when(prefix: str, at: datetime) -> dict[str, str]:
    local = timezone.localtime(at)
    return {
        f"{prefix}_date_day": str(local.day),
        f"{prefix}_date_month": str(local.month),
        f"{prefix}_date_year": str(local.year),
        f"{prefix}_time": f"{local:%H:%M}",
    }


def report(child, by, *, hours_ago=10, grade="medium"):
    now = timezone.now()
    return services.episode_report(
        child=child,
        by=by,
        reported_at=now - timedelta(hours=hours_ago - 1),
        reported_by_kind="carer",
        last_seen_at=now - timedelta(hours=hours_ago),
        risk_grade=grade,
    )


def returned(episode, by, *, hours_ago=1):
    at = timezone.now() - timedelta(hours=hours_ago)
    return services.episode_record_return(
        episode=episode, by=by, version=episode.version, returned_at=at, hub_notified_at=at
    )


def test_police_report_return_allocation_and_a_late_interview_through_the_pages(
    client_for, people, pc, rita, child
):
    police = client_for(pc)
    # The report page is reached from the missing list's child search.
    page = police.get(reverse("missing:list"), {"name": "Kai Brennan"}).content.decode()
    assert f"{reverse('missing:report')}?child={child.pk}" in page

    now = timezone.now()
    response = police.post(
        reverse("missing:report"),
        {
            "child": child.pk,
            "reported_by_kind": "carer",
            **when("reported_at", now - timedelta(hours=99)),
            **when("last_seen_at", now - timedelta(hours=100)),
            "last_seen_where": "Placement, Elm Road",
            "risk_grade": "high",
            "police_reference": "WM-123",
        },
    )
    episode = MissingEpisode.objects.get(child=child)
    assert response["Location"] == reverse("missing:episode", args=[episode.pk])
    assert episode.risk_grade == "high" and episode.recorded_by == pc

    page = police.get(reverse("missing:list")).content.decode()
    assert "Kai Brennan" in page and "High risk" in page

    response = police.post(
        reverse("missing:risk_grade", args=[episode.pk]), {"grade": "medium", "reason": "Seen on CCTV"}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    response = police.post(
        reverse("missing:record_return", args=[episode.pk]),
        {
            "version": episode.version,
            **when("returned_at", now - timedelta(hours=102)),
            **when("hub_notified_at", now - timedelta(hours=79)),
        },
    )
    # Returned before last seen: the service's rule is shown in the error summary.
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = police.post(
        reverse("missing:record_return", args=[episode.pk]),
        {
            "version": episode.version,
            **when("returned_at", now - timedelta(hours=80)),
            **when("hub_notified_at", now - timedelta(hours=79)),
        },
    )
    assert response.status_code == 302
    interview = ReturnInterview.objects.get(episode=episode)

    hub = client_for(people["alice"])
    home = hub.get(reverse("core:home")).content.decode()
    assert (
        "Return interviews to allocate" in home and reverse("missing:allocate", args=[interview.pk]) in home
    )
    page = hub.get(reverse("missing:allocate", args=[interview.pk])).content.decode()
    assert "Rita Tester" in page
    response = hub.post(reverse("missing:allocate", args=[interview.pk]), {"worker": rita.pk})
    assert response.status_code == 302

    worker = client_for(rita)
    assert (
        reverse("missing:interview", args=[interview.pk]) in worker.get(reverse("core:home")).content.decode()
    )
    assert "Kai Brennan" in worker.get(reverse("missing:interviews")).content.decode()
    # The hub was told 79 hours ago: the interview is late.
    interview.refresh_from_db()
    factor, indicator = MissingFactor.objects.first(), ScreeningIndicator.objects.first()
    assert factor is not None and indicator is not None
    data = {
        "version": interview.version,
        "outcome": "held",
        **when("interview_at", now - timedelta(minutes=30)),
        "face_to_face": "no",
        "not_face_to_face_reason": "",
        "factors": [factor.pk],
        "indicators_observed": [indicator.pk],
        "child_words": "I went to see my friend.",
    }
    page = worker.post(reverse("missing:interview", args=[interview.pk]), data).content.decode()
    assert "Say why the interview was not face to face" in page
    assert "choose the reason" in page
    data.update(
        not_face_to_face_reason="The child would only talk by phone",
        late_reason=LateInterviewReason.objects.get(code="child-unavailable").pk,
    )
    response = worker.post(reverse("missing:interview", args=[interview.pk]), data)
    assert response["Location"] == reverse("missing:episode", args=[episode.pk])
    interview.refresh_from_db()
    assert interview.status == ReturnInterview.Status.COMPLETED and interview.face_to_face is False
    assert interview.factors.count() == 1 and interview.indicators_observed.count() == 1

    titles = [event.title for event in events_for(child, people["alice"], only_kinds=["missing"])]
    assert titles[0].startswith("Return interview held")
    assert any(title.startswith("Returned from missing after") for title in titles)
    assert "Reported missing (high risk)" in titles


def test_charlie_outside_the_area_sees_nothing_and_gets_404(client_for, people, child, pc):
    episode = report(child, pc)
    charlie = client_for(people["charlie"])
    page = charlie.get(reverse("missing:list")).content.decode()
    assert "Kai Brennan" not in page
    assert charlie.get(reverse("missing:episode", args=[episode.pk])).status_code == 404
    assert charlie.post(reverse("missing:record_return", args=[episode.pk])).status_code == 404
    assert charlie.get(reverse("missing:report"), {"child": child.pk}).status_code == 404
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).exists()


def test_a_second_report_while_missing_is_shown_in_the_error_summary(client_for, people, child):
    report(child, people["alice"])
    now = timezone.now()
    response = client_for(people["alice"]).post(
        reverse("missing:report"),
        {
            "child": child.pk,
            "reported_by_kind": "police",
            **when("reported_at", now - timedelta(hours=1)),
            **when("last_seen_at", now - timedelta(hours=2)),
            "risk_grade": "low",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "already recorded as missing" in page


def test_a_stale_return_is_shown_in_the_error_summary_not_a_500(client_for, people, child):
    episode = report(child, people["alice"])
    now = timezone.now()
    response = client_for(people["alice"]).post(
        reverse("missing:record_return", args=[episode.pk]),
        {
            "version": episode.version + 5,
            **when("returned_at", now - timedelta(hours=1)),
            **when("hub_notified_at", now),
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    episode.refresh_from_db()
    assert episode.is_open


def test_reading_an_episode_is_logged(client_for, people, child):
    episode = report(child, people["alice"])
    assert client_for(people["alice"]).get(reverse("missing:episode", args=[episode.pk])).status_code == 200
    entry = AccessLogEntry.objects.filter(
        username="alice", action=LogAction.CONSULT, record_type="missing.missingepisode"
    ).latest("pk")
    assert entry.record_ids == str(episode.pk)


def test_the_list_puts_high_risk_first_then_longest_missing_then_returns(client_for, people, wenmoor, rita):
    def make(name, hours, grade):
        kid = child_create(
            authority=wenmoor,
            by=people["alice"],
            first_name=name,
            last_name="Tester",
            date_of_birth=date(2012, 1, 1),
        )
        return report(kid, people["alice"], hours_ago=hours, grade=grade)

    make("Low", 50, "low")
    make("Highshort", 3, "high")
    make("Highlong", 30, "high")
    back = make("Back", 20, "medium")
    interview = returned(back, people["alice"])
    interview_services.interview_allocate(interview=interview, worker=rita, by=people["alice"])
    page = client_for(people["alice"]).get(reverse("missing:list")).content.decode()
    order = [
        page.index(name) for name in ("Highlong Tester", "Highshort Tester", "Low Tester", "Back Tester")
    ]
    assert order == sorted(order)
    assert "Rita Tester" in page
    entries = AccessLogEntry.objects.filter(
        username="alice", action=LogAction.CONSULT, justification="missing list"
    )
    assert entries.count() == 2


def test_the_missing_list_takes_a_fixed_number_of_queries(client_for, people, wenmoor):
    client = client_for(people["alice"])

    def queries_for_the_list():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("missing:list")).status_code == 200
        return len(queries)

    def add(n):
        kid = child_create(
            authority=wenmoor,
            by=people["alice"],
            first_name=f"Kid{n}",
            last_name="Tester",
            date_of_birth=None,
        )
        episode = report(kid, people["alice"], hours_ago=10 + n)
        if n % 2:
            returned(episode, people["alice"])

    for n in range(2):
        add(n)
    few = queries_for_the_list()
    for n in range(2, 8):
        add(n)
    assert queries_for_the_list() == few <= 19  # 18, and one for the repeat-missing alerts count


def test_home_panels_replace_the_placeholders(people, child, rita):
    report(child, people["alice"], grade="high")
    panels = {panel.title: panel for panel in home_panels(people["alice"])}
    assert panels["Children missing now"].count == 1
    assert panels["Return interviews to allocate"].count == 0
    assert {panel.title for panel in home_panels(rita)} >= {"Your return interviews"}
