"""The child's record pages, through the test client, as the named people of conftest.py.

Alice coordinates the Wenmoor hub; Bob is a Wenmoor social worker; Charlie is a police officer
in Harrowfield, outside Wenmoor; Sam is a school safeguarding lead; Pat a partnership lead.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction, Outcome
from hub.children import services
from hub.children.models import AddressPeriod, Alias, Child, LegalStatusPeriod, PossibleDuplicate
from hub.core.roles import Role
from hub.reference.models import LevelOfConcern, School

SEARCH = reverse("children:search")
CREATE = reverse("children:create")


def url(name: str, child: Child) -> str:
    return reverse(f"children:{name}", args=[child.pk])


@pytest.fixture
def jonathan(people, wenmoor) -> Child:
    return services.child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Jonathan",
        last_name="Smith",
        date_of_birth=date(2011, 5, 3),
        local_child_id="WM1001",
    )


@pytest.fixture
def exploited() -> LevelOfConcern:
    return LevelOfConcern.objects.get(code="exploited")


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def assert_error_links_to_its_field(page: str, message: str) -> None:
    """The error summary lists the message, linking to an element that is on the page."""
    match = re.search(r'<a href="#([^"]+)">' + re.escape(message), page)
    assert match, f"no error summary link for {message!r}"
    assert f'id="{match.group(1)}"' in page, f"the link for {message!r} goes nowhere"


def identity_post(**overrides: str | list[str]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "first_name": "Jonathan",
        "last_name": "Smith",
        "sex": "1",
        "ethnicity": "WBRI",
        **date_fields("date_of_birth", date(2011, 5, 3)),
    }
    data.update(overrides)
    return data


# --- search --------------------------------------------------------------------------------------


def test_a_tolerant_name_search_finds_the_child_with_their_level(client_for, people, jonathan, exploited):
    services.level_set(child=jonathan, level=exploited, by=people["alice"], rationale="Seen with older men.")
    response = client_for(people["alice"]).get(SEARCH, {"name": "Jon Smyth"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 child found" in page
    assert url("detail", jonathan) in page
    assert "3 May 2011" in page
    assert 'govuk-tag--red">Exploited' in page
    assert "last name sounds the same" in page.lower()


def test_search_by_date_of_birth_and_by_identifier(client_for, people, jonathan):
    client = client_for(people["alice"])
    by_date = client.get(SEARCH, date_fields("date_of_birth", date(2011, 5, 3)))
    assert url("detail", jonathan) in by_date.content.decode()
    by_id = client.get(SEARCH, {"identifier": " wm1001 "})
    assert url("detail", jonathan) in by_id.content.decode()
    assert "Identifier matches" in by_id.content.decode()


def test_someone_outside_finds_nothing(client_for, people, jonathan):
    response = client_for(people["charlie"]).get(SEARCH, {"name": "Jonathan Smith"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 children found" in page
    assert "Jonathan" not in page.split("Find a child</h1>")[1].split("<form")[0]
    assert url("detail", jonathan) not in page


def test_search_shows_the_empty_state_and_a_way_to_add_the_child(client_for, people):
    response = client_for(people["alice"]).get(SEARCH, {"name": "Nobody Atall"})
    page = response.content.decode()
    assert "No children match your search" in page
    assert CREATE in page


def test_search_before_searching_asks_for_something_to_search_for(client_for, people):
    page = client_for(people["alice"]).get(SEARCH).content.decode()
    assert "Enter a name, a date of birth or an identifier to search." in page


def test_a_malformed_date_is_an_error_with_a_link_to_the_field(client_for, people):
    response = client_for(people["alice"]).get(
        SEARCH, {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2011"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert_error_links_to_its_field(page, "The date of birth must be a real date")


def test_only_roles_who_may_create_see_the_add_button(client_for, people, agencies):
    officer = make_user("olive", agencies["other_police"], Role.POLICE_OFFICER)
    assert "Add a child" in client_for(people["alice"]).get(SEARCH).content.decode()
    assert "Add a child" in client_for(people["bob"]).get(SEARCH).content.decode()
    assert "Add a child" not in client_for(officer).get(SEARCH).content.decode()


@pytest.mark.parametrize("name", ["sam", "pat", "dana"])
def test_roles_without_a_child_caseload_may_not_search(client_for, people, name):
    assert client_for(people[name]).get(SEARCH, {"name": "Smith"}).status_code == 403


def test_the_search_is_logged_with_what_it_found(client_for, people, jonathan):
    client_for(people["alice"]).get(SEARCH, {"name": "Jonathan Smith"})
    entry = AccessLogEntry.objects.filter(user_id=people["alice"].pk, action=LogAction.CONSULT).latest("id")
    assert entry.record_ids == str(jonathan.pk)
    assert entry.detail == "search: Jonathan Smith"


def test_search_results_take_a_fixed_number_of_queries(
    client_for, people, wenmoor, exploited, django_assert_max_num_queries
):
    alice = people["alice"]
    client = client_for(alice)
    for number in range(15):
        child = services.child_create(
            authority=wenmoor,
            by=alice,
            first_name="Jonathan",
            last_name="Smith",
            date_of_birth=date(2011, 5, number + 1),
        )
        services.alias_add(child=child, name=f"J Smith {number}", kind=Alias.Kind.ALIAS, by=alice)
        services.level_set(child=child, level=exploited, by=alice, rationale="Seen with older men.")
    client.get(SEARCH)  # the session and the user's first request, outside the count
    with django_assert_max_num_queries(14):  # fewer than the results: no query per row
        response = client.get(SEARCH, {"name": "Jon Smyth"})
    assert response.content.decode().count('govuk-tag--red">Exploited') == 15


# --- adding a child ------------------------------------------------------------------------------


def test_a_coordinator_adds_a_child(client_for, people):
    client = client_for(people["alice"])
    response = client.post(CREATE, identity_post(upn="a123 4567 89012", flags=["excluded"]))
    child = Child.objects.get(first_name="Jonathan")
    assert response.status_code == 302
    assert response["Location"] == url("detail", child)
    assert (child.upn, child.excluded, child.sex, child.created_by) == (
        "A123456789012",
        True,
        "1",
        people["alice"],
    )
    page = client.get(url("detail", child)).content.decode()
    assert "Record created for Jonathan Smith" in page


def test_adding_a_child_with_missing_answers_says_what_to_fix(client_for, people):
    response = client_for(people["alice"]).post(CREATE, {"date_of_birth_day": "3"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert_error_links_to_its_field(page, "Enter the child&#x27;s first name")
    assert_error_links_to_its_field(page, "The date of birth must include a month and year")
    assert "<title>Add a child (error)" in page
    assert not Child.objects.exists()


def test_an_identifier_another_record_has_is_saved_and_queued_not_disclosed(client_for, people, jonathan):
    response = client_for(people["bob"]).post(
        CREATE, identity_post(first_name="John", local_child_id="wm1001")
    )
    assert response.status_code == 302
    assert "Jonathan" not in client_for(people["bob"]).get(response["Location"]).content.decode()
    newcomer = Child.objects.exclude(pk=jonathan.pk).get()
    duplicate = PossibleDuplicate.objects.get(child=newcomer, other=jonathan)
    assert "the same child id" in duplicate.reasons


def test_the_authority_is_asked_only_when_the_agency_serves_several(
    client_for, people, agencies, harrowfield
):
    assert "Which local authority" not in client_for(people["alice"]).get(CREATE).content.decode()
    agencies["hub"].authorities.add(harrowfield)
    client = client_for(people["alice"])
    assert "Which local authority" in client.get(CREATE).content.decode()
    assert "Choose the local authority" in client.post(CREATE, identity_post()).content.decode()
    client.post(CREATE, identity_post(authority=str(harrowfield.pk)))
    assert Child.objects.get().authority == harrowfield


def test_a_practitioner_who_adds_a_child_can_then_open_the_record(client_for, people):
    bob = client_for(people["bob"])
    response = bob.post(CREATE, identity_post())
    child = Child.objects.get()
    assert bob.get(response["Location"]).status_code == 200
    assert child.agency_involvements.get().agency == people["bob"].agency


@pytest.mark.parametrize("name", ["charlie", "sam", "pat"])
def test_other_roles_may_not_add_a_child(client_for, people, name):
    assert client_for(people[name]).post(CREATE, identity_post()).status_code == 403
    assert not Child.objects.exists()


def test_a_possible_duplicate_is_shown_and_can_be_dismissed(client_for, people, jonathan):
    client = client_for(people["alice"])
    response = client.post(CREATE, identity_post(first_name="Jon", date_of_birth_day="4"))
    newcomer = Child.objects.get(first_name="Jon")
    page = client.get(response["Location"]).content.decode()
    assert "Possible duplicate" in page
    assert f'href="{url("detail", jonathan)}"' in page
    duplicate = PossibleDuplicate.objects.get(child=newcomer, other=jonathan)

    assert (
        client_for(people["charlie"])
        .post(url("dismiss_duplicate", newcomer), {"duplicate": duplicate.pk})
        .status_code
        == 404
    )
    response = client.post(url("dismiss_duplicate", newcomer), {"duplicate": duplicate.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.decided_by == people["alice"] and duplicate.decision == "different"
    page = client.get(url("detail", newcomer)).content.decode()
    assert "Possible duplicate" not in page
    assert "Marked as not the same child as Jonathan Smith" in page


# --- reading the record --------------------------------------------------------------------------


def test_the_summary_shows_the_identity_bar_and_the_parts_of_the_record(client_for, people, jonathan):
    response = client_for(people["alice"]).get(url("detail", jonathan))
    assert response.status_code == 200
    page = response.content.decode()
    bar = page.split('data-testid="identity-bar"')[1].split("</section>")[0]
    assert "Jonathan Smith" in bar and "Born 3 May 2011" in bar and "Child ID WM1001" in bar
    assert f"aged {jonathan.age_on(timezone.localdate())}" in bar
    assert 'aria-current="page" href="{}">Summary'.format(url("detail", jonathan)) in page
    for part in [
        "Identity",
        "Other names",
        "Addresses",
        "Schools",
        "Legal status",
        "Agencies involved",
        "Photo",
    ]:
        assert f'<h2 class="govuk-summary-card__title">{part}</h2>' in page
    edit_page = client_for(people["alice"]).get(url("edit", jonathan)).content.decode()
    anchors = re.findall(re.escape(url("edit", jonathan)) + r'#([\w-]+)"', page)
    assert len(anchors) == 11  # every identity row but the authority, which does not change
    for anchor in anchors:
        assert f'id="{anchor}"' in edit_page, f"the Change link to #{anchor} goes nowhere"


def test_reading_the_record_logs_the_consultation_with_its_justification(client_for, people, jonathan):
    client_for(people["alice"]).get(url("detail", jonathan))
    entry = AccessLogEntry.objects.filter(user_id=people["alice"].pk, action=LogAction.CONSULT).latest("id")
    assert (entry.record_type, entry.record_ids) == ("children.child", str(jonathan.pk))
    assert entry.justification == "hub_staff"
    assert entry.detail == "summary"


@pytest.mark.parametrize("name", ["charlie", "sam", "pat", "bob", "dana"])
def test_people_without_a_relationship_get_not_found(client_for, people, jonathan, name):
    client = client_for(people[name])
    for page in ["detail", "chronology", "levels", "photo", "edit", "add_address"]:
        assert client.get(url(page, jonathan)).status_code == 404, page
    refusal = AccessLogEntry.objects.filter(user_id=people[name].pk, action=LogAction.REFUSED).latest("id")
    assert refusal.outcome == Outcome.REFUSED and refusal.record_ids == str(jonathan.pk)


def test_a_school_lead_cannot_read_the_record_even_at_the_childs_school(
    client_for, people, jonathan, wenmoor
):
    school = School.objects.create(
        authority=wenmoor, urn="900001", name="Oak Academy", phase="secondary", locality="north", roll=900
    )
    services.school_add(child=jonathan, by=people["alice"], school=school, start=date(2023, 9, 4))
    services.involvement_add(
        child=jonathan, by=people["alice"], agency=people["sam"].agency, start=date(2023, 9, 4)
    )
    assert client_for(people["sam"]).get(url("detail", jonathan)).status_code == 404


def test_an_allocated_practitioner_reads_and_changes_the_record(client_for, people, jonathan):
    bob = client_for(people["bob"])
    assert bob.get(url("detail", jonathan)).status_code == 404
    services.allocation_set(child=jonathan, worker=people["bob"], by=people["alice"], start=date(2024, 1, 8))
    page = bob.get(url("detail", jonathan)).content.decode()
    assert "Bob Tester" in page.split('id="allocation"')[1]
    assert "Since 8 January 2024" in page
    entry = AccessLogEntry.objects.filter(user_id=people["bob"].pk, action=LogAction.CONSULT).latest("id")
    assert entry.justification == "allocated"
    assert bob.get(url("add_address", jonathan)).status_code == 200


def test_read_only_roles_see_no_change_links(client_for, people, jonathan, agencies):
    analyst = make_user("hana", agencies["hub"], Role.HUB_ANALYST)
    page = client_for(analyst).get(url("detail", jonathan)).content.decode()
    assert url("edit", jonathan) not in page
    assert url("add_address", jonathan) not in page
    # The analyst sees the record, so changing it is refused (403, as the API says), not hidden.
    assert client_for(analyst).get(url("edit", jonathan)).status_code == 403


def test_the_chronology_is_newest_first_and_filters(client_for, people, jonathan, exploited, agencies):
    alice = people["alice"]
    services.legal_status_add(
        child=jonathan, by=alice, status="cin", start=date(2020, 1, 6), late_entry_reason="From his file."
    )
    services.level_set(
        child=jonathan,
        level=exploited,
        by=alice,
        rationale="Found in a trap house.",
        at=timezone.now() - timedelta(days=3),
    )
    services.involvement_add(child=jonathan, by=alice, agency=agencies["csc"], start=date(2021, 2, 1))
    client = client_for(alice)
    page = client.get(url("chronology", jonathan)).content.decode()
    assert 'class="moj-timeline"' in page
    order = [
        page.index(text)
        for text in [
            "Record created",
            "Level of concern: Exploited",
            "Wenmoor CSC involved",
            "Legal status: Child in need",
        ]
    ]
    assert order == sorted(order)
    assert "6 January 2020" in page

    levels_only = client.get(url("chronology", jonathan), {"kind": "level"}).content.decode()
    assert "Level of concern: Exploited" in levels_only
    assert "Legal status" not in levels_only.split('data-testid="chronology"')[1]

    csc_only = client.get(url("chronology", jonathan), {"agency": "Wenmoor CSC"}).content.decode()
    timeline = csc_only.split('data-testid="chronology"')[1]
    assert "Wenmoor CSC involved" in timeline and "Record created" not in timeline


def test_the_levels_page_lists_every_change(client_for, people, jonathan, exploited):
    alice = people["alice"]
    vulnerable = LevelOfConcern.objects.get(code="vulnerable")
    services.level_set(
        child=jonathan,
        level=vulnerable,
        by=alice,
        rationale="Missing twice.",
        source="screening 4",
        at=timezone.make_aware(datetime(2024, 3, 1, 10)),
    )
    services.level_set(
        child=jonathan,
        level=exploited,
        by=alice,
        rationale="Found in a trap house.",
        source="MEP 3 May",
        at=timezone.make_aware(datetime(2024, 5, 3, 10)),
    )
    page = client_for(alice).get(url("levels", jonathan)).content.decode()
    table = page.split('data-testid="level-history"')[1]
    assert table.index("3 May 2024") < table.index("1 March 2024")
    assert "Vulnerable (at risk)" in table and "Found in a trap house." in table and "MEP 3 May" in table
    assert "Alice Tester" in table


def test_the_levels_page_says_when_there_is_no_history(client_for, people, jonathan):
    page = client_for(people["alice"]).get(url("levels", jonathan)).content.decode()
    assert "No level of concern has been decided" in page


# --- changing the identity -----------------------------------------------------------------------


def test_changing_the_identity_carries_the_version(client_for, people, jonathan):
    client = client_for(people["alice"])
    page = client.get(url("edit", jonathan)).content.decode()
    assert f'name="version" value="{jonathan.version}"' in page
    response = client.post(
        url("edit", jonathan), identity_post(preferred_name="Jonny", version=str(jonathan.version))
    )
    assert response.status_code == 302
    jonathan.refresh_from_db()
    assert (jonathan.preferred_name, jonathan.version) == ("Jonny", 2)


def test_a_stale_edit_keeps_the_persons_input_and_changes_nothing(client_for, people, jonathan):
    seen = jonathan.version
    # Someone else saves first.
    services.child_update(child=jonathan, by=people["alice"], version=seen, gender="Boy")
    response = client_for(people["alice"]).post(
        url("edit", jonathan), identity_post(preferred_name="Jonny", version=str(seen))
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed Jonathan Smith&#x27;s record while you were editing it" in page
    assert 'value="Jonny"' in page
    assert "What is saved now" in page and "Boy" in page.split('data-testid="differences"')[1]
    assert f'name="version" value="{seen + 1}"' in page
    jonathan.refresh_from_db()
    assert jonathan.preferred_name == "" and jonathan.gender == "Boy"


def test_an_allocated_police_officer_reads_but_may_not_change(client_for, people, jonathan, agencies):
    officer = make_user("pc_ward", agencies["other_police"], Role.POLICE_OFFICER)
    agencies["other_police"].authorities.add(jonathan.authority)
    services.allocation_set(child=jonathan, worker=officer, by=people["alice"], start=date(2024, 1, 8))
    client = client_for(officer)
    assert client.get(url("detail", jonathan)).status_code == 200
    assert client.post(url("edit", jonathan), identity_post(version="1")).status_code == 403
    assert client.post(url("add_address", jonathan), {"line1": "1 High Street"}).status_code == 403
    assert not jonathan.addresses.exists()


# --- adding to the record ------------------------------------------------------------------------


def test_adding_an_address(client_for, people, jonathan):
    client = client_for(people["alice"])
    data = {
        "kind": "home",
        "line1": "12 Mill Lane",
        "town": "Wenmoor",
        "postcode": "wm1  2ab",
        **date_fields("start", date(2024, 2, 1)),
    }
    response = client.post(url("add_address", jonathan), data)
    assert response.status_code == 302
    assert response["Location"] == url("detail", jonathan)
    address = AddressPeriod.objects.get(child=jonathan)
    assert (address.line1, address.postcode, address.start) == ("12 Mill Lane", "WM1 2AB", date(2024, 2, 1))
    page = client.get(url("detail", jonathan)).content.decode()
    assert "Address added" in page and "12 Mill Lane" in page and "Since 1 February 2024" in page
    change = AccessLogEntry.objects.filter(action=LogAction.CHANGE, record_ids=str(jonathan.pk)).latest("id")
    assert change.detail == "address added"


def test_an_incomplete_address_says_what_to_fix(client_for, people, jonathan):
    response = client_for(people["alice"]).post(url("add_address", jonathan), {"kind": "home"})
    page = response.content.decode()
    assert response.status_code == 200
    assert_error_links_to_its_field(page, "Enter the first line of the address")
    assert_error_links_to_its_field(page, "Enter the date they started living here")


def test_adding_an_alias_makes_the_child_findable_by_it(client_for, people, jonathan):
    client = client_for(people["alice"])
    client.post(url("add_alias", jonathan), {"name": "Tiny Ghost", "kind": "alias"})
    assert "Name added" in client.get(url("detail", jonathan)).content.decode()
    results = client.get(SEARCH, {"name": "Tiny Ghost"}).content.decode()
    table = results.split('data-testid="search-results"')[1]
    assert url("detail", jonathan) in table and "Tiny Ghost" in table


def test_schools_come_from_the_childs_authority(client_for, people, jonathan, harrowfield, wenmoor):
    ours = School.objects.create(
        authority=wenmoor, urn="900001", name="Oak Academy", phase="secondary", locality="north", roll=900
    )
    theirs = School.objects.create(
        authority=harrowfield, urn="900002", name="Elm Academy", phase="secondary", locality="north", roll=900
    )
    client = client_for(people["alice"])
    page = client.get(url("add_school", jonathan)).content.decode()
    assert "Oak Academy" in page and "Elm Academy" not in page
    refused = client.post(
        url("add_school", jonathan), {"school": theirs.pk, **date_fields("start", date(2024, 9, 4))}
    )
    assert "Choose a school from the list" in refused.content.decode()
    client.post(url("add_school", jonathan), {"school": ours.pk, **date_fields("start", date(2024, 9, 4))})
    assert jonathan.schools.get().school == ours


def test_legal_status_with_placing_and_host_authority(client_for, people, jonathan, wenmoor, harrowfield):
    client = client_for(people["alice"])
    start = date_fields("start", date(2024, 4, 2))
    wrong = client.post(
        url("add_legal_status", jonathan), {"status": "cin", "placing_authority": wenmoor.pk, **start}
    )
    assert "Only a looked-after child has a placing or host authority" in wrong.content.decode()
    client.post(
        url("add_legal_status", jonathan),
        {
            "status": "lac",
            "placing_authority": wenmoor.pk,
            "host_authority": harrowfield.pk,
            "late_entry_reason": "The care order came with his file from Harrowfield.",
            **start,
        },
    )
    status = LegalStatusPeriod.objects.get(child=jonathan)
    assert (status.status, status.placing_authority, status.host_authority) == ("lac", wenmoor, harrowfield)
    page = client.get(url("detail", jonathan)).content.decode()
    assert "Looked after by Wenmoor Borough Council, placed in Harrowfield County Council" in page


def test_adding_an_agency_lets_its_case_workers_see_the_child(client_for, people, jonathan, agencies):
    client = client_for(people["alice"])
    assert client_for(people["bob"]).get(url("detail", jonathan)).status_code == 404
    client.post(
        url("add_involvement", jonathan),
        {
            "agency": agencies["csc"].pk,
            "reason": "Child in need plan",
            **date_fields("start", date(2024, 1, 2)),
        },
    )
    assert client_for(people["bob"]).get(url("detail", jonathan)).status_code == 200
    assert "Child in need plan" in client.get(url("detail", jonathan)).content.decode()


def test_only_case_workers_of_agencies_serving_the_authority_can_be_allocated(client_for, people, jonathan):
    client = client_for(people["alice"])
    page = client.get(url("allocate", jonathan)).content.decode()
    assert "Bob Tester" in page and "Charlie Tester" not in page and "Sam Tester" not in page
    refused = client.post(
        url("allocate", jonathan), {"worker": people["charlie"].pk, **date_fields("start", date(2024, 1, 2))}
    )
    assert "Choose a worker from the list" in refused.content.decode()
    client.post(
        url("allocate", jonathan), {"worker": people["bob"].pk, **date_fields("start", date(2024, 1, 2))}
    )
    assert jonathan.allocations.get(end__isnull=True).worker == people["bob"]


# --- the photo -----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def test_an_uploaded_photo_loses_its_location_and_is_served_after_the_access_check(
    client_for, people, jonathan, media
):
    client = client_for(people["alice"])
    upload = SimpleUploadedFile("phone.jpg", jpeg_with_location(), content_type="image/jpeg")
    response = client.post(url("photo_upload", jonathan), {"photo": upload})
    assert response.status_code == 302
    jonathan.refresh_from_db()
    with Image.open(jonathan.photo.path) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info

    page = client.get(url("detail", jonathan)).content.decode()
    assert "Photo added" in page
    assert f'src="{url("photo", jonathan)}" alt="Photo of Jonathan Smith"' in page
    photo = client.get(url("photo", jonathan))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["Content-Disposition"] == f'inline; filename="child-{jonathan.pk}.jpg"'
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert b"".join(photo.streaming_content)[:2] == b"\xff\xd8"
    assert client_for(people["charlie"]).get(url("photo", jonathan)).status_code == 404


def test_a_file_that_is_not_an_image_is_refused(client_for, people, jonathan, media):
    upload = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client_for(people["alice"]).post(url("photo_upload", jonathan), {"photo": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert_error_links_to_its_field(page, "The file is not a photo the Hub can read")
    jonathan.refresh_from_db()
    assert not jonathan.photo


def test_no_photo_is_not_found(client_for, people, jonathan):
    assert client_for(people["alice"]).get(url("photo", jonathan)).status_code == 404


def test_the_photo_upload_needs_a_file(client_for, people, jonathan):
    response = client_for(people["alice"]).post(url("photo_upload", jonathan), {})
    assert "Choose a photo of the child" in response.content.decode()
