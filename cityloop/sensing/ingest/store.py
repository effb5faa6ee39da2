"""Storing observations at volume: the one way observations enter CityLoop.

HTTP (POST Observations, CreateObservations) and MQTT both parse with
``ingest.parse`` and call ``ingest``, which for a whole batch (Observations of
MultiDatastreams, few and with array results, go to ``ingest.multi``):

1. checks each observation against what it refers to (datastreams and
   features from ``ingest.cache``, one query for whatever is not known yet),
   and finds its FeatureOfInterest: the one given, one made from an inline
   description, or the one made from its Thing's Location (OGC 18-088
   §8.2.7, §10.2); a bad observation is refused alone, with its index;
2. in ONE transaction, inserts the rest in bulk (COPY on PostgreSQL,
   ``executemany`` on SQLite, ``ingest.pg``/``ingest.sqlite``) and applies
   the batch's per-minute rollups, latest values and datastream time ranges,
   each as one upsert (``ingest.batch``), and puts the datastreams that rules
   watch on the rule queue (``sensing.rulequeue``: the worker evaluates
   them, so no ingest waits for a rule);
3. after commit, hands the new observations to whoever asked for them with
   ``on_stored`` (the MQTT publisher, registered by ``sensing.wiring``: ingest
   knows no adapter).

No row is saved through the ORM here.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.sensing import rulequeue
from cityloop.sensing.ingest import area, multi, pg, sqlite
from cityloop.sensing.ingest.batch import Row, summarize, utc_text, utc_text_or_none
from cityloop.sensing.ingest.cache import StreamInfo, cache, feature_for
from cityloop.sensing.ingest.parse import UTC_TEXT, ObservationIn, show

log = logging.getLogger(__name__)
_RETRYABLE_STATES = {"40P01", "40001"}  # deadlock detected, serialization failure

Listener = Callable[[list[int], list[Row]], None]
_listeners: list[Listener] = []


def on_stored(listener: Listener) -> None:
    """Have ``listener(ids, rows)`` called with every batch once it is committed.

    How an adapter (the MQTT publisher) hears of new observations without
    ingest importing it. A listener must return quickly and not raise.
    """
    if listener not in _listeners:
        _listeners.append(listener)


@dataclass
class IngestResult:
    ids: list[int | None]  # per input, None where rejected
    errors: list[tuple[int, str]]  # (index, message) of rejected inputs

    @property
    def stored(self) -> int:
        return sum(1 for i in self.ids if i is not None)


@dataclass
class _Prepared:
    rows: list[Row]
    positions: list[int]  # index in the input of each row
    errors: list[tuple[int, str]]
    plain: bool = False  # every row a number at an instant (``batch.is_narrow``)
    # (datastream, feature) pairs of the batch, for the datastreams' observedArea
    pairs: set[tuple[int, int]] = field(default_factory=set)
    # index in the input of each Observation of a MultiDatastream (``ingest.multi``)
    multi: list[int] = field(default_factory=list)


def ingest(observations: Sequence[ObservationIn], *,
           received_at: datetime | None = None) -> IngestResult:
    """Store the valid observations of a batch; report the others by index."""
    received_at = received_at or timezone.now()
    for attempt in range(3):
        prepared = _prepare(observations)
        if not prepared.rows:
            return _with_multi(observations, prepared, _result(len(observations), prepared, []))
        summary = summarize(prepared.rows)
        try:
            with transaction.atomic():
                ids = _backend().store(prepared.rows, summary, plain=prepared.plain)
                area.widen(prepared.pairs)
                rulequeue.enqueue(summary.datastream_ids, received_at)
        except Exception as exc:
            if attempt == 2 or not _worth_retrying(exc):
                raise
            # A datastream or feature deleted since it was cached, or a
            # deadlock with another worker: look everything up again.
            log.warning("ingest of %d observations failed (%s); retrying", len(observations), exc)
            cache.clear()
            continue
        _after_commit(ids, prepared.rows)
        return _with_multi(observations, prepared, _result(len(observations), prepared, ids))
    raise AssertionError("unreachable")


def _with_multi(observations: Sequence[ObservationIn], prepared: _Prepared,
                result: IngestResult) -> IngestResult:
    """``result`` with the batch's Observations of MultiDatastreams stored too
    (``ingest.multi``); set aside by ``_prepare``, so a batch without any pays nothing."""
    if not prepared.multi:
        return result
    found, refused = multi.store([observations[i] for i in prepared.multi])
    for i, new_id in zip(prepared.multi, found, strict=True):
        result.ids[i] = new_id
    errors = result.errors + [(prepared.multi[index], message) for index, message in refused]
    return IngestResult(result.ids, sorted(errors))


def _backend() -> Any:
    return pg if connection.vendor == "postgresql" else sqlite


def _worth_retrying(exc: Exception) -> bool:
    database: Any = connection.Database  # type: ignore[attr-defined]
    if isinstance(exc, IntegrityError | database.IntegrityError):
        return True
    if isinstance(exc, OperationalError | database.OperationalError):
        cause = exc.__cause__ if isinstance(exc, OperationalError) else exc
        return getattr(cause, "sqlstate", None) in _RETRYABLE_STATES
    return False


def _result(count: int, prepared: _Prepared, ids: list[int]) -> IngestResult:
    if not prepared.errors and len(ids) == count:  # every one stored, in order
        return IngestResult(list(ids), [])
    out: list[int | None] = [None] * count
    for position, new_id in zip(prepared.positions, ids, strict=True):
        out[position] = new_id
    return IngestResult(out, sorted(prepared.errors))


def _after_commit(ids: list[int], rows: list[Row]) -> None:
    def run() -> None:
        # Imported here: metrics must not exist before ``cityloop serve`` chose
        # where they are kept (cityloop.web.server.prepare_metrics_dir).
        from cityloop.metrics import observations_stored

        observations_stored(len(ids))
        for listener in _listeners:
            listener(ids, rows)

    transaction.on_commit(run, robust=True)


# -- checking and converting --------------------------------------------------------------

FeatureOf = Callable[[dict[str, Any], StreamInfo], int]


def _prepare(observations: Sequence[ObservationIn]) -> _Prepared:
    streams, feature_of = _references(observations)
    errors: dict[int, str] = {}
    rows: list[Row] = []
    positions: list[int] = []
    last_ds, info = None, None
    bare: int | None = None  # the FeatureOfInterest of last_ds's Thing, once looked at
    general = 0  # rows that took ``_row``
    pairs: set[tuple[int, int]] = set()
    several: list[int] = []
    for index, obs in enumerate(observations):
        fields = obs.__dict__
        if fields["datastream_id"] != last_ds:  # rows of one datastream come together
            last_ds = fields["datastream_id"]
            info = streams.get(last_ds)
            bare = None
        if info is None:
            if fields["multi_datastream_id"] is not None:  # no Datastream: not an error here
                several.append(index)
                continue
            errors[index] = _("Datastream(%(id)s) does not exist") % {"id": last_ds}
            continue
        try:
            if _is_plain(fields):
                names_none = (fields["feature_of_interest_id"] is None
                              and fields["feature_of_interest"] is None)
                if names_none:  # its Thing's feature, the same for the whole datastream
                    if bare is None:
                        bare = feature_of(fields, info)
                        pairs.add((info.id, bare))
                    feature = bare
                else:
                    feature = feature_of(fields, info)
                    pairs.add((info.id, feature))
                row = _plain_row(fields, feature)
            else:
                row = _row(obs, info, feature_of)
                pairs.add((info.id, row[10]))
                general += 1
            rows.append(row)
        except ValueError as exc:
            errors[index] = str(exc)
            continue
        positions.append(index)
    return _Prepared(rows, positions, list(errors.items()), plain=not general, pairs=pairs,
                     multi=several)


def _is_plain(fields: dict[str, Any]) -> bool:
    """A number at an instant and nothing else, that a float holds exactly: what nearly
    every sensor sends (anything else takes ``_row`` and its checks)."""
    result = fields["result"]
    kind = type(result)
    if kind is float:
        if not math.isfinite(result):
            return False
    elif kind is not int or not -(2**53) <= result <= 2**53:
        return False
    return (fields["phenomenon_time_end"] is None
            and fields["result_time"] is None and fields["result_quality"] is None
            and fields["valid_time"] is None and fields["parameters"] is None)


def _plain_row(fields: dict[str, Any], feature: int) -> Row:
    """``_row`` for a plain observation (``_is_plain``), without its general checks."""
    text = fields.get(UTC_TEXT)  # the parser's stored form of the time, when it has it
    if text is None:
        moment = fields["phenomenon_time"]
        if moment.tzinfo is not UTC:
            moment = moment.astimezone(UTC)
        text = moment.isoformat(" ")[:-6]
    return (fields["datastream_id"], text, None, None, float(fields["result"]),
            None, None, None, None, None, feature)


def _row(obs: ObservationIn, info: StreamInfo, feature_of: FeatureOf) -> Row:
    """The stored form of one observation; ValueError says why it cannot be stored."""
    result = obs.result
    kind = type(result)
    number: float | None
    text: str | None
    if kind is float or kind is int:
        try:
            number, text = float(result), None
        except OverflowError:
            raise ValueError(_("result: %(value)s is too large") % {"value": show(result)}
                             ) from None
        if not math.isfinite(number):
            raise ValueError(_("result: %(value)s is not a number JSON can carry")
                             % {"value": show(result)})
    else:
        number, text = _other_result(result, info)
    quality = None if obs.result_quality is None else _dumps(obs.result_quality)
    params = None if obs.parameters is None else _dumps(obs.parameters)
    valid = obs.valid_time
    return (
        obs.datastream_id, utc_text(obs.phenomenon_time),
        utc_text_or_none(obs.phenomenon_time_end), utc_text_or_none(obs.result_time),
        number, text, quality,
        None if valid is None else utc_text(valid[0]),
        None if valid is None else utc_text(valid[1]),
        params, feature_of(obs.__dict__, info),
    )


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    # PostgreSQL's jsonb cannot hold U+0000; refuse it on every database alike.
    if "\\u0000" in text:
        raise ValueError(_("text may not contain the character U+0000"))
    return text


def _other_result(result: Any, info: StreamInfo) -> tuple[float | None, str | None]:
    """A result that is not a JSON number: a number in text for a numeric datastream, else JSON."""
    if info.numeric:
        if isinstance(result, str):
            try:
                number = float(result)
            except ValueError:
                pass
            else:
                if math.isfinite(number):
                    return number, None
        raise ValueError(
            _("result: %(value)s is not a number, and Datastream(%(id)s) takes measurements")
            % {"value": show(result), "id": info.id}
        )
    if result is None:
        return None, None
    return None, _dumps(result)


def _references(observations: Sequence[ObservationIn]
                ) -> tuple[dict[int, StreamInfo], FeatureOf]:
    """The batch's datastreams, and how to find each observation's FeatureOfInterest.

    Everything the batch refers to is looked up once: explicit feature ids,
    inline features (found or created once per distinct description) and
    the features of the Things whose observations name none.
    """
    stream_ids: set[int] = set()
    explicit: set[int] = set()
    inline: dict[str, int] = {}
    bare = False
    for obs in observations:
        stream_ids.add(obs.datastream_id)
        if obs.feature_of_interest_id is not None:
            explicit.add(obs.feature_of_interest_id)
        elif obs.feature_of_interest is not None:
            inline[_key(obs.feature_of_interest)] = 0
        else:
            bare = True
    streams = cache.streams(stream_ids)
    existing = cache.existing_features(explicit) if explicit else set()
    for key in inline:
        inline[key] = feature_for(json.loads(key))
    of_thing = cache.thing_features({s.thing_id for s in streams.values()}) if bare else {}

    def feature_of(fields: dict[str, Any], info: StreamInfo) -> int:
        given = fields["feature_of_interest_id"]
        if given is not None:
            if given not in existing:
                raise ValueError(_("FeatureOfInterest(%(id)s) does not exist") % {"id": given})
            return int(given)
        if fields["feature_of_interest"] is not None:
            return inline[_key(fields["feature_of_interest"])]
        made = of_thing.get(info.thing_id)
        if made is None:
            raise ValueError(_(
                "FeatureOfInterest: none given, and Thing(%(id)s) of Datastream(%(ds)s) has no "
                "Location to make one from") % {"id": info.thing_id, "ds": info.id})
        return made

    return streams, feature_of


def _key(spec: dict[str, Any]) -> str:
    keep = {k: spec.get(k) for k in ("name", "description", "encodingType", "feature",
                                     "properties")}
    return json.dumps(keep, sort_keys=True, ensure_ascii=False)
