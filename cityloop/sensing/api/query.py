"""Running a collection query: ``$filter``, ``$orderby``, ``$count``, ``$skip``/``$top``
and server-driven paging with ``@iot.nextLink`` (OGC 18-088 §9.3.3).

Pages are ordered by the requested order and then by id, so paging is
stable. When the order is by id alone (the default) the next page starts
after the last id seen (``$skiptoken``, the OData system query option for
server-driven paging) instead of skipping rows again: a keyset, cheap at
any depth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F

from cityloop.sensing.api import scope
from cityloop.sensing.api.odata.compile import Compiler
from cityloop.sensing.api.odata.syntax import ExprError, Path
from cityloop.sensing.api.options import Options, expression_error

# The annotation of a collection whose default order is by a rank in its link table
# (``Nav.ranked``: a MultiDatastream's ObservedProperties, in the order of its results).
RANK = "_sta_rank"


@dataclass
class Page:
    rows: list[models.Model]
    count: int | None
    next_query: dict[str, str] | None  # the query string of the next page, if any


def filtered(rows: Any, options: Options, label: str = "") -> Any:
    if options.filter is None:
        return rows
    compiler = Compiler(options.entity)
    try:
        condition = compiler.condition(options.filter)
    except ExprError as exc:
        raise expression_error(label + "$filter", exc) from None
    if compiler.many:
        # A path through a to-many relation joins several rows per entity: keep each once.
        matching = scope.rows(options.entity.model).filter(condition).values("pk")
        return rows.filter(pk__in=matching)
    return rows.filter(condition)


def ordering(options: Options, label: str = "") -> list[Any]:
    compiler = Compiler(options.entity)
    orders = []
    try:
        for node, descending in options.orderby:
            orders.append(compiler.ordering(node, descending))
    except ExprError as exc:
        raise expression_error(label + "$orderby", exc) from None
    if not _by_id(options):
        # Ties broken by id, in the direction of the last key (one index scan can serve both).
        last_descending = bool(options.orderby) and options.orderby[-1][1]
        orders.append(F("pk").desc() if last_descending else F("pk").asc())
    return orders


def _by_id(options: Options) -> bool:
    return bool(options.orderby) and all(
        isinstance(node, Path) and node.segments in {("id",), ("@iot.id",)}
        for node, _desc in options.orderby
    )


def keyset(options: Options) -> str | None:
    """"asc" or "desc" when the order is by id alone, so pages can follow the last id."""
    if not options.orderby:
        return "asc"
    if len(options.orderby) == 1 and _by_id(options):
        return "desc" if options.orderby[0][1] else "asc"
    return None


def default_ranked(rows: Any, options: Options) -> bool:
    """Whether ``rows`` go in their rank's order (no ``$orderby``, and a ``RANK``)."""
    return not options.orderby and RANK in rows.query.annotations


def page(rows: Any, options: Options) -> Page:
    rows = filtered(rows, options)
    count = rows.count() if options.count else None
    ranked = default_ranked(rows, options)
    direction = None if ranked else keyset(options)
    if options.skiptoken is not None and direction is not None:
        rows = rows.filter(**{"pk__gt" if direction == "asc" else "pk__lt": options.skiptoken})
    rows = rows.order_by(*([F(RANK).asc(), F("pk").asc()] if ranked else ordering(options)))
    size = options.page_size
    found = list(rows[options.skip:options.skip + size + 1])
    more = len(found) > size
    found = found[:size]
    next_query = None
    if more and found:
        next_query = dict(options.texts)
        if options.top is not None:  # as FROST-Server: the next page of the same size
            next_query["$top"] = str(size)
        if direction is not None:
            next_query.pop("$skip", None)
            next_query["$skiptoken"] = str(found[-1].pk)
        else:
            next_query["$skip"] = str(options.skip + size)
    return Page(found, count, next_query)
