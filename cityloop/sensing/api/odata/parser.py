"""A Pratt parser for ``$filter`` and ``$orderby`` expressions (OGC 18-088 §9.3.3.5).

Operator precedence is OData 4's (URL conventions §5.1.1.16), loosest first:
``or``, ``and``, ``eq ne``, ``gt ge lt le``, ``add sub``, ``mul div mod``,
then the unary ``-``. ``not`` applies to the comparison after it, so
``not name eq 'x' and ...`` reads as ``(not (name eq 'x')) and ...``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cityloop.sensing.api.odata.lexer import Token, tokenize
from cityloop.sensing.api.odata.syntax import Binary, Call, ExprError, Literal, Node, Path, Unary

_BINDING = {
    "or": 1, "and": 2, "eq": 3, "ne": 3, "gt": 4, "ge": 4, "lt": 4, "le": 4,
    "add": 5, "sub": 5, "mul": 6, "div": 6, "mod": 6,
}
_NOT_BINDS = 2  # `not` takes everything up to the next `and`/`or`
_UNARY_MINUS_BINDS = 6
MAX_DEPTH = 100  # a bound on nesting, so a hostile expression cannot exhaust the stack
# A bound on size: `a or b or c ...` nests no brackets but builds a tree as deep as it is
# long, which compiling and the database walk recursively. 125 `id eq n` terms fit.
MAX_NODES = 500
MAX_TREE_DEPTH = 200


class Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.nodes = 0
        self.heights: dict[int, int] = {}  # id(node) -> depth of its tree, while parsing

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def expect(self, kind: str) -> Token:
        if self.token.kind != kind:
            raise ExprError(_("expected %(what)s") % {"what": f"'{kind}'"}, self.token.pos)
        return self.advance()

    def expression(self, binding: int = 0) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(_("the expression is nested too deeply"), self.token.pos)
        left = self.prefix()
        while self.token.kind == "op" and _BINDING.get(str(self.token.value), 0) > binding:
            op_token = self.advance()
            op = str(op_token.value)
            right = self.expression(_BINDING[op])
            left = self.grown(Binary(op, left, right, op_token.pos), left, right)
        self.depth -= 1
        return left

    def grown(self, node: Node, *children: Node) -> Node:
        """Count ``node`` against the size bounds; its tree depth is kept on it."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ExprError(_("the expression is too large: more than %(n)s terms")
                            % {"n": MAX_NODES}, node.pos)
        height = 1 + max((self.heights.get(id(child), 1) for child in children), default=0)
        if height > MAX_TREE_DEPTH:
            raise ExprError(_("the expression is too large: more than %(n)s operations "
                              "inside one another") % {"n": MAX_TREE_DEPTH}, node.pos)
        self.heights[id(node)] = height
        return node

    def prefix(self) -> Node:
        node = self._prefix()
        if isinstance(node, Literal | Path):
            return self.grown(node)
        if isinstance(node, Call):
            return self.grown(node, *node.args)
        return node  # a bracketed expression or a unary operation, counted already

    def _prefix(self) -> Node:
        token = self.token
        if token.kind == "literal":
            self.advance()
            return Literal(token.literal, token.value, token.pos)
        if token.kind == "(":
            self.advance()
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "op" and token.value == "not":
            self.advance()
            inner = self.expression(_NOT_BINDS)
            return self.grown(Unary("not", inner, token.pos), inner)
        if token.kind == "op" and token.value == "-":
            self.advance()
            inner = self.expression(_UNARY_MINUS_BINDS)
            return self.grown(Unary("-", inner, token.pos), inner)
        if token.kind == "ident":
            return self.identifier()
        if token.kind == "end":
            raise ExprError(_("the expression ends where a value was expected"), token.pos)
        raise ExprError(
            _("expected a value, found %(found)s") % {"found": repr(token.text)}, token.pos
        )

    def identifier(self) -> Node:
        first = self.advance()
        if self.token.kind == "(":
            return self.call(first)
        segments = [str(first.value)]
        while self.token.kind == "/":
            self.advance()
            if self.token.kind != "ident":
                raise ExprError(_("expected a property name after '/'"), self.token.pos)
            segments.append(str(self.advance().value))
        return Path(tuple(segments), first.pos)

    def call(self, name: Token) -> Node:
        self.expect("(")
        args: list[Node] = []
        if self.token.kind != ")":
            args.append(self.expression())
            while self.token.kind == ",":
                self.advance()
                args.append(self.expression())
        if self.token.kind != ")":
            raise ExprError(_("expected %(what)s") % {"what": "')' or ','"}, self.token.pos)
        self.advance()
        return Call(str(name.value).lower(), tuple(args), name.pos)

    def finish(self) -> None:
        if self.token.kind != "end":
            raise ExprError(
                _("unexpected %(found)s after the end of the expression")
                % {"found": repr(self.token.text)},
                self.token.pos,
            )


def parse_filter(text: str) -> Node:
    parser = Parser(text)
    node = parser.expression()
    parser.finish()
    return node


def parse_orderby(text: str) -> list[tuple[Node, bool]]:
    """``expr [asc|desc], ...`` as (expression, descending) pairs."""
    parser = Parser(text)
    items: list[tuple[Node, bool]] = []
    while True:
        node = parser.expression()
        descending = False
        token = parser.token
        if token.kind == "ident" and str(token.value).lower() in {"asc", "desc"}:
            descending = str(parser.advance().value).lower() == "desc"
        items.append((node, descending))
        if parser.token.kind == ",":
            parser.advance()
            continue
        parser.finish()
        return items
