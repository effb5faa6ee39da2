"""Warning levels: entering at a threshold, leaving only past the hysteresis."""

from __future__ import annotations

from cityloop.sensing.rules.levels import Level, classify, ordered_problems, rank

LIMITS = {"blue": None, "yellow": 3.0, "orange": 3.5, "red": 4.0}


def test_it_enters_each_level_at_its_threshold():
    assert classify(2.99, LIMITS) is None
    assert classify(3.0, LIMITS) == Level.YELLOW
    assert classify(3.7, LIMITS) == Level.ORANGE
    assert classify(9.0, LIMITS) == Level.RED


def test_it_leaves_a_level_only_below_the_threshold_minus_the_hysteresis():
    assert classify(2.9, LIMITS, hysteresis=0.2, previous="yellow") == Level.YELLOW
    assert classify(2.79, LIMITS, hysteresis=0.2, previous="yellow") is None
    assert classify(3.4, LIMITS, hysteresis=0.2, previous="red") == Level.ORANGE
    assert classify(3.85, LIMITS, hysteresis=0.2, previous="red") == Level.RED


def test_it_needs_the_full_threshold_to_rise():
    assert classify(3.45, LIMITS, hysteresis=0.2, previous="yellow") == Level.YELLOW


def test_it_mirrors_everything_for_falling_values():
    pressure = {"yellow": 0.25, "orange": 0.2, "red": 0.15}
    assert classify(0.3, pressure, direction="below") is None
    assert classify(0.19, pressure, direction="below") == Level.ORANGE
    assert classify(0.26, pressure, direction="below", hysteresis=0.02,
                    previous="yellow") == Level.YELLOW
    assert classify(0.28, pressure, direction="below", hysteresis=0.02,
                    previous="yellow") is None


def test_it_orders_the_levels():
    assert [rank(x) for x in (None, "blue", "yellow", "orange", "red")] == [0, 1, 2, 3, 4]


def test_it_refuses_thresholds_out_of_order():
    assert ordered_problems(LIMITS, "above") == []
    assert ordered_problems({"yellow": 3.0, "red": 2.0}, "above")
    assert ordered_problems({"yellow": 3.0, "red": 2.0}, "below") == []
    assert ordered_problems({}, "above")
