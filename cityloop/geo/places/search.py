"""Finding places by name as someone types, and the nearest address to a pin.

Every word of the query must match a word of the name (in any of its
languages): exactly (1.0), as the start of a word for the word being typed,
the last one (0.8), or within one typing mistake for words of four letters
or more (0.6). A result's quality is the mean of its words' plus up to 0.3
for how much of the name the query covers (0.1 more for all of it), so
"Hetang Road" puts the road before "12 Hetang Road". Results of the same
quality (to 0.05) are ordered by distance when a position is given.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
import shapely.ops
from django.utils.translation import pgettext

from cityloop.geo.places.index import FUZZY_MIN_LENGTH, Gazetteer, current
from cityloop.geo.places.words import cut, deletions, within_one_edit
from cityloop.i18n import pick


def separator() -> str:
    # Translators: between a place and its area, and between a street and its district.
    return pgettext("place, area", ", ")

EXACT, PREFIX, TYPO = 1.0, 0.8, 0.6
COVERAGE_WEIGHT = 0.3
WHOLE_NAME = 0.1
MAX_PREFIX_WORDS = 5000  # "r" alone: enough words to rank, never the whole vocabulary
ADDRESS_RADIUS_M = 60.0
ROAD_RADIUS_M = 500.0


@dataclass(frozen=True)
class Found:
    id: str
    kind: str
    name: str
    area: str
    lat: float
    lon: float
    distance: float | None  # metres from the position asked about

    @property
    def label(self) -> str:
        if not self.area or self.area == self.name:
            return self.name
        return f"{self.name}{separator()}{self.area}"


def find(text: str, *, limit: int = 10, lat: float | None = None, lon: float | None = None,
         language: str | None = None) -> list[Found]:
    g = current()
    words = cut(text, pairs_only=True)
    if not words.all or not len(g):
        return []
    typing_last = not text[-1:].isspace()
    scores = [_latin_scores(g, w, last=typing_last and i == len(words.latin) - 1)
              for i, w in enumerate(words.latin)]
    scores += [_exact_scores(g, w) for w in words.chinese]
    matched = np.minimum.reduce(scores) > 0
    candidates = np.flatnonzero(matched)
    if not candidates.size:
        return []
    quality = np.add.reduce([s[candidates] for s in scores]) / len(scores)
    name_length = g.chinese_length if words.chinese else g.latin_length
    coverage = np.minimum(1.0, words.length / name_length[candidates])
    # A name that is all the query ("Binjiang Road") beats one that holds it, however near.
    score = quality + COVERAGE_WEIGHT * coverage + WHOLE_NAME * (coverage >= 1)
    distance = None
    if lat is not None and lon is not None:
        distance = _metres(g, candidates, lat, lon)
        # Quality first, in steps of 0.05, then nearness (under 10,000 km).
        key = np.round(score * 20) * 1e7 - np.minimum(distance, 9.9e6)
    else:
        key = score
    top = _top(key, limit)
    return [_found(g, int(candidates[i]), None if distance is None else float(distance[i]),
                   language) for i in top]


def _latin_scores(g: Gazetteer, word: str, *, last: bool) -> np.ndarray:
    scores = np.zeros(len(g), dtype=np.float32)
    if len(word) >= FUZZY_MIN_LENGTH and not word.isdigit():
        near = {v for d in deletions(word) for v in g.neighbours.get(d, ())
                if v != word and within_one_edit(word, v)}
        _assign(scores, g, near, TYPO)
    if last:
        start = bisect.bisect_left(g.sorted_latin, word)
        stop = bisect.bisect_left(g.sorted_latin, word + "\uffff", lo=start)
        stop = min(stop, start + MAX_PREFIX_WORDS)
        _assign(scores, g, g.sorted_latin[start:stop], PREFIX)
    exact = g.postings.get(word)
    if exact is not None:
        scores[exact] = EXACT
    return scores


def _exact_scores(g: Gazetteer, word: str) -> np.ndarray:
    scores = np.zeros(len(g), dtype=np.float32)
    exact = g.postings.get(word)
    if exact is not None:
        scores[exact] = EXACT
    return scores


def _assign(scores: np.ndarray, g: Gazetteer, words: Iterable[str], value: float) -> None:
    lists = [g.postings[w] for w in words]
    if lists:
        scores[np.concatenate(lists)] = value


def _metres(g: Gazetteer, entries: np.ndarray, lat: float, lon: float) -> np.ndarray:
    scale = math.cos(math.radians(lat)) * 111_320.0
    dx = (g.lon[entries] - lon) * scale
    dy = (g.lat[entries] - lat) * 110_574.0
    return np.hypot(dx, dy)


def _top(key: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` highest keys, highest first; among equals, the earlier entry."""
    part = np.argpartition(-key, limit - 1)[:limit] if key.size > limit else np.arange(key.size)
    return part[np.lexsort((part, -key[part]))]


def _found(g: Gazetteer, entry: int, distance: float | None, language: str | None) -> Found:
    name, i18n = g.names[entry], g.translations[entry]
    return Found(
        id=g.ids[entry], kind=g.kinds[entry], name=pick(name, i18n, language),
        area=area_label(g, g.area_ids[entry], language),
        lat=float(g.lat[entry]), lon=float(g.lon[entry]),
        distance=None if distance is None else round(distance, 1),
    )


def area_label(g: Gazetteer, area_id: int | None, language: str | None) -> str:
    """"Hetang Street, Binjiang District": the area and the one above it, not the city."""
    parts: list[str] = []
    while area_id is not None and area_id in g.areas and len(parts) < 2:
        area = g.areas[area_id]
        if area.parent_id is None:  # the city itself goes without saying
            break
        parts.append(pick(area.name, area.name_i18n, language))
        area_id = area.parent_id
    return separator().join(parts)


def nearest(lat: float, lon: float, *, area_id: int | None,
            language: str | None = None) -> Found | None:
    """The nearest address within 60 m, else the nearest road within 500 m, else None;
    at the address, or at the spot on the road nearest the point.

    ``area_id`` (the street-level area at the point, from geo.index) names the
    area of the answer: where the pin is, which for a road crossing two
    streets is more useful than where the road's middle is.
    """
    g = current()
    x, y = g.to_metres(lat, lon)
    point = shapely.Point(x, y)
    for tree, entries, radius in ((g.address_tree, g.address_entries, ADDRESS_RADIUS_M),
                                  (g.road_tree, g.road_entries, ROAD_RADIUS_M)):
        if tree is None:
            continue
        hits, distances = tree.query_nearest(point, max_distance=radius, return_distance=True)
        if len(hits):
            best = int(np.lexsort((hits, distances))[0])
            entry = int(entries[int(hits[best])])
            found = _found(g, entry, float(distances[best]), language)
            area = area_label(g, area_id, language) if area_id is not None else found.area
            # The spot on the road nearest the pin, not the road's middle far away.
            on_line, _ = shapely.ops.nearest_points(tree.geometries[int(hits[best])], point)
            lat_at, lon_at = g.to_degrees(on_line.x, on_line.y)
            return Found(found.id, found.kind, found.name, area, lat_at, lon_at,
                         round(float(distances[best]), 1))
    return None



def area_found(area_id: int, lat: float, lon: float, language: str | None = None) -> Found:
    """The street-level area itself as the answer for a pin with nothing named near it."""
    g = current()
    area = g.areas[area_id]
    parent = area_label(g, area.parent_id, language)
    name = pick(area.name, area.name_i18n, language)
    return Found(g.area_refs.get(area_id, f"area:{area_id}"), "area", name, parent, lat, lon, 0.0)
