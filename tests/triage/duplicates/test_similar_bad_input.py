"""Odd texts and places never stop the duplicate finder: they just match less."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from cityloop.triage.duplicates import similar as duplicates
from tests import citydata

LAT, LON = citydata.INSIDE_EAST_S


def pothole() -> ServiceCategory:
    category = snapshot.category("pothole")
    assert category is not None
    return category


ODD_TEXTS = [
    "",
    " ",
    "x",
    "坑",
    "pothole " * 1250,  # 10,000 characters
    "🕳️🚗💥😡" * 10,
    "路面有个大坑 huge pothole на дороге ถนนเป็นหลุม",
    "\u200b\u200d\ufeff",
    "ᚠᛇᚻ᛫ᛒᛦᚦ",  # runes: a script nobody reports in
    "\x00\x07 null bytes",
    "1234567890",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_report_texts_are_scored_not_refused(make_case, text):
    near = make_case(lat=LAT + 0.0001)
    found = duplicates.find([pothole()], LAT, LON, timezone.now(), text=text)
    assert [c.case for c in found] == [near]
    assert 0.0 <= found[0].score <= 1.0


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_case_texts_are_scored_not_refused(make_case, text):
    # Cases hold at most 4,000 characters (Open311); the finder cuts texts anyway.
    make_case(lat=LAT + 0.0001, description=text.replace("\x00", "")[:4000])
    found = duplicates.find([pothole()], LAT, LON, timezone.now(),
                            text="big pothole")
    assert len(found) == 1 and 0.0 <= found[0].score <= 1.0


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_text_grams_never_raise(text):
    grams = duplicates.text_grams(text)
    assert duplicates.similarity(grams, grams) in (0.0, pytest.approx(1.0))


@pytest.mark.parametrize(("lat", "lon"), [(float("nan"), 106.58), (91.0, 0.0), (0.0, 181.0),
                                          ("north", "east"), (None, None)])
def test_impossible_places_find_nothing(make_case, lat, lon):
    make_case()
    assert duplicates.find([pothole()], lat, lon, timezone.now()) == []


def test_a_very_long_text_is_cut_before_it_costs_anything():
    assert sum(duplicates.text_grams("a" * 1_000_000).values()) <= duplicates.MAX_TEXT_CHARS + 2
