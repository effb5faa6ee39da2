"""Vital-sign indicators from YAML (``cityloop load-indicators FILE.yaml``).

::

    indicators:
      - code: pm25-daily
        name: {en: "Fine particles (PM2.5), 24-hour mean", zh-hans: "细颗粒物（PM2.5）24小时均值"}
        description: {en: "...", zh-hans: "..."}
        unit: "µg/m³"
        source: datastream       # datastream, cases or manual
        params: {observed_property: "PM2.5", aggregate: mean, minutes: 1440}
        better: lower            # or higher
        green: 35                # on target up to 35
        amber: 75                # watch up to 75, off target beyond
        tags: ["SDG 11.6.2", "ISO 37120:2018 8.1"]
        every_minutes: 60
        public: true
        values:                  # manual sources: the values people measured
          - {at: 2025-01-01, value: 41.2, note: "Annual survey"}

A datastream in ``params`` may be given by id, name or ``{thing, name}``; it
is stored by id. The whole file is checked before anything is written.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from cityloop.registry import indicator_sources
from cityloop.sensing.indicators.compute import band_problems, record
from cityloop.sensing.indicators.models import Better, Indicator
from cityloop.sensing.loading import Problems, find_datastream, read

FIELDS = {"code", "name", "description", "unit", "source", "params", "better", "green",
          "amber", "tags", "every_minutes", "public", "active", "values"}


def _values(p: Problems, where: str, values: Any) -> list[tuple[datetime, float, str]]:
    if values is None:
        return []
    if not isinstance(values, list):
        p.add(f"{where}.values", "must be a list of {at, value}")
        return []
    out = []
    for j, entry in enumerate(values):
        here = f"{where}.values[{j}]"
        at = entry.get("at") if isinstance(entry, dict) else None
        if isinstance(at, date) and not isinstance(at, datetime):
            at = datetime.combine(at, time())
        if not isinstance(at, datetime):
            p.add(f"{here}.at", "must be a date or a date and time")
            continue
        value = p.number(f"{here}.value", entry.get("value"), required=True)
        if value is not None:
            aware = at if timezone.is_aware(at) else timezone.make_aware(at)
            out.append((aware, value, str(entry.get("note") or "")))
    return out


def _params(p: Problems, where: str, item: dict[str, Any]) -> dict[str, Any]:
    params = item.get("params") or {}
    if not isinstance(params, dict):
        p.add(f"{where}.params", "must be a mapping")
        return {}
    params = dict(params)
    if item.get("source") == "datastream" and params.get("datastream") is not None:
        stream, problem = find_datastream(params["datastream"])
        if problem:
            p.add(f"{where}.params.datastream", problem)
        params["datastream"] = stream.pk if stream else -1
    return params


def check(items: list[dict[str, Any]]) -> list[tuple[Indicator, list[tuple[datetime, float, str]]]]:
    p = Problems()
    seen: set[str] = set()
    planned = []
    for i, item in enumerate(items):
        where = f"indicators[{i}]"
        for key in sorted(set(item) - FIELDS):
            p.add(f"{where}.{key}", "unknown field")
        code = p.code(where, item, seen)
        ind = Indicator.objects.filter(code=code).first() or Indicator(code=code)
        ind.name, ind.name_i18n = p.name(f"{where}.name", item.get("name"))
        ind.description, ind.description_i18n = p.name(
            f"{where}.description", item.get("description"), required=False)
        ind.unit = str(item.get("unit") or "")
        ind.source = str(item.get("source") or "")
        ind.params = _params(p, where, item)
        if ind.source not in indicator_sources:
            p.add(f"{where}.source", f"must be one of {', '.join(indicator_sources.keys())}")
        else:
            for problem in indicator_sources.get(ind.source).validate(ind.params):
                p.add(f"{where}.params", problem)
        ind.better = str(item.get("better", Better.LOWER))
        ind.green = p.number(f"{where}.green", item.get("green"))
        ind.amber = p.number(f"{where}.amber", item.get("amber"))
        for problem in band_problems(ind.better, ind.green, ind.amber):
            p.add(f"{where}.better", problem)
        ind.tags = item.get("tags") or []
        if not isinstance(ind.tags, list) or not all(isinstance(t, str) for t in ind.tags):
            p.add(f"{where}.tags", "must be a list of text")
        every = item.get("every_minutes", 60)
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            p.add(f"{where}.every_minutes", "must be a whole number of minutes, at least 1")
        ind.every_minutes = every if isinstance(every, int) else 60
        ind.public = bool(item.get("public", True))
        ind.active = bool(item.get("active", True))
        ind.order = i
        planned.append((ind, _values(p, where, item.get("values"))))
    p.raise_if_any()
    return planned


@transaction.atomic
def load(items: list[dict[str, Any]]) -> int:
    planned = check(items)
    for indicator, values in planned:
        indicator.save()
        known = set(indicator.values.values_list("at", flat=True))
        for at, value, note in values:
            if at not in known:  # loading the file again adds no duplicates
                record(indicator, value, at, note=note)
    return len(planned)


def load_file(path: Path) -> int:
    return load(read(path, "indicators"))
