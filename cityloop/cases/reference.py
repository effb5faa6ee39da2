"""Human-friendly case references: ``2026-000123``, numbered afresh each year."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.utils import timezone

from cityloop.cases.models import ReferenceCounter

_TABLE = ReferenceCounter._meta.db_table


def next_reference(now: datetime) -> str:
    """The next reference of the year; call inside the case's transaction.

    One ``UPDATE … RETURNING`` (SQLite ≥ 3.35 and PostgreSQL) increments
    the year's counter in place, so concurrent submissions serialise on that
    row and never share a number, and a rolled-back submission gives its
    number back.
    """
    year = timezone.localtime(now).year
    sql = f"UPDATE {_TABLE} SET last = last + 1 WHERE year = %s RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [year])
        row = cursor.fetchone()
    if row is None:
        ReferenceCounter.objects.get_or_create(year=year, defaults={"last": 0})
        return next_reference(now)
    return f"{year}-{row[0]:06d}"
