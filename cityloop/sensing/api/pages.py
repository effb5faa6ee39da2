"""The first rows of each parent's children, for all parents in one query.

``$expand=Observations($top=1;$orderby=phenomenonTime desc)`` on a page of
datastreams wants, per datastream, a few rows at the top of an index. One
select per parent, each ``ORDER BY ... LIMIT``, joined by ``UNION ALL``,
reads just those rows (one index probe each) in one round trip; numbering
rows with a window function instead reads every observation of every
datastream first (seconds on a million rows). Django cannot write such a
union on SQLite, so the select is compiled once, for a stand-in parent, and
repeated with each parent's id in its place.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import F, OrderBy, Window
from django.db.models.functions import RowNumber

# A parent id no row has (ids are positive), standing in while the select is compiled.
_STAND_IN = -7_364_019_283


def per_parent(base: Any, parents: list[Any], orders: list[OrderBy], skip: int, limit: int
               ) -> Any:
    """Rows of ``base`` (annotated with ``_sta_parent``): ``limit`` per parent after ``skip``,
    in ``orders`` within each parent."""
    if len(parents) == 1:
        return base.filter(_sta_parent=parents[0]).order_by(*orders)[skip:skip + limit]
    keys = {f"_sta_k{i}": order.expression for i, order in enumerate(orders)}
    template = (base.filter(_sta_parent=_STAND_IN).annotate(**keys)
                .order_by(*orders)[skip:skip + limit])
    sql, params = template.query.get_compiler(using=template.db).as_sql()
    where = [i for i, value in enumerate(params) if value == _STAND_IN]
    if len(where) != 1:  # the stand-in is also in the filter: number rows instead
        return _numbered(base.filter(_sta_parent__in=parents), orders, skip, limit)
    connection = connections[template.db]
    quote = connection.ops.quote_name
    arms, all_params = [], []
    for n, parent in enumerate(parents):
        arms.append(f"SELECT * FROM ({sql}) {quote(f'sta_arm{n}')}")  # noqa: S608
        all_params += [parent if i == where[0] else value for i, value in enumerate(params)]
    order = ", ".join([quote("_sta_parent")] + [
        _order_sql(quote(name), orders[i]) for i, name in enumerate(keys)
    ])
    union = " UNION ALL ".join(arms)
    return base.model._default_manager.raw(
        f"SELECT * FROM ({union}) {quote('sta_union')} ORDER BY {order}",  # noqa: S608
        all_params,
    )


def _order_sql(column: str, order: OrderBy) -> str:
    text = f"{column} {'DESC' if order.descending else 'ASC'}"
    if order.nulls_first:
        text += " NULLS FIRST"
    elif order.nulls_last:
        text += " NULLS LAST"
    return text


def _numbered(related: Any, orders: list[OrderBy], skip: int, limit: int) -> Any:
    return related.annotate(
        _sta_row=Window(RowNumber(), partition_by=[F("_sta_parent")], order_by=orders)
    ).filter(_sta_row__gt=skip, _sta_row__lte=skip + limit).order_by("_sta_parent", "_sta_row")
