"""A few roads, landmarks and addresses inside the test city (tests/citydata.py), written
as the demo's files are: GeoJSON with OpenStreetMap tags, and an OpenAddresses CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cityloop.geo.places.importer import import_places

# On Hetang Road, in West N Street (west of 106.55, north of 29.56).
HETANG_12 = (29.5803, 106.5200)
# On Binjiang Road, in East S Street.
BINJIANG_123 = (29.5402, 106.5700)
PARK = (29.5800, 106.5800)


def feature(geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def line(*points: tuple[float, float]) -> dict[str, Any]:
    return {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in points]}


def write(path: Path, features: list[Any]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                               ensure_ascii=False), encoding="utf-8")
    return path


def roads() -> list[dict[str, Any]]:
    hetang = {"name": "荷塘路", "name:zh": "荷塘路", "name:en": "Hetang Road",
              "highway": "secondary"}
    return [
        # Hetang Road in two pieces, as OpenStreetMap draws a road block by block.
        feature(line((29.58, 106.51), (29.58, 106.53)), **hetang),
        feature(line((29.58, 106.53), (29.58, 106.54)), **hetang),
        feature(line((29.54, 106.56), (29.54, 106.59)), name="滨江路", **{
            "name:zh": "滨江路", "name:en": "Binjiang Road", "highway": "primary"}),
        feature(line((29.57, 106.56), (29.57, 106.59)), name="Hetian Lane", highway="service"),
    ]


def landmarks() -> list[dict[str, Any]]:
    return [feature(point(*PARK), name="人民公园", kind="park", leisure="park", **{
        "name:zh": "人民公园", "name:en": "People's Park"})]


def addresses() -> list[dict[str, Any]]:
    return [
        feature(point(*HETANG_12), **{"addr:housenumber": "12", "addr:street": "荷塘路",
                                      "addr:street:en": "Hetang Road"}),
        feature(point(*BINJIANG_123), **{"addr:housenumber": "123", "addr:street": "滨江路",
                                         "addr:street:en": "Binjiang Road"}),
    ]


OPENADDRESSES = (
    "LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH\n"
    "106.5800,29.5401,5,Binjiang Road,,Test City,,,,,a1\n"
    "106.5810,29.5401,7,滨江路,,Test City,,,,,a2\n"
)


def write_all(directory: Path) -> list[Path]:
    csv = directory / "addresses.csv"
    csv.write_text(OPENADDRESSES, encoding="utf-8")
    return [write(directory / "roads.geojson", roads()),
            write(directory / "landmarks.geojson", landmarks()),
            write(directory / "addresses.geojson", addresses()), csv]


@pytest.fixture
def places(city: object, tmp_path: Path) -> list[Path]:
    """The test city with its places imported; the files imported."""
    files = write_all(tmp_path)
    import_places(files)
    return files
