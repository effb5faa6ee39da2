"""Loading departments and the service catalogue from YAML (docs/catalogue.md).

The whole file is checked before anything is written, and written in one
transaction: a file with one mistake changes nothing and says where the
mistake is (``services[3].attributes[1].datatype``). Loading again updates
what exists, so the file can be kept under version control and re-applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import (
    DEFAULT_DUPLICATE_RADIUS_M,
    DEFAULT_DUPLICATE_WINDOW_HOURS,
    DEFAULT_HOTSPOT_MINUTES,
    DEFAULT_HOTSPOT_RADIUS_M,
    LIST_DATATYPES,
    Datatype,
    Department,
    Priority,
    ServiceAttribute,
    ServiceCategory,
    ServiceGroup,
)
from cityloop.catalogue.signals import batched
from cityloop.i18n import split_translations

DEFAULT_CATALOGUE = Path(__file__).parent / "data" / "default.yaml"


class CatalogueError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadResult:
    departments: int = 0
    groups: int = 0
    services: int = 0
    attributes: int = 0
    warnings: list[str] = field(default_factory=list)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def need(self, where: str, obj: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
        value = obj.get(key)
        if not isinstance(value, kind) or value in ("", None):
            self.problems.append(f"{where}.{key}: missing or not a {_kind_name(kind)}")
            return None
        return value

    def text(self, where: str, obj: dict[str, Any], key: str, required: bool = True) -> Any:
        value = obj.get(key, "" if not required else None)
        if isinstance(value, str) or (isinstance(value, dict) and all(
            isinstance(v, str) for v in value.values()
        )):
            if required and not split_translations(value)[0]:
                self.problems.append(f"{where}.{key}: is empty")
            return value
        self.problems.append(f"{where}.{key}: must be text or a mapping of language to text")
        return ""


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "number", list: "list", dict: "mapping"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def read(path: Path) -> dict[str, Any]:
    # The C loader when PyYAML has it: several times faster, same safety.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except OSError as exc:
        raise CatalogueError([f"cannot read {path}: {exc.strerror}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueError([f"{path} is not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise CatalogueError([f"{path}: expected a mapping with departments, groups, services"])
    return data


def check(data: dict[str, Any]) -> None:
    c = _Checker()
    known_departments = set(Department.objects.values_list("code", flat=True))
    parents = []
    for i, dept in enumerate(_items(c, data, "departments")):
        where = f"departments[{i}]"
        if c.need(where, dept, "code", str):
            known_departments.add(dept["code"])
        c.text(where, dept, "name")
        if dept.get("parent"):
            parents.append((f"{where}.parent", dept["parent"]))
    for where, parent in parents:  # a parent may come later in the file
        if not isinstance(parent, str) or parent not in known_departments:
            c.problems.append(f"{where}: no department {parent!r}")
    groups = set()
    for i, group in enumerate(_items(c, data, "groups")):
        groups.add(c.need(f"groups[{i}]", group, "code", str))
        c.text(f"groups[{i}]", group, "name")
    groups |= set(ServiceGroup.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for i, svc in enumerate(_items(c, data, "services")):
        where = f"services[{i}]"
        code = c.need(where, svc, "code", str)
        if code in seen:
            c.problems.append(f"{where}.code: {code} appears twice")
        seen.add(code)
        c.text(where, svc, "name")
        c.text(where, svc, "description", required=False)
        if c.need(where, svc, "group", str) and svc["group"] not in groups:
            c.problems.append(f"{where}.group: no group {svc['group']!r}")
        if c.need(where, svc, "department", str) and svc["department"] not in known_departments:
            c.problems.append(f"{where}.department: no department {svc['department']!r}")
        if "sla_hours" in svc and (not isinstance(svc["sla_hours"], int) or svc["sla_hours"] < 1):
            c.problems.append(f"{where}.sla_hours: must be a whole number of hours, at least 1")
        if svc.get("priority", "normal") not in Priority.values:
            c.problems.append(f"{where}.priority: must be one of {', '.join(Priority.values)}")
        _check_attributes(c, where, svc.get("attributes") or [])
        _check_triage(c, where, svc)
    if c.problems:
        raise CatalogueError(c.problems)


def _items(c: _Checker, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        c.problems.append(f"{key}: must be a list of mappings")
        return []
    return items


# Per-category triage settings: key -> (smallest, largest) allowed value.
DUPLICATE_KEYS = {"radius_m": (1, 10_000), "window_hours": (1, 24 * 366)}
HOTSPOT_KEYS = {"reports": (2, 10_000), "radius_m": (1, 20_000), "minutes": (1, 7 * 24 * 60)}


def _check_triage(c: _Checker, where: str, svc: dict[str, Any]) -> None:
    for section, keys in (("duplicates", DUPLICATE_KEYS), ("hotspot", HOTSPOT_KEYS)):
        value = svc.get(section)
        if value is None:
            continue
        if not isinstance(value, dict):
            c.problems.append(f"{where}.{section}: must be a mapping")
            continue
        for key in sorted(set(value) - set(keys)):
            c.problems.append(f"{where}.{section}.{key}: unknown (known: {', '.join(keys)})")
        for key, (low, high) in keys.items():
            number = value.get(key)
            if key not in value:
                continue
            if not isinstance(number, int) or isinstance(number, bool) or not (
                low <= number <= high
            ):
                c.problems.append(
                    f"{where}.{section}.{key}: must be a whole number from {low} to {high}"
                )


def _triage_fields(svc: dict[str, Any]) -> dict[str, int]:
    duplicates = svc.get("duplicates") or {}
    hotspot = svc.get("hotspot") or {}
    return {
        "duplicate_radius_m": duplicates.get("radius_m", DEFAULT_DUPLICATE_RADIUS_M),
        "duplicate_window_hours": duplicates.get("window_hours", DEFAULT_DUPLICATE_WINDOW_HOURS),
        # No hotspot section: the category is not watched for clusters.
        "hotspot_reports": hotspot.get("reports", 0),
        "hotspot_radius_m": hotspot.get("radius_m", DEFAULT_HOTSPOT_RADIUS_M),
        "hotspot_minutes": hotspot.get("minutes", DEFAULT_HOTSPOT_MINUTES),
    }


def _check_attributes(c: _Checker, where: str, attributes: Any) -> None:
    if not isinstance(attributes, list):
        c.problems.append(f"{where}.attributes: must be a list")
        return
    codes: set[str] = set()
    for j, attr in enumerate(attributes):
        here = f"{where}.attributes[{j}]"
        if not isinstance(attr, dict):
            c.problems.append(f"{here}: must be a mapping")
            continue
        code = c.need(here, attr, "code", str)
        if code in codes:
            c.problems.append(f"{here}.code: {code} appears twice")
        codes.add(code)
        c.text(here, attr, "description")
        datatype = attr.get("datatype")
        if datatype not in Datatype.values:
            c.problems.append(f"{here}.datatype: must be one of {', '.join(Datatype.values)}")
        values = attr.get("values") or []
        if datatype in LIST_DATATYPES:
            keys = [str(v.get("key")) for v in values if isinstance(v, dict)]
            if len(keys) < 2 or len(set(keys)) != len(keys) or len(keys) != len(values):
                c.problems.append(f"{here}.values: a list needs at least two values, unique keys")
        elif values:
            c.problems.append(f"{here}.values: only list datatypes take values")


@transaction.atomic
def load(data: dict[str, Any]) -> LoadResult:
    check(data)
    with batched():
        result = _load(data)
    snapshot.touch()  # once for the whole import; queryset updates send no signals anyway
    return result


def _load(data: dict[str, Any]) -> LoadResult:
    result = LoadResult()
    for dept in data.get("departments") or []:
        name, name_i18n = split_translations(dept["name"])
        Department.objects.update_or_create(
            code=dept["code"], defaults={"name": name, "name_i18n": name_i18n}
        )
        result.departments += 1
    for dept in data.get("departments") or []:
        if dept.get("parent"):
            parent = Department.objects.get(code=dept["parent"])
            Department.objects.filter(code=dept["code"]).update(parent=parent)
    for order, group in enumerate(data.get("groups") or []):
        name, name_i18n = split_translations(group["name"])
        ServiceGroup.objects.update_or_create(
            code=group["code"], defaults={"name": name, "name_i18n": name_i18n, "order": order}
        )
        result.groups += 1
    for order, svc in enumerate(data.get("services") or []):
        result.attributes += _load_service(svc, order)
        result.services += 1
    return result


def _load_service(svc: dict[str, Any], order: int) -> int:
    name, name_i18n = split_translations(svc["name"])
    description, description_i18n = split_translations(svc.get("description") or "")
    keywords = svc.get("keywords") or []
    if isinstance(keywords, dict):  # {en: [...], zh-hans: [...]} -> one list
        keywords = [word for words in keywords.values() for word in (words or [])]
    category, _ = ServiceCategory.objects.update_or_create(
        service_code=svc["code"],
        defaults={
            "name": name,
            "name_i18n": name_i18n,
            "description": description,
            "description_i18n": description_i18n,
            "group": ServiceGroup.objects.get(code=svc["group"]),
            "keywords": [str(k) for k in keywords],
            "department": Department.objects.get(code=svc["department"]),
            "sla_hours": svc.get("sla_hours", 72),
            "default_priority": svc.get("priority", Priority.NORMAL),
            "is_public": bool(svc.get("public", True)),
            "active": bool(svc.get("active", True)),
            "order": order,
            **_triage_fields(svc),
        },
    )
    attributes = svc.get("attributes") or []
    category.attributes.exclude(code__in=[a["code"] for a in attributes]).delete()
    for attr in attributes:
        text, text_i18n = split_translations(attr["description"])
        hint, hint_i18n = split_translations(attr.get("datatype_description") or "")
        ServiceAttribute.objects.update_or_create(
            category=category,
            code=attr["code"],
            defaults={
                "variable": bool(attr.get("variable", True)),
                "datatype": attr["datatype"],
                "required": bool(attr.get("required", False)),
                "order": int(attr.get("order", 1)),
                "description": text,
                "description_i18n": text_i18n,
                "datatype_description": hint,
                "datatype_description_i18n": hint_i18n,
                "values": [_value(v) for v in attr.get("values") or []],
            },
        )
    return len(attributes)


def _value(value: dict[str, Any]) -> dict[str, Any]:
    name, name_i18n = split_translations(value.get("name") or str(value["key"]))
    return {"key": str(value["key"]), "name": name, "name_i18n": name_i18n}


def load_file(path: Path) -> LoadResult:
    return load(read(path))
