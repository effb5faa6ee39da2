"""Target bands: green, amber, red, for lower-is-better and higher-is-better signs."""

from __future__ import annotations

from cityloop.sensing.indicators.compute import band_of, band_problems
from cityloop.sensing.indicators.models import Indicator


def test_it_bands_a_value_where_lower_is_better():
    pm25 = Indicator(better="lower", green=35.0, amber=75.0)
    assert [band_of(pm25, v) for v in (12.0, 35.0, 50.0, 75.0, 120.0)] == [
        "green", "green", "amber", "amber", "red"]


def test_it_bands_a_value_where_higher_is_better():
    on_time = Indicator(better="higher", green=90.0, amber=75.0)
    assert [band_of(on_time, v) for v in (99.0, 90.0, 80.0, 60.0)] == [
        "green", "green", "amber", "red"]


def test_it_bands_nothing_without_a_value_or_a_target():
    assert band_of(Indicator(better="lower", green=1.0, amber=2.0), None) == ""
    assert band_of(Indicator(better="lower"), 5.0) == ""


def test_it_goes_straight_to_red_past_green_without_an_amber_band():
    assert band_of(Indicator(better="lower", green=10.0), 11.0) == "red"


def test_it_refuses_an_amber_limit_inside_the_green_band():
    assert band_problems("lower", 75.0, 35.0)
    assert band_problems("higher", 75.0, 90.0)
    assert band_problems("lower", 35.0, 75.0) == []
