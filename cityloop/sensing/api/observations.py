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
from cityloop.sensing.models import Datastream


def parse(data: dict[str, Any], datastream_id: int, feature_id: int | None, what: str) -> Any:
    try:
        observation = parse_observation(data, datastream_id=datastream_id)
    except ObservationInvalid as exc:
        raise bad_request(f"{what}: {_message(exc)}") from None
    if feature_id is not None:
        observation = dataclasses.replace(observation, feature_of_interest_id=feature_id)
    return observation


def store(observations: Sequence[Any], what: str) -> list[int]:
    """Ingest all of them or none: the first refusal is the answer (a 400)."""
    if not observations:
        return []
    departments.check_streams(o.datastream_id for o in observations)
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
    departments.check_streams(p.datastream_id for p in parsed
                              if not isinstance(p, ObservationInvalid))
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


def _hidden_refused(parsed: list[Any]) -> list[Any]:
    """A datastream the reader may not see is, for it, one that does not exist: its
    observations are refused alone, as those of an unknown datastream are."""
    if not scope.restricted():
        return parsed
    wanted = {p.datastream_id for p in parsed if not isinstance(p, ObservationInvalid)}
    shown = set(scope.rows(Datastream).filter(pk__in=wanted).values_list("pk", flat=True))
    return [p if isinstance(p, ObservationInvalid) or p.datastream_id in shown
            else ObservationInvalid(_("Datastream(%(id)s) does not exist")
                                    % {"id": p.datastream_id})
            for p in parsed]


def _message(exc: Exception) -> str:
    return str(getattr(exc, "message", None) or exc)
