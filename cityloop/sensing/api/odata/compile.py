"""Compile a parsed ``$filter`` (or ``$orderby``) into Django query expressions.

Comparisons, logic, arithmetic and the string, time and math functions run
in the database; geospatial functions are evaluated by ``geo`` and come
back as lists of ids. Each sub-expression is typed (``operand``) so a
comparison of a name with a number is a clear 400, not a database error.
Constants are folded in Python (``now() sub duration'P1D'`` is one time).
"""

from __future__ import annotations

import operator
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
)
from django.db.models.functions import Coalesce, Mod
from django.db.models.lookups import (
    Exact,
    IsNull,
)
from django.utils.translation import gettext as _

from cityloop.sensing.api import scope
from cityloop.sensing.api.odata import geocompile
from cityloop.sensing.api.odata.folding import (
    FALSE,
    TRUE,
    const_arithmetic,
    const_compare,
    id_value,
)
from cityloop.sensing.api.odata.functions import FUNCTIONS, GEO_BOOLEAN, GEO_NUMERIC
from cityloop.sensing.api.odata.jsoncompare import LOOKUPS, compare_typed
from cityloop.sensing.api.odata.operand import (
    KIND_NAMES,
    Operand,
    ResolvedPath,
    constant,
    expression,
    python_kind,
)
from cityloop.sensing.api.odata.syntax import (
    ARITHMETIC,
    COMPARISONS,
    Binary,
    Call,
    ExprError,
    Literal,
    Node,
    Path,
    Unary,
)
from cityloop.sensing.api.schema import ID_NAMES, EntityType, target

DJANGO_OPS = {"eq": "exact", "gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}
FLIPPED = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
_TEMPORAL = {"datepart": {"datetime", "date"}, "clockpart": {"datetime", "time"}}
_COMPATIBLE = {
    ("number", "number"), ("string", "string"), ("datetime", "datetime"), ("date", "date"),
    ("time", "time"), ("bool", "bool"), ("duration", "duration"), ("datetime", "date"),
    ("date", "datetime"),
}


def kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))


class Compiler:
    def __init__(self, entity: EntityType):
        self.entity = entity
        self.many = False  # some path crosses a to-many relation
        # (lookup prefix, entity) of each to-many hop crossed, for the reader's guard
        self.crossed: list[tuple[str, EntityType]] = []

    # -- paths ---------------------------------------------------------------------------

    def resolve(self, path: Path) -> ResolvedPath:
        entity, hops, many = self.entity, [], False
        segments = list(path.segments)
        for index, segment in enumerate(segments):
            nav = entity.nav(segment)
            if nav is not None:
                hops.append(nav.accessor)
                many = many or nav.many
                entity = target(nav)
                if nav.many:
                    self.crossed.append(("__".join(hops), entity))
                continue
            rest = tuple(segments[index + 1:])
            if segment in ID_NAMES and not rest:
                return ResolvedPath(entity, tuple(hops), None, many=many)
            prop = entity.props.get(segment)
            if prop is None:
                raise ExprError(
                    _("%(entity)s has no property or navigation property %(name)s")
                    % {"entity": entity.name, "name": repr(segment)}, path.pos,
                )
            if rest and prop.kind not in {"json", "result"}:
                raise ExprError(
                    _("%(name)s has no sub-properties") % {"name": prop.name}, path.pos
                )
            if any("__" in key or not key for key in rest):
                # Django reads "__" in a lookup as a separator: such keys cannot be named.
                raise ExprError(_("a property name may not contain '__'"), path.pos)
            return ResolvedPath(entity, tuple(hops), prop, rest, many)
        raise ExprError(
            _("%(path)s is an entity; name one of its properties, such as %(path)s/id")
            % {"path": path.text}, path.pos,
        )

    def path_operand(self, path: Path) -> Operand:
        resolved = self.resolve(path)
        self.many = self.many or resolved.many
        prop = resolved.prop
        if prop is None:
            return Operand("number", path.pos, expr=F(resolved.pk_lookup), path=resolved,
                           extra={"id": True})
        if prop.kind == "string":
            return Operand("string", path.pos, expr=F(resolved.lookup()), path=resolved)
        if prop.kind in {"datetime", "interval", "time"}:
            return Operand("datetime", path.pos, expr=F(resolved.lookup()), path=resolved)
        if prop.kind == "geometry":
            return Operand("geometry", path.pos, path=resolved)
        return Operand(prop.kind, path.pos, path=resolved)  # json, result

    # -- boolean expressions -----------------------------------------------------------

    def condition(self, node: Node) -> Q:
        if isinstance(node, Binary) and node.op in {"and", "or"}:
            left, right = self.condition(node.left), self.condition(node.right)
            return left & right if node.op == "and" else left | right
        if isinstance(node, Unary) and node.op == "not":
            return ~self.condition(node.operand)
        mark = len(self.crossed)
        operand = self.operand(node)
        if operand.q is not None:
            return operand.q & scope.guard(self.crossed[mark:])
        if operand.is_const and isinstance(operand.const, bool):
            return TRUE if operand.const else FALSE
        raise ExprError(
            _("expected a condition (true or false), found a %(kind)s")
            % {"kind": kind_name(operand.kind)}, _pos(node),
        )

    def operand(self, node: Node) -> Operand:
        if isinstance(node, Literal):
            return constant(node.value, node.kind, node.pos)
        if isinstance(node, Path):
            return self.path_operand(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Unary):
            if node.op == "not":
                return Operand("bool", node.pos, q=self.condition(node))
            inner = self.operand(node.operand)
            if inner.is_const and isinstance(inner.const, int | float):
                return constant(-inner.const, "number", node.pos)
            self.need(inner, "number", node.pos)
            return Operand("number", node.pos, expr=expression(inner, "number") * -1)
        if node.op in {"and", "or"}:
            return Operand("bool", node.pos, q=self.condition(node))
        if node.op in COMPARISONS:
            return self.compare(node)
        if node.op in ARITHMETIC:
            return self.arithmetic(node)
        raise ExprError(_("unknown operator %(op)s") % {"op": node.op}, node.pos)

    # -- comparisons -------------------------------------------------------------------

    def compare(self, node: Binary) -> Operand:
        op, left, right = node.op, self.operand(node.left), self.operand(node.right)
        if left.is_const and not right.is_const:
            op, left, right = FLIPPED[op], right, left
        return Operand("bool", node.pos, q=self.compare_operands(op, left, right, node.pos))

    def compare_operands(self, op: str, left: Operand, right: Operand, pos: int) -> Q:
        if right.geo is not None or left.geo is not None:
            return geocompile.compare_numeric(self, op, left, right, pos)
        if left.is_const and right.is_const:
            return const_compare(op, left.const, right.const, pos)
        if right.is_const and right.const is None:
            return self.compare_null(op, left, pos)
        if left.q is not None or right.q is not None:
            return self.compare_conditions(op, left, right, pos)
        if left.kind in {"json", "result"} and right.is_const:
            return self.compare_json(op, left, right, pos)
        if left.kind in {"json", "result"} or right.kind in {"json", "result"}:
            return compare_typed(op, left, right, pos)
        if left.path is not None and left.extra.get("id") and right.is_const:
            right = constant(id_value(right.const, pos), "number", right.pos)
        if (left.path is not None and left.path.prop is not None
                and len(left.path.prop.fields) == 2 and right.is_const):
            return self.compare_interval(op, left, right, pos)
        kind = self.common_kind(left, right, pos)
        lhs, rhs = expression(left, kind), expression(right, kind)
        if op == "ne":
            return ~Q(Exact(lhs, rhs))
        return Q(LOOKUPS[op](lhs, rhs))

    def common_kind(self, left: Operand, right: Operand, pos: int) -> str:
        if left.kind in {"json", "result"} and right.kind in {"json", "result"}:
            return "string"
        if left.kind in {"json", "result"}:
            return right.kind
        if right.kind in {"json", "result"}:
            return left.kind
        if (left.kind, right.kind) not in _COMPATIBLE:
            raise ExprError(
                _("cannot compare a %(left)s with a %(right)s")
                % {"left": kind_name(left.kind), "right": kind_name(right.kind)}, pos,
            )
        return left.kind if not left.is_const else right.kind

    def compare_null(self, op: str, left: Operand, pos: int) -> Q:
        if op not in {"eq", "ne"}:
            raise ExprError(_("null can only be compared with eq or ne"), pos)
        if left.path is not None:
            lookup = left.path.lookup("result_json" if left.kind == "result" else None)
            if left.kind == "result" and not left.path.keys:
                isnull = Q(result_number__isnull=True, result_json__isnull=True)
                return isnull if op == "eq" else ~isnull
            return Q(**{f"{lookup}__isnull": op == "eq"})
        if left.q is not None:
            return FALSE if op == "eq" else TRUE
        return Q(IsNull(expression(left, left.kind), op == "eq"))

    def compare_conditions(self, op: str, left: Operand, right: Operand, pos: int) -> Q:
        if op in {"eq", "ne"} and right.is_const and isinstance(right.const, bool):
            assert left.q is not None
            return left.q if right.const == (op == "eq") else ~left.q
        raise ExprError(_("a condition can only be compared with true or false"), pos)

    def compare_json(self, op: str, left: Operand, right: Operand, pos: int) -> Q:
        """A JSON property (or result) against a constant: the constant says the type."""
        assert left.path is not None
        value = right.const
        kind = python_kind(value)
        if kind not in {"number", "string", "bool"}:
            kind = "string"
            value = _as_text(value)
            right = constant(value, "string", right.pos)
        if left.kind == "result" and not left.path.keys:
            if kind == "number":
                lookup = left.path.lookup("result_number")
            elif op in {"eq", "ne"}:
                lookup = left.path.lookup("result_json")
            else:
                lhs = expression(left, "string")
                query = Q(LOOKUPS[op](lhs, value))
                return query
        else:
            if kind == "string":  # FROST reads the JSON value as its text: 4 eq '4'
                return compare_typed(op, left, right, pos)
            lookup = left.path.lookup("result_json" if left.kind == "result" else None)
        if kind == "bool" and op not in {"eq", "ne"}:
            raise ExprError(_("true and false can only be compared with eq or ne"), pos)
        django_op = DJANGO_OPS["eq" if op == "ne" else op]
        query = Q(**{f"{lookup}__{django_op}": value})
        return ~query if op == "ne" else query

    def compare_interval(self, op: str, left: Operand, right: Operand, pos: int) -> Q:
        """A time interval against an instant (§9.3.3.5.1): gt means it starts after it,
        lt that it ends before it, eq that it is that instant."""
        assert left.path is not None and left.path.prop is not None
        if python_kind(right.const) not in {"datetime", "date"}:
            raise ExprError(
                _("cannot compare a %(left)s with a %(right)s")
                % {"left": kind_name("datetime"), "right": kind_name(python_kind(right.const))},
                pos,
            )
        instant = expression(right, "datetime")
        start_field, end_field = left.path.prop.fields
        start, end = F(left.path.lookup(start_field)), F(left.path.lookup(end_field))
        if op in {"gt", "ge"}:
            return Q(LOOKUPS[op](start, instant))
        if op in {"lt", "le"}:
            return Q(LOOKUPS[op](Coalesce(end, start), instant))
        same = Q(Exact(start, instant)) & (Q(IsNull(end, True)) | Q(Exact(end, instant)))
        return same if op == "eq" else ~same

    # -- arithmetic and functions --------------------------------------------------------

    def arithmetic(self, node: Binary) -> Operand:
        left, right = self.operand(node.left), self.operand(node.right)
        if left.is_const and right.is_const:
            return const_arithmetic(node.op, left.const, right.const, node.pos)
        if left.kind == "datetime" and right.kind == "duration" and node.op in {"add", "sub"}:
            lhs, rhs = expression(left, "datetime"), expression(right, "duration")
            combined = lhs + rhs if node.op == "add" else lhs - rhs
            return Operand("datetime", node.pos,
                           expr=ExpressionWrapper(combined, output_field=DateTimeField()))
        if left.kind == "datetime" and right.kind == "datetime" and node.op == "sub":
            # Two times: the duration between them (OData 4.01 §5.1.1.2.3), as FROST answers
            # phenomenonTime sub 2024-01-01T00:00:00Z gt duration'P1D'.
            lhs, rhs = expression(left, "datetime"), expression(right, "datetime")
            return Operand("duration", node.pos,
                           expr=ExpressionWrapper(lhs - rhs, output_field=DurationField()))
        self.need(left, "number", node.pos)
        self.need(right, "number", node.pos)
        lhs, rhs = expression(left, "number"), expression(right, "number")
        if node.op == "mod":
            return Operand("number", node.pos, expr=Mod(lhs, rhs))
        combined = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
                    "div": operator.truediv}[node.op](lhs, rhs)
        return Operand("number", node.pos,
                       expr=ExpressionWrapper(combined, output_field=FloatField()))

    def need(self, operand: Operand, kind: str, pos: int) -> None:
        if operand.kind == kind or operand.kind in {"json", "result"}:
            return
        if operand.is_const and operand.const is None:
            return
        raise ExprError(
            _("expected a %(expected)s, found a %(found)s")
            % {"expected": kind_name(kind), "found": kind_name(operand.kind)}, operand.pos,
        )

    def call(self, node: Call) -> Operand:
        if node.name in GEO_BOOLEAN or node.name in GEO_NUMERIC:
            return geocompile.call(self, node)
        function = FUNCTIONS.get(node.name)
        if function is None:
            raise ExprError(_("unknown function %(name)s") % {"name": node.name}, node.pos)
        low, high = len(function.args) - function.optional, len(function.args)
        if not low <= len(node.args) <= high:
            raise ExprError(
                _("%(name)s takes %(n)s arguments") % {
                    "name": node.name, "n": str(low) if low == high else f"{low}-{high}"},
                node.pos,
            )
        args = [self.operand(a) for a in node.args]
        kinds = [self.argument_kind(want, arg, node.name) for want, arg in zip(
            function.args, args, strict=False)]
        if all(a.is_const for a in args):
            return self.fold(function.py, args, node)
        exprs = [expression(a, k) for a, k in zip(args, kinds, strict=True)]
        start = args[1] if node.name == "substring" else None
        if start is not None and start.is_const and (start.const or 0) < 0:
            raise ExprError(_("substring: the start must be 0 or more"), start.pos)
        result = function.sql(*exprs)
        if function.result == "bool":
            return Operand("bool", node.pos, q=result)
        return Operand(function.result, node.pos, expr=result)

    def argument_kind(self, want: str, arg: Operand, name: str) -> str:
        if want in _TEMPORAL:
            if arg.kind in _TEMPORAL[want] or (arg.is_const and arg.const is None):
                return arg.kind
            if arg.kind in {"date", "time"}:  # hour(2024-05-01), year(08:00:00)
                raise ExprError(
                    _("%(name)s cannot be taken of a %(found)s")
                    % {"name": name, "found": kind_name(arg.kind)}, arg.pos)
            want = "datetime"
        if want == "datetime" and arg.kind == "date" and name in {"time", "totaloffsetminutes"}:
            raise ExprError(_("%(name)s cannot be taken of a %(found)s")
                            % {"name": name, "found": kind_name(arg.kind)}, arg.pos)
        if arg.kind == want or arg.kind in {"json", "result"} or (arg.is_const and (
            arg.const is None or (want == "datetime" and isinstance(arg.const, date))
        )):
            return want
        raise ExprError(
            _("%(name)s expects a %(expected)s here, found a %(found)s")
            % {"name": name, "expected": kind_name(want), "found": kind_name(arg.kind)},
            arg.pos,
        )

    def fold(self, py: Any, args: list[Operand], node: Call) -> Operand:
        try:
            value = py(*(a.const for a in args))
        except (ValueError, TypeError, OverflowError, AttributeError) as exc:
            raise ExprError(str(exc), node.pos) from None
        return constant(value, python_kind(value), node.pos)

    # -- ordering ----------------------------------------------------------------------

    def ordering(self, node: Node, descending: bool) -> Any:
        if not _refers_to_a_property(node):
            # A constant orders nothing; PostgreSQL refuses one ("non-integer constant
            # in ORDER BY") where SQLite ignores it, so both answer the same 400.
            raise ExprError(_("an order key must refer to a property"), _pos(node))
        operand = self.operand(node)
        if operand.path is not None and operand.path.many:
            raise ExprError(
                _("cannot order by a property of a to-many navigation property"), _pos(node)
            )
        if operand.kind in {"json", "result"}:
            assert operand.path is not None
            field = "result_number" if operand.kind == "result" and not operand.path.keys else (
                "result_json" if operand.kind == "result" else None)
            expr: Any = F(operand.path.lookup(field))
        elif operand.q is not None or operand.kind == "geometry" or operand.geo is not None:
            raise ExprError(_("cannot order by this expression"), _pos(node))
        else:
            expr = expression(operand, operand.kind)
        if _never_null(operand):
            # Plain ASC/DESC, so an index on the column can serve the order.
            return expr.desc() if descending else expr.asc()
        # Nulls sort first, as the smallest values, on SQLite and PostgreSQL alike.
        return expr.desc(nulls_last=True) if descending else expr.asc(nulls_first=True)


def _as_text(value: Any) -> str:
    """A constant that is not a JSON type, as the text a JSON value would hold it in."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)


def _pos(node: Node) -> int:
    return node.pos


def _refers_to_a_property(node: Node) -> bool:
    if isinstance(node, Path):
        return True
    if isinstance(node, Call):
        return any(_refers_to_a_property(arg) for arg in node.args)
    if isinstance(node, Unary):
        return _refers_to_a_property(node.operand)
    if isinstance(node, Binary):
        return _refers_to_a_property(node.left) or _refers_to_a_property(node.right)
    return False


def _never_null(operand: Operand) -> bool:
    path = operand.path
    if path is None or path.hops or path.keys or operand.kind in {"json", "result"}:
        return False
    if path.prop is None:
        return True
    return not path.entity.model._meta.get_field(path.prop.field).null
