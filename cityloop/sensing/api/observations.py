"""Observations are written through the ingest path, never saved one by one here.

``cityloop.sensing.ingest.parse`` reads the SensorThings JSON (shared with MQTT) and
``cityloop.sensing.ingest.ingest`` stores the observations, maintains the
rollups and latest values, runs the rules after commit and publishes to MQTT
subscribers, so an Observation created over HTTP is seen everywhere one
received over MQTT is (OGC 18-088 §10.2, §14.2).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from cityloop.sensing.api import departments, scope
from cityloop.sensing.api.errors import bad_request
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import (
    ObservationInvalid,
    parse_data_array,
    parse_observation,
)
from cityloop.sensing.models import Datastream, MultiDatastream


def parse(data: dict[str, Any], datastream_id: int | None, feature_id: int | None, what: str,
          *, multi_datastream_id: int | None = None) -> Any:
    try:
        observation = parse_observation(data, datastream_id=datastream_id,
                                        multi_datastream_id=multi_datastream_id)
    except ObservationInvalid as exc:
        raise bad_request(f"{what}: {_message(exc)}") from None
    if feature_id is not None:
        observation = dataclasses.replace(observation, feature_of_interest_id=feature_id)
    return observation


def store(observations: Sequence[Any], what: str) -> list[int]:
    """Ingest all of them or none: the first refusal is the answer (a 400)."""
    if not observations:
        return []
    _check_departments(observations)
    result = ingest(observations)
    if result.errors:
        index, message = result.errors[0]
        label = what if len(observations) == 1 else f"{what}[{index}]"
        raise bad_request(f"{label}: {message}")
    return [i for i in result.ids if i is not None]


def create_many(body: list[Any]) -> list[int | None]:
    """CreateObservations (§14.2): the id of each observation, None where it was refused."""
    try:
        parsed = parse_data_array(body)
    except ObservationInvalid as exc:
        raise bad_request(_("CreateObservations: %(message)s") % {"message": _message(exc)}
                          ) from None
    parsed = _hidden_refused(parsed)
    _check_departments([p for p in parsed if not isinstance(p, ObservationInvalid)])
    refused = [i for i, p in enumerate(parsed) if type(p) is ObservationInvalid]
    if not refused:  # the usual batch: every row parsed
        return ingest(parsed).ids if parsed else []  # type: ignore[arg-type]
    good = [(i, p) for i, p in enumerate(parsed) if not isinstance(p, ObservationInvalid)]
    ids: list[int | None] = [None] * len(parsed)
    if good:
        result = ingest([p for _i, p in good])
        for (index, _p), new_id in zip(good, result.ids, strict=True):
            ids[index] = new_id
    return ids


def _check_departments(observations: Sequence[Any]) -> None:
    departments.check_streams(
        (o.datastream_id for o in observations if o.multi_datastream_id is None),
        multi=(o.multi_datastream_id for o in observations
               if o.multi_datastream_id is not None))


def _stream_of(observation: Any) -> tuple[str, int]:
    if observation.multi_datastream_id is not None:
        return "MultiDatastream", observation.multi_datastream_id
    return "Datastream", observation.datastream_id


def _hidden_refused(parsed: list[Any]) -> list[Any]:
    """A datastream the reader may not see is, for it, one that does not exist: its
    observations are refused alone, as those of an unknown datastream are."""
    if not scope.restricted():
        return parsed
    wanted = {_stream_of(p) for p in parsed if not isinstance(p, ObservationInvalid)}
    shown = set()
    for name, model in (("Datastream", Datastream), ("MultiDatastream", MultiDatastream)):
        ids = [pk for kind, pk in wanted if kind == name]
        if ids:
            shown |= {(name, pk) for pk in scope.rows(model).filter(pk__in=ids)
                      .values_list("pk", flat=True)}
    return [p if isinstance(p, ObservationInvalid) or _stream_of(p) in shown
            else ObservationInvalid(_("%(entity)s(%(id)s) does not exist")
                                    % {"entity": _stream_of(p)[0], "id": _stream_of(p)[1]})
            for p in parsed]


def _message(exc: Exception) -> str:
    return str(getattr(exc, "message", None) or exc)
