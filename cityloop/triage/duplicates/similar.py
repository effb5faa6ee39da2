"""Possible duplicates: open cases of the same kind, near and recent, ranked by text and place.

The ``similar`` finder (``registry.duplicate_finders``) looks, for a new
report, at the open cases of its category (or of several, e.g. the chosen
and the predicted one) within the category's ``duplicate_radius_m`` and
``duplicate_window_hours`` (docs/catalogue.md). One bounding-box query on
lat/lon, the category and ``created_at`` (the ``case_category_created``
index) finds them; each is then scored

    score = 0.65 · closeness + 0.25 · similarity + 0.10 · freshness

- closeness  = 1 / (1 + (distance / 50 m)²)   (1 on the spot, ½ at 50 m, ⅒ at 150 m)
- similarity = cosine of character n-gram counts of the two texts (0–1):
  trigrams of words in alphabetic scripts, bigrams of runs of Chinese,
  Japanese or Korean characters, so it works in any language without a
  word segmenter or a model
- freshness  = 1 − age / window               (1 just reported, 0 at the window)

The radius says how far to look; closeness does not stretch with it,
because two reports of one problem stand a few tens of metres apart (GPS,
where each person stood) whatever the category, and one scale keeps scores
comparable across categories. When the new report has no usable text (none
yet, or only emoji and punctuation), similarity is left out and the other
two weights are scaled to sum to 1, so a score always lies in 0–1. Distance
carries most weight because reports of one problem share a place while
their texts may be in different languages. A score of at least
``LIKELY_SCORE`` marks a likely duplicate. ``benchmarks/duplicates.py``
measures precision and recall on the demo city's history (the weights and
the threshold were chosen there, against the plain ``nearby`` finder).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from cityloop.cases.models import OPEN_STATUSES, Case
from cityloop.cases.suggest import distance_m
from cityloop.catalogue.models import ServiceCategory
from cityloop.registry import duplicate_finders

WEIGHT_CLOSENESS = 0.65
WEIGHT_SIMILARITY = 0.25
WEIGHT_FRESHNESS = 0.10
HALF_CLOSENESS_M = 50.0  # the distance at which closeness is one half
LIKELY_SCORE = 0.4
LIMIT = 5
# At most this many candidates are scored per report (the newest first):
# more open cases of one category within one radius mean a hotspot, and
# the hotspot detector handles those.
MAX_CANDIDATES = 200
# Text beyond this many characters adds nothing to "is this the same problem".
MAX_TEXT_CHARS = 2000
METRES_PER_DEGREE = 111_320.0

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Candidate:
    case: Case
    score: float
    distance_m: float
    age_hours: float
    similarity: float | None  # None: the new report had no usable text

    @property
    def likely(self) -> bool:
        return self.score >= LIKELY_SCORE

    def as_json(self) -> dict[str, object]:
        return {
            "reference": self.case.reference,
            "score": round(self.score, 3),
            "distance_m": round(self.distance_m),
            "age_hours": round(self.age_hours, 1),
            "similarity": None if self.similarity is None else round(self.similarity, 3),
            "likely": self.likely,
        }


# --- text -------------------------------------------------------------------
def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF
            or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F)


def text_grams(text: str) -> Counter[str]:
    """Character n-gram counts of ``text``; empty for text with no letters or digits."""
    cleaned = unicodedata.normalize("NFKC", (text or "")[:MAX_TEXT_CHARS]).casefold()
    grams: Counter[str] = Counter()
    for word in _WORD.findall(cleaned):
        for run in _script_runs(word):
            if len(run) == 1:
                grams[run] += 1
            elif _is_cjk(run[0]):
                grams.update(run[i:i + 2] for i in range(len(run) - 1))
            else:
                padded = f" {run} "
                grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return grams


def _script_runs(word: str) -> Iterable[str]:
    """Split a \\w+ match where it changes between CJK and other characters ("路灯light")."""
    start = 0
    for i in range(1, len(word) + 1):
        if i == len(word) or _is_cjk(word[i]) != _is_cjk(word[start]):
            yield word[start:i]
            start = i


def similarity(a: Counter[str], b: Counter[str]) -> float:
    """Cosine of two n-gram count vectors (0 when either is empty)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(count * large[gram] for gram, count in small.items() if gram in large)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return min(1.0, dot / norm)


# --- scoring ----------------------------------------------------------------
def score(distance: float, age_hours: float, window_hours: float,
          text_similarity: float | None) -> float:
    """The documented score of one candidate (module docstring)."""
    closeness = 1.0 / (1.0 + (max(distance, 0.0) / HALF_CLOSENESS_M) ** 2)
    freshness = _unit(1.0 - age_hours / max(window_hours, 1.0))
    if text_similarity is None:
        total = WEIGHT_CLOSENESS + WEIGHT_FRESHNESS
        return (WEIGHT_CLOSENESS * closeness + WEIGHT_FRESHNESS * freshness) / total
    return (WEIGHT_CLOSENESS * closeness + WEIGHT_SIMILARITY * _unit(text_similarity)
            + WEIGHT_FRESHNESS * freshness)


def _unit(x: float) -> float:
    return 0.0 if x != x else min(1.0, max(0.0, x))  # x != x: NaN


def within(category: ServiceCategory, distance: float, age_hours: float) -> bool:
    """Whether a case this far and this old may be a duplicate in ``category``."""
    return distance <= category.duplicate_radius_m and 0 <= age_hours <= (
        category.duplicate_window_hours)


# --- finding ----------------------------------------------------------------
def find(categories: Iterable[ServiceCategory], lat: float, lon: float, now: datetime,
         text: str = "", exclude: Iterable[int] = (), limit: int = LIMIT) -> list[Candidate]:
    """Open cases in ``categories`` that a report at (lat, lon) with ``text`` may repeat,
    best first, each with its score."""
    by_id = {c.pk: c for c in categories if c is not None}
    if not by_id or not _is_point(lat, lon):
        return []
    query = Q()
    for category in by_id.values():
        query |= _box(category, lat, lon, now)
    rows = (Case.objects.filter(query, status__in=OPEN_STATUSES)
            .exclude(pk__in=list(exclude)).select_related("category")
            .order_by("-created_at")[:MAX_CANDIDATES])
    grams = text_grams(text)
    found = []
    for case in rows:
        if case.lat is None or case.lon is None:
            continue
        category = by_id[case.category_id]
        distance = distance_m(lat, lon, case.lat, case.lon)
        age = (now - case.created_at).total_seconds() / 3600
        if not within(category, distance, age):
            continue
        sim = similarity(grams, text_grams(case.description)) if grams else None
        value = score(distance, age, category.duplicate_window_hours, sim)
        found.append(Candidate(case, value, distance, age, sim))
    found.sort(key=lambda c: (-c.score, c.distance_m, -c.case.pk))
    return found[:max(0, limit)]


def _is_point(lat: float, lon: float) -> bool:
    try:
        return -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
    except (TypeError, ValueError):
        return False


def _box(category: ServiceCategory, lat: float, lon: float, now: datetime) -> Q:
    dlat = category.duplicate_radius_m / METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    since = now - timedelta(hours=category.duplicate_window_hours)
    return Q(category_id=category.pk, created_at__gte=since, created_at__lte=now,
             lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))


@duplicate_finders.register(
    "similar",
    "Open cases of the same category within its duplicate radius and window, ranked by "
    "distance, text similarity and age.",
)
def similar_open_cases(category: ServiceCategory, lat: float, lon: float, now: datetime,
                       text: str = "", exclude: Iterable[int] = ()) -> list[Case]:
    """The ``duplicate_finders`` entry: cases carry ``duplicate_score`` and ``duplicate_likely``."""
    found = find([category], lat, lon, now, text=text, exclude=exclude)
    for candidate in found:
        # Plain attributes, for pages that want to show how sure we are.
        setattr(candidate.case, "duplicate_score", round(candidate.score, 3))  # noqa: B010
        setattr(candidate.case, "duplicate_likely", candidate.likely)  # noqa: B010
    return [candidate.case for candidate in found]
