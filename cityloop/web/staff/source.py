"""Where a case came from, when no resident reported it.

A sensor rule opens a case through ``sensing.rules.alerts`` (channel
"sensor") and links it from its ``Alert``; a cluster of reports opens an
incident through ``triage.hotspots`` (channel "hotspot") and links it from
its ``Hotspot``. Pages that name a case's origin say "Sensor: Binjiang river
gauge" or "Hotspot of 7 reports" for those, never "a resident".

``sources`` answers for a whole page of cases in two queries. On public
pages (``public=True``) a private sensor (not marked ``public: true``, the
SensorThings rule of ``sensing.access``) is not named: "Sensor" only,
so that the public case list does not tell where the city keeps its
private meters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityloop.cases.models import Case, Channel, channel_label
from cityloop.sensing import access
from cityloop.sensing.rules.models import Alert
from cityloop.triage.hotspots.models import Hotspot

MACHINE_CHANNELS = (Channel.SENSOR, Channel.HOTSPOT)


def thing_name(name: str, properties: dict[str, Any] | None) -> str:
    """A sensor station's name in the active language (``name_<language>`` property)."""
    language = (translation.get_language() or "").lower()
    localised = (properties or {}).get(f"name_{language}") if language else None
    return str(localised) if localised else name


def sensor_label(name: str) -> str:
    return _("Sensor: %(name)s") % {"name": name}


def hotspot_label(size: int) -> str:
    return ngettext("Hotspot of %(count)d report", "Hotspot of %(count)d reports",
                    size) % {"count": size}


def sources(cases: Iterable[Case], *, public: bool = False) -> dict[int, str]:
    """For each case opened by a sensor rule or a hotspot, its source in words."""
    by_channel: dict[str, list[int]] = {}
    for pk, channel in _channels(list(cases)).items():
        if channel in MACHINE_CHANNELS:
            by_channel.setdefault(channel, []).append(pk)
    out: dict[int, str] = {}
    sensor_cases = by_channel.get(Channel.SENSOR, [])
    if sensor_cases:
        # The first alert that opened the case names the station.
        alerts = (Alert.objects.filter(case_id__in=sensor_cases)
                  .order_by("-started_at", "-id")
                  .values_list("case_id", "datastream__thing__name",
                               "datastream__thing__properties"))
        for case_id, name, properties in alerts:
            if public and (properties or {}).get("public") is not True:
                continue  # named below as just "Sensor"
            out[case_id] = sensor_label(thing_name(name, properties))
        for case_id in sensor_cases:
            out.setdefault(case_id, channel_label(Channel.SENSOR))
    hotspot_cases = by_channel.get(Channel.HOTSPOT, [])
    if hotspot_cases:
        sizes = dict(Hotspot.objects.filter(case_id__in=hotspot_cases)
                     .values_list("case_id", "size"))
        for case_id in hotspot_cases:
            out[case_id] = (hotspot_label(sizes[case_id]) if case_id in sizes
                            else channel_label(Channel.HOTSPOT))
    return out


def private_sensor_cases(case_ids: Iterable[int]) -> set[int]:
    """Those of ``case_ids`` opened by a datastream that is not public (the SensorThings
    rule, ``sensing.access``), in one query. Their alert texts name the station and
    its readings: public pages show neither."""
    return set(Alert.objects.filter(case_id__in=list(case_ids))
               .exclude(datastream__in=access.public_datastreams())
               .values_list("case_id", flat=True))


def _channels(cases: list[Case]) -> dict[int, str]:
    """Each case's channel; one query for those read without it (public lists defer it)."""
    known = {c.pk: c.channel for c in cases if "channel" not in c.get_deferred_fields()}
    missing = [c.pk for c in cases if c.pk not in known]
    if missing:
        known.update(Case.objects.filter(pk__in=missing).values_list("pk", "channel"))
    return known


def source_of(case: Case) -> str:
    """The source of one case in words, or "" for a case a person reported."""
    return sources([case]).get(case.pk, "")
