"""The plan pages through the test client: start, agree (with mistakes), review, compare, actions,
close, audit, lists and the home page."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from hub.actions.models import Action
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.chronology import events_for
from hub.core.navigation import home_panels
from hub.plans import selectors
from hub.plans.models import AuditForm, Plan, PlanAudit, PlanStatus
from hub.plans.services import FactorInput


def day(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def first_version(plan, **changes):
    today = timezone.localdate()
    data = {
        "version": plan.version,
        **day("agreed_on", today),
        "agreed_by": "MEP with Kai and his mother",
        "summary": "Kai is safe at weekends.",
        "individual-new": "2",
        "individual-0-text": "Goes missing overnight",
        "individual-0-rating": "high",
        "individual-1-text": "",
        "contextual-new": "2",
        "contextual-0-text": "Older boys at the Canal Street flats",
        "contextual-0-rating": "high",
        "contextual-0-category": "peers",
        "contextual-1-text": "",
        "protective-new": "2",
        "protective-0-text": "Close to his grandmother",
        "protective-1-text": "",
        "child_views": "I want my phone back.",
        "family_views": "",
        **day("review_date", today + timedelta(days=28)),
    }
    data.update(changes)
    return data


def test_a_practitioner_starts_and_agrees_a_plan_and_mistakes_are_explained(client_for, people, child):
    bob = client_for(people["bob"])
    summary = bob.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert reverse("plans:start", args=[child.pk]) in summary and "Start a plan for Kai" in summary
    tab = bob.get(reverse("plans:child_plans", args=[child.pk])).content.decode()
    assert "Kai has no current plan" in tab

    page = bob.get(reverse("plans:start", args=[child.pk])).content.decode()
    assert f'<option value="{people["bob"].pk}" selected>' in page  # the allocated worker leads by default
    response = bob.post(
        reverse("plans:start", args=[child.pk]), {"lead": people["bob"].pk, "started_from": "MEP"}
    )
    plan = Plan.objects.get(child=child)
    assert response["Location"] == reverse("plans:review", args=[plan.pk])
    assert plan.status == PlanStatus.DRAFT and plan.started_from == "MEP"

    page = bob.get(reverse("plans:review", args=[plan.pk])).content.decode()
    assert "Agree the plan" in page and "Individual risk factor 2" in page
    limit = timezone.localdate() + timedelta(weeks=12)
    assert f"{limit:%-d %B %Y}" in page  # the review date starts at the 12-week limit

    # Too late a review, a risk without a rating, a contextual risk without where: all explained,
    # and everything typed is still there.
    data = first_version(
        plan,
        **{"individual-0-rating": "", "contextual-0-category": ""},
        **day("review_date", limit + timedelta(days=1)),
    )
    response = bob.post(reverse("plans:review", args=[plan.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose how serious individual risk factor 1 is" in page
    assert "Choose where contextual risk factor 1 is" in page
    assert f"The review date must be no later than {limit:%-d %B %Y}" in page
    assert "Older boys at the Canal Street flats" in page and "I want my phone back." in page
    assert not plan.versions.exists()

    # No risk at all.
    response = bob.post(
        reverse("plans:review", args=[plan.pk]),
        first_version(
            plan,
            **{
                "individual-0-text": "",
                "individual-0-rating": "",
                "contextual-0-text": "",
                "contextual-0-rating": "",
                "contextual-0-category": "",
            },
        ),
    )
    assert "Add at least one risk factor" in response.content.decode()

    response = bob.post(reverse("plans:review", args=[plan.pk]), first_version(plan))
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.review_due == timezone.localdate() + timedelta(days=28)

    page = bob.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Goes missing overnight" in page and "Older boys at the Canal Street flats" in page
    assert "Close to his grandmother" in page and "I want my phone back." in page
    assert "Due in 28 days" in page and "Review the plan" in page
    tab = bob.get(reverse("plans:child_plans", args=[child.pk])).content.decode()
    assert "1 individual risk, 1 contextual risk, 1 protective factor" in tab


def test_add_another_row_keeps_what_was_typed_and_saves_nothing(client_for, people, child):
    plan = Plan.objects.create(
        authority=child.authority, child=child, lead=people["bob"], created_by=people["bob"]
    )
    bob = client_for(people["bob"])
    data = first_version(plan, add="contextual")
    page = bob.post(reverse("plans:review", args=[plan.pk]), data).content.decode()
    assert "Contextual risk factor 3" in page and "Contextual risk factor 4" not in page
    assert "There is a problem" not in page
    assert "Older boys at the Canal Street flats" in page and 'name="contextual-new" value="3"' in page
    assert not plan.versions.exists()


def review_data(plan, version, **changes):
    """The review form as shown, with ``changes`` made by the person."""
    factors = selectors.factors_by_kind(version)
    today = timezone.localdate()
    data = {
        "version": plan.version,
        **day("agreed_on", today),
        "agreed_by": "MEP review",
        "summary": version.summary,
        "child_views": version.child_views,
        "family_views": version.family_views,
        "progress": "No missing episodes for three weeks.",
        "changes": "",
        **day("review_date", today + timedelta(days=56)),
    }
    for key in ("individual", "contextual", "protective"):
        data[f"{key}-new"] = "1"
        rows = factors[key]
        for index, factor in enumerate(rows):
            data[f"{key}-{index}-text"] = factor.text
            if factor.rating:
                data[f"{key}-{index}-rating"] = factor.rating
            if factor.category:
                data[f"{key}-{index}-category"] = factor.category
        data[f"{key}-{len(rows)}-text"] = ""
    data.update(changes)
    return data


def test_a_review_changes_removes_and_adds_and_the_comparison_shows_it(client_for, people, agreed_plan):
    bob = client_for(people["bob"])
    first = agreed_plan.versions.get()
    page = bob.get(reverse("plans:review", args=[agreed_plan.pk])).content.decode()
    assert "This review starts from version 1" in page
    assert (
        "Owes money for a phone he was given" in page
        and "Remove individual risk factor 2 from the plan" in page
    )

    data = review_data(
        agreed_plan,
        first,
        **{
            "individual-0-rating": "low",  # changed
            "individual-1-remove": "on",  # removed
            "protective-1-text": "Boxing club on Tuesdays",  # added
        },
    )
    del data["progress"]
    response = bob.post(reverse("plans:review", args=[agreed_plan.pk]), data)
    assert "Say what progress has been made since the last version" in response.content.decode()
    data["progress"] = "No missing episodes for three weeks."
    response = bob.post(reverse("plans:review", args=[agreed_plan.pk]), data)
    assert response["Location"] == f"{reverse('plans:compare', args=[agreed_plan.pk])}?before=1&after=2"

    page = bob.get(response["Location"]).content.decode()
    assert "1 factor added, 1 removed, 1 changed" in page
    assert "Boxing club on Tuesdays" in page and "Owes money for a phone he was given" in page
    assert "No missing episodes for three weeks." in page
    # Version 1 is still there as it was.
    page = bob.get(reverse("plans:version", args=[agreed_plan.pk, 1])).content.decode()
    assert "Owes money for a phone he was given" in page and "Boxing club" not in page
    assert bob.get(reverse("plans:version", args=[agreed_plan.pk, 9])).status_code == 404


def test_a_stale_review_says_so_and_keeps_the_input(client_for, people, agreed_plan):
    bob = client_for(people["bob"])
    data = review_data(agreed_plan, agreed_plan.versions.get(), **{"protective-1-text": "Boxing club"})
    # Alice reviews first.
    alice = client_for(people["alice"])
    assert alice.post(reverse("plans:review", args=[agreed_plan.pk]), data).status_code == 302
    response = bob.post(reverse("plans:review", args=[agreed_plan.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this plan while you were editing it" in page and "Boxing club" in page
    assert agreed_plan.versions.count() == 2


def test_comparing_bad_versions_is_explained_not_an_error(client_for, people, agreed_plan):
    bob = client_for(people["bob"])
    page = bob.get(reverse("plans:compare", args=[agreed_plan.pk])).content.decode()
    assert "only one version" in page
    bob.post(
        reverse("plans:review", args=[agreed_plan.pk]), review_data(agreed_plan, agreed_plan.versions.get())
    )
    response = bob.get(reverse("plans:compare", args=[agreed_plan.pk]), {"before": "x", "after": "1"})
    assert response.status_code == 200 and "Choose versions of this plan" in response.content.decode()
    response = bob.get(reverse("plans:compare", args=[agreed_plan.pk]), {"before": "2", "after": "2"})
    assert "Choose two different versions" in response.content.decode()
    page = bob.get(
        reverse("plans:compare", args=[agreed_plan.pk]), {"before": "2", "after": "1"}
    ).content.decode()
    assert "From version 1" in page and "0 factors added, 0 removed, 0 changed" in page


def test_an_action_for_another_agency_appears_on_the_plan_and_their_list(
    client_for, people, agreed_plan, wenmoor_police, pele
):
    bob = client_for(people["bob"])
    url = reverse("plans:action_add", args=[agreed_plan.pk])
    response = bob.post(
        url, {"title": "", "owner_agency": "", **day("due", timezone.localdate() - timedelta(days=1))}
    )
    page = response.content.decode()
    assert "Say what is to be done" in page and "Choose the agency that will do it" in page
    assert "The due date cannot be in the past" in page
    due = timezone.localdate() + timedelta(days=10)
    response = bob.post(
        url,
        {
            "title": "Disruption visit to the flats",
            "owner_agency": wenmoor_police.pk,
            "owner_user": "",
            **day("due", due),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.owner_agency == wenmoor_police and action.source_label == "Plan for Kai Brennan, version 1"
    page = bob.get(reverse("plans:detail", args=[agreed_plan.pk])).content.decode()
    assert "Disruption visit to the flats" in page and "No one named yet" in page
    assert "Disruption visit to the flats" in client_for(pele).get(reverse("actions:mine")).content.decode()
    # Overdue actions are marked on the plan.
    Action.objects.filter(pk=action.pk).update(due=timezone.localdate() - timedelta(days=2))
    page = bob.get(reverse("plans:detail", args=[agreed_plan.pk])).content.decode()
    assert "1 overdue" in page


def test_closing_a_plan(client_for, people, agreed_plan, child):
    bob = client_for(people["bob"])
    url = reverse("plans:close", args=[agreed_plan.pk])
    page = bob.post(url, {"version": agreed_plan.version}).content.decode()
    assert "Choose why the plan is closing" in page
    response = bob.post(
        url, {"version": agreed_plan.version, "reason": "other_plan", "note": "Now on a CP plan."}
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=agreed_plan.pk).status == PlanStatus.CLOSED
    tab = bob.get(reverse("plans:child_plans", args=[child.pk])).content.decode()
    assert "Earlier plans" in tab and "Start a plan for Kai" in tab
    response = bob.get(reverse("plans:review", args=[agreed_plan.pk]))
    assert response.status_code == 302


def test_a_panel_chair_audits_a_plan_and_adds_an_action_arising(client_for, people, helen, agreed_plan):
    chair = client_for(helen)
    page = chair.get(reverse("plans:detail", args=[agreed_plan.pk])).content.decode()
    assert "Audit the plan" in page and "Review the plan" not in page
    url = reverse("plans:audit", args=[agreed_plan.pk])
    page = chair.get(url).content.decode()
    assert "Are actions SMART, with owners and dates?" in page
    response = chair.post(url, {"grade": "", "findings": ""})
    page = response.content.decode()
    assert "Answer question 1: Does the plan address individual risk factors?" in page
    assert "Choose the overall grade" in page

    form = AuditForm.objects.get(code="multi-agency-plan")
    data = {f"q{question.pk}": "met" for question in form.questions.all()}
    last = form.questions.last()
    assert last is not None
    data[f"q{last.pk}"] = "not_met"
    data[f"q{last.pk}-comment"] = "Only social care has actions."
    data.update({"grade": "requires_improvement", "findings": "Police and school have no actions."})
    response = chair.post(url, data)
    audit = PlanAudit.objects.get()
    assert response["Location"] == reverse("plans:audit_detail", args=[audit.pk])
    page = chair.get(response["Location"]).content.decode()
    assert "Requires improvement" in page and "Only social care has actions." in page

    response = chair.post(
        reverse("plans:audit_action_add", args=[audit.pk]),
        {
            "title": "Add police and school actions",
            "owner_agency": people["bob"].agency_id,
            "owner_user": people["bob"].pk,
            **day("due", timezone.localdate() + timedelta(days=7)),
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().source == audit
    page = client_for(people["bob"]).get(reverse("plans:detail", args=[agreed_plan.pk])).content.decode()
    assert "Requires improvement" in page
    # The lead cannot audit their own plan.
    response = client_for(people["bob"]).get(url)
    assert response.status_code == 403


def test_the_lead_and_coordinator_see_reviews_due_on_their_home_page_and_the_list(
    client_for, people, agreed_plan, helen
):
    Plan.objects.filter(pk=agreed_plan.pk).update(review_due=timezone.localdate() - timedelta(days=3))
    panels = {panel.title: panel for panel in home_panels(people["bob"])}
    items = panels["Your plans due for review"].items
    assert items[0]["label"] == "Plan for Kai Brennan" and items[0]["tag"] == "Overdue"
    assert "3 days overdue" in items[0]["hint"]
    coordinator = {panel.title: panel for panel in home_panels(people["alice"])}
    assert coordinator["Plans due for review"].count == 1
    page = client_for(people["alice"]).get(reverse("plans:list")).content.decode()
    assert "Overdue reviews" in page and "Kai Brennan" in page and "3 days overdue" in page
    assert "Plan coverage" in page
    assert "Kai Brennan" in client_for(helen).get(reverse("plans:list")).content.decode()


def plans_for_many_children(people, wenmoor, count: int, *, start: int = 0) -> None:
    """``count`` children at exploited, each with an agreed plan (every kind of factor, reviews due
    overdue or soon), an action for their worker, and every third with a second plan left in draft."""
    from hub.children.services import child_create, level_set
    from hub.plans import action_services, services
    from hub.plans.tests.conftest import agree
    from hub.reference.models import LevelOfConcern

    exploited = LevelOfConcern.objects.get(code="exploited")
    today = timezone.localdate()
    for number in range(start, start + count):
        child = child_create(
            authority=wenmoor,
            by=people["alice"],
            first_name=f"Child{number}",
            last_name="Many",
            date_of_birth=date(2011, 1, 1) + timedelta(days=number),
        )
        level_set(child=child, level=exploited, by=people["alice"], rationale="Seen with older men.")
        plan = services.plan_start(child=child, by=people["alice"], lead=people["bob"], source_label="MEP")
        agree(plan, people["bob"])
        plan.refresh_from_db()
        action_services.plan_action_add(
            plan=plan, by=people["bob"], title=f"Visit {number}", due=today, owner_user=people["bob"]
        )
        Plan.objects.filter(pk=plan.pk).update(review_due=today + timedelta(days=(number % 40) - 10))
        if number % 3 == 0:
            other = child_create(
                authority=wenmoor,
                by=people["alice"],
                first_name=f"Drafted{number}",
                last_name="Many",
                date_of_birth=date(2012, 1, 1) + timedelta(days=number),
            )
            services.plan_start(child=other, by=people["alice"], lead=people["bob"], source_label="MEP")


def queries_for(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_takes_the_same_queries_for_3_plans_as_for_30(client_for, people, wenmoor):
    alice = client_for(people["alice"])
    plans_for_many_children(people, wenmoor, 3)
    alice.get(reverse("plans:list"))  # the session and the user's first request, outside the count
    few = queries_for(alice, reverse("plans:list"))
    plans_for_many_children(people, wenmoor, 27, start=3)
    page = alice.get(reverse("plans:list"))
    assert len(page.context["overdue"]) + len(page.context["due_soon"]) == 30
    assert len(page.context["drafts"]) == 10
    assert queries_for(alice, reverse("plans:list")) == few <= 40


def test_the_childs_tab_takes_the_same_queries_for_1_version_as_for_12(client_for, people, agreed_plan):
    from hub.plans import services
    from hub.plans.tests.conftest import FACTORS

    bob = client_for(people["bob"])
    url = reverse("plans:child_plans", args=[agreed_plan.child_id])
    bob.get(url)
    few = queries_for(bob, url)
    for number in range(11):
        agreed_plan.refresh_from_db()
        services.plan_review(
            plan=agreed_plan,
            by=people["bob"],
            version=agreed_plan.version,
            agreed_on=timezone.localdate(),
            agreed_by=f"MEP review {number}",
            review_date=timezone.localdate() + timedelta(days=30),
            factors=[*FACTORS, FactorInput("protective", f"Boxing club, week {number}")],
            progress="Kai has not been missing this week.",
        )
    page = bob.get(url)
    assert len(page.context["versions"]) == 12 and len(page.context["factors"]) >= 3
    assert queries_for(bob, url) == few


def test_a_coordinator_starts_a_plan_for_a_school(client_for, people, wenmoor):
    from hub.reference.models import School

    school = School.objects.create(
        authority=wenmoor, urn="999002", name="Wenmoor Academy", phase="secondary", locality="south", roll=800
    )
    alice = client_for(people["alice"])
    page = alice.get(reverse("plans:start_context")).content.decode()
    assert f"school:{school.pk}" in page and "Wenmoor Academy" in page
    response = alice.post(
        reverse("plans:start_context"), {"context": "school:999999", "lead": people["alice"].pk}
    )
    assert "Choose from the list" in response.content.decode()
    for value in ("school:" + "9" * 30, "place:1", "school:x"):
        response = alice.post(reverse("plans:start_context"), {"context": value, "lead": "9" * 30})
        page = response.content.decode()
        assert "Choose from the list" in page and "Choose someone from the list" in page
    response = alice.post(
        reverse("plans:start_context"), {"context": f"school:{school.pk}", "lead": people["alice"].pk}
    )
    plan = Plan.objects.get(context_id=school.pk)
    assert response["Location"] == reverse("plans:review", args=[plan.pk])
    page = alice.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Plan for School: Wenmoor Academy" in page


def test_the_chronology_shows_plan_events(client_for, people, agreed_plan, child, helen):
    events = [event.title for event in events_for(child, people["bob"], only_kinds=["plan"])]
    assert events == ["Plan agreed"]
    assert events_for(child, people["sam"], only_kinds=["plan"]) == []
    page = client_for(people["bob"]).get(reverse("children:chronology", args=[child.pk])).content.decode()
    assert "Plan agreed" in page


def test_every_read_of_a_plan_is_in_the_access_log(client_for, people, agreed_plan):
    client_for(people["bob"]).get(reverse("plans:detail", args=[agreed_plan.pk]))
    entry = AccessLogEntry.objects.filter(action=LogAction.CONSULT, record_type="plans.plan").last()
    assert entry is not None
    assert entry.record_ids == str(agreed_plan.pk) and entry.username == "bob"
    assert entry.justification == "own"
