"""Reading places from files: GeoJSON with OpenStreetMap tags, and OpenAddresses CSV.

Each reader yields a ``PlaceRecord`` per usable feature or row and a
``Problem`` (with its feature index or line number) per unusable one, so the
importer can report every bad row at once. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from cityloop.geo.featurefile import FeatureFileError, read_features
from cityloop.geo.places.models import PlaceKind
from cityloop.geo.places.words import fold

OPENADDRESSES_COLUMNS = ("LON", "LAT", "NUMBER", "STREET")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
LINES = ("LineString", "MultiLineString")


class UnreadableFile(ValueError):
    """The whole file cannot be read; nothing from it is imported."""


@dataclass
class PlaceRecord:
    ref: str
    kind: str
    names: dict[str, str]  # language -> name; "en" and "zh-hans" from the tags
    lat: float
    lon: float
    line: dict[str, Any] | None = None
    where: str = ""  # "roads.geojson feature 3", for messages


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Read:
    records: list[PlaceRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_file(path: Path) -> Read:
    """Places from one file, by its extension: ``.csv`` is OpenAddresses, anything else GeoJSON."""
    if path.suffix.lower() == ".csv":
        return _collect(_openaddresses(path))
    return _collect(_geojson(path))


def _collect(items: Iterator[PlaceRecord | Problem]) -> Read:
    read = Read()
    for item in items:
        if isinstance(item, Problem):
            read.problems.append(item)
        else:
            read.records.append(item)
    return read


# ---------------------------------------------------------------- GeoJSON
def _geojson(path: Path) -> Iterator[PlaceRecord | Problem]:
    try:
        features = read_features(path)
    except FeatureFileError as exc:
        raise UnreadableFile(str(exc)) from None
    for position, feature in enumerate(features):
        where = f"{path.name} feature {position}"
        try:
            yield _feature(feature, where)
        except ValueError as exc:
            yield Problem(where, str(exc))


def _feature(feature: Any, where: str) -> PlaceRecord:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("not a GeoJSON Feature")
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        raise ValueError("properties must be an object")
    shape = _shape(feature.get("geometry"))
    kind = _kind(props, shape)
    if kind == PlaceKind.ADDRESS:
        names = address_names(str(props.get("addr:housenumber") or ""),
                              str(props.get("addr:street") or ""),
                              str(props.get("addr:street:en") or ""),
                              str(props.get("addr:unit") or ""))
        ref = address_ref(names)
    else:
        names = _osm_names(props)
        if not names:
            raise ValueError("no name (name, name:en or name:zh)")
        ident = feature.get("id") or props.get("@id") or props.get("osm_id")
        if kind == PlaceKind.ROAD:
            # A road drawn as several lines is one road: the lines are joined by name.
            ref = f"road:{fold(next(iter(names.values())))}"
        elif ident not in (None, ""):
            ref = f"{kind}:{ident}"
        else:
            ref = f"{kind}:{fold(next(iter(names.values())))}"
    point = _point_on(shape)
    line = json.loads(shapely.to_geojson(shape)) if shape.geom_type in LINES else None
    return PlaceRecord(ref[:200], kind, names, point.y, point.x, line, where)


def _shape(geometry: Any) -> BaseGeometry:
    if not isinstance(geometry, dict):
        raise ValueError("no geometry")
    try:
        shape = shapely.from_geojson(json.dumps(geometry))
    except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
        raise ValueError(f"geometry cannot be read: {exc}") from None
    if shape.is_empty:
        raise ValueError("geometry is empty")
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValueError("coordinates must be longitude, latitude in degrees (WGS 84)")
    return shape


def _kind(props: dict[str, Any], shape: BaseGeometry) -> str:
    given = str(props.get("kind") or "")
    if given in PlaceKind.values:
        return given
    if props.get("addr:housenumber"):
        return PlaceKind.ADDRESS
    if shape.geom_type in LINES:
        return PlaceKind.ROAD
    return PlaceKind.LANDMARK


def _point_on(shape: BaseGeometry) -> shapely.Point:
    """The pin for a result: a point, a point on a line (at the middle of its length),
    or a point inside a polygon."""
    if shape.geom_type == "Point":
        return shape
    if shape.geom_type in LINES:
        merged = shapely.line_merge(shape) if shape.geom_type == "MultiLineString" else shape
        if merged.geom_type == "MultiLineString":  # pieces that do not join: the longest
            merged = max(merged.geoms, key=lambda g: g.length)
        return merged.interpolate(0.5, normalized=True)
    return shape.representative_point()


def _osm_names(props: dict[str, Any]) -> dict[str, str]:
    """``name`` is in the local language (Chinese in China); ``name:en`` and ``name:zh``
    say which. A ``name`` in Latin letters with no ``name:en`` is taken as English."""
    names: dict[str, str] = {}
    local = str(props.get("name") or "").strip()
    english = str(props.get("name:en") or "").strip()
    chinese = str(props.get("name:zh") or props.get("name:zh-Hans") or "").strip()
    if local and not chinese and _HAS_CJK.search(local):
        chinese = local
    if local and not english and not _HAS_CJK.search(local):
        english = local
    if english:
        names["en"] = english
    if chinese:
        names["zh-hans"] = chinese
    return names


def address_names(number: str, street: str, street_en: str = "", unit: str = "") -> dict[str, str]:
    """An address's name in each language it can be written in: "12 Hetang Road" and
    "荷塘路12号" (Chinese puts the street first and the number after, with 号)."""
    number, street, street_en, unit = (s.strip() for s in (number, street, street_en, unit))
    if not number or not (street or street_en):
        raise ValueError("an address needs a house number and a street")
    if street and not street_en and not _HAS_CJK.search(street):
        street_en, street = street, ""
    names: dict[str, str] = {}
    if street_en:
        names["en"] = f"{number} {street_en}" + (f", unit {unit}" if unit else "")
    if street:
        names["zh-hans"] = f"{street}{number}号" + (f"{unit}室" if unit else "")
    return names


def address_ref(names: dict[str, str]) -> str:
    # The same address read from OpenStreetMap and from OpenAddresses is one place.
    return "address:" + fold(names.get("zh-hans") or names["en"])


# ---------------------------------------------------------------- OpenAddresses
def _openaddresses(path: Path) -> Iterator[PlaceRecord | Problem]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise UnreadableFile(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [c.strip().upper() for c in reader.fieldnames or []]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnreadableFile(f"{path} is not a readable CSV file: {exc}") from None
        missing = [c for c in OPENADDRESSES_COLUMNS if c not in header]
        if missing:
            raise UnreadableFile(f"{path} lacks the OpenAddresses column(s) {', '.join(missing)}")
        reader.fieldnames = header
        try:
            for row in reader:
                where = f"{path.name} line {reader.line_num}"
                try:
                    yield _address_row(row, where)
                except ValueError as exc:
                    yield Problem(where, str(exc))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnreadableFile(f"{path} line {reader.line_num}: {exc}") from None


def _address_row(row: dict[str, Any], where: str) -> PlaceRecord:
    lon, lat = _coordinate(row.get("LON"), "LON", 180), _coordinate(row.get("LAT"), "LAT", 90)
    names = address_names(str(row.get("NUMBER") or ""), str(row.get("STREET") or ""),
                          unit=str(row.get("UNIT") or ""))
    return PlaceRecord(address_ref(names)[:200], PlaceKind.ADDRESS, names, lat, lon, None, where)


def _coordinate(raw: Any, column: str, limit: float) -> float:
    try:
        value = float(str(raw or "").strip())
    except ValueError:
        raise ValueError(f"{column} {raw!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{column} {raw!r} is out of range (±{limit:g})")
    return value
