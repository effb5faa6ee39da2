"""Gazetteer benchmark: search-as-you-type and reverse lookups over 100,000 places.

    python benchmarks/places.py [--places 100000] [--samples 300] [--seed N]

Makes a temporary data directory (SQLite; DATABASE_URL is ignored) with the
demo city's areas and a synthetic gazetteer inside them: roads with English
and Chinese names, landmarks, and addresses (the bulk), written as
OpenStreetMap-style GeoJSON and an OpenAddresses CSV and loaded with
``import-places`` as a city would. Then it times a mix of queries, each
answered through the whole Django stack (``/api/v1/places`` with the test
client: URL routing, middleware, parameter checks, JSON) and by the search
function alone: the start of a name as typed, a name with a typing mistake,
house number and street, Chinese characters, each with and without a
position; and ``/places/reverse`` at random points.

The baseline, measured in the same run on the same data, is the query one
would write without the index: ``search_key`` containing every word
(``icontains``, a table scan), 10 rows. It finds no typo and ranks nothing,
so it is a floor on what a database query costs, not an equal.

Prints JSON: counts, import and index-build seconds, and p50/p90/p99/mean
milliseconds per query kind.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import setup_django, summary_ms

SYLLABLES = ["he", "tang", "bin", "jiang", "qiu", "shi", "lu", "hua", "mei", "yuan", "chao",
             "tian", "gu", "lou", "shui", "jing", "qiao", "tou", "xin", "min", "an", "ping",
             "long", "feng", "yun", "shan", "hai", "dong", "xi", "nan", "bei", "zhong"]
HANZI = ["荷", "塘", "滨", "江", "求", "是", "芦", "花", "梅", "园", "朝", "天", "鼓", "楼",
         "水", "井", "桥", "头", "新", "民", "安", "平", "龙", "凤", "云", "山", "海", "东",
         "西", "南", "北", "中"]
SUFFIXES = [("Road", "路"), ("Street", "街"), ("Lane", "巷"), ("Avenue", "大道")]
# The demo city's extent (cityloop/demo/data/city.geojson).
LAT = (29.49, 29.63)
LON = (106.44, 106.66)


def synthetic(directory: Path, total: int, rng: random.Random) -> tuple[list[Path], list[dict]]:
    roads_n, landmarks_n = total // 40, total // 20
    roads: list[dict[str, Any]] = []
    features = []
    pairs = len(SYLLABLES) ** 2
    for i in range(roads_n):
        # Every road its own name, so that every address is one place.
        a, b = divmod(i % pairs, len(SYLLABLES))
        suffix, zh_suffix = SUFFIXES[(i // pairs) % len(SUFFIXES)]
        en = f"{(SYLLABLES[a] + SYLLABLES[b]).title()} {suffix}"
        zh = HANZI[a] + HANZI[b] + zh_suffix
        if i >= pairs * len(SUFFIXES):  # more roads than names: number them, as cities do
            n = i // (pairs * len(SUFFIXES))
            en, zh = f"{en[:-len(suffix)]}{n}th {suffix}", f"{zh[:2]}{n}{zh[2:]}"
        lat, lon = rng.uniform(*LAT), rng.uniform(*LON)
        line = [[lon, lat], [lon + 0.004, lat + rng.uniform(-0.002, 0.002)]]
        roads.append({"en": en, "zh": zh, "lat": lat, "lon": lon})
        features.append({"type": "Feature", "geometry": {"type": "LineString",
                                                         "coordinates": line},
                         "properties": {"name": zh, "name:zh": zh, "name:en": en,
                                        "highway": "residential"}})
    landmarks = []
    for i in range(landmarks_n):
        road = rng.choice(roads)
        landmarks.append({"type": "Feature", "id": i, "geometry": {
            "type": "Point", "coordinates": [road["lon"] + 0.001, road["lat"] + 0.0005]},
            "properties": {"name": f"{road['zh'][:2]}{i}号楼", "name:en":
                           f"{road['en'].split()[0]} Building {i}", "amenity": "building"}})
    (directory / "roads.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False))
    (directory / "landmarks.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": landmarks}, ensure_ascii=False))
    with (directory / "addresses.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["LON", "LAT", "NUMBER", "STREET", "UNIT", "CITY", "DISTRICT", "REGION",
                      "POSTCODE", "ID", "HASH"])
        per_road = max(1, (total - roads_n - landmarks_n) // roads_n + 1)
        written = 0
        for road in roads:
            for number in range(1, per_road + 1):
                if written >= total - roads_n - landmarks_n:
                    break
                street = road["en"] if number % 2 else road["zh"]
                out.writerow([round(road["lon"] + number * 0.004 / per_road, 6),
                              round(road["lat"] + 0.0002, 6), number, street, "", "", "", "",
                              "", "", ""])
                written += 1
    paths = [directory / n for n in ("roads.geojson", "landmarks.geojson", "addresses.csv")]
    return paths, roads


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def queries(roads: list[dict], rng: random.Random, n: int) -> dict[str, list[str]]:
    picks = [rng.choice(roads) for _ in range(n)]
    return {
        "prefix": [r["en"][: len(r["en"].split()[0]) + 3] for r in picks],
        "typo": [f"{typo(r['en'].split()[0], rng)} {r['en'].split()[-1]}" for r in picks],
        # Odd numbers: the CSV writes the odd side of each road in English.
        "address": [f"{rng.randrange(1, 20, 2)} {r['en'].split()[0]}" for r in picks],
        "chinese": [r["zh"][:2] for r in picks],
    }


def timed(function: Any, items: list[Any]) -> list[float]:
    samples = []
    for item in items:
        started = time.perf_counter()
        function(item)
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=300, help="Queries per kind.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    data_dir = Path(tempfile.mkdtemp(prefix="cityloop-places-"))
    os.environ.pop("DATABASE_URL", None)
    setup_django(data_dir)

    from django.core.management import call_command
    from django.test import Client

    from cityloop.demo.city import load_areas
    from cityloop.geo.models import Place
    from cityloop.geo.places import index
    from cityloop.geo.places.importer import import_places
    from cityloop.geo.places.search import find

    call_command("migrate", verbosity=0)
    load_areas()
    files, roads = synthetic(data_dir, args.places, rng)
    started = time.monotonic()
    report = import_places(files)
    import_seconds = time.monotonic() - started
    started = time.monotonic()
    index.current()
    build_seconds = time.monotonic() - started

    client = Client()
    client.get("/api/v1/places", {"q": "warm up"})  # the first request loads the URLconf
    mix = queries(roads, rng, args.samples)
    points = [(rng.uniform(*LAT), rng.uniform(*LON)) for _ in range(args.samples)]
    results: dict[str, Any] = {"http": {}, "search": {}, "baseline_db": {}}
    hits: dict[str, float] = {}
    for kind, texts in mix.items():
        here = [(t, *rng.choice(points)) for t in texts]
        results["http"][kind] = summary_ms(timed(
            lambda t: client.get("/api/v1/places", {"q": t}), texts))
        results["http"][kind + "_near"] = summary_ms(timed(
            lambda p: client.get("/api/v1/places", {"q": p[0], "lat": p[1], "lon": p[2]}), here))
        results["search"][kind] = summary_ms(timed(lambda t: find(t, limit=10), texts))
        hits[kind] = sum(bool(find(t, limit=1)) for t in texts) / len(texts)
        results["baseline_db"][kind] = summary_ms(timed(lambda t: list(
            _contains_all(Place.objects.all(), t)[:10]), texts))
    results["http"]["reverse"] = summary_ms(timed(
        lambda p: client.get("/api/v1/places/reverse", {"lat": p[0], "lon": p[1]}), points))
    every = [v for kind in results["http"].values() for v in [kind["p99_ms"]]]
    print(json.dumps({
        "benchmark": "places",
        "places": Place.objects.count(),
        "index_entries": len(index.current()),
        "import_seconds": round(import_seconds, 1),
        "created": report.created,
        "index_build_seconds": round(build_seconds, 2),
        "found_share": {k: round(v, 3) for k, v in hits.items()},
        "worst_http_p99_ms": max(every),
        **results,
        "load_average": os.getloadavg(),
    }, indent=2, ensure_ascii=False))


def _contains_all(queryset: Any, text: str) -> Any:
    for word in text.split():
        queryset = queryset.filter(search_key__icontains=word)
    return queryset


if __name__ == "__main__":
    main()
