"""Observations of MultiDatastreams (OGC 18-088 §14.1): array results, one value per
ObservedProperty, stored in the Observation table beside the others.

``ingest`` hands them here. They are checked (the MultiDatastream exists, the
result has one element per ObservedProperty, a number where the element's
type is a measurement) and given a FeatureOfInterest as any Observation is
(``ingest.cache``), then saved through the ORM, one row each: a
MultiDatastream is a device's few combined readings, not the volume, and a
save reaches the MQTT receive topics (``mqtt.changes``) and the department
checks like any other. Rollups, latest values and rules are per Datastream
and do not see them (FROST-Server has none of these for MultiDatastreams
either). The MultiDatastream's phenomenonTime, resultTime and observedArea
grow over its Observations, as a Datastream's do.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from cityloop.sensing.ingest import area
from cityloop.sensing.ingest.cache import NUMERIC_TYPES, cache, feature_for
from cityloop.sensing.ingest.parse import ObservationIn, show
from cityloop.sensing.models import MultiDatastream, Observation

Errors = list[tuple[int, str]]


@dataclass(frozen=True)
class MultiInfo:
    id: int
    thing_id: int
    types: tuple[str, ...]  # multiObservationDataTypes
    width: int  # how many ObservedProperties


def streams(ids: set[int]) -> dict[int, MultiInfo]:
    found = MultiDatastream.objects.filter(pk__in=ids).annotate(width=Count("links"))
    return {m.pk: MultiInfo(m.pk, m.thing_id, tuple(_texts(m.multi_observation_data_types)),
                            m.width)
            for m in found}


def _texts(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def check_result(result: Any, info: MultiInfo) -> list[Any]:
    """The result as stored; ValueError says why it does not fit the MultiDatastream."""
    if not isinstance(result, list):
        raise ValueError(_("result: an Observation of a MultiDatastream has an array result"))
    if len(result) != info.width:
        raise ValueError(
            _("result: %(count)s values, but MultiDatastream(%(id)s) has %(width)s "
              "ObservedProperties; give one value per ObservedProperty, in their order")
            % {"count": len(result), "id": info.id, "width": info.width})
    out = list(result)
    for index, (value, kind) in enumerate(zip(result, info.types, strict=False)):
        if kind in NUMERIC_TYPES:
            out[index] = _number(value, index, info)
    text = json.dumps(out, ensure_ascii=False)
    if "\\u0000" in text:  # PostgreSQL's jsonb cannot hold it; refused on both databases
        raise ValueError(_("text may not contain the character U+0000"))
    return out


def _number(value: Any, index: int, info: MultiInfo) -> Any:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):  # a number in text, as ingest takes it
            value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(
            _("result[%(index)s]: %(value)s is not a number, and element %(index)s of "
              "MultiDatastream(%(id)s) is a measurement")
            % {"index": index, "value": show(value), "id": info.id})
    return value


def store(observations: Sequence[ObservationIn]) -> tuple[list[int | None], Errors]:
    """Save the ones that fit; (the id of each or None, the refusals by index)."""
    infos = streams({o.multi_datastream_id for o in observations
                     if o.multi_datastream_id is not None})
    bare = {infos[o.multi_datastream_id].thing_id for o in observations
            if o.multi_datastream_id in infos and o.feature_of_interest_id is None
            and o.feature_of_interest is None}
    of_thing = cache.thing_features(bare) if bare else {}
    explicit = {o.feature_of_interest_id for o in observations
                if o.feature_of_interest_id is not None}
    existing = cache.existing_features(explicit) if explicit else set()
    ids: list[int | None] = [None] * len(observations)
    errors: Errors = []
    saved: list[Observation] = []
    with transaction.atomic():
        for index, obs in enumerate(observations):
            info = infos.get(obs.multi_datastream_id or 0)
            try:
                if info is None:
                    raise ValueError(_("MultiDatastream(%(id)s) does not exist")
                                     % {"id": obs.multi_datastream_id})
                row = _row(obs, info, _feature(obs, info, of_thing, existing))
            except ValueError as exc:
                errors.append((index, str(exc)))
                continue
            row.save()
            ids[index] = row.pk
            saved.append(row)
        if saved:
            _stretch_all(saved)
    return ids, errors


def _feature(obs: ObservationIn, info: MultiInfo, of_thing: dict[int, int | None],
             existing: set[int]) -> int:
    if obs.feature_of_interest_id is not None:
        if obs.feature_of_interest_id not in existing:
            raise ValueError(_("FeatureOfInterest(%(id)s) does not exist")
                             % {"id": obs.feature_of_interest_id})
        return obs.feature_of_interest_id
    if obs.feature_of_interest is not None:
        return feature_for(obs.feature_of_interest)
    made = of_thing.get(info.thing_id)
    if made is None:
        raise ValueError(_(
            "FeatureOfInterest: none given, and Thing(%(id)s) of MultiDatastream(%(mds)s) has "
            "no Location to make one from") % {"id": info.thing_id, "mds": info.id})
    return made


def _row(obs: ObservationIn, info: MultiInfo, feature: int) -> Observation:
    valid = obs.valid_time
    return Observation(
        multi_datastream_id=info.id, phenomenon_time=obs.phenomenon_time,
        phenomenon_time_end=obs.phenomenon_time_end, result_time=obs.result_time,
        result_json=check_result(obs.result, info), result_quality=obs.result_quality,
        valid_time_start=valid[0] if valid else None, valid_time_end=valid[1] if valid else None,
        parameters=obs.parameters, feature_of_interest_id=feature,
    )


def _stretch_all(saved: list[Observation]) -> None:
    """Each MultiDatastream's times and area over its new Observations (§8.2.4)."""
    by_stream: dict[int, list[Observation]] = {}
    for row in saved:
        by_stream.setdefault(row.multi_datastream_id, []).append(row)  # type: ignore[arg-type]
    rows = MultiDatastream.objects.filter(pk__in=sorted(by_stream)).order_by("pk")
    if connection.features.has_select_for_update:
        rows = rows.select_for_update(no_key=True, of=("self",))
    for stream in rows:
        changed: set[str] = set()
        for obs in by_stream[stream.pk]:
            changed.update(stretch(stream, obs.phenomenon_time,
                                   obs.phenomenon_time_end or obs.phenomenon_time,
                                   obs.result_time))
        if changed:  # an update, not save(): a range that grows is no change to publish
            MultiDatastream.objects.filter(pk=stream.pk).update(
                **{name: getattr(stream, name) for name in changed})
    area.widen_now({(pk, obs.feature_of_interest_id) for pk, found in by_stream.items()
                    for obs in found if obs.feature_of_interest_id is not None},
                   MultiDatastream)


def stretch(stream: models.Model, start: datetime, end: datetime, result_time: datetime | None
            ) -> list[str]:
    """Widen ``stream``'s phenomenonTime and resultTime (a Datastream's or a
    MultiDatastream's) over a time, never shrinking them (§8.2.4); the fields changed."""
    changed = []
    for first, last, low, high in (
        ("phenomenon_time_start", "phenomenon_time_end", start, end),
        ("result_time_start", "result_time_end", result_time, result_time),
    ):
        if low is None or high is None:
            continue
        if getattr(stream, first) is None or low < getattr(stream, first):
            setattr(stream, first, low)
            changed.append(first)
        if getattr(stream, last) is None or high > getattr(stream, last):
            setattr(stream, last, high)
            changed.append(last)
    return changed
