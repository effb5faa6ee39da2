"""Warnings to subscribers: one outbox message per confirmed subscription, queued in bulk.

Connected to ``warning_published`` (imported by ``WarningsConfig.ready``), so
the messages are written in the publishing transaction: a warning exists
exactly when its messages do, and a publication that fails queues nothing.

Who is told:
- an alert: every confirmed subscription to an area the warning covers
  (``warnings.areas.covered_area_ids``: its areas and every area inside them)
  or to an area around one (a district's subscriber hears of a warning for one
  of its streets, the whole city's of every warning);
- an update or a cancel: the same, plus everyone who was sent the warning it
  replaces (so a cancel reaches the people who were warned, even when the area
  changed), and never twice one subscription for one warning (a unique
  constraint on ``notify.Message``, and the query leaves those already queued);
- an exercise only subscriptions staff added (community leaders taking part in
  the drill); a draft nobody.

One ``INSERT … SELECT`` writes every message inside the database: 100,000
subscribers take well under the 10 s goal on SQLite and PostgreSQL
(``benchmarks/warnings.py``), where building rows in Python would not. Each
message is rendered by the worker, in its subscriber's language, when sent.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.dispatch import receiver
from django.utils import timezone

from cityloop.geo import index
from cityloop.notify.models import Kind, Message, MessageStatus
from cityloop.warnings.areas import covered_area_ids
from cityloop.warnings.models import Status, Warning
from cityloop.warnings.signals import warning_published
from cityloop.warnings.subscriptions.models import Fanout, Source, Subscription


def _sql(area_count: int, replaces: bool, staff_only: bool, again: bool) -> str:
    """The INSERT … SELECT of one warning's messages. Only table and column names
    (from the models) are written into the text; every value is a parameter."""
    q = connection.ops.quote_name
    message, subscription = q(Message._meta.db_table), q(Subscription._meta.db_table)
    through = q(Subscription.areas.through._meta.db_table)
    columns = ", ".join(q(c) for c in (
        "kind", "transport", "target", "language", "status", "attempts", "next_attempt_at",
        "claimed_by", "last_error", "created_at", "warning_id", "warning_subscription_id"))
    places = ", ".join(["%s"] * area_count)
    reached = []
    if area_count:
        reached.append(f"EXISTS (SELECT 1 FROM {through} t "  # noqa: S608 (names only)
                       f"WHERE t.subscription_id = s.id AND t.area_id IN ({places}))")
    if replaces:
        reached.append(f"EXISTS (SELECT 1 FROM {message} r "  # noqa: S608 (names only)
                       "WHERE r.warning_id = %s AND r.warning_subscription_id = s.id)")
    staff = "AND s.source = %s " if staff_only else ""
    # Queued again (a receiver run twice): leave out who has it. The first time
    # nobody has, and 100,000 index probes are saved.
    once = (f"AND NOT EXISTS (SELECT 1 FROM {message} d "  # noqa: S608 (names only)
            "WHERE d.warning_id = %s AND d.warning_subscription_id = s.id)") if again else ""
    return (f"INSERT INTO {message} ({columns}) "  # noqa: S608 (names only, see above)
            "SELECT %s, s.channel, s.address, s.language, %s, 0, %s, '', '', %s, %s, s.id "
            f"FROM {subscription} s WHERE s.confirmed_at IS NOT NULL {staff}"
            f"AND ({' OR '.join(reached)}) {once}")


def reached_area_ids(warning: Warning) -> set[int]:
    """The areas whose subscribers hear of ``warning``: those it covers and those
    around them."""
    covered = covered_area_ids(warning)
    return covered.union(*(index.lineage(area_id) for area_id in covered))


def queue(warning: Warning) -> int:
    """Queue ``warning``'s messages; how many. Call inside the publishing transaction."""
    if warning.status == Status.DRAFT:
        return 0
    started, now = time.monotonic(), timezone.now()
    areas = sorted(reached_area_ids(warning))
    replaces = warning.references_id
    staff_only = warning.status == Status.EXERCISE
    count = 0
    if areas or replaces:
        at = connection.ops.adapt_datetimefield_value(now)  # raw SQL: as the ORM writes it
        params: list[Any] = [str(Kind.WARNING), str(MessageStatus.QUEUED), at, at, warning.pk]
        params += [str(Source.STAFF)] if staff_only else []
        params += areas
        params += [replaces] if replaces else []
        again = Message.objects.filter(warning=warning).exists()
        params += [warning.pk] if again else []
        with connection.cursor() as cursor:
            cursor.execute(_sql(len(areas), bool(replaces), staff_only, again), params)
            count = max(cursor.rowcount, 0)
    Fanout.objects.update_or_create(warning=warning, defaults={
        "queued": count, "queued_at": now,
        "queue_ms": int((time.monotonic() - started) * 1000)})
    return count


@receiver(warning_published, dispatch_uid="warnings.fanout")
def on_published(sender: object, warning: Warning, **_: Any) -> None:
    queue(warning)
