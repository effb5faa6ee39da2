"""The database side of GET requests, requests/{id}, tokens and servicerequestupdates.

Built for a million cases: the page of cases is one ``values()`` query
without joins, ordered by ``created_at`` so the ``case_created``,
``case_category_created`` and ``case_status_created`` indexes answer it;
what hangs off the page (public updates, public photos, areas) is fetched
in one query each for the whole page, never per case. Categories and
departments come from the in-memory catalogue snapshot.

Nothing private is ever selected: no contacts, no internal notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Lookup, OuterRef, Q, QuerySet, Subquery
from django.db.models.sql.compiler import SQLCompiler

from cityloop.cases import photos
from cityloop.cases.models import CLOSED_STATUSES, OPEN_STATUSES, Case, CaseEvent, CaseMedia
from cityloop.cases.policy import public
from cityloop.geo.models import Area

# The columns a request is made of; contacts and internal notes are not here.
CASE_FIELDS = (
    "id", "reference", "status", "category_id", "description", "department_id",
    "created_at", "updated_at", "due_at", "address", "address_id", "lat", "lon",
)
EXTENDED_FIELDS = ("channel", "priority", "area_id", "rating")
DETAILED = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}


@dataclass(frozen=True)
class RequestFilter:
    start: datetime
    end: datetime
    category_ids: list[int]
    statuses: tuple[str, ...]  # "open", "closed"; empty for both


def case_rows(
    qs: QuerySet[Case], offset: int, limit: int, extended: bool
) -> list[dict[str, Any]]:
    """A page of cases as plain dicts, newest first.

    The plain view also brings each case's latest public update text and
    the id of its first public photo, as correlated subqueries the database
    answers from its indexes for the page's rows only (``photos_by_id`` then
    fetches the few photos in one query). The extended view fetches the
    whole public history per page instead (``public_events``).
    """
    fields: tuple[str, ...] = CASE_FIELDS + EXTENDED_FIELDS if extended else CASE_FIELDS
    # Newest first; the id breaks ties so that pages never overlap.
    ordered = qs.order_by("-created_at", "-id")
    if not extended:
        ordered = ordered.annotate(
            status_notes=Subquery(_latest_public_text()),
            photo_id=Subquery(_first_photo()),
        )
        fields += ("status_notes", "photo_id")
    return _fetch(ordered.values(*fields)[offset : offset + limit])


def _latest_public_text() -> QuerySet[CaseEvent, Any]:
    return (
        CaseEvent.objects.filter(case_id=OuterRef("pk"))
        .exclude(public_text="")
        .order_by("-seq")
        .values("public_text")[:1]
    )


def _first_photo() -> QuerySet[CaseMedia, Any]:
    return (
        CaseMedia.objects.filter(public.PUBLIC_PHOTO, case_id=OuterRef("pk"))
        .order_by("created_at", "id")
        .values("id")[:1]
    )


def _fetch(qs: QuerySet[Any]) -> list[dict[str, Any]]:
    """Rows of a ``values()`` query, read straight from the cursor.

    Django's per-value converters cost more than the query itself for a
    page of a thousand; the only conversion these columns need is making
    SQLite's naive UTC datetimes (or text) aware.
    """
    try:
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:  # e.g. reference__in=[]: nothing can match
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    out = [dict(zip(names, row, strict=True)) for row in rows]
    for row in out:
        for name in _TIMES:
            value = row.get(name)
            if isinstance(value, str):
                value = datetime.fromisoformat(value)
            if isinstance(value, datetime) and value.tzinfo is None:
                row[name] = value.replace(tzinfo=UTC)
    return out


_TIMES = ("created_at", "updated_at", "due_at")


def filtered(f: RequestFilter) -> QuerySet[Case]:
    qs = Case.objects.filter(created_at__gte=f.start, created_at__lte=f.end)
    if f.category_ids:
        qs = qs.filter(category_id__in=f.category_ids)
    if len(f.statuses) == 1:
        qs = qs.filter(status__in=DETAILED[f.statuses[0]])
    return qs


def by_references(references: Iterable[str]) -> QuerySet[Case]:
    return Case.objects.filter(reference__in=list(references))


def reference_of_token(token: str) -> str | None:
    return Case.objects.filter(token=token).values_list("reference", flat=True).first()


class _AnyOf(Lookup):
    """``column = ANY(array)``: a whole page of ids as one parameter (PostgreSQL).

    A thousand-item ``IN (%s, ...)`` costs more to build, send and parse
    than the lookup itself; one array parameter does not.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    # Any: the stubs allow only scalar parameters, and this one is a list.
    def as_sql(self, compiler: SQLCompiler, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, list(self.rhs))


def _case_in(case_ids: list[int]) -> Q | Lookup:
    if connection.vendor == "postgresql":
        return _AnyOf(F("case_id"), case_ids)
    return Q(case_id__in=case_ids)


def public_events(case_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each case's public history, oldest first."""
    rows = (
        CaseEvent.objects.filter(_case_in(case_ids))
        .filter(public.PUBLIC_EVENT)
        .order_by("case_id", "seq")
        .values("case_id", "at", "action", "to_status", "public_text")
    )
    events: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        events[row["case_id"]].append(dict(row))
    return events


def public_photos(case_ids: list[int]) -> dict[int, list[str]]:
    """The URLs of each case's public photos, oldest first."""
    rows = (
        CaseMedia.objects.filter(_case_in(case_ids))
        .filter(public.PUBLIC_PHOTO)
        .order_by("case_id", "created_at", "id")
        .values_list("id", "case_id", "url", "file")
    )
    found: dict[int, list[str]] = defaultdict(list)
    root = photos.public_root(absolute=True)
    for pk, case_id, url, file in rows:
        found[case_id].append(media_url(pk, url, file, root))
    return found


def photos_by_id(media_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Public photos by id: (case id, URL)."""
    if not media_ids:
        return {}
    rows = CaseMedia.objects.filter(public.PUBLIC_PHOTO, pk__in=media_ids).values_list(
        "pk", "case_id", "url", "file"
    )
    root = photos.public_root(absolute=True)
    return {pk: (case_id, media_url(pk, url, file, root)) for pk, case_id, url, file in rows}


def media_url(pk: int, url: str, file: str, root: str) -> str:
    """A public photo's absolute address: its own when kept elsewhere (an app
    sent a ``media_url``), else where ``cityloop serve`` serves it (``root``:
    ``photos.public_root(absolute=True)``, taken once per page)."""
    return url or photos.public_url(pk, file, root=root)


def area_codes(area_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {pk for pk in area_ids if pk is not None}
    if not wanted:
        return {}
    return dict(Area.objects.filter(pk__in=wanted).values_list("id", "code"))


def update_rows(start: datetime, end: datetime, offset: int, limit: int) -> list[dict[str, Any]]:
    """Public updates in a period, oldest first (the ``event_at`` index)."""
    rows = (
        CaseEvent.objects.filter(at__gte=start, at__lte=end)
        .filter(public.PUBLIC_EVENT)
        .order_by("at", "id")
        .values("id", "case_id", "at", "to_status", "public_text", "data",
                "case__reference", "case__category_id")
    )
    return [dict(row) for row in rows[offset : offset + limit]]
