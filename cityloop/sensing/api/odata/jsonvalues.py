"""A JSON value in a ``$filter`` read as one JSON type: a number, a text or a boolean.

Two expressions of which one is a JSON property (``properties/depth``,
``parameters/int``, ``result``) compare the way FROST-Server compares them:
by the JSON type of the values, a number with a number, a text with a text,
a boolean with a boolean. A value of another type matches nothing (``4`` is
not ``'4'``), and reading a text as a number gives NULL instead of an SQL
error, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Expression, F, FloatField, IntegerField, TextField
from django.db.models.fields.json import compile_json_path  # type: ignore[attr-defined]

# The SQL of each type: CASE on the JSON type, the value or NULL.
_SQLITE = {
    "number": "CASE WHEN JSON_TYPE({col}, %s) IN ('integer', 'real') "
              "THEN JSON_EXTRACT({col}, %s) END",
    "string": "CASE WHEN JSON_TYPE({col}, %s) = 'text' THEN JSON_EXTRACT({col}, %s) END",
    "bool": "CASE WHEN JSON_TYPE({col}, %s) = 'true' THEN 1 "
            "WHEN JSON_TYPE({col}, %s) = 'false' THEN 0 END",
    # Any scalar as text, as PostgreSQL's #>> writes it: 4, 1.5, true, abc.
    # (CAST rather than SQLite 3.38's -> operator, for older SQLite builds.)
    "text": "CASE JSON_TYPE({col}, %s) WHEN 'text' THEN JSON_EXTRACT({col}, %s) "
            "WHEN 'integer' THEN CAST(JSON_EXTRACT({col}, %s) AS TEXT) "
            "WHEN 'real' THEN CAST(JSON_EXTRACT({col}, %s) AS TEXT) "
            "WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END",
}
_POSTGRESQL = {
    "number": "CASE WHEN JSONB_TYPEOF({col} #> %s::text[]) = 'number' "
              "THEN ({col} #>> %s::text[])::double precision END",
    "string": "CASE WHEN JSONB_TYPEOF({col} #> %s::text[]) = 'string' "
              "THEN ({col} #>> %s::text[]) END",
    "bool": "CASE WHEN JSONB_TYPEOF({col} #> %s::text[]) = 'boolean' "
            "THEN CASE WHEN ({col} #>> %s::text[]) = 'true' THEN 1 ELSE 0 END END",
    "text": "CASE WHEN JSONB_TYPEOF({col} #> %s::text[]) IN ('string', 'number', 'boolean') "
            "THEN ({col} #>> %s::text[]) END",
}
_OUTPUT = {"number": FloatField, "string": TextField, "bool": IntegerField, "text": TextField}
JSON_KINDS = ("number", "string", "bool")


class JsonScalar(Expression):
    """The value at ``keys`` of the JSON column ``lookup`` if it is of ``kind``, else NULL."""

    def __init__(self, lookup: str, keys: tuple[str, ...], kind: str):
        super().__init__(output_field=_OUTPUT[kind]())
        self.column: Any = F(lookup)
        self.keys = keys
        self.kind = kind

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        clone: JsonScalar = self.copy()
        clone.is_summary = kwargs.get("summarize", False)
        clone.column = self.column.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        column, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            template, path = _POSTGRESQL[self.kind], list(self.keys)
        else:
            template, path = _SQLITE[self.kind], compile_json_path(list(self.keys))
        sql = template.format(col=column)
        # Each time the column appears in the template a path follows it.
        return sql, [*params, path] * template.count("{col}")
