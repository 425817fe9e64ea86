"""The one registry every extension point uses: entries placed by name, ties in key order, and a
registry that cannot be ordered refused loudly (at ``add``, at the first read, and by ``manage.py check``)."""

from __future__ import annotations

import pytest

from hub.core import registry as registry_module
from hub.core.checks import registries_ordered
from hub.core.registry import Registry, RegistryError, registries


@pytest.fixture
def new():
    """Registries made for one test, forgotten after it (the system check reads every registry)."""
    made: list[Registry] = []

    def make(name: str) -> Registry:
        made.append(Registry(f"test: {name}"))
        return made[-1]

    yield make
    for registry in made:
        registry_module._all.discard(registry)


def test_anchors_place_entries_and_ties_go_in_key_order(new):
    registry = new("order")
    registry.add("plans", "Plans", after="missing")  # names an entry added later: fine
    registry.add("missing", "Missing")
    registry.add("home", "Home", before=("missing", "plans"))
    registry.add("zebra", "Zebra")
    registry.add("alpha", "Alpha")
    assert registry.order() == ["alpha", "home", "missing", "plans", "zebra"]
    assert registry.values() == ["Alpha", "Home", "Missing", "Plans", "Zebra"]
    assert list(registry) == registry.values()
    assert registry.items()[1] == ("home", "Home")
    assert registry["missing"] == "Missing" and registry.get("absent") is None
    assert "plans" in registry and len(registry) == 5


def test_the_order_does_not_depend_on_the_order_entries_were_added(new):
    entries = [("c", "after", "b"), ("b", "after", "a"), ("a", "before", "d"), ("d", None, None)]
    orders = set()
    for shift in range(len(entries)):
        registry = new("any start order")
        for key, how, anchor in entries[shift:] + entries[:shift]:
            registry.add(key, 0, **({how: anchor} if how else {}))
        orders.add(tuple(registry.order()))
    assert orders == {("a", "b", "c", "d")}


def test_a_key_added_twice_is_refused_as_it_is_added(new):
    registry = new("duplicate")
    registry.add("missing", "Missing")
    with pytest.raises(RegistryError, match="'missing' is already registered"):
        registry.add("missing", "Missing again")
    assert registry["missing"] == "Missing"


def test_an_entry_placed_relative_to_itself_is_refused(new):
    registry = new("itself")
    with pytest.raises(RegistryError, match="relative to itself"):
        registry.add("missing", "Missing", after="missing")


def test_an_anchor_naming_no_entry_is_refused_when_the_order_is_read(new):
    registry = new("unknown anchor")
    registry.add("plans", "Plans", after="misssing")
    with pytest.raises(
        RegistryError, match="'plans' is placed relative to 'misssing', which is not registered"
    ):
        registry.values()


def test_anchors_in_a_circle_are_refused_naming_the_entries(new):
    registry = new("cycle")
    registry.add("home", "Home")
    registry.add("a", "A", after="c")
    registry.add("b", "B", after="a")
    registry.add("c", "C", after="b", before="home")
    with pytest.raises(RegistryError, match="the anchors of 'a', 'b', 'c', 'home' go round in a circle"):
        registry.order()


def test_a_temporary_entry_is_gone_after_the_block(new):
    registry = new("temporary")
    registry.add("home", "Home")
    with registry.temporarily("extra", "Extra", before="home") as item:
        assert item == "Extra"
        assert registry.order() == ["extra", "home"]
    assert registry.order() == ["home"]
    with pytest.raises(RegistryError), registry.temporarily("home", "Home again"):
        pass
    assert registry["home"] == "Home"


def test_the_system_check_reports_a_registry_that_cannot_be_ordered(new):
    assert registries_ordered() == []  # the Hub's own registries all resolve
    broken = new("broken")
    broken.add("plans", "Plans", after="absent")
    assert broken in registries()
    [error] = registries_ordered()
    assert error.id == "core.E001"
    assert "test: broken: 'plans' is placed relative to 'absent'" in error.msg
