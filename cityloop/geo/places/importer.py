"""Writing places read from files (``cityloop import-places``), all files in one transaction.

A place is known by its ``ref``: importing the same file again updates the
places it holds and adds none twice. A road drawn as several lines (as
OpenStreetMap does, one way per block) becomes one place whose line holds
them all. Rows that cannot be read are listed with their line or feature
number and skipped; a file that cannot be read at all stops the import with
nothing written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction

from cityloop.geo import index as area_index
from cityloop.geo.places import index as place_index
from cityloop.geo.places.models import Place, PlaceKind
from cityloop.geo.places.readers import PlaceRecord, Problem, UnreadableFile, read_file
from cityloop.geo.places.words import search_key
from cityloop.i18n import split_translations

BATCH = 2000
SAME_ROAD_DEGREES = 0.001  # about 100 m


class ImportFailed(ValueError):
    """The import cannot go ahead; nothing was written."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    problems: list[Problem] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)


def import_places(paths: Sequence[Path], *, replace: bool = False) -> ImportReport:
    report = ImportReport()
    records: dict[str, PlaceRecord] = {}
    for path in paths:
        try:
            read = read_file(path)
        except UnreadableFile as exc:
            raise ImportFailed(str(exc)) from None
        report.problems.extend(read.problems)
        for record in read.records:
            _add(records, record)
    if not records and not replace:
        raise ImportFailed("no place could be read:\n  " + "\n  ".join(map(str, report.problems)))
    with transaction.atomic():
        if replace:
            report.removed, _ = Place.objects.exclude(ref__in=list(records)).delete()
        _write(list(records.values()), report)
        place_index.touch()
    for record in records.values():
        report.by_kind[record.kind] = report.by_kind.get(record.kind, 0) + 1
    return report


def _add(records: dict[str, PlaceRecord], record: PlaceRecord) -> None:
    """Keep one record per ref; the lines of a road met again are joined to it.

    Two roads of the same name far apart (a Qiushi Road in two districts) are
    two places: a line joins a road only when it comes within ~100 m of it.
    """
    seen = records.get(record.ref)
    if seen is None or record.kind != PlaceKind.ROAD or not seen.line or not record.line:
        records[record.ref] = record
        return
    line = _line(record.line)
    base, number = record.ref, 1
    while seen is not None and seen.line and _line(seen.line).distance(line) > SAME_ROAD_DEGREES:
        number += 1
        record.ref = f"{base}#{number}"
        seen = records.get(record.ref)
    if seen is None or not seen.line:
        records[record.ref] = record
        return
    merged = shapely.line_merge(shapely.union(_line(seen.line), line))
    if merged.geom_type == "MultiLineString":
        point = max(merged.geoms, key=lambda g: g.length).interpolate(0.5, normalized=True)
    else:
        point = merged.interpolate(0.5, normalized=True)
    seen.line = json.loads(shapely.to_geojson(merged))
    seen.lat, seen.lon = point.y, point.x
    seen.names = {**record.names, **seen.names}


def _line(geojson: dict[str, Any]) -> Any:
    return shapely.from_geojson(json.dumps(geojson))


def _write(records: list[PlaceRecord], report: ImportReport) -> None:
    for start in range(0, len(records), BATCH):
        chunk = records[start:start + BATCH]
        existing = Place.objects.in_bulk([r.ref for r in chunk], field_name="ref")
        new: list[Place] = []
        changed: list[Place] = []
        for record in chunk:
            place = existing.get(record.ref) or Place(ref=record.ref)
            if _fill(place, record):
                (changed if place.pk else new).append(place)
            else:
                report.unchanged += 1
        Place.objects.bulk_create(new)
        Place.objects.bulk_update(changed, FIELDS)
        report.created += len(new)
        report.updated += len(changed)


FIELDS = ["kind", "name", "name_i18n", "lat", "lon", "line", "area", "search_key"]


def _fill(place: Place, record: PlaceRecord) -> bool:
    """Set the place from the record; whether anything changed."""
    name, others = split_translations(record.names)
    hit = area_index.area_at(record.lat, record.lon)
    values: dict[str, Any] = {
        "kind": record.kind, "name": name[:300], "name_i18n": others,
        "lat": round(record.lat, 7), "lon": round(record.lon, 7), "line": record.line,
        "area_id": hit.id if hit else None,
        "search_key": search_key(*record.names.values()),
    }
    before = {k: getattr(place, k) for k in values}
    for key, value in values.items():
        setattr(place, key, value)
    return place.pk is None or before != values


def kinds_summary(report: ImportReport) -> Iterable[str]:
    return (f"{count} {kind}" for kind, count in sorted(report.by_kind.items()))
