"""The rule queue: datastreams whose rules are to be evaluated, taken by the worker.

Ingest never waits for a rule. In its own transaction it upserts one
``RuleWork`` row per datastream of the batch that a rule watches (the
in-memory rule index says which, without a query; the others cost
nothing), so the row exists exactly when the observations do, and a burst
on one datastream stays one row: its ``received_at`` is the latest, its
``version`` counts the ingests. On PostgreSQL an ingest that made a new row
also sends ``NOTIFY cityloop_rules``, delivered at its commit, which wakes
a waiting worker at once (a row that was already there has a worker on its
way, or is being evaluated and is taken again below).

The worker drains the queue (``drain``):

1. ``claim``: rows free or whose lease has run out, taken with
   ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (under the write lock
   of the IMMEDIATE transaction on SQLite) and leased to this worker, so
   two workers never evaluate one datastream at once and a dead worker's
   rows come back after ``LEASE``;
2. ``sensing.evaluation.evaluate_queued`` evaluates their rules, each
   datastream as of its ``received_at`` (the locked evaluation there opens
   a case once, whatever the workers);
3. ``finish``: a row is deleted only if its version is still the one
   claimed; a row that an ingest bumped meanwhile (data that evaluation may
   not have seen) is released and taken by the next pass. Nothing is lost:
   a worker that dies before ``finish`` leaves its rows to the lease.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from threading import Event

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cityloop.sensing import evaluation
from cityloop.sensing.rules.models import RuleWork

CHANNEL = "cityloop_rules"  # what ingest NOTIFYs and workers LISTEN to, on PostgreSQL
LEASE = timedelta(seconds=60)  # a claim this old belongs to a dead worker
BATCH = 500  # datastreams claimed and evaluated at a time

_TABLE = RuleWork._meta.db_table
_UPSERT_PG = f"""
INSERT INTO {_TABLE} AS w (datastream_id, received_at, version, claimed_by)
SELECT id, %s, 1, '' FROM unnest(%s::bigint[]) AS id
ON CONFLICT (datastream_id) DO UPDATE SET
    received_at = GREATEST(w.received_at, excluded.received_at), version = w.version + 1
RETURNING xmax = 0
"""  # noqa: S608 (xmax = 0: the row was inserted, not updated)
_UPSERT_SQLITE = f"""
INSERT INTO {_TABLE} (datastream_id, received_at, version, claimed_by) VALUES {{values}}
ON CONFLICT (datastream_id) DO UPDATE SET
    received_at = MAX(received_at, excluded.received_at), version = version + 1
"""  # noqa: S608


def enqueue(datastream_ids: Iterable[int], received_at: datetime) -> int:
    """In ingest's transaction: queue the datastreams some rule watches; how many."""
    watched = evaluation.watched_among(evaluation.rule_index(), datastream_ids)
    if not watched:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_UPSERT_PG, [received_at, watched])
            if any(inserted for (inserted,) in cursor.fetchall()):
                cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])
        else:
            when = connection.ops.adapt_datetimefield_value(received_at)
            cursor.execute(_UPSERT_SQLITE.format(values=", ".join(["(%s, %s, 1, '')"]
                                                                  * len(watched))),
                           [value for ds in watched for value in (ds, when)])
    return len(watched)


@dataclass(frozen=True)
class Claimed:
    datastream_id: int
    received_at: datetime
    version: int


def _free(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def pending() -> bool:
    """Whether any row waits to be claimed: one read, no lock (the idle worker's poll)."""
    return RuleWork.objects.filter(_free(timezone.now())).exists()


def claim(worker_id: str, limit: int = BATCH) -> list[Claimed]:
    """Lease up to ``limit`` waiting datastreams to this worker, the longest waiting first."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            RuleWork.objects.filter(_free(now)).order_by("received_at")
            .select_for_update(skip_locked=True)
            .values_list("datastream_id", "received_at", "version")[:limit]
        )
        if rows:
            RuleWork.objects.filter(datastream_id__in=[ds for ds, _at, _v in rows]).update(
                claimed_by=worker_id, claimed_until=now + LEASE)
    return [Claimed(*row) for row in rows]


def finish(claimed: list[Claimed], worker_id: str) -> int:
    """Delete the rows evaluated; release those re-queued meanwhile. How many stay."""
    ids = sorted(c.datastream_id for c in claimed)
    with transaction.atomic():
        # Locked in datastream order, the order ingest upserts them in: no deadlock.
        now = dict(RuleWork.objects.filter(datastream_id__in=ids).order_by("datastream_id")
                   .select_for_update().values_list("datastream_id", "version"))
        done = [c.datastream_id for c in claimed if now.get(c.datastream_id) == c.version]
        if done:
            RuleWork.objects.filter(datastream_id__in=done).delete()
        again = [ds for ds in now if ds not in set(done)]
        if again:
            RuleWork.objects.filter(datastream_id__in=again, claimed_by=worker_id).update(
                claimed_by="", claimed_until=None)
    return len(again)


def drain(worker_id: str = "drain", *, limit: int = BATCH, stopping: Event | None = None
          ) -> int:
    """Evaluate queued datastreams until none waits; how many evaluations that took.

    The worker's rule loop calls it whenever it wakes; tests and the demo's
    replayed history call it where the rules are to have looked at the data.
    """
    done = 0
    while not (stopping and stopping.is_set()) and pending():
        claimed = claim(worker_id, limit)
        if not claimed:
            break  # all claimed by other workers
        evaluation.evaluate_queued({c.datastream_id: c.received_at for c in claimed})
        finish(claimed, worker_id)
        done += len(claimed)
    return done
