"""Evaluating a duplicate finder on a history: true pairs are the merges staff made."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.triage.duplicates import evaluation as duplicates_eval
from cityloop.triage.duplicates.evaluation import Scored
from tests import citydata
from tests.cases.helpers import act

LAT, LON = citydata.INSIDE_EAST_S
METRE = 1 / 111_320


@pytest.fixture
def history(make_case, roads_officer):
    """A pothole reported twice (merged), once far away, and once after the first was fixed."""
    start = timezone.now() - timedelta(days=3)

    def report(hours: float, north_m: float, text: str = "Deep pothole in the bus lane"):
        return make_case(lat=LAT + north_m * METRE, description=text,
                         now=start + timedelta(hours=hours))

    first = report(0, 0)
    repeat = report(1, 12, "深坑 in the bus lane, deep pothole")
    report(2, 400)
    act(repeat, "mark_duplicate", roads_officer, original=first,
        now=start + timedelta(hours=1.5))
    act(first, "resolve", roads_officer, public_text="Filled", now=start + timedelta(hours=5))
    later = report(6, 5)  # the first one was fixed by then: not a candidate
    return first, repeat, later


def test_it_takes_the_merges_as_true_pairs_and_knows_what_was_open(history):
    first, repeat, later = history
    loaded = duplicates_eval.load_history()
    assert loaded.truth == {(repeat.pk, first.pk)}
    reports = {r.pk: r for r in loaded.reports}
    assert reports[first.pk].open_at(repeat.created_at)
    assert not reports[first.pk].open_at(later.created_at)
    assert reports[repeat.pk].open_spans[0][1] is not None  # closed when merged


def test_it_scores_both_finders_on_the_history(history):
    result = duplicates_eval.evaluate()
    assert (result["reports"], result["true_pairs"]) == (4, 1)
    for finder in ("similar", "nearby"):
        summary = result[finder]
        assert (summary["recall"], summary["precision"]) == (1.0, 1.0), finder
        assert summary["true_original_ranked_first"] == 1
        assert summary["average_precision"] == 1.0
        assert len(summary["curve"]) == 21


def test_precision_recall_and_average_precision_are_computed_from_the_pairs():
    scored = [Scored(1, 2, 0.9, True), Scored(3, 4, 0.7, False), Scored(5, 6, 0.4, True)]
    summary = duplicates_eval.summarise(scored, positives=3, threshold=0.5)
    assert (summary["precision"], summary["recall"]) == (0.5, 0.3333)
    assert summary["predicted_pairs"] == 2 and summary["true_positives"] == 1
    assert summary["average_precision"] == pytest.approx((1 / 1 + 2 / 3) / 3, abs=1e-4)
    assert summary["best_f1"]["threshold"] == 0.4  # both true pairs, one false
    nothing = duplicates_eval.summarise([], positives=0, threshold=0.5)
    assert (nothing["precision"], nothing["recall"], nothing["average_precision"]) == (
        1.0, 0.0, 0.0)
