"""How well a duplicate finder does on a city's history: precision, recall, a PR curve.

Ground truth comes from the history itself: a case that staff marked as a
duplicate of another (a ``mark_duplicate`` event) and that other form a
true pair; every other pair of a new report and a case of the same category
that was open when it came in is a negative. The finders are replayed as of
each report's arrival (cases open at that moment, as the events say), so
the history can be scored long after it happened. ``benchmarks/duplicates.py``
runs this on the demo city's synthetic history.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cityloop.cases.models import OPEN_STATUSES, Case, CaseEvent
from cityloop.cases.suggest import DUPLICATE_RADIUS_M, DUPLICATE_WINDOW, distance_m
from cityloop.catalogue.models import ServiceCategory
from cityloop.triage.duplicates import similar

# Reports the city generated itself are not offered duplicates.
SYSTEM_CHANNELS = ("sensor", "hotspot")
THRESHOLDS = [round(t * 0.05, 2) for t in range(21)]


@dataclass
class Report:
    pk: int
    reference: str
    category_id: int
    lat: float
    lon: float
    at: datetime
    text: str
    open_spans: list[tuple[datetime, datetime | None]] = field(default_factory=list)

    def open_at(self, moment: datetime) -> bool:
        return any(start <= moment and (end is None or moment < end)
                   for start, end in self.open_spans)


@dataclass
class History:
    reports: list[Report]
    truth: set[tuple[int, int]]  # (new report, the open case it repeats)


@dataclass(frozen=True)
class Scored:
    query: int
    candidate: int
    score: float
    positive: bool


def load_history(cases: Iterable[Case] | None = None) -> History:
    """Every located citizen report, when it was open, and the true duplicate pairs."""
    rows = cases if cases is not None else (
        Case.objects.exclude(channel__in=SYSTEM_CHANNELS)
        .filter(lat__isnull=False, lon__isnull=False).order_by("created_at", "pk"))
    reports = {c.pk: Report(c.pk, c.reference, c.category_id, float(c.lat or 0),
                            float(c.lon or 0), c.created_at, c.description) for c in rows}
    by_reference = {r.reference: r.pk for r in reports.values()}
    truth: set[tuple[int, int]] = set()
    opened: dict[int, datetime | None] = {}
    events = (CaseEvent.objects.filter(case_id__in=list(reports)).order_by("case_id", "seq")
              .values_list("case_id", "at", "action", "to_status", "data"))
    for case_id, at, action, status, data in events.iterator(chunk_size=5000):
        report = reports[case_id]
        is_open = status in OPEN_STATUSES
        if is_open and opened.get(case_id) is None:
            opened[case_id] = at
        elif not is_open and opened.get(case_id) is not None:
            report.open_spans.append((opened[case_id], at))  # type: ignore[arg-type]
            opened[case_id] = None
        if action == "mark_duplicate" and isinstance(data, dict):
            original = by_reference.get(str(data.get("original", "")))
            if original is not None:
                truth.add((case_id, original))
    for case_id, start in opened.items():
        if start is not None:
            reports[case_id].open_spans.append((start, None))
    return History(sorted(reports.values(), key=lambda r: (r.at, r.pk)), truth)


Finder = Callable[[Report, list[Report]], list[tuple[Report, float]]]


def replay(history: History, finder: Finder, max_age_hours: float) -> list[Scored]:
    """Ask ``finder`` about every report, with the same-category cases open at that moment."""
    by_category: dict[int, list[Report]] = defaultdict(list)
    for report in history.reports:
        by_category[report.category_id].append(report)
    scored: list[Scored] = []
    for reports in by_category.values():
        times = [r.at for r in reports]
        for i, query in enumerate(reports):
            first = bisect.bisect_left(times, query.at - timedelta(hours=max_age_hours))
            pool = [r for r in reports[first:i] if r.at < query.at and r.open_at(query.at)]
            for candidate, value in finder(query, pool):
                pair = (query.pk, candidate.pk)
                scored.append(Scored(query.pk, candidate.pk, value, pair in history.truth))
    return scored


def similar_finder(categories: dict[int, ServiceCategory],
                   limit: int = similar.LIMIT) -> Finder:
    """The ``similar`` finder's scoring (triage.duplicates.similar), replayed in memory."""
    grams: dict[int, Any] = {}

    def text_of(report: Report) -> Any:
        if report.pk not in grams:
            grams[report.pk] = similar.text_grams(report.text)
        return grams[report.pk]

    def find(query: Report, pool: list[Report]) -> list[tuple[Report, float]]:
        category = categories[query.category_id]
        mine = text_of(query)
        found = []
        for other in pool:
            distance = distance_m(query.lat, query.lon, other.lat, other.lon)
            age = (query.at - other.at).total_seconds() / 3600
            if not similar.within(category, distance, age):
                continue
            sim = similar.similarity(mine, text_of(other)) if mine else None
            value = similar.score(distance, age, category.duplicate_window_hours, sim)
            found.append((other, value, distance))
        found.sort(key=lambda x: (-x[1], x[2], -x[0].pk))
        return [(other, value) for other, value, _ in found[:limit]]

    return find


def nearby_finder(limit: int = 5) -> Finder:
    """The built-in ``nearby`` finder (cases.suggest): 150 m, 14 days, nearest first."""
    window = DUPLICATE_WINDOW.total_seconds() / 3600

    def find(query: Report, pool: list[Report]) -> list[tuple[Report, float]]:
        found = []
        for other in pool:
            distance = distance_m(query.lat, query.lon, other.lat, other.lon)
            age = (query.at - other.at).total_seconds() / 3600
            if distance <= DUPLICATE_RADIUS_M and age <= window:
                found.append((other, distance))
        found.sort(key=lambda x: (x[1], -x[0].pk))
        # Nearer is more likely; as a score in 0-1 for the same curve.
        return [(other, 1.0 - d / DUPLICATE_RADIUS_M) for other, d in found[:limit]]

    return find


def summarise(scored: Sequence[Scored], positives: int, threshold: float) -> dict[str, Any]:
    """Precision and recall at ``threshold``, the PR curve, average precision and hits."""
    curve = [_point(scored, positives, t) for t in THRESHOLDS]
    at = _point(scored, positives, threshold)
    return {
        "threshold": threshold,
        "precision": at["precision"],
        "recall": at["recall"],
        "f1": at["f1"],
        "predicted_pairs": at["predicted"],
        "true_positives": at["tp"],
        "average_precision": round(_average_precision(scored, positives), 4),
        "best_f1": max(curve, key=lambda p: (p["f1"], p["threshold"])),
        **_hits(scored),
        "curve": [{k: p[k] for k in ("threshold", "precision", "recall", "f1")} for p in curve],
    }


def _point(scored: Sequence[Scored], positives: int, threshold: float) -> dict[str, Any]:
    predicted = [s for s in scored if s.score >= threshold]
    tp = sum(s.positive for s in predicted)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4), "predicted": len(predicted),
            "tp": tp}


def _average_precision(scored: Sequence[Scored], positives: int) -> float:
    """Area under the PR curve, as the mean precision at each true pair found."""
    if not positives:
        return 0.0
    total, tp = 0.0, 0
    for rank, s in enumerate(sorted(scored, key=lambda s: -s.score), start=1):
        if s.positive:
            tp += 1
            total += tp / rank
    return total / positives


def _hits(scored: Sequence[Scored]) -> dict[str, Any]:
    """For reports with a true original among the candidates: was it first?"""
    by_query: dict[int, list[Scored]] = defaultdict(list)
    for s in scored:
        by_query[s.query].append(s)
    with_truth = [sorted(v, key=lambda s: -s.score) for v in by_query.values()
                  if any(s.positive for s in v)]
    first = sum(v[0].positive for v in with_truth)
    return {"queries_with_true_original_listed": len(with_truth),
            "true_original_ranked_first": first}


def evaluate(history: History | None = None, threshold: float | None = None) -> dict[str, Any]:
    """Both finders on ``history`` (the database's, by default), as one JSON-ready result."""
    history = history or load_history()
    categories = {c.pk: c for c in ServiceCategory.objects.all()}
    longest = max([c.duplicate_window_hours for c in categories.values()]
                  + [DUPLICATE_WINDOW.total_seconds() / 3600])
    positives = len(history.truth)
    threshold = similar.LIKELY_SCORE if threshold is None else threshold
    similar_scored = replay(history, similar_finder(categories), longest)
    nearby = replay(history, nearby_finder(), longest)
    return {
        "reports": len(history.reports),
        "true_pairs": positives,
        "similar": summarise(similar_scored, positives, threshold),
        # The baseline lists everything it finds: its threshold is 0.
        "nearby": summarise(nearby, positives, 0.0),
    }
