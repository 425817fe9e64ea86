"""Finding a child: tolerant of nicknames, spelling and aliases; exact on identifiers; always scoped."""

from __future__ import annotations

from datetime import date

import pytest

from hub.audit.models import AccessLogEntry, LogAction
from hub.children import services
from hub.children.models import Alias, Child, PossibleDuplicate
from hub.children.selectors import child_search, duplicates_for


@pytest.fixture
def add(people, wenmoor):
    def add(first: str, last: str, born: date | None = date(2011, 5, 3), **identity) -> Child:
        return services.child_create(
            authority=identity.pop("authority", wenmoor),
            by=people["alice"],
            first_name=first,
            last_name=last,
            date_of_birth=born,
            **identity,
        )

    return add


def found(user, **criteria) -> list[str]:
    return [result.child.full_name for result in child_search(user, **criteria)]


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("Jon Smyth", ("Jonathan", "Smith")),
        ("Johnny Smith", ("Jonathan", "Smith")),
        ("Bill Jones", ("William", "Jones")),
        ("Katie Obrien", ("Katherine", "O'Brien")),
        ("Catherine Smyth", ("Kathryn", "Smith")),
        ("Tyler Rees", ("Tyler", "Reece")),
        ("Mohamed Ali", ("Muhammad", "Ali")),
        ("Liam Thompson", ("William", "Thomson")),
    ],
)
def test_nicknames_and_spellings_find_the_child(people, add, typed, recorded):
    add(*recorded)
    add("Zara", "Whitfield")
    assert found(people["alice"], name=typed) == [" ".join(recorded)]


def test_one_name_finds_a_first_name_a_last_name_or_an_alias(people, add):
    jonathan = add("Jonathan", "Smith")
    add("Priya", "Jonas")
    services.alias_add(child=jonathan, name="Little Ghost", kind=Alias.Kind.ALIAS, by=people["alice"])
    assert "Jonathan Smith" in found(people["alice"], name="Smyth")
    assert "Jonathan Smith" in found(people["alice"], name="Jon")
    assert found(people["alice"], name="Ghost") == ["Jonathan Smith"]


def test_an_alias_finds_the_child_and_says_so(people, add):
    child = add("Jonathan", "Smith")
    services.alias_add(child=child, name="Tyler Reece", kind=Alias.Kind.PREVIOUS, by=people["alice"])
    results = child_search(people["alice"], name="Tyler Rees")
    assert [result.child for result in results] == [child]
    assert "alias Tyler Reece" in results[0].reasons


def test_the_best_match_comes_first(people, add):
    add("Jonathan", "Smith")
    add("John", "Smith")
    results = child_search(people["alice"], name="John Smith")
    assert results[0].child.full_name == "John Smith"
    assert "same first name" in results[0].reasons and "same last name" in results[0].reasons


def test_a_date_of_birth_narrows_by_a_window_for_estimated_dates(people, add):
    add("Jonathan", "Smith", date(2011, 5, 3))
    add("Jonathan", "Smith", date(2012, 2, 1))  # within about a year: estimates are often out
    add("Jonathan", "Smith", date(2015, 1, 1))
    add("Jonathan", "Smith", None)  # not known: kept, so it can be checked
    births = [
        r.child.date_of_birth
        for r in child_search(people["alice"], name="Jon Smith", date_of_birth=date(2011, 5, 3))
    ]
    assert births[0] == date(2011, 5, 3)
    assert set(births) == {date(2011, 5, 3), date(2012, 2, 1), None}


def test_a_date_of_birth_alone_finds_children_born_that_day(people, add):
    add("Jonathan", "Smith", date(2011, 5, 3))
    add("Amy", "Lee", date(2011, 5, 4))
    assert found(people["alice"], date_of_birth=date(2011, 5, 3)) == ["Jonathan Smith"]


@pytest.mark.parametrize("typed", ["wm1001", " WM1001 ", "a123 4567 89012", "9434765919", "vv/12345"])
def test_identifiers_match_exactly_whatever_the_spacing_and_case(people, add, typed):
    add("Jonathan", "Smith", local_child_id="WM1001") if typed.strip().upper() == "WM1001" else None
    add("Jonathan", "Smith", upn="A123456789012") if typed.startswith("a123") else None
    add("Jonathan", "Smith", nhs_number="9434765919") if typed == "9434765919" else None
    add("Jonathan", "Smith", police_reference="VV/12345") if typed == "vv/12345" else None
    results = child_search(people["alice"], identifier=typed)
    assert [r.child.full_name for r in results] == ["Jonathan Smith"]
    assert results[0].reasons == ("identifier matches",)


def test_part_of_an_identifier_finds_nothing(people, add):
    add("Jonathan", "Smith", upn="A123456789012")
    assert found(people["alice"], identifier="A12345") == []


def test_search_sees_only_children_the_reader_may_see(people, add, harrowfield, agencies):
    ours = add("Jonathan", "Smith")
    add("Jonathan", "Smith", authority=harrowfield)
    assert found(people["charlie"], name="Jonathan Smith") == []  # police outside Wenmoor, no relationship
    assert found(people["bob"], name="Jonathan Smith") == []  # no allocation, agency not involved
    services.allocation_set(child=ours, worker=people["bob"], by=people["alice"], start=date(2024, 1, 2))
    assert [r.child for r in child_search(people["bob"], name="Jonathan Smith")] == [ours]
    assert [r.child for r in child_search(people["alice"], name="Jonathan Smith")] == [ours]
    assert found(people["sam"], name="Jonathan Smith") == []


def test_every_search_is_logged_with_its_results(people, add):
    child = add("Jonathan", "Smith")
    child_search(people["alice"], name="Jon Smyth")
    entry = AccessLogEntry.objects.filter(action=LogAction.CONSULT).latest("id")
    assert (entry.record_type, entry.record_ids, entry.detail) == (
        "children.child",
        str(child.pk),
        "search: Jon Smyth",
    )


# --- possible duplicates, flagged when a record is made ------------------------------------------


def test_a_record_like_another_is_flagged_as_a_possible_duplicate(people, add):
    first = add("Jonathan", "Smith", date(2011, 5, 3))
    second = add("Jon", "Smyth", date(2011, 5, 3))
    duplicate = PossibleDuplicate.objects.get(child=second)
    assert duplicate.other == first
    assert "same date of birth" in duplicate.reasons


def test_different_children_are_not_flagged(people, add, harrowfield):
    add("Jonathan", "Smith", date(2011, 5, 3))
    add("Priya", "Smith", date(2011, 5, 3))  # a sibling: same surname, different first name
    add("Jonathan", "Smith", date(2011, 5, 3), authority=harrowfield)  # another authority's child
    assert not PossibleDuplicate.objects.exists()


def test_a_changed_surname_is_found_by_first_name_and_date_of_birth(people, add):
    add("Tyrese", "Okoro", date(2012, 2, 14))
    results = child_search(people["alice"], name="Tyrese Blake", date_of_birth=date(2012, 2, 14))
    assert [result.child.full_name for result in results] == ["Tyrese Okoro"]
    assert "surname differs" in results[0].reasons


def test_a_possible_duplicate_shows_on_both_records(people, add):
    first = add("Jonathan", "Smith", date(2011, 5, 3))
    second = add("Jon", "Smyth", date(2011, 5, 3))
    assert [d.counterpart for d in duplicates_for(people["alice"], second)] == [first]
    assert [d.counterpart for d in duplicates_for(people["alice"], first)] == [second]
