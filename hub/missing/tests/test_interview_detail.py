"""A recorded return interview can be read in full, by whoever may read it, from the episode and the
child's Missing tab; its narrative only by roles that may read narrative; every read logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.accounts import access
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.roles import Role
from hub.missing import interview_services
from hub.missing.tests.test_pages import report, returned
from hub.reference.models import MissingFactor, ScreeningIndicator
from hub.tests.links import broken_links, hrefs


@pytest.fixture
def held(people, child, rita):
    """Kai went missing, came back, and Rita held the return interview."""
    interview = returned(report(child, people["alice"], hours_ago=30), people["alice"], hours_ago=20)
    interview_services.interview_allocate(interview=interview, worker=rita, by=people["alice"])
    interview.refresh_from_db()
    return interview_services.interview_record(
        interview=interview,
        by=rita,
        version=interview.version,
        interview_at=timezone.now() - timedelta(hours=2),
        face_to_face=True,
        where_went="A flat above the takeaway on Mill Street",
        who_with="Two older boys he knows as Dee and Tops",
        travel_there="A taxi someone else paid for",
        travel_back="Walked",
        factors=[MissingFactor.objects.filter(kind=kind).first() for kind in ("push", "pull")],
        harm="A cut on his hand he would not explain",
        indicators_observed=[ScreeningIndicator.objects.first()],
        child_words="They said I owe them for the trainers.",
        actions_agreed="Refer to the hub; carer to keep his phone charged",
    )


def _first_indicator_name() -> str:
    indicator = ScreeningIndicator.objects.first()
    assert indicator is not None
    return indicator.name


def test_the_whole_interview_is_read_from_the_episode_and_the_missing_tab(client_for, people, child, held):
    hub = client_for(people["alice"])
    url = reverse("missing:interview_detail", args=[held.pk])
    for page in (
        hub.get(reverse("missing:episode", args=[held.episode_id])),
        hub.get(reverse("missing:child_summary", args=[child.pk])),
    ):
        assert url in hrefs(page, r"/interviews/")

    page = hub.get(url)
    text = page.content.decode()
    for recorded in (
        "A flat above the takeaway on Mill Street",
        "Two older boys he knows as Dee and Tops",
        "A taxi someone else paid for",
        "Walked",
        "(push factor)",
        "(pull factor)",
        "A cut on his hand he would not explain",
        _first_indicator_name(),
        "They said I owe them for the trainers.",
        "Refer to the hub; carer to keep his phone charged",
        "Rita Tester",
    ):
        assert recorded in text, recorded
    assert broken_links(hub, page) == []
    entry = AccessLogEntry.objects.filter(username="alice", record_type="missing.returninterview").latest(
        "pk"
    )
    assert (entry.action, entry.record_ids, entry.detail) == (
        LogAction.CONSULT,
        str(held.pk),
        "read the return interview",
    )


def test_the_interviewer_and_the_police_involved_read_it_and_outsiders_are_refused(
    client_for, people, held, rita, pc
):
    url = reverse("missing:interview_detail", args=[held.pk])
    assert "They said I owe them" in client_for(rita).get(url).content.decode()
    assert "They said I owe them" in client_for(pc).get(url).content.decode()
    for outsider in (people["charlie"], people["sam"], people["bob"]):
        assert client_for(outsider).get(url).status_code == 404
    assert AccessLogEntry.objects.filter(
        username="charlie", action=LogAction.REFUSED, record_type="missing.returninterview"
    ).exists()


def test_the_narrative_is_shown_only_to_roles_that_may_read_narrative(client_for, held, pc, monkeypatch):
    monkeypatch.setitem(
        access.FIELD_GROUPS, "narrative", access.FIELD_GROUPS["narrative"] - {Role.POLICE_OFFICER}
    )
    text = client_for(pc).get(reverse("missing:interview_detail", args=[held.pk])).content.decode()
    assert "(push factor)" in text and _first_indicator_name() in text
    for narrative in (
        "Mill Street",
        "Dee and Tops",
        "A taxi",
        "A cut on his hand",
        "owe them",
        "Refer to the hub",
    ):
        assert narrative not in text, narrative
    assert 'data-testid="narrative-withheld"' in text


def test_an_interview_not_yet_held_sends_the_reader_to_the_episode(client_for, people, child):
    interview = returned(report(child, people["alice"]), people["alice"])
    response = client_for(people["alice"]).get(reverse("missing:interview_detail", args=[interview.pk]))
    assert response["Location"] == reverse("missing:episode", args=[interview.episode_id])


def test_what_the_interview_says_is_suggested_to_the_analyst_not_linked(held, agencies, wenmoor):
    """The interview's words about where Kai went and who with are matched to the network's places and
    people as suggestions; nothing is linked until an analyst confirms one."""
    from conftest import make_user
    from hub.core.roles import Role
    from hub.intelligence import services as intelligence_services
    from hub.intelligence.mention_selectors import link_suggestions
    from hub.intelligence.models import Link

    analyst = make_user("ana", agencies["hub"], Role.HUB_ANALYST)
    street = intelligence_services.entity_create(
        by=analyst, authority=wenmoor, kind="location", name="Mill Street", location_type="other"
    )
    tops = intelligence_services.entity_create(by=analyst, authority=wenmoor, kind="person", name="Tops")
    found = {
        (row.mention.kind, row.entity.pk, row.mention.label.split(",")[0])
        for row in link_suggestions(analyst)
        if row.mention.origin == held
    }
    assert found == {
        ("seen_at", street.pk, "Return interview"),
        ("associates_with", tops.pk, "Return interview"),
    }
    assert not Link.objects.filter(origin_id=held.pk).exists()
