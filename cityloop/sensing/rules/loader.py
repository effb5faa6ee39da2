"""Sensor rules from YAML (``cityloop load-rules FILE.yaml``).

::

    rules:
      - code: river-qiaotou
        name: {en: "River level at Qiaotou", zh-hans: "桥头河道水位"}
        kind: threshold                 # threshold, window, rate, silence, anomaly
        datastream: {thing: "Qiaotou river gauge", name: "River level"}  # or an id or a name
        # observed_property: "PM2.5"    # instead of datastream: all its datastreams
        # things: ["Gulou air station"] # ...of these things only
        params: {}                      # window: {minutes: 60, aggregate: sum} ...
        direction: above                # or below
        thresholds: {blue: 3.0, yellow: 3.3, orange: 3.6, red: 4.0}
        hysteresis: 0.1
        case_level: yellow              # lower levels are alerts without a case
        category: flooding              # service code of the cases
        answers: {traffic_blocked: "no"}
        department: water               # optional; else routed like any report
        channels: ["City Operations Centre"]  # names or addresses; optional
        active: true

The whole file is checked before anything is written: a file with one
mistake changes nothing. Loading again updates the rules with the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from cityloop.catalogue.models import Department, ServiceCategory
from cityloop.notify.models import NotificationChannel
from cityloop.sensing import evaluation
from cityloop.sensing.loading import (
    LoadError,
    Problems,
    find_datastream,
    find_property,
    find_things,
    read,
)
from cityloop.sensing.models import Thing
from cityloop.sensing.rules.checks import rule_problems
from cityloop.sensing.rules.levels import Level
from cityloop.sensing.rules.models import Rule

FIELDS = {"code", "name", "kind", "datastream", "observed_property", "things", "params",
          "direction", "thresholds", "hysteresis", "case_level", "category", "answers",
          "department", "channels", "active"}


@dataclass
class Planned:
    rule: Rule
    things: list[Thing]
    channels: list[NotificationChannel]


def check(items: list[dict[str, Any]]) -> list[Planned]:
    """Every rule of the file, built but not saved; raises ``LoadError`` listing every mistake."""
    p = Problems()
    seen: set[str] = set()
    planned = []
    for i, item in enumerate(items):
        where = f"rules[{i}]"
        for key in sorted(set(item) - FIELDS):
            p.add(f"{where}.{key}", "unknown field")
        code = p.code(where, item, seen)
        rule = Rule.objects.filter(code=code).first() or Rule(code=code)
        rule.name, rule.name_i18n = p.name(f"{where}.name", item.get("name"))
        rule.kind = str(item.get("kind", ""))
        rule.params = item.get("params") or {}
        rule.direction = str(item.get("direction", "above"))
        rule.hysteresis = p.number(f"{where}.hysteresis", item.get("hysteresis", 0.0)) or 0.0
        rule.case_level = _case_level(p, where, item)
        rule.answers = item.get("answers") or {}
        rule.active = bool(item.get("active", True))
        _thresholds(p, where, item, rule)
        _selector(p, where, item, rule)
        _refs(p, where, item, rule)
        things, problem = find_things(item.get("things"))
        if problem:
            p.add(f"{where}.things", problem)
        channels = _channels(p, where, item.get("channels"))
        if not p.items or all(not x.startswith(f"{where}.") for x in p.items):
            for name, message in rule_problems(rule):
                p.add(f"{where}.{_field(name)}", message)
        planned.append(Planned(rule, things, channels))
    p.raise_if_any()
    return planned


def _field(name: str) -> str:
    return "thresholds" if name in Level.values else name


def _case_level(p: Problems, where: str, item: dict[str, Any]) -> str:
    level = item.get("case_level", Level.BLUE)
    if level not in Level.values:
        p.add(f"{where}.case_level", f"must be one of {', '.join(Level.values)}")
        return str(Level.BLUE)
    return str(level)


def _thresholds(p: Problems, where: str, item: dict[str, Any], rule: Rule) -> None:
    given = item.get("thresholds") or {}
    if not isinstance(given, dict):
        p.add(f"{where}.thresholds", "must be a mapping of level to number")
        return
    for key in sorted(set(given) - set(Level.values)):
        p.add(f"{where}.thresholds.{key}", f"not a level ({', '.join(Level.values)})")
    for level in Level.values:
        setattr(rule, level, p.number(f"{where}.thresholds.{level}", given.get(level)))


def _selector(p: Problems, where: str, item: dict[str, Any], rule: Rule) -> None:
    rule.datastream, rule.observed_property = None, None
    if item.get("datastream") is not None:
        rule.datastream, problem = find_datastream(item["datastream"])
        if problem:
            p.add(f"{where}.datastream", problem)
    elif item.get("observed_property") is not None:
        rule.observed_property, problem = find_property(item["observed_property"])
        if problem:
            p.add(f"{where}.observed_property", problem)
    else:
        p.add(f"{where}.datastream", "give a datastream or an observed_property")


def _refs(p: Problems, where: str, item: dict[str, Any], rule: Rule) -> None:
    category = ServiceCategory.objects.filter(service_code=item.get("category")).first()
    if category is None:
        p.add(f"{where}.category", f"no category {item.get('category')!r}")
    else:
        rule.category = category
    rule.department = None
    if item.get("department") is not None:
        department = Department.objects.filter(code=item["department"]).first()
        if department is None:
            p.add(f"{where}.department", f"no department {item['department']!r}")
        rule.department = department


def _channels(p: Problems, where: str, names: Any) -> list[NotificationChannel]:
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        p.add(f"{where}.channels", "must be a list of channel names or addresses")
        return []
    found = []
    for name in names:
        channel = NotificationChannel.objects.filter(Q(name=name) | Q(target=name)).first()
        if channel is None:
            p.add(f"{where}.channels", f"no notification channel {name!r}")
        else:
            found.append(channel)
    return found


@transaction.atomic
def load(items: list[dict[str, Any]]) -> int:
    """Check then save every rule of the file; how many."""
    planned = check(items)
    for plan in planned:
        plan.rule.save()
        plan.rule.things.set(plan.things)
        plan.rule.channels.set(plan.channels)
    evaluation.rules_changed()
    return len(planned)


def load_file(path: Path) -> int:
    return load(read(path, "rules"))


__all__ = ["LoadError", "load", "load_file"]
