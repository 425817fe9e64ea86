"""The README suggests searching "Jon Smyth"-style names in the demo: the demo has children whose names
differ only in spelling and short forms, whom the demo practitioner finds and nobody outside does."""

from __future__ import annotations

from typing import cast

from django.urls import reverse

from conftest import verified_client
from hub.children.models import Child
from hub.demo.area import DemoContext
from hub.demo.names import NAMESAKES
from hub.demo.namesakes import load_namesakes
from hub.demo.people import load_people


def test_searching_jon_smyth_in_the_demo_finds_several_children(db, settings, tmp_path, people):
    settings.VAR_DIR = tmp_path
    ctx = DemoContext(out=lambda text: None)
    load_people(ctx)
    load_namesakes(ctx)
    load_namesakes(ctx)  # again: nothing more
    namesakes = Child.objects.filter(last_name__in={last for _, last, *_ in NAMESAKES})
    assert namesakes.count() == len(NAMESAKES)
    assert all(
        child.addresses.exists() and 10 <= cast(int, child.age_on(child.created_at.date())) <= 17
        for child in namesakes
    )

    assert ctx.users is not None  # load_people filled it
    practitioner = verified_client(ctx.users["practitioner"])
    page = practitioner.get(reverse("children:search"), {"name": "Jon Smyth"}).content.decode()
    found = [f"{first} {last}" for first, last, *_ in NAMESAKES if f"{first} {last}" in page]
    assert len(found) >= 3 and "Jonathan Smith" in found and "John Smyth" in found, found
    # Someone in another authority finds none of them.
    charlie = verified_client(people["charlie"])
    assert "Smith" not in charlie.get(reverse("children:search"), {"name": "Jon Smyth"}).content.decode()
