"""Evaluating sensor rules: for new data taken from the rule queue, and on the worker's schedule.

Ingest puts the datastreams that have rules on the rule queue
(``sensing.rulequeue``) in its own transaction; the worker takes them and
calls ``evaluate_queued`` (``after_ingest`` is the same for datastreams
that all received data at one moment). Most datastreams have no rule: an
in-memory index (a ``SharedCache`` rebuilt when ``RuleRevision`` changes)
answers that without touching the database (``watched_among``). For each
(rule, datastream) the evaluation:

1. measures the rule's value on the rollups and classifies it, without a
   lock, against the level last recorded;
2. if the level is unchanged, records the value; the values of all such
   pairs of the batch are written by ONE statement (``_record_steady``),
   whose row for a pair only matches while the recorded level is still the
   one it compared with (a statement per pair was a fifth of an MQTT
   worker's time, and on SQLite a commit each);
3. otherwise (or if that row matched nothing because another worker
   changed the state meanwhile) locks the ``RuleState`` row
   (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE
   transaction takes the database's write lock), measures again and lets
   ``rules.alerts`` act on the change.

Every locked evaluation measures after the ingest that queued it has
committed, so whatever the interleaving of ingest and rule workers the
state ends where one worker would have left it, and the case is opened once.

The worker's ``sensor_rules`` job evaluates every active rule on every
datastream it watches: silence rules (only the clock can start a silence)
and windows sliding past data that stopped coming.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from cityloop.registry import PeriodicJob, periodic_jobs
from cityloop.sensing.models import Datastream
from cityloop.sensing.rules import alerts, readings
from cityloop.sensing.rules.kinds import kind_for
from cityloop.sensing.rules.models import Rule, RuleRevision, RuleState
from cityloop.sharedcache import SharedCache

log = logging.getLogger(__name__)


@dataclass
class RuleIndex:
    by_datastream: dict[int, list[Rule]] = field(default_factory=dict)
    by_property: dict[int, list[Rule]] = field(default_factory=dict)
    things: dict[int, frozenset[int]] = field(default_factory=dict)  # rule -> things (or all)

    @property
    def empty(self) -> bool:
        return not self.by_datastream and not self.by_property


def _build() -> RuleIndex:
    index = RuleIndex()
    rules = (
        Rule.objects.filter(active=True)
        .select_related("category", "department")
        .prefetch_related("things")
        .order_by("id")
    )
    for rule in rules:
        if rule.datastream_id is not None:
            index.by_datastream.setdefault(rule.datastream_id, []).append(rule)
        elif rule.observed_property_id is not None:
            index.by_property.setdefault(rule.observed_property_id, []).append(rule)
            index.things[rule.pk] = frozenset(t.pk for t in rule.things.all())
    with _streams_lock:
        _streams.clear()  # a datastream may have moved to another thing or property
    return index


_rules = SharedCache(RuleRevision, _build)
# datastream id -> (observed property id, thing id); read once per datastream.
_streams: dict[int, tuple[int, int]] = {}
_streams_lock = threading.Lock()


def rules_changed(**kwargs: object) -> None:
    """Signal receiver: a rule (or its set of things) changed."""
    if not kwargs.get("raw"):
        _rules.touch()


def rule_index() -> RuleIndex:
    return _rules.get()


def _stream_info(ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    wanted = set(ids)
    with _streams_lock:
        missing = [i for i in wanted if i not in _streams]
    if missing:
        rows = Datastream.objects.filter(id__in=missing).values_list(
            "id", "observed_property_id", "thing_id"
        )
        found = {ds: (prop, thing) for ds, prop, thing in rows}
        with _streams_lock:
            _streams.update(found)
    with _streams_lock:
        return {i: _streams[i] for i in wanted if i in _streams}


def pairs_for(index: RuleIndex, datastream_ids: Iterable[int]) -> list[tuple[Rule, int]]:
    """Every (rule, datastream) the given datastreams are watched by."""
    ids = list(datastream_ids)
    pairs = [(rule, ds) for ds in ids for rule in index.by_datastream.get(ds, ())]
    if index.by_property:
        for ds, (prop, thing) in sorted(_stream_info(ids).items()):
            for rule in index.by_property.get(prop, ()):
                things = index.things.get(rule.pk)
                if not things or thing in things:
                    pairs.append((rule, ds))
    return pairs


def watched_among(index: RuleIndex, datastream_ids: Iterable[int]) -> list[int]:
    """Those of the datastreams that some active rule watches, in order."""
    if index.empty:
        return []
    return sorted({ds for _rule, ds in pairs_for(index, datastream_ids)})


def after_ingest(datastream_ids: set[int], received_at: datetime) -> None:
    """Evaluate the rules of the datastreams that received observations at ``received_at``."""
    evaluate_queued(dict.fromkeys(datastream_ids, received_at))


def evaluate_queued(received: Mapping[int, datetime]) -> int:
    """Evaluate the rules of each datastream as of when it last received observations;
    how many (rule, datastream) pairs changed level."""
    index = _rules.get()
    if index.empty:
        return 0
    pairs = pairs_for(index, received)
    return evaluate_pairs(pairs, received, ingest=True) if pairs else 0


Moment = datetime | Mapping[int, datetime]  # one for all, or each datastream's own


def _at(now: Moment, datastream_id: int) -> datetime:
    return now if isinstance(now, datetime) else now[datastream_id]


def evaluate_pairs(pairs: list[tuple[Rule, int]], now: Moment, *, ingest: bool = False) -> int:
    """Evaluate each (rule, datastream) at ``now`` (or its datastream's moment in it);
    how many changed level.

    ``ingest``: called for new data. Rules that only the clock can raise
    (silence) are then evaluated only where they are raised, to end them.
    New data also has the value of every pair whose level stays recorded (in
    one statement); the worker's sweep of thousands of quiet pairs writes
    only changes.
    """
    known = {
        (rule_id, ds): (pk, level, alert_id)
        for pk, rule_id, ds, level, alert_id in RuleState.objects.filter(
            rule_id__in={rule.pk for rule, _ in pairs},
            datastream_id__in={ds for _, ds in pairs},
        ).values_list("id", "rule_id", "datastream_id", "level", "alert_id")
    }
    changed = 0
    steady: dict[int, _Steady] = {}  # state id -> what to record
    with readings.preloaded({ds for _, ds in pairs}):
        for rule, ds in pairs:
            state = known.get((rule.pk, ds))
            if ingest and not kind_for(rule).on_ingest and (state is None or not state[1]):
                continue
            try:
                moment = _at(now, ds)
                if state is not None:
                    pk, level, alert_id = state
                    kind = kind_for(rule, level or None)
                    if (kind.evaluate(ds, moment) or "") == level:
                        if ingest:
                            steady[pk] = _Steady(rule, ds, level, kind.value, alert_id, moment)
                        continue
                changed += _evaluate_locked(rule, ds, moment)
            except Exception:  # one broken rule must not stop the others (nor the ingest)
                log.exception("rule %s on datastream %s failed", rule.code, ds)
    if steady:
        changed += _settle(steady)
    return changed


@dataclass
class _Steady:
    """A pair whose level stays: its value to record while the level is still ``level``."""

    rule: Rule
    datastream_id: int
    level: str
    value: float | None
    alert_id: int | None
    at: datetime  # the moment evaluated


def _settle(steady: dict[int, _Steady]) -> int:
    """Record the steady pairs' values; evaluate under the lock those whose level another
    worker changed meanwhile. How many of those changed level."""
    try:
        recorded = _record_steady(steady)
    except Exception:
        log.exception("recording %d rule values failed", len(steady))
        return 0
    changed = 0
    for pk, entry in steady.items():
        try:
            if pk in recorded:
                if entry.alert_id is not None and entry.value is not None:
                    alerts.track_peak(entry.alert_id, entry.rule, entry.value)
            else:
                changed += _evaluate_locked(entry.rule, entry.datastream_id, entry.at)
        except Exception:
            log.exception("rule %s on datastream %s failed", entry.rule.code,
                          entry.datastream_id)
    return changed


_CHUNK = 500  # pairs per statement (SQLite's default limit is 32,766 parameters)


def _record_steady(steady: dict[int, _Steady]) -> set[int]:
    """One UPDATE … FROM (values) per chunk: each state's value and time, where its level
    is still the one compared with. The ids of the rows written."""
    table = connection.ops.quote_name(RuleState._meta.db_table)
    when = connection.ops.adapt_datetimefield_value
    items = list(steady.items())
    recorded: set[int] = set()
    with connection.cursor() as cursor:
        for at in range(0, len(items), _CHUNK):
            chunk = items[at:at + _CHUNK]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} AS s SET last_value = v.value, last_evaluated = v.at "  # noqa: S608
                    "FROM unnest(%s::bigint[], %s::float8[], %s::text[], %s::timestamptz[]) "
                    "AS v(id, value, level, at) "
                    "WHERE s.id = v.id AND s.level = v.level RETURNING s.id",
                    [[pk for pk, _ in chunk], [e.value for _, e in chunk],
                     [e.level for _, e in chunk], [e.at for _, e in chunk]])
            else:
                values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                params: list[Any] = []
                for pk, entry in chunk:
                    params += [pk, entry.value, entry.level, when(entry.at)]
                cursor.execute(
                    f"UPDATE {table} AS s SET last_value = v.column2, last_evaluated = v.column4 "  # noqa: S608
                    f"FROM (VALUES {values}) AS v "
                    "WHERE s.id = v.column1 AND s.level = v.column3 RETURNING id", params)
            recorded.update(pk for (pk,) in cursor.fetchall())
    return recorded


def evaluate(rule: Rule, datastream_id: int, now: datetime,
             known: tuple[str, int | None] | None = None, *, record: bool = True) -> bool:
    """Evaluate one rule on one datastream; whether its level changed.

    ``known``: the (level, alert id) recorded for the pair, when the caller
    read it; without it the pair is evaluated under the lock. ``record``:
    write the value even when the level stays (new data).
    """
    if known is not None:
        level, alert_id = known
        kind = kind_for(rule, level or None)
        if (kind.evaluate(datastream_id, now) or "") == level:
            if not record:
                return False
            recorded = RuleState.objects.filter(
                rule=rule, datastream_id=datastream_id, level=level
            ).update(last_value=kind.value, last_evaluated=now)
            if recorded:
                if alert_id is not None and kind.value is not None:
                    alerts.track_peak(alert_id, rule, kind.value)
                return False
    return _evaluate_locked(rule, datastream_id, now)


def _evaluate_locked(rule: Rule, datastream_id: int, now: datetime) -> bool:
    """Evaluate under the ``RuleState`` row's lock and act on a change of level."""
    with transaction.atomic(), readings.fresh():
        state = _locked_state(rule, datastream_id)
        previous = state.level or None
        kind = kind_for(rule, previous)
        result = kind.evaluate(datastream_id, now)
        alerts.apply(state, rule, result, kind.value, now)
    return result != previous


def _locked_state(rule: Rule, datastream_id: int) -> RuleState:
    state, _created = RuleState.objects.get_or_create(rule=rule, datastream_id=datastream_id)
    return RuleState.objects.select_for_update().get(pk=state.pk)


def watched(index: RuleIndex) -> list[tuple[Rule, int]]:
    """Every (rule, datastream) pair of the active rules."""
    pairs = [(rule, ds) for ds, rules in index.by_datastream.items() for rule in rules]
    if index.by_property:
        streams = Datastream.objects.filter(observed_property_id__in=list(index.by_property))
        for ds, prop, thing in streams.values_list("id", "observed_property_id", "thing_id"):
            for rule in index.by_property[prop]:
                things = index.things.get(rule.pk)
                if not things or thing in things:
                    pairs.append((rule, ds))
    return sorted(pairs, key=lambda pair: (pair[0].pk, pair[1]))


def sweep(now: datetime) -> str:
    """The worker's job: evaluate every active rule on every datastream it watches."""
    pairs = watched(_rules.get())
    changed = evaluate_pairs(pairs, now) if pairs else 0
    return f"{len(pairs)} rule evaluations, {changed} changes of level"


periodic_jobs.register(
    "sensor_rules",
    "Evaluate every sensor rule: silences, and windows past data that stopped coming.",
)(PeriodicJob(lambda: settings.RULES_SWEEP_SECONDS, sweep))
