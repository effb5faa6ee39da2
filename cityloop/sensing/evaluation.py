"""Evaluating sensor rules: after every ingest, and on the worker's schedule.

``after_ingest`` is called by ``sensing.ingest.ingest`` once its transaction
has committed. Most datastreams have no rule: an in-memory index (a
``SharedCache`` rebuilt when ``RuleRevision`` changes) answers that without
touching the database. For each (rule, datastream) it:

1. measures the rule's value on the rollups and classifies it, without a
   lock, against the level last recorded;
2. if the level is unchanged, records the value with an UPDATE that only
   matches while the recorded level is still the one it compared with;
3. otherwise (or if that UPDATE matched nothing because another worker
   changed the state meanwhile) locks the ``RuleState`` row
   (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE
   transaction takes the database's write lock), measures again and lets
   ``rules.alerts`` act on the change.

Every locked evaluation measures after every ingest that called it has
committed, so whatever the interleaving of ingest workers the state ends
where one worker would have left it, and the case is opened once.

The worker's ``sensor_rules`` job evaluates every active rule on every
datastream it watches: silence rules (only the clock can start a silence)
and windows sliding past data that stopped coming.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction

from cityloop.registry import periodic_jobs
from cityloop.sensing.models import Datastream
from cityloop.sensing.rules import alerts, readings
from cityloop.sensing.rules.kinds import kind_for
from cityloop.sensing.rules.models import Rule, RuleRevision, RuleState
from cityloop.sharedcache import SharedCache
from cityloop.worker.jobs import PeriodicJob

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


def after_ingest(datastream_ids: set[int], received_at: datetime) -> None:
    """Evaluate the rules of the datastreams that just received observations."""
    index = _rules.get()
    if index.empty:
        return
    pairs = pairs_for(index, datastream_ids)
    if pairs:
        evaluate_pairs(pairs, received_at, ingest=True)


def evaluate_pairs(pairs: list[tuple[Rule, int]], now: datetime, *, ingest: bool = False) -> int:
    """Evaluate each (rule, datastream); how many changed level.

    ``ingest``: called for new data. Rules that only the clock can raise
    (silence) are then evaluated only where they are raised, to end them.
    """
    known = {
        (rule_id, ds): (level, alert_id)
        for rule_id, ds, level, alert_id in RuleState.objects.filter(
            rule_id__in={rule.pk for rule, _ in pairs},
            datastream_id__in={ds for _, ds in pairs},
        ).values_list("rule_id", "datastream_id", "level", "alert_id")
    }
    changed = 0
    with readings.preloaded({ds for _, ds in pairs}):
        for rule, ds in pairs:
            state = known.get((rule.pk, ds))
            if ingest and not kind_for(rule).on_ingest and (state is None or not state[0]):
                continue
            try:
                changed += evaluate(rule, ds, now, state, record=ingest)
            except Exception:  # one broken rule must not stop the others (nor the ingest)
                log.exception("rule %s on datastream %s failed", rule.code, ds)
    return changed


def evaluate(rule: Rule, datastream_id: int, now: datetime,
             known: tuple[str, int | None] | None = None, *, record: bool = True) -> bool:
    """Evaluate one rule on one datastream; whether its level changed.

    ``known``: the (level, alert id) recorded for the pair, when the caller
    read it; without it the pair is evaluated under the lock. ``record``:
    write the value even when the level stays (new data); the worker's
    sweep of thousands of quiet pairs writes only changes.
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
)(PeriodicJob(lambda: int(getattr(settings, "RULES_SWEEP_SECONDS", 60)), sweep))
