"""The query options of OGC 18-088 §9.3: ``$expand $select $orderby $top $skip $count $filter``
and ``$resultFormat`` (§14.3), nested inside ``$expand`` with ``;`` between them.

Options are read against the entity type they apply to, so an unknown
property or navigation property is a 400 naming it. Expressions are only
parsed here; ``compile`` turns them into SQL when the query runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cityloop.sensing.api.errors import StaError, bad_request
from cityloop.sensing.api.odata.parser import parse_filter, parse_orderby
from cityloop.sensing.api.odata.syntax import ExprError, Node
from cityloop.sensing.api.schema import ID_NAMES, EntityType, target

DEFAULT_TOP = 100
MAX_TOP = 1000
KNOWN = ("$filter", "$expand", "$select", "$orderby", "$top", "$skip", "$count",
         "$resultFormat", "$skiptoken")
NESTED = frozenset({"$filter", "$expand", "$select", "$orderby", "$top", "$skip", "$count"})
MAX_EXPAND_DEPTH = 5


@dataclass
class Options:
    entity: EntityType
    filter: Node | None = None
    orderby: list[tuple[Node, bool]] = field(default_factory=list)
    top: int | None = None
    skip: int = 0
    count: bool = False
    select: list[str] | None = None
    expand: list[Expand] = field(default_factory=list)
    result_format: str | None = None
    skiptoken: int | None = None
    texts: dict[str, str] = field(default_factory=dict)  # as given, for nextLinks

    @property
    def page_size(self) -> int:
        return min(self.top if self.top is not None else DEFAULT_TOP, MAX_TOP)

    def selects(self, name: str) -> bool:
        return self.select is None or name in self.select


@dataclass
class Expand:
    nav: str
    options: Options


def parse(params: Mapping[str, str], entity: EntityType, *, depth: int = 0,
          label: str = "") -> Options:
    options = Options(entity)
    for name, text in params.items():
        if not name.startswith("$"):
            continue
        if name not in (NESTED if depth else KNOWN):
            raise bad_request(
                _("%(label)sUnknown query option %(name)s; the options are %(known)s.")
                % {"label": label, "name": name[:40],
                   "known": ", ".join(NESTED if depth else KNOWN[:-1])})
        options.texts[name] = text
        _read(options, name, text, depth, label)
    return options


def _read(options: Options, name: str, text: str, depth: int, label: str) -> None:
    entity = options.entity
    if name == "$filter":
        options.filter = _expression(parse_filter, text, label + "$filter")
    elif name == "$orderby":
        options.orderby = _expression(parse_orderby, text, label + "$orderby")
    elif name in {"$top", "$skip", "$skiptoken"}:
        number = _count_of(text, label + name)
        if name == "$top":
            options.top = number
        elif name == "$skip":
            options.skip = number
        else:
            options.skiptoken = number
    elif name == "$count":
        if text not in {"true", "false"}:
            raise bad_request(_("%(option)s must be true or false.") % {"option": label + name})
        options.count = text == "true"
    elif name == "$select":
        options.select = _select(text, entity, label)
    elif name == "$resultFormat":
        if text != "dataArray":
            raise bad_request(_("$resultFormat: the only result format is dataArray."))
        options.result_format = text
    elif name == "$expand":
        options.expand = _expand(text, entity, depth, label)


def _expression(parse_fn, text: str, option: str):  # type: ignore[no-untyped-def]
    try:
        return parse_fn(text)
    except ExprError as exc:
        raise expression_error(option, exc) from None


def expression_error(option: str, exc: ExprError) -> StaError:
    return bad_request(_("%(option)s: %(message)s at position %(pos)s.")
                       % {"option": option, "message": exc.message, "pos": exc.pos})


def _count_of(text: str, option: str) -> int:
    if not text.isdigit() or len(text) > 12:
        raise bad_request(_("%(option)s must be a whole number of 0 or more, not %(value)s.")
                          % {"option": option, "value": repr(text[:20])})
    return int(text)


def _select(text: str, entity: EntityType, label: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise bad_request(_("%(label)s$select names no property.") % {"label": label})
    for name in names:
        if name in ID_NAMES or name == "@iot.selfLink":
            continue
        if name not in entity.props and name not in entity.navs:
            raise bad_request(
                _("%(label)s$select: %(entity)s has no property %(name)s; it has %(known)s.")
                % {"label": label, "entity": entity.name, "name": repr(name[:60]),
                   "known": ", ".join(["id", *entity.props, *entity.navs])}
            )
    return ["id" if n in ID_NAMES else n for n in names]


def _expand(text: str, entity: EntityType, depth: int, label: str) -> list[Expand]:
    if depth >= MAX_EXPAND_DEPTH:
        raise bad_request(_("$expand is nested more than %(n)s levels deep.")
                          % {"n": MAX_EXPAND_DEPTH})
    expands: dict[str, Expand] = {}
    for item in split_outside(text, ","):
        item = item.strip()
        if not item:
            raise bad_request(_("%(label)s$expand has an empty item.") % {"label": label})
        path_text, nested = _split_nested(item, label)
        _add_path(expands, entity, path_text.split("/"), nested, depth, label)
    return list(expands.values())


def _add_path(expands: dict[str, Expand], entity: EntityType, segments: list[str],
              nested: dict[str, str], depth: int, label: str) -> None:
    name = segments[0].strip()
    nav = entity.nav(name)
    if nav is None:
        raise bad_request(
            _("%(label)s$expand: %(entity)s has no navigation property %(name)s; "
              "it has %(known)s.") % {"label": label, "entity": entity.name,
                                      "name": repr(name[:60]), "known": ", ".join(entity.navs)}
        )
    child = target(nav)
    inner_label = f"{label}$expand={name}: "
    if name not in expands:
        own = nested if len(segments) == 1 else {}
        expands[name] = Expand(name, parse(own, child, depth=depth + 1, label=inner_label))
    elif len(segments) == 1 and nested:
        extra = parse(nested, child, depth=depth + 1, label=inner_label)
        extra.expand = _merge(expands[name].options.expand, extra.expand)
        expands[name] = Expand(name, extra)
    if len(segments) > 1:
        inner = {e.nav: e for e in expands[name].options.expand}
        _add_path(inner, child, segments[1:], nested, depth + 1, inner_label)
        expands[name].options.expand = list(inner.values())


def _merge(first: list[Expand], second: list[Expand]) -> list[Expand]:
    merged = {e.nav: e for e in first}
    for expand in second:
        merged[expand.nav] = expand
    return list(merged.values())


def _split_nested(item: str, label: str) -> tuple[str, dict[str, str]]:
    """``Datastreams($top=1;$select=name)`` into the path and its options."""
    if "(" not in item:
        return item, {}
    opening = item.index("(")
    if not item.endswith(")"):
        raise bad_request(_("%(label)s$expand: expected ')' at the end of %(item)s.")
                          % {"label": label, "item": repr(item[:80])})
    options: dict[str, str] = {}
    for part in split_outside(item[opening + 1:-1], ";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise bad_request(_("%(label)s$expand: %(part)s is not an option such as $top=1.")
                              % {"label": label, "part": repr(part[:60])})
        key, value = part.split("=", 1)
        options[key.strip()] = value.strip()
    return item[:opening], options


def split_outside(text: str, separator: str) -> list[str]:
    """Split at ``separator`` where it is outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts
