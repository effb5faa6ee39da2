"""Comparing two expressions of which at least one is a JSON value (FROST-Server's way).

``result eq result``, ``parameters/int eq result``,
``parameters/site eq Datastream/Thing/properties/site``: each side is read
as each JSON type it can have (``jsonvalues``) and the two compare where
their types agree: numbers as numbers, texts as texts, booleans as booleans
(``eq``/``ne`` only). Against a text that is not JSON (``name``,
``tolower(...)``) a JSON value is read as its text, as FROST reads it
(``properties/depth eq substring('x4', 1)`` holds for the number 4). Two
JSON values of different types never compare: FROST compares two JSON
values by their text, which orders 10 before 9; we keep numbers numeric.
``ne`` holds when both sides have a value and they are not equal, so
``result ne parameters/int`` keeps a text result, as ``result ne 3`` does.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import F, Q
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    IsNull,
    LessThan,
    LessThanOrEqual,
)
from django.utils.translation import gettext as _

from cityloop.sensing.api.odata.jsonvalues import JSON_KINDS, JsonScalar
from cityloop.sensing.api.odata.operand import KIND_NAMES, Operand, expression
from cityloop.sensing.api.odata.syntax import ExprError

# The comparison operators as lookups, for this module and compile.py.
LOOKUPS = {
    "eq": Exact, "gt": GreaterThan, "ge": GreaterThanOrEqual, "lt": LessThan,
    "le": LessThanOrEqual,
}


def typed_forms(operand: Operand) -> dict[str, object]:
    """The SQL expressions of ``operand`` per JSON type it may hold (NULL when it does not)."""
    if operand.kind not in {"json", "result"}:
        if operand.is_const and isinstance(operand.const, str):
            return {"string": expression(operand, "string")}
        if operand.kind in {"number", "string"}:
            return {operand.kind: expression(operand, operand.kind)}
        return {}
    path = operand.path
    assert path is not None and path.prop is not None
    if operand.kind == "json" and not path.keys and path.prop.is_object:
        raise ExprError(
            _("%(name)s is an object; compare one of its members, such as %(name)s/name")
            % {"name": path.prop.name}, operand.pos,
        )
    column = replace(path, keys=()).lookup("result_json" if operand.kind == "result" else None)
    forms: dict[str, object] = {kind: JsonScalar(column, path.keys, kind) for kind in JSON_KINDS}
    if operand.kind == "result" and not path.keys:
        forms["number"] = F(path.lookup("result_number"))  # numbers have their own column
    return forms


def compare_typed(op: str, left: Operand, right: Operand, pos: int) -> Q:
    lforms, rforms = typed_forms(left), typed_forms(right)
    # Against a text that is not JSON (name, tolower(...)), FROST-Server reads a JSON
    # value as its text: properties/depth eq '4' holds for the number 4.
    if "number" not in rforms and "string" in rforms and left.kind in {"json", "result"}:
        lforms = {"string": _as_text(left, lforms)}
    elif "number" not in lforms and "string" in lforms and right.kind in {"json", "result"}:
        rforms = {"string": _as_text(right, rforms)}
    kinds = [k for k in JSON_KINDS if k in lforms and k in rforms
             and (k != "bool" or op in {"eq", "ne"})]
    if not kinds:
        other = right if left.kind in {"json", "result"} else left
        raise ExprError(
            _("cannot compare a JSON value with a %(kind)s")
            % {"kind": KIND_NAMES.get(other.kind, other.kind)}, pos,
        )
    lookup = LOOKUPS["eq" if op == "ne" else op]
    matched = Q(pk__in=[])
    for kind in kinds:
        lhs, rhs = lforms[kind], rforms[kind]
        # Both present first: each term is then true or false, never NULL, so ``ne``
        # below (a negation) is exact.
        matched |= Q(IsNull(lhs, False)) & Q(IsNull(rhs, False)) & Q(lookup(lhs, rhs))
    if op != "ne":
        return matched
    return _present(lforms) & _present(rforms) & ~matched


def _as_text(operand: Operand, forms: dict[str, object]) -> object:
    path = operand.path
    assert path is not None
    if operand.kind == "result" and not path.keys:
        return forms["string"]  # a numeric result is in its own column: not a text
    column = replace(path, keys=()).lookup("result_json" if operand.kind == "result" else None)
    return JsonScalar(column, path.keys, "text")


def _present(forms: dict[str, object]) -> Q:
    present = Q(pk__in=[])
    for form in forms.values():
        present |= Q(IsNull(form, False))
    return present
