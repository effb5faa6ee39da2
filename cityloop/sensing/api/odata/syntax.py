"""The syntax tree of a ``$filter`` or ``$orderby`` expression (OGC 18-088 §9.3.3.5).

Every node keeps the position of its first character so that errors found
after parsing (a type mismatch, an unknown property) still say where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ExprError(Exception):
    """A problem in an expression, at ``pos`` (0-based offset in the option's text)."""

    def __init__(self, message: str, pos: int):
        super().__init__(message)
        self.message = message
        self.pos = pos


@dataclass(frozen=True)
class Literal:
    kind: str  # string number bool null datetime date time duration geometry
    value: Any
    pos: int


@dataclass(frozen=True)
class Path:
    segments: tuple[str, ...]
    pos: int

    @property
    def text(self) -> str:
        return "/".join(self.segments)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int


@dataclass(frozen=True)
class Unary:
    op: str  # "not" or "-"
    operand: Node
    pos: int


@dataclass(frozen=True)
class Binary:
    op: str  # and or eq ne gt ge lt le add sub mul div mod
    left: Node
    right: Node
    pos: int


Node = Literal | Path | Call | Unary | Binary

COMPARISONS = frozenset({"eq", "ne", "gt", "ge", "lt", "le"})
ARITHMETIC = frozenset({"add", "sub", "mul", "div", "mod"})
LOGICAL = frozenset({"and", "or"})
