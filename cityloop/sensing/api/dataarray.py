"""The dataArray extension (OGC 18-088 §14): Observations as compact arrays.

Reading: ``$resultFormat=dataArray`` answers one block per Datastream with
the ``components`` (the Observation properties, all of them unless
``$select`` names some) and the ``dataArray`` of values (§14.3).
Writing: ``POST CreateObservations`` takes such blocks (§14.2) and answers,
per observation, its selfLink or ``"error"``: a bad observation is refused
alone and the good ones are kept.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from cityloop.sensing.api.options import Options
from cityloop.sensing.api.query import Page
from cityloop.sensing.api.schema import DATASTREAM, MULTI_DATASTREAM, OBSERVATION
from cityloop.sensing.api.serialize import Links, property_value

COMPONENTS = ("id", "phenomenonTime", "result", "resultTime", "resultQuality", "validTime",
              "parameters")


def components(options: Options) -> list[str]:
    if options.select is None:
        return list(COMPONENTS)
    return [name for name in options.select if name in COMPONENTS]


def row(obj: models.Model, names: list[str]) -> list[Any]:
    return [obj.pk if name == "id" else property_value(OBSERVATION.props[name], obj)
            for name in names]


def _stream(obj: Any) -> tuple[str, int]:
    """The (Multi)Datastream an Observation's block is of (§14.3; §14.1 for MultiDatastreams)."""
    if obj.multi_datastream_id is not None:
        return MULTI_DATASTREAM.name, obj.multi_datastream_id
    return DATASTREAM.name, obj.datastream_id


def document(page: Page, options: Options, links: Links, next_link: str | None
             ) -> dict[str, Any]:
    names = components(options)
    blocks: dict[tuple[str, int], dict[str, Any]] = {}
    for obj in page.rows:
        stream = _stream(obj)
        block = blocks.get(stream)
        if block is None:
            etype = MULTI_DATASTREAM if stream[0] == MULTI_DATASTREAM.name else DATASTREAM
            block = blocks[stream] = {
                f"{etype.name}@iot.navigationLink": links.entity(etype, stream[1]),
                "components": names,
                "dataArray@iot.count": 0,
                "dataArray": [],
            }
        block["dataArray"].append(row(obj, names))
        block["dataArray@iot.count"] += 1
    out: dict[str, Any] = {}
    if page.count is not None:
        out["@iot.count"] = page.count
    if next_link:
        out["@iot.nextLink"] = next_link
    out["value"] = list(blocks.values())
    return out
