"""What the rule and indicator YAML loaders share: reading, names, references.

Both loaders check the whole file before writing anything, and write in one
transaction: a file with one mistake changes nothing and says where each
mistake is (``rules[3].thresholds.red``), as the catalogue loader does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cityloop.i18n import split_translations
from cityloop.sensing.models import Datastream, ObservedProperty, Thing


class LoadError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read(path: Path, key: str) -> list[dict[str, Any]]:
    """The list under ``key`` in the YAML file at ``path``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError([f"cannot read {path}: {exc.strerror}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LoadError([f"{path} is not valid YAML: {exc}"]) from None
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise LoadError([f"{path}: expected a mapping with {key}: a list of mappings"])
    return items


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def code(self, where: str, item: dict[str, Any], seen: set[str]) -> str:
        code = item.get("code")
        if not isinstance(code, str) or not code.strip():
            self.add(f"{where}.code", "missing or not text")
            return ""
        if code in seen:
            self.add(f"{where}.code", f"{code} appears twice")
        seen.add(code)
        return code

    def name(self, where: str, value: Any, required: bool = True) -> tuple[str, dict[str, str]]:
        if value is None and not required:
            return "", {}
        if isinstance(value, str) or (
            isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        ):
            text, others = split_translations(value)
            if required and not text:
                self.add(where, "is empty")
            return text, others
        self.add(where, "must be text or a mapping of language to text")
        return "", {}

    def number(self, where: str, value: Any, required: bool = False) -> float | None:
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, "must be a number")
            return None
        return float(value)

    def raise_if_any(self) -> None:
        if self.items:
            raise LoadError(self.items)


def find_datastream(ref: Any) -> tuple[Datastream | None, str]:
    """A datastream by id, by name, or by ``{thing: ..., name: ...}``; else why not."""
    query = Datastream.objects.all()
    if isinstance(ref, bool) or ref is None:
        return None, "give a datastream id, name, or {thing, name}"
    if isinstance(ref, int):
        query = query.filter(pk=ref)
    elif isinstance(ref, str):
        query = query.filter(name=ref)
    elif isinstance(ref, dict) and isinstance(ref.get("thing"), str) and isinstance(
            ref.get("name"), str):
        query = query.filter(thing__name=ref["thing"], name=ref["name"])
    else:
        return None, "give a datastream id, name, or {thing, name}"
    found = list(query[:2])
    if not found:
        return None, f"no datastream {ref!r}"
    if len(found) > 1:
        return None, f"several datastreams match {ref!r}; give its id or {{thing, name}}"
    return found[0], ""


def find_property(name: Any) -> tuple[ObservedProperty | None, str]:
    if not isinstance(name, str):
        return None, "give the observed property's name"
    found = ObservedProperty.objects.filter(name=name).order_by("id").first()
    return (found, "") if found else (None, f"no observed property {name!r}")


def find_things(names: Any) -> tuple[list[Thing], str]:
    if names is None:
        return [], ""
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return [], "must be a list of thing names"
    things = list(Thing.objects.filter(name__in=names))
    missing = sorted(set(names) - {t.name for t in things})
    return things, (f"no thing {', '.join(missing)}" if missing else "")
