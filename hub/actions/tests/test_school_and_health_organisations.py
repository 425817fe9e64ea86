"""Each school, and each health provider, is an organisation of its own for access (issue 10, D5).

Through the real stack: the leads of two schools and the health workers of two providers each see what
their own organisation holds (its actions, the children it is involved with) and are refused, with a
404 and a refusal in the access log, what only the other holds. An action about a child for a school
goes to the child's own school; an administrator gives a school its organisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from conftest import make_user
from hub.accounts.models import Agency
from hub.accounts.organisations import (
    OrganisationRefused,
    agency_create,
    school_organisation_create,
)
from hub.actions import selectors, services
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.services import child_create, involvement_add, school_add
from hub.core import clock
from hub.core.errors import FieldRefused
from hub.core.roles import Role
from hub.reference.models import School


def _school(authority, urn: str, name: str) -> School:
    return School.objects.create(
        authority=authority, urn=urn, name=name, phase=School.Phase.SECONDARY, locality="north", roll=900
    )


@pytest.fixture
def area(people, agencies, wenmoor):
    admin = people["erin"]
    ash = _school(wenmoor, "990101", "Ashbrook Academy")
    elm = _school(wenmoor, "990102", "Elmfield Academy")
    orgs = {
        "ash": school_organisation_create(school=ash, by=admin),
        "elm": school_organisation_create(school=elm, by=admin),
        "nursing": agency_create(
            by=admin, name="Wenmoor Community Health", kind=Agency.Kind.HEALTH, authorities=[wenmoor]
        ),
        "camhs": agency_create(
            by=admin, name="Wenmoor CAMHS", kind=Agency.Kind.HEALTH, authorities=[wenmoor]
        ),
    }
    staff = {
        "ada": make_user("ada", orgs["ash"], Role.SCHOOL_LEAD),  # Ashbrook's safeguarding lead
        "eli": make_user("eli", orgs["elm"], Role.SCHOOL_LEAD),  # Elmfield's
        "nia": make_user("nia", orgs["nursing"], Role.PRACTITIONER),  # a school nurse
        "cal": make_user("cal", orgs["camhs"], Role.PRACTITIONER),  # a CAMHS practitioner
    }
    alice = people["alice"]
    mia = child_create(
        authority=wenmoor, by=alice, first_name="Mia", last_name="Farrant", date_of_birth=date(2011, 6, 2)
    )
    school_add(child=mia, by=alice, school=ash, start=date(2022, 9, 1))
    involvement_add(child=mia, by=alice, agency=orgs["nursing"], start=clock.today(), reason="school nurse")
    return {"schools": {"ash": ash, "elm": elm}, "orgs": orgs, "staff": staff, "mia": mia}


def _agree(people, wenmoor, child, agency, title):
    return services.action_create(
        by=people["alice"],
        authority=wenmoor,
        child=child,
        title=title,
        due=clock.today() + timedelta(days=7),
        owner_agency=agency,
        source_label="MEP 3 November 2026, item 2",
    )


def _refused(username: str) -> int:
    return AccessLogEntry.objects.filter(username=username, action=LogAction.REFUSED).count()


def test_a_school_lead_sees_only_their_own_schools_actions(client_for, people, wenmoor, area):
    orgs, staff, mia = area["orgs"], area["staff"], area["mia"]
    weekly = _agree(people, wenmoor, mia, orgs["ash"], "Send Mia's weekly attendance to the social worker")
    theme = services.action_create(
        by=people["alice"],
        authority=wenmoor,
        subject_label="Elmfield Academy",
        title="Share the signs-of-exploitation briefing with staff",
        due=clock.today() + timedelta(days=14),
        owner_agency=orgs["elm"],
    )
    ada, eli = client_for(staff["ada"]), client_for(staff["eli"])

    page = ada.get(reverse("actions:mine")).content.decode()
    assert "weekly attendance" in page and "signs-of-exploitation" not in page
    assert ada.get(reverse("actions:detail", args=[weekly.pk])).status_code == 200
    page = eli.get(reverse("actions:mine")).content.decode()
    assert "signs-of-exploitation" in page and "weekly attendance" not in page
    assert selectors.my_actions(staff["eli"]) == [theme]

    # Ashbrook's action is Ashbrook's alone: Elmfield's lead is refused it, and the refusal is logged.
    before = _refused("eli")
    assert eli.get(reverse("actions:detail", args=[weekly.pk])).status_code == 404
    assert eli.post(reverse("actions:detail", args=[weekly.pk]), {"status": "done"}).status_code == 404
    assert _refused("eli") == before + 2
    assert ada.get(reverse("actions:detail", args=[theme.pk])).status_code == 404
    # Neither lead reads the child's record: a school lead is not a case role.
    assert ada.get(reverse("children:detail", args=[mia.pk])).status_code in (403, 404)


def test_an_action_for_a_school_about_a_child_goes_to_the_childs_own_school(people, wenmoor, area):
    orgs, mia = area["orgs"], area["mia"]
    with pytest.raises(FieldRefused, match="not a school this child attends") as refused:
        _agree(people, wenmoor, mia, orgs["elm"], "Agree a trusted adult in school for Mia")
    assert refused.value.field == "owner_agency"
    # Naming Elmfield's lead instead is refused the same way: their agency is Elmfield.
    with pytest.raises(FieldRefused):
        services.action_create(
            by=people["alice"],
            authority=wenmoor,
            child=mia,
            title="Agree a trusted adult in school for Mia",
            due=clock.today() + timedelta(days=7),
            owner_user=area["staff"]["eli"],
        )
    # The choice offered for an action about Mia has her school and no other school.
    offered = set(selectors.owner_agencies(wenmoor.pk, child=mia))
    assert orgs["ash"] in offered and orgs["elm"] not in offered
    assert orgs["nursing"] in offered and orgs["camhs"] in offered
    assert orgs["elm"] in set(selectors.owner_agencies(wenmoor.pk))  # a theme may go to any school


def test_health_providers_each_see_what_they_hold(client_for, people, wenmoor, area):
    orgs, staff, mia = area["orgs"], area["staff"], area["mia"]
    nia, cal = client_for(staff["nia"]), client_for(staff["cal"])
    # Community health is involved with Mia (the school nurse): its worker reads her record, CAMHS's not.
    assert nia.get(reverse("children:detail", args=[mia.pk])).status_code == 200
    before = _refused("cal")
    assert cal.get(reverse("children:detail", args=[mia.pk])).status_code == 404
    assert _refused("cal") == before + 1
    # An action "for health" goes to a named provider, and only that provider's people see it.
    camhs = _agree(people, wenmoor, mia, orgs["camhs"], "Ask CAMHS about the referral made for Mia")
    assert "Ask CAMHS" in cal.get(reverse("actions:mine")).content.decode()
    assert "Ask CAMHS" not in nia.get(reverse("actions:mine")).content.decode()
    assert nia.get(reverse("actions:detail", args=[camhs.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(username="nia", action=LogAction.REFUSED).exists()


def test_a_school_has_one_organisation_made_by_an_administrator(people, wenmoor, area):
    ash, admin = area["schools"]["ash"], people["erin"]
    with pytest.raises(OrganisationRefused, match="already has its organisation"):
        school_organisation_create(school=ash, by=admin)
    with pytest.raises(OrganisationRefused, match="Only an administrator"):
        school_organisation_create(school=_school(wenmoor, "990103", "Fernhill Academy"), by=people["alice"])
    with pytest.raises(OrganisationRefused, match="kind Education"):
        agency_create(
            by=admin,
            name="Fernhill Nursing",
            kind=Agency.Kind.HEALTH,
            authorities=[wenmoor],
            school=School.objects.get(urn="990103"),
        )
    # A name another agency has already is told apart by the school's URN; the creation is logged.
    namesake = _school(wenmoor, "990104", "Wenmoor Community Health")
    made = school_organisation_create(school=namesake, by=admin)
    assert made.name == "Wenmoor Community Health (URN 990104)"
    assert list(made.authorities.all()) == [wenmoor] and made.kind == Agency.Kind.EDUCATION
    assert AccessLogEntry.objects.filter(
        action=LogAction.ACCOUNT, record_type="accounts.agency", detail__contains="URN 990104"
    ).exists()


def test_the_administration_page_makes_a_schools_organisation_through_the_service(
    client_for, people, wenmoor
):
    fern = _school(wenmoor, "990105", "Fernhill Academy")
    admin = client_for(people["erin"])
    url = reverse("admin:accounts_agency_add")
    response = admin.post(
        url, {"name": "Fernhill Academy", "kind": "health", "school": fern.pk, "authorities": [wenmoor.pk]}
    )
    assert response.status_code == 200 and "kind Education" in response.content.decode()
    response = admin.post(
        url, {"name": "Fernhill Academy", "kind": "education", "school": fern.pk, "authorities": [wenmoor.pk]}
    )
    assert response.status_code == 302
    assert Agency.objects.get(school=fern).name == "Fernhill Academy"
    assert AccessLogEntry.objects.filter(action=LogAction.ACCOUNT, detail__contains="URN 990105").exists()
    # A school lead cannot reach it.
    lead = make_user("lee", Agency.objects.get(school=fern), Role.SCHOOL_LEAD)
    assert client_for(lead).get(url).status_code in (302, 403, 404)
