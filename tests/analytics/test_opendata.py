"""Public cases: public categories only, no personal data, approved photos only."""

from __future__ import annotations

import json

import pytest

from cityloop.analytics.opendata import (
    public_cases,
    public_feature_collection,
    public_properties,
    with_public_photos,
)
from cityloop.cases.models import CaseMedia, MediaKind
from tests.analytics.scenario import NOW, at


def test_it_lists_open_and_resolved_cases_of_public_categories(month):
    refs = set(public_cases(NOW).values_list("reference", flat=True))
    expected = {month[k].reference for k in ("R1", "R2", "R3", "R4", "O1")}
    assert refs == expected  # no noise (sensitive), no rejection (R5)


def test_it_leaves_out_cases_older_than_the_window(month):
    refs = set(public_cases(NOW, days=30).values_list("reference", flat=True))
    assert month["O1"].reference not in refs


def test_it_publishes_no_personal_data(month):
    data = json.dumps(public_feature_collection(NOW), ensure_ascii=False)
    for case in month.values():
        assert case.description not in data
    assert "mei@example.org" not in data and "Mei" not in data
    assert "Loud music" not in data


def test_it_rounds_locations_to_about_ten_metres(make_case):
    make_case(lat=29.543219, lon=106.581234, now=at(3, 14))
    feature = public_feature_collection(NOW)["features"][0]
    assert feature["geometry"]["coordinates"] == [106.5812, 29.5432]
    assert feature["properties"]["area"] == "East S Street"


def test_it_shows_only_approved_and_after_photos(month):
    case = month["R1"]
    for kind, public in ((MediaKind.BEFORE, False), (MediaKind.BEFORE, True),
                         (MediaKind.AFTER, False)):
        CaseMedia.objects.create(case=case, kind=kind, public=public, created_at=NOW,
                                 url=f"https://img.example/{kind}-{public}.jpg")
    # A Prefetch to_attr: an attribute of the instance, not a field mypy knows.
    shown = vars(with_public_photos(public_cases(NOW)).get(pk=case.pk))["public_photos"]
    assert [m.url for m in shown] == ["https://img.example/before-True.jpg",
                                      "https://img.example/after-False.jpg"]


def test_it_caps_the_map(month):
    collection = public_feature_collection(NOW, limit=2)
    assert len(collection["features"]) == 2 and collection["truncated"] is True


def test_it_refuses_to_describe_a_sensitive_case(month):
    with pytest.raises(ValueError, match="sensitive"):
        public_properties(month["N1"])
