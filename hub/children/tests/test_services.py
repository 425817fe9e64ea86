"""Writes about children: each atomic, logged in the same transaction, and keeping the record's rules."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from hub.audit.models import AccessLogEntry, LogAction
from hub.children import names, services
from hub.children.models import Child
from hub.core.errors import RuleRefused, StaleVersion
from hub.reference.models import LevelOfConcern


@pytest.fixture
def child(people, wenmoor) -> Child:
    return services.child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Jonathan",
        last_name="Smith",
        date_of_birth=date(2011, 5, 3),
    )


def test_creating_a_child_keeps_matching_keys_and_logs_the_collection(child):
    assert child.first_name_key == names.first_name_key("Jon")
    assert child.last_name_key == names.sound_key("Smyth")
    entry = AccessLogEntry.objects.filter(action=LogAction.COLLECT).latest("id")
    assert (entry.record_type, entry.record_ids) == ("children.child", str(child.pk))


def test_a_child_recorded_outside_the_hub_involves_the_recorders_agency(people, wenmoor, child):
    assert not child.agency_involvements.exists()  # hub staff see every child of the authority anyway
    recorded_by_bob = services.child_create(
        authority=wenmoor, by=people["bob"], first_name="Amy", last_name="Lee"
    )
    involvement = recorded_by_bob.agency_involvements.get()
    assert (involvement.agency, involvement.reason) == (people["bob"].agency, "recorded the child")


def test_create_refuses_fields_it_does_not_know(people, wenmoor):
    with pytest.raises(TypeError, match="level"):
        services.child_create(
            authority=wenmoor, by=people["alice"], first_name="A", last_name="B", level=None
        )


def test_an_update_bumps_the_version_and_logs_what_changed(people, child):
    services.child_update(child=child, by=people["alice"], version=1, preferred_name="Jonny")
    child.refresh_from_db()
    assert (child.preferred_name, child.version) == ("Jonny", 2)
    assert (
        AccessLogEntry.objects.filter(action=LogAction.CHANGE).latest("id").detail
        == "changed: preferred_name"
    )


def test_a_stale_update_changes_nothing(people, child):
    # Bob, the child's allocated practitioner, may change the record too: the second writer loses.
    services.allocation_set(child=child, worker=people["bob"], by=people["alice"], start=date(2024, 1, 8))
    services.child_update(child=child, by=people["alice"], version=1, gender="Boy")
    stale = Child.objects.get(pk=child.pk)
    stale.version = 1
    with pytest.raises(StaleVersion, match="Someone else changed Jonathan Smith's record"):
        services.child_update(child=stale, by=people["bob"], version=1, gender="Not given")
    child.refresh_from_db()
    assert (child.gender, child.version) == ("Boy", 2)


def test_a_new_home_address_ends_the_current_one_but_not_other_kinds(people, child):
    alice = people["alice"]
    first = services.address_add(child=child, by=alice, start=date(2020, 1, 1), line1="1 Old Road")
    placement = services.address_add(
        child=child, by=alice, start=date(2021, 1, 1), line1="Oak House", kind="placement"
    )
    services.address_add(
        child=child, by=alice, start=date(2022, 3, 1), line1="2 New Road", postcode=" wm1 2ab "
    )
    first.refresh_from_db()
    placement.refresh_from_db()
    assert first.end == date(2022, 3, 1)
    assert placement.end is None
    assert child.addresses.get(end__isnull=True, kind="home").postcode == "WM1 2AB"


def test_only_a_looked_after_child_has_a_placing_authority(people, child, wenmoor):
    with pytest.raises(RuleRefused, match="looked-after"):
        services.legal_status_add(
            child=child, by=people["alice"], status="cin", start=date(2024, 1, 1), placing_authority=wenmoor
        )
    period = services.legal_status_add(
        child=child,
        by=people["alice"],
        status="lac",
        start=date(2024, 1, 1),
        placing_authority=wenmoor,
        late_entry_reason="The care order came with his file.",
    )
    assert period.current


def test_allocation_ends_the_previous_one_and_involves_the_workers_agency(people, child, agencies):
    from conftest import make_user
    from hub.core.roles import Role

    other = make_user("gwen", agencies["csc"], Role.PRACTITIONER)
    services.allocation_set(child=child, worker=people["bob"], by=people["alice"], start=date(2024, 1, 2))
    services.allocation_set(child=child, worker=other, by=people["alice"], start=date(2024, 6, 3))
    assert list(child.allocations.filter(end__isnull=True).values_list("worker", flat=True)) == [other.pk]
    assert child.allocations.get(worker=people["bob"]).end == date(2024, 6, 3)
    assert child.agency_involvements.get().agency == agencies["csc"]


def test_a_level_change_keeps_the_previous_level_and_needs_a_reason(people, child):
    vulnerable = LevelOfConcern.objects.get(code="vulnerable")
    exploited = LevelOfConcern.objects.get(code="exploited")
    with pytest.raises(RuleRefused, match="reason"):
        services.level_set(child=child, level=vulnerable, by=people["alice"], rationale="  ")
    services.level_set(child=child, level=vulnerable, by=people["alice"], rationale="Missing twice.")
    change = services.level_set(child=child, level=exploited, by=people["alice"], rationale="Trap house.")
    child.refresh_from_db()
    assert (change.previous_level, child.level) == (vulnerable, exploited)


def _image(format: str, **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, format=format, **save)
    return buffer.getvalue()


def test_a_photo_is_re_encoded_without_location(people, child, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (51.0, 30.0, 0.0)}
    upload = SimpleUploadedFile("x.jpg", _image("JPEG", exif=exif))
    services.photo_set(child=child, upload=upload, by=people["alice"])
    child.refresh_from_db()
    with Image.open(child.photo.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
    assert AccessLogEntry.objects.filter(action=LogAction.CHANGE).latest("id").detail == "photo replaced"


def test_a_png_is_accepted_and_a_gif_or_text_is_refused(people, child, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.photo_set(child=child, upload=SimpleUploadedFile("x.png", _image("PNG")), by=people["alice"])
    with pytest.raises(RuleRefused, match="JPG, PNG or WEBP"):
        services.photo_set(child=child, upload=SimpleUploadedFile("x.gif", _image("GIF")), by=people["alice"])
    with pytest.raises(RuleRefused, match="not a photo"):
        services.photo_set(
            child=child, upload=SimpleUploadedFile("x.jpg", b"not an image"), by=people["alice"]
        )


def test_a_photo_over_the_size_limit_is_refused(people, child):
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (services.MAX_PHOTO_BYTES + 1))
    with pytest.raises(RuleRefused, match="smaller than 5 MB"):
        services.photo_set(child=child, upload=upload, by=people["alice"])
