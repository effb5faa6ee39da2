"""What a ``$filter`` sub-expression compiles to: an SQL expression or a constant, with its kind.

Kinds: string number bool datetime date time duration geometry json null
(``json`` is a JSON property whose type is only known from what it meets,
``result`` an Observation's result, numeric or not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import F, FloatField, Func, Q, TextField, Value
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cityloop.sensing.api.odata.jsonvalues import JsonScalar
from cityloop.sensing.api.odata.syntax import ExprError
from cityloop.sensing.api.schema import EntityType, Prop

NOTHING = object()

KIND_NAMES = {
    "string": gettext_lazy("text"), "number": pgettext_lazy("data type", "number"),
    "bool": gettext_lazy("boolean"), "datetime": gettext_lazy("time"),
    "date": gettext_lazy("date"), "time": gettext_lazy("time of day"),
    "duration": gettext_lazy("duration"), "geometry": gettext_lazy("geometry"),
    "json": gettext_lazy("JSON value"), "result": gettext_lazy("result"),
    "null": gettext_lazy("null"),
}


@dataclass(frozen=True)
class ResolvedPath:
    """A property reached from the filtered entity, maybe through navigation properties."""

    entity: EntityType  # the entity that holds the property
    hops: tuple[str, ...]  # Django relations from the filtered entity to it
    prop: Prop | None  # None for the id
    keys: tuple[str, ...] = ()  # inside a JSON property
    many: bool = False  # crosses a to-many relation

    def lookup(self, field_name: str | None = None) -> str:
        name = field_name or (self.prop.field if self.prop else "pk")
        return "__".join((*self.hops, name, *self.keys))

    @property
    def pk_lookup(self) -> str:
        return "__".join((*self.hops, "pk"))


@dataclass
class GeoValue:
    """geo.distance or geo.length over one geometry property: computed in Python."""

    function: str
    path: ResolvedPath | None
    other: Any  # the literal geometry (geo.distance) or None


@dataclass
class Operand:
    kind: str
    pos: int
    expr: Any = None
    const: Any = NOTHING
    path: ResolvedPath | None = None
    q: Q | None = None  # for a boolean that is a condition
    geo: GeoValue | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_const(self) -> bool:
        return self.const is not NOTHING


def constant(value: Any, kind: str, pos: int) -> Operand:
    return Operand(kind, pos, const=value)


def type_error(message: str, pos: int) -> ExprError:
    return ExprError(message, pos)


class JsonText(Func):
    """A JSON scalar as text: "abc" becomes abc (for Observation.result_json)."""

    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="JSON_EXTRACT(%(expressions)s, '$')")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s #>> '{}')")


def expression(op: Operand, kind: str) -> Any:
    """``op`` as an SQL expression of ``kind`` (a constant becomes a typed Value)."""
    if op.is_const:
        return value_of(op.const, kind)
    if op.kind in {"json", "result"}:
        return json_as(op, kind)
    if op.expr is None:
        raise ExprError(
            _("a %(kind)s cannot be used here") % {"kind": KIND_NAMES.get(op.kind, op.kind)},
            op.pos,
        )
    return op.expr


def value_of(value: Any, kind: str) -> Value:
    if kind == "number" and isinstance(value, bool):
        value = int(value)
    if kind == "datetime" and isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if kind == "date" and isinstance(value, datetime):
        value = value.astimezone(UTC).date()
    if kind == "string" and not isinstance(value, str):
        value = str(value)
    output = {"number": FloatField() if isinstance(value, float) else None}.get(kind)
    return Value(value, output_field=output) if output is not None else Value(value)


def json_as(op: Operand, kind: str) -> Any:
    """A JSON property (or an Observation's result) read as ``kind``."""
    path = op.path
    assert path is not None and path.prop is not None
    if op.kind == "result" and not path.keys:
        if kind == "number":
            return F(path.lookup("result_number"))
        if kind == "string":
            return JsonText(F(path.lookup("result_json")))
    elif path.keys:
        column = "result_json" if op.kind == "result" else None
        if kind == "string":
            return KT(path.lookup(column))
        if kind == "number":  # NULL for a text, where a cast would be an SQL error
            return JsonScalar(ResolvedPath(path.entity, path.hops, path.prop).lookup(column),
                              path.keys, "number")
    raise ExprError(
        _("%(path)s cannot be used as a %(kind)s")
        % {"path": "/".join((path.prop.name, *path.keys)), "kind": KIND_NAMES.get(kind, kind)},
        op.pos,
    )


def python_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    if isinstance(value, timedelta):
        return "duration"
    return "geometry"
