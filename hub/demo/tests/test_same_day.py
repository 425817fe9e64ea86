"""The same reference day always gives the same demo area, to the row: two loads of one day, each in a
fresh database state, hold the same rows in every table of the Hub's apps. The first load is the one
``test_days.py`` made of the same day earlier in the session, where there was one (a full load takes a
minute or more); run alone, this test loads the day twice."""

from __future__ import annotations

from hub.demo.tests.fingerprints import fingerprint
from hub.demo.tests.test_days import SAME_DAY_CHECKED

ON = SAME_DAY_CHECKED


def test_the_same_day_gives_the_same_area(demo_area, area_fingerprints, tmp_path_factory, db):
    first = area_fingerprints.get(ON)
    if first is None:
        with demo_area(tmp_path_factory.mktemp("first"), on=ON):
            first = fingerprint()
    with demo_area(tmp_path_factory.mktemp("second"), on=ON):
        second = fingerprint()
    assert sum(int(text.split()[0]) for text in first.values()) > 10_000
    # Every app's rows are covered, the intelligence and NRM demos' among them.
    for label in ("intelligence.Entity", "intelligence.Link", "intelligence.Disruption", "nrm.NrmReferral"):
        assert int(first[label].split()[0]) > 0, label
    differ = {label: (first[label], second[label]) for label in first if first[label] != second[label]}
    assert not differ, sorted(differ)
