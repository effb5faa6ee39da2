"""SensorThings Observation JSON → ``ObservationIn``, shared by HTTP and MQTT.

Two shapes come in:

- one Observation entity (OGC 18-088 §8.2.7; POST /Observations, MQTT
  ``v1.1/Observations`` and ``v1.1/Datastreams(id)/Observations``, §14.1);
- the CreateObservations body (§14.2): blocks of ``Datastream`` (or
  ``MultiDatastream``, §14.1), ``components`` and ``dataArray`` rows.

Nothing here touches the database: whether the Datastream or the
FeatureOfInterest exists is ``ingest``'s question. A bad observation raises
(or, in a data array, is answered by) an ``ObservationInvalid`` whose message
says which property is wrong and why, in the client's words.

The data array path carries most of the volume, so its loop is written for
speed: ``datetime.fromisoformat`` first (the common case), the careful parser
only when that fails, and ``ObservationIn`` built without its frozen
``__init__`` (see ``_build``).

A phenomenonTime written the way nearly every client writes it,
``YYYY-MM-DDTHH:MM:SS[.fff]Z``, is also kept as the text ingest stores
(``batch.utc_text``), cut from the client's own text (``utc_form``):
formatting the datetime again costs more than parsing it. It rides in the
instance dict under ``_utc``, outside the dataclass's fields, so equality,
``repr`` and ``dataclasses.replace`` (which builds a new instance without it)
never see it, and ingest falls back to formatting whenever it is absent.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ObservationIn:
    datastream_id: int  # 0 when the Observation belongs to a MultiDatastream
    phenomenon_time: datetime  # aware
    phenomenon_time_end: datetime | None
    result: Any  # number, string, bool, object...
    result_time: datetime | None = None
    result_quality: Any = None
    valid_time: tuple[datetime, datetime] | None = None
    parameters: dict[str, Any] | None = None
    feature_of_interest_id: int | None = None
    # An inline FeatureOfInterest (name, description, encodingType, feature)
    # that ingest finds or creates (§10.2, deep insert); None when given by id.
    feature_of_interest: dict[str, Any] | None = None
    # The MultiDatastream (§14.1) it belongs to instead of a Datastream; its result
    # is then an array (``ingest.multi``).
    multi_datastream_id: int | None = None


class ObservationInvalid(ValueError):
    """A refused observation; ``message`` says why, for the client."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Properties of an Observation a client may write (§8.2.7, Table 11) and
# its two relations by which it names its Datastream and FeatureOfInterest.
PROPERTIES = frozenset({
    "phenomenonTime", "result", "resultTime", "resultQuality", "validTime", "parameters",
    "Datastream", "MultiDatastream", "FeatureOfInterest",
})
# Components a CreateObservations block may list (§14.2).
COMPONENTS = frozenset({
    "phenomenonTime", "result", "resultTime", "resultQuality", "validTime", "parameters",
    "FeatureOfInterest/id",
})
_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+(?:\.\d+)?)W)?(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
_FIELDS = {
    "phenomenon_time_end": None, "result_time": None, "result_quality": None,
    "valid_time": None, "parameters": None, "feature_of_interest_id": None,
    "feature_of_interest": None, "multi_datastream_id": None,
}
_new = object.__new__
UTC_TEXT = "_utc"  # the key of the stored-form phenomenonTime in an ObservationIn's __dict__


def utc_form(text: str) -> str | None:
    """``text``, an instant ``datetime.fromisoformat`` accepted, as ingest stores it (UTC,
    ``YYYY-MM-DD HH:MM:SS[.ffffff]``) when it is written ``YYYY-MM-DDTHH:MM:SS[.fff]Z``;
    None for every other form (offsets, other precisions, week dates, basic format).

    fromisoformat having accepted the text, its digits are digits and its fields in range;
    the separators checked here pin down which fields they are.
    """
    n = len(text)
    if not ((n == 20 or (n == 24 and text[19] == ".")) and text[-1] == "Z" and text[4] == "-"
            and text[7] == "-" and text[10] == "T" and text[13] == ":" and text[16] == ":"):
        return None
    if n == 20 or text[20:23] == "000":
        return f"{text[:10]} {text[11:19]}"
    return f"{text[:10]} {text[11:23]}000"


def _build(datastream_id: int, start: datetime, end: datetime | None, result: Any) -> ObservationIn:
    """An ObservationIn with the optional fields empty.

    The frozen dataclass ``__init__`` sets each field through
    ``object.__setattr__`` (about 2 µs for ten fields); filling the instance
    dict directly gives the same, equal object in a third of the time, which
    counts at a hundred thousand observations a second.
    """
    observation = _new(ObservationIn)
    values = observation.__dict__
    values.update(_FIELDS)
    values["datastream_id"] = datastream_id
    values["phenomenon_time"] = start
    values["phenomenon_time_end"] = end
    values["result"] = result
    return observation


def show(value: Any) -> str:
    """A value as a message quotes it: strings in quotes, the rest as JSON, kept short."""
    if isinstance(value, str):
        text = repr(value if len(value) <= 60 else value[:57] + "...")
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            text = repr(value)
        if len(text) > 60:
            text = text[:57] + "..."
    return text


def parse_instant(value: Any, what: str) -> datetime:
    """An ISO 8601 instant with an offset (§8.2, TM_Instant), as an aware datetime."""
    if not isinstance(value, str):
        raise ObservationInvalid(
            _("%(what)s: %(value)s is not an ISO 8601 time") % {"what": what, "value": show(value)}
        )
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ObservationInvalid(
            _("%(what)s: %(value)s is not an ISO 8601 time") % {"what": what, "value": show(value)}
        ) from None
    if moment.tzinfo is None:
        raise ObservationInvalid(
            _("%(what)s: %(value)s has no time zone offset; add Z or +08:00, for example")
            % {"what": what, "value": show(value)}
        )
    return moment


def _duration(text: str, what: str) -> timedelta:
    match = _DURATION.fullmatch(text)
    if not match or text in ("P", "PT") or text.endswith("T"):
        raise ObservationInvalid(
            _("%(what)s: %(value)s is not an ISO 8601 duration in weeks, days, hours, minutes "
              "or seconds (such as PT15M)") % {"what": what, "value": show(text)}
        )
    parts = {name: float(number) for name, number in match.groupdict().items() if number}
    return timedelta(**parts)


def parse_interval(value: Any, what: str) -> tuple[datetime, datetime]:
    """An ISO 8601 interval (TM_Period): ``start/end``, ``start/duration`` or ``duration/end``."""
    if not isinstance(value, str) or value.count("/") != 1:
        raise ObservationInvalid(
            _("%(what)s: %(value)s is not an ISO 8601 interval such as "
              "2026-05-01T08:00:00Z/2026-05-01T09:00:00Z") % {"what": what, "value": show(value)}
        )
    first, second = (part.strip() for part in value.split("/"))
    if first.startswith("P"):
        end = parse_instant(second, what)
        start = end - _duration(first, what)
    else:
        start = parse_instant(first, what)
        end = start + _duration(second, what) if second.startswith("P") else parse_instant(
            second, what)
    if end < start:
        raise ObservationInvalid(
            _("%(what)s: %(value)s ends before it starts") % {"what": what, "value": show(value)}
        )
    return start, end


def parse_time(value: Any, what: str) -> tuple[datetime, datetime | None]:
    """An instant, or an interval when the text has a ``/`` (phenomenonTime, §8.2.7)."""
    if isinstance(value, str) and "/" in value:
        return parse_interval(value, what)
    return parse_instant(value, what), None


def parse_id(value: Any, what: str) -> int:
    """An ``@iot.id``: CityLoop's ids are positive integers (a numeric string is taken too)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str) and value.isdigit() and int(value) > 0:
        return int(value)
    raise ObservationInvalid(
        _("%(what)s: %(value)s is not an id") % {"what": what, "value": show(value)}
    )


def check_result(value: Any) -> Any:
    """Any JSON value is a result (§8.2.7); NaN and infinity are not JSON."""
    if type(value) is float and not math.isfinite(value):
        raise ObservationInvalid(
            _("result: %(value)s is not a number JSON can carry") % {"value": show(value)}
        )
    return value


def _reference(value: Any, what: str) -> int:
    if not isinstance(value, dict) or "@iot.id" not in value:
        raise ObservationInvalid(
            _('%(what)s: give the related entity as {"@iot.id": <id>}') % {"what": what}
        )
    return parse_id(value["@iot.id"], what + "/@iot.id")


def _feature(value: Any) -> tuple[int | None, dict[str, Any] | None]:
    """A FeatureOfInterest by ``@iot.id``, or a new one inline (§10.2 deep insert)."""
    if isinstance(value, dict) and "@iot.id" in value:
        return _reference(value, "FeatureOfInterest"), None
    if not isinstance(value, dict):
        raise ObservationInvalid(
            _('FeatureOfInterest: give {"@iot.id": <id>} or a new FeatureOfInterest with name, '
              "encodingType and feature")
        )
    for name in ("name", "encodingType"):
        if not isinstance(value.get(name), str) or not value[name].strip():
            raise ObservationInvalid(
                _("FeatureOfInterest: %(name)s is required and must be text") % {"name": name}
            )
    if not isinstance(value.get("feature"), dict):
        raise ObservationInvalid(_("FeatureOfInterest: feature must be a GeoJSON object"))
    return None, value


def _optional(data: dict[str, Any]) -> dict[str, Any]:
    """The optional properties of one Observation entity, parsed."""
    fields: dict[str, Any] = {}
    if data.get("resultTime") is not None:
        fields["result_time"] = parse_instant(data["resultTime"], "resultTime")
    if data.get("validTime") is not None:
        fields["valid_time"] = parse_interval(data["validTime"], "validTime")
    parameters = data.get("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise ObservationInvalid(
            _("parameters: %(value)s is not a JSON object") % {"value": show(parameters)}
        )
    fields["parameters"] = parameters
    fields["result_quality"] = data.get("resultQuality")
    if data.get("FeatureOfInterest") is not None:
        fields["feature_of_interest_id"], fields["feature_of_interest"] = _feature(
            data["FeatureOfInterest"])
    return fields


def _stream(data: dict[str, Any], name: str, sent_to: int | None) -> int | None:
    """The Datastream or MultiDatastream (``name``) the body or the path names."""
    if data.get(name) is None:
        return sent_to
    named = _reference(data[name], name)
    if sent_to is not None and named != sent_to:
        raise ObservationInvalid(
            _("%(name)s: %(named)s differs from %(name)s(%(path)s) it was sent to")
            % {"name": name, "named": named, "path": sent_to}
        )
    return named


def parse_observation(data: Any, *, datastream_id: int | None = None,
                      multi_datastream_id: int | None = None,
                      now: datetime | None = None) -> ObservationIn:
    """One Observation entity (§8.2.7). ``datastream_id`` (or ``multi_datastream_id``,
    §14.1): the one the URL or topic names.

    A missing phenomenonTime is the time of receipt (§8.2.7: devices without
    a clock may leave it out and the service assigns it).
    """
    if not isinstance(data, dict):
        raise ObservationInvalid(_("an Observation must be a JSON object"))
    unknown = [] if PROPERTIES.issuperset(data) else sorted(
        k for k in data if k not in PROPERTIES and "@iot." not in k)
    if unknown:
        raise ObservationInvalid(
            _("%(name)s is not a property of an Observation") % {"name": show(unknown[0])}
        )
    if "result" not in data:
        raise ObservationInvalid(_("result: an Observation must have a result"))
    datastream_id = _stream(data, "Datastream", datastream_id)
    multi_datastream_id = _stream(data, "MultiDatastream", multi_datastream_id)
    if datastream_id is not None and multi_datastream_id is not None:
        raise ObservationInvalid(
            _("an Observation belongs to a Datastream or to a MultiDatastream, not to both"))
    if datastream_id is None and multi_datastream_id is None:
        raise ObservationInvalid(
            _('Datastream: an Observation needs its Datastream, as {"@iot.id": <id>} or by '
              "sending it to Datastreams(<id>)/Observations (or a MultiDatastream)")
        )
    result = check_result(data["result"])
    if multi_datastream_id is not None and not isinstance(result, list):
        raise ObservationInvalid(
            _("result: an Observation of a MultiDatastream has an array result, one value "
              "per ObservedProperty"))
    given = data.get("phenomenonTime")
    if given is None:
        start, end = now or timezone.now(), None
    else:
        start, end = parse_time(given, "phenomenonTime")
    observation = _build(datastream_id or 0, start, end, result)
    values = observation.__dict__
    values.update(_optional(data))
    values["multi_datastream_id"] = multi_datastream_id
    if end is None and given is not None:
        text = utc_form(given.strip())
        if text is not None:
            values[UTC_TEXT] = text
    return observation


# -- CreateObservations (§14.2) ------------------------------------------------------------

RowParser = Callable[[Any], ObservationInvalid | ObservationIn]


def parse_data_array(body: Any, *, now: datetime | None = None
                     ) -> list[ObservationIn | ObservationInvalid]:
    """Every row of every block, in order: an ObservationIn, or why the row was refused.

    A block that is itself wrong (no Datastream, unknown components) refuses
    each of its rows with the block's reason, so the answer still has one
    entry per row. A body that is not a list of blocks raises ObservationInvalid.
    """
    if not isinstance(body, list):
        raise ObservationInvalid(
            _("the body must be a JSON array of blocks with Datastream, components and dataArray")
        )
    moment = now or timezone.now()
    out: list[ObservationIn | ObservationInvalid] = []
    for number, block in enumerate(body):
        rows = block.get("dataArray") if isinstance(block, dict) else None
        if not isinstance(rows, list):
            raise ObservationInvalid(
                _("block %(number)s: dataArray must be a JSON array of rows") % {"number": number}
            )
        try:
            parse_row = _row_parser(block, moment)
        except ObservationInvalid as exc:
            refusal = ObservationInvalid(
                _("block %(number)s: %(message)s") % {"number": number, "message": exc.message})
            out.extend(refusal for _row in rows)
            continue
        out.extend([parse_row(row) for row in rows])
    return out


def _block_components(block: dict[str, Any]) -> list[str]:
    components = block.get("components")
    if not isinstance(components, list) or not all(isinstance(c, str) for c in components):
        raise ObservationInvalid(_("components must be a JSON array of property names"))
    unknown = [c for c in components if c not in COMPONENTS]
    if unknown:
        raise ObservationInvalid(
            _("components: %(name)s is not one of %(known)s")
            % {"name": show(unknown[0]), "known": ", ".join(sorted(COMPONENTS))}
        )
    if len(set(components)) != len(components):
        raise ObservationInvalid(_("components: a component is listed twice"))
    if "result" not in components:
        raise ObservationInvalid(_("components: result is required"))
    return components


def _row_parser(block: dict[str, Any], now: datetime) -> RowParser:
    """The parser of one block's rows; raises ObservationInvalid when the block is wrong."""
    components = _block_components(block)
    if "MultiDatastream" in block:  # §14.1: its rows' results are arrays
        if "Datastream" in block:
            raise ObservationInvalid(
                _("a block names a Datastream or a MultiDatastream, not both"))
        multi = _reference(block["MultiDatastream"], "MultiDatastream")
        return _careful_rows(components, None, now, multi)
    datastream_id = _reference(block.get("Datastream"), "Datastream")
    slow = _careful_rows(components, datastream_id, now)
    if set(components) <= {"phenomenonTime", "result", "FeatureOfInterest/id"}:
        return _common_rows(components, datastream_id, now, slow)
    return slow


def _careful_rows(components: list[str], datastream_id: int | None, now: datetime,
                  multi_datastream_id: int | None = None) -> RowParser:
    """Rows read as named properties, with every check and every message."""
    width = len(components)

    def parse_row(row: Any) -> ObservationInvalid | ObservationIn:
        if not isinstance(row, list) or len(row) != width:
            return ObservationInvalid(
                _("a row must be a JSON array of %(count)s values (%(components)s)")
                % {"count": width, "components": ", ".join(components)}
            )
        data = dict(zip(components, row, strict=True))
        feature = data.pop("FeatureOfInterest/id", None)
        if feature is not None:
            data["FeatureOfInterest"] = {"@iot.id": feature}
        try:
            return parse_observation(data, datastream_id=datastream_id,
                                     multi_datastream_id=multi_datastream_id, now=now)
        except ObservationInvalid as exc:
            return exc

    return parse_row


def _common_rows(components: list[str], datastream_id: int, now: datetime,
                 slow: RowParser) -> RowParser:
    """The common row, [time, number(, feature id)]: no dict, only the checks it needs;
    anything unusual goes the careful way (``slow``), which also words the refusal."""
    width = len(components)
    at = {name: index for index, name in enumerate(components)}
    time_at, result_at = at.get("phenomenonTime"), at["result"]
    feature_at = at.get("FeatureOfInterest/id")
    fields = {**_FIELDS, "datastream_id": datastream_id}
    new, isfinite, fromisoformat = _new, math.isfinite, datetime.fromisoformat

    def parse_row(row: Any) -> ObservationInvalid | ObservationIn:
        if type(row) is not list or len(row) != width:
            return slow(row)
        result = row[result_at]
        kind = type(result)
        if (kind is not float and kind is not int and kind is not str) or (
                kind is float and not isfinite(result)):
            return slow(row)
        start, text = now, None
        if time_at is not None:
            given = row[time_at]
            try:
                start = fromisoformat(given)
            except (TypeError, ValueError):
                return slow(row)  # an interval, or a wrong time with its message
            if start.tzinfo is None:
                return slow(row)
            text = utc_form(given)
        feature = None if feature_at is None else row[feature_at]
        if feature is not None and (type(feature) is not int or feature <= 0):
            return slow(row)
        observation = new(ObservationIn)  # _build, inlined: this runs for every row
        values = observation.__dict__
        values.update(fields)
        values["phenomenon_time"] = start
        values["result"] = result
        values["feature_of_interest_id"] = feature
        if text is not None:
            values[UTC_TEXT] = text
        return observation

    return parse_row

