"""Constant folding for ``$filter``: what can be known before the database is asked.

``now() sub duration'P1D'`` is one time, ``1 div 0`` a 400 at its position,
``'1'`` compared with an id the id 1 (FROST-Server's clients quote ids).
"""

from __future__ import annotations

import operator
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from cityloop.sensing.api.odata.lexer import INT_MAX, INT_MIN
from cityloop.sensing.api.odata.operand import Operand, constant, python_kind
from cityloop.sensing.api.odata.syntax import ExprError

TRUE = Q()
FALSE = Q(pk__in=[])
PY_COMPARE = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "ge": operator.ge,
    "lt": operator.lt, "le": operator.le,
}
PY_ARITHMETIC = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "div": operator.truediv, "mod": operator.mod,
}


def id_value(value: Any, pos: int) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    try:
        return int(str(value))
    except ValueError:
        raise ExprError(_("%(value)s is not a valid id") % {"value": repr(value)}, pos) from None


def const_compare(op: str, left: Any, right: Any, pos: int) -> Q:
    if left is None or right is None:
        result = PY_COMPARE[op](left, right) if op in {"eq", "ne"} else False
        return TRUE if result else FALSE
    if isinstance(left, datetime) != isinstance(right, datetime):
        raise ExprError(_("cannot compare these two values"), pos)
    try:
        return TRUE if PY_COMPARE[op](left, right) else FALSE
    except TypeError:
        raise ExprError(_("cannot compare these two values"), pos) from None


def const_arithmetic(op: str, left: Any, right: Any, pos: int) -> Operand:
    if left is None or right is None:
        return constant(None, "null", pos)
    try:
        value = PY_ARITHMETIC[op](left, right)
    except ZeroDivisionError:
        raise ExprError(_("division by zero"), pos) from None
    except OverflowError:  # a time pushed past year 9999 or before year 1, a huge power
        raise ExprError(_("the result of %(op)s is out of range") % {"op": op}, pos) from None
    except TypeError:
        raise ExprError(_("these values cannot be combined with %(op)s") % {"op": op},
                        pos) from None
    if op == "div" and isinstance(left, int) and isinstance(right, int) and value == int(value):
        value = int(value)
    if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
        raise ExprError(_("the result of %(op)s is outside the range of 64-bit integers")
                        % {"op": op}, pos)
    return constant(value, python_kind(value), pos)
