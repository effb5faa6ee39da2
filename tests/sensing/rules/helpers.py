"""A small sensor network in the test city, and data written as ingest leaves it.

``record`` maintains the per-minute rollup and the latest observation
exactly as ``sensing.ingest`` does, so rule tests do not depend on the
ingest path; the end-to-end tests go through ``ingest()`` itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cityloop.sensing import evaluation
from cityloop.sensing.models import (
    Datastream,
    LatestObservation,
    Location,
    ObservedProperty,
    Rollup,
    Sensor,
    Thing,
)
from cityloop.sensing.rules.models import Rule
from tests import citydata

T0 = datetime(2030, 6, 1, 8, 0, tzinfo=UTC)


def minute(n: float) -> datetime:
    """``n`` minutes after T0."""
    return T0 + timedelta(minutes=n)


def make_stream(name: str = "River level", *, thing: str = "Qiaotou gauge",
                prop: str = "River level", symbol: str = "m",
                point: tuple[float, float] = citydata.INSIDE_WEST_N,
                public: bool = True) -> Datastream:
    lat, lon = point
    owner = Thing.objects.filter(name=thing).first()
    if owner is None:
        owner = Thing.objects.create(name=thing, properties={"public": public})
        location = Location.objects.create(
            name=f"{thing} site", location={"type": "Point", "coordinates": [lon, lat]}
        )
        owner.locations.add(location)
    sensor, _ = Sensor.objects.get_or_create(name=f"{prop} sensor",
                                             defaults={"encoding_type": "text/html"})
    observed, _ = ObservedProperty.objects.get_or_create(name=prop)
    return Datastream.objects.create(
        name=name, thing=owner, sensor=sensor, observed_property=observed,
        unit_of_measurement={"name": symbol, "symbol": symbol},
        observation_type="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
    )


def record(stream: Datastream | int, at: datetime, value: float) -> None:
    """One observation's effect on the rollups and the latest value."""
    ds = stream if isinstance(stream, int) else stream.pk
    bucket = at.replace(second=0, microsecond=0)
    row = Rollup.objects.filter(datastream_id=ds, minute=bucket).first()
    if row is None:
        Rollup.objects.create(datastream_id=ds, minute=bucket, count=1, total=value,
                              minimum=value, maximum=value)
    else:
        row.count += 1
        row.total += value
        row.minimum = min(row.minimum, value)
        row.maximum = max(row.maximum, value)
        row.save()
    latest = LatestObservation.objects.filter(datastream_id=ds).first()
    if latest is None or latest.phenomenon_time <= at:
        LatestObservation.objects.update_or_create(
            datastream_id=ds,
            defaults={"observation_id": 0, "phenomenon_time": at, "result_number": value},
        )


def observe(stream: Datastream, at: datetime, value: float) -> None:
    """Record one observation and evaluate the rules as ingest would after commit."""
    record(stream, at, value)
    evaluation.after_ingest({stream.pk}, at)


def series(stream: Datastream, start: float, values: list[float]) -> None:
    """One observation a minute from ``minute(start)``, each evaluated."""
    for i, value in enumerate(values):
        observe(stream, minute(start + i), value)


def make_rule(stream: Datastream | None = None, **fields: Any) -> Rule:
    defaults: dict[str, Any] = {
        "code": "river-level",
        "name": "River level",
        "name_i18n": {"zh-hans": "河道水位"},
        "kind": "threshold",
        "datastream": stream,
        "yellow": 3.0,
        "orange": 3.5,
        "red": 4.0,
        "hysteresis": 0.2,
        "case_level": "yellow",
        "category_id": _category("flooding"),
        "answers": {"traffic_blocked": "no"},
    }
    defaults.update(fields)
    channels = defaults.pop("channels", [])
    things = defaults.pop("things", [])
    rule = Rule.objects.create(**defaults)
    rule.channels.set(channels)
    rule.things.set(things)
    return rule


def _category(code: str) -> int:
    from cityloop.catalogue.models import ServiceCategory

    return ServiceCategory.objects.get(service_code=code).pk
