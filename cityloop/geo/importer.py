"""Importing areas from a GeoJSON FeatureCollection (``cityloop import-areas``).

A feature with an unusable geometry is reported with its index and skipped;
anything that makes the whole file unusable (unreadable, not a
FeatureCollection, a name field that no feature has) stops the import with
nothing written. The rest is written in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from cityloop.geo import index
from cityloop.geo.featurefile import FeatureFileError, read_features
from cityloop.geo.models import LEVEL_DEPTH, Area, AreaLevel
from cityloop.geo.shapes import GeometryError, parse_geometry


class ImportFailed(ValueError):
    """The file cannot be imported at all; nothing was written."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass
class _Feature:
    position: int
    code: str
    name: str
    name_i18n: dict[str, str]
    geometry: dict[str, Any]
    shape: Any
    parent_ref: str


def read_collection(path: Path) -> list[dict[str, Any]]:
    try:
        features = read_features(path)
    except FeatureFileError as exc:
        raise ImportFailed(str(exc)) from None
    if not features:
        raise ImportFailed(f"{path} has no features")
    return features


def import_areas(
    path: Path,
    *,
    level: str,
    name_field: str,
    code_field: str | None = None,
    parent_field: str | None = None,
    translations: dict[str, str] | None = None,
) -> ImportReport:
    if level not in AreaLevel.values:
        raise ImportFailed(f"level must be one of {', '.join(AreaLevel.values)}")
    features = read_collection(path)
    report = ImportReport()
    parsed = _parse(features, name_field, code_field, parent_field, translations or {}, report)
    if not parsed:
        raise ImportFailed("no feature could be imported:\n  " + "\n  ".join(report.skipped))
    with transaction.atomic():
        parents = _parents(level, parsed, report)
        for feature in parsed:
            if feature.position in parents or level == AreaLevel.CITY:
                _save(feature, level, parents.get(feature.position), report)
        index.touch()
    return report


def _parse(features: list[Any], name_field: str, code_field: str | None,
           parent_field: str | None, translations: dict[str, str],
           report: ImportReport) -> list[_Feature]:
    if not any(isinstance(f, dict) and name_field in (f.get("properties") or {})
               for f in features):
        raise ImportFailed(f"no feature has the property {name_field!r}")
    parsed: list[_Feature] = []
    codes: set[str] = set()
    for position, feature in enumerate(features):
        props = (feature.get("properties") or {}) if isinstance(feature, dict) else {}
        name = str(props.get(name_field) or "").strip()
        if not name:
            report.skipped.append(f"feature {position}: no {name_field}")
            continue
        try:
            geometry = feature.get("geometry")
            shape = parse_geometry(geometry)
        except GeometryError as exc:
            report.skipped.append(f"feature {position} ({name}): {exc}")
            continue
        code = _code(props, code_field, name, position)
        if code in codes:
            report.skipped.append(f"feature {position} ({name}): code {code} appears twice")
            continue
        codes.add(code)
        i18n = {lang: str(props[f]) for lang, f in translations.items() if props.get(f)}
        parent_ref = str(props.get(parent_field) or "") if parent_field else ""
        parsed.append(_Feature(position, code, name, i18n, geometry, shape, parent_ref))
    return parsed


def _code(props: dict[str, Any], code_field: str | None, name: str, position: int) -> str:
    raw = str(props.get(code_field) or "") if code_field else ""
    code = slugify(raw or name).replace("-", "_")
    if not code or not re.search(r"[a-z0-9]", code):
        code = f"area_{position}"  # names in scripts slugify cannot spell
    return code[:100]


def _parents(level: str, parsed: list[_Feature], report: ImportReport) -> dict[int, Area | None]:
    """Parent of each feature: by code or name when given, else the area above that contains it."""
    if level == AreaLevel.CITY:
        return {f.position: None for f in parsed}
    depth = LEVEL_DEPTH[AreaLevel(level)]
    above = next(lvl for lvl, d in LEVEL_DEPTH.items() if d == depth - 1)
    candidates = list(Area.objects.filter(level=above))
    if not candidates:
        raise ImportFailed(f"import the {above} level first: a {level} needs a parent {above}")
    by_ref = {a.code: a for a in candidates} | {a.name: a for a in candidates}
    shapes = [(a, parse_geometry(a.geometry)) for a in candidates]
    out: dict[int, Area | None] = {}
    for feature in parsed:
        parent = by_ref.get(feature.parent_ref) if feature.parent_ref else None
        if parent is None:
            point = feature.shape.representative_point()
            parent = next((a for a, s in shapes if s.covers(point)), None)
        if parent is None:
            report.skipped.append(
                f"feature {feature.position} ({feature.name}): not inside any {above}"
            )
            continue
        out[feature.position] = parent
    return out


def _save(feature: _Feature, level: str, parent: Area | None, report: ImportReport) -> None:
    _, created = Area.objects.update_or_create(
        code=feature.code,
        defaults={
            "name": feature.name,
            "name_i18n": feature.name_i18n,
            "level": level,
            "parent": parent,
            "geometry": feature.geometry,
        },
    )
    if created:
        report.created += 1
    else:
        report.updated += 1
