"""``$expand`` (OGC 18-088 §9.3.2.1): related entities fetched one query per level.

For a to-many navigation property, one query fetches the page of children
of every parent on the page at once, so ``$top``/``$skip``/``$orderby``
apply per parent (``$expand=Datastreams($expand=Observations($top=1;
$orderby=phenomenonTime desc))`` is the latest observation of every
datastream); ``$count`` is one grouped count. No query per parent, at any
depth (``pages.per_parent``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import models
from django.db.models import Count, F

from cityloop.sensing.api import pages, scope
from cityloop.sensing.api.options import Expand, Options
from cityloop.sensing.api.query import RANK, filtered, ordering
from cityloop.sensing.api.schema import EntityType, Nav, target
from cityloop.sensing.api.serialize import Links


def expand(rows: list[models.Model], entity: EntityType, expands: list[Expand], links: Links,
           label: str = "") -> None:
    for item in expands:
        nav = entity.navs[item.nav]
        inner_label = f"{label}$expand={item.nav}: "
        if nav.many:
            children = _many(rows, entity, nav, item.options, links, inner_label)
        else:
            children = _one(rows, nav, item.options, inner_label)
        if item.options.expand and children:
            expand(children, target(nav), item.options.expand, links, inner_label)


def _attach(obj: models.Model, name: str, value: Any, meta: dict[str, Any] | None = None) -> None:
    if not hasattr(obj, "_sta_expanded"):
        obj._sta_expanded = {}  # type: ignore[attr-defined]
        obj._sta_meta = {}  # type: ignore[attr-defined]
    obj._sta_expanded[name] = value  # type: ignore[attr-defined]
    if meta is not None:
        obj._sta_meta[name] = meta  # type: ignore[attr-defined]


def _one(rows: list[models.Model], nav: Nav, options: Options, label: str) -> list[models.Model]:
    child = target(nav)
    attname = f"{nav.accessor}_id"
    ids = {getattr(r, attname) for r in rows} - {None}
    found = {o.pk: o for o in filtered(scope.rows(child.model).filter(pk__in=ids), options,
                                       label)}
    for row in rows:
        _attach(row, nav.name, found.get(getattr(row, attname)))
    return list(found.values())


def _many(rows: list[models.Model], entity: EntityType, nav: Nav, options: Options,
          links: Links, label: str) -> list[models.Model]:
    if not rows:
        return []
    child = target(nav)
    parents = list(dict.fromkeys(r.pk for r in rows))
    base = scope.rows(child.model).annotate(_sta_parent=F(nav.reverse))
    order = ordering(options, label)
    if nav.ranked and not options.orderby:
        base = base.annotate(**{RANK: F(nav.ranked)})
        order = [F(RANK).asc(), F("pk").asc()]
    base = filtered(base, options, label)
    counts: dict[Any, int] = {}
    if options.count:
        counts = {
            row["_sta_parent"]: row["n"]
            for row in base.filter(_sta_parent__in=parents).order_by().values("_sta_parent")
            .annotate(n=Count("pk"))
        }
    size, skip = options.page_size, options.skip
    by_parent: dict[Any, list[models.Model]] = defaultdict(list)
    for obj in pages.per_parent(base, parents, order, skip, size + 1):
        by_parent[obj._sta_parent].append(obj)
    children: list[models.Model] = []
    for row in rows:
        found = by_parent.get(row.pk, [])
        meta: dict[str, Any] = {}
        if options.count:
            meta["count"] = counts.get(row.pk, 0)
        if len(found) > size:
            found = found[:size]
            query = {k: v for k, v in options.texts.items() if k != "$skip"}
            query["$skip"] = str(skip + size)
            query["$top"] = str(size)
            meta["next"] = links.collection(f"{entity.set_name}({row.pk})/{nav.name}", query)
        _attach(row, nav.name, found, meta)
        children.extend(found)
    return children
