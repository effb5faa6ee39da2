"""PATCH and PUT (OGC 18-088 §10.3).

PATCH with ``application/json`` replaces the properties it names and links
the related entities it names (a Thing's Locations are replaced and a
HistoricalLocation recorded, §8.2.3; a MultiDatastream's ObservedProperties
are replaced, in the order given); ``application/merge-patch+json``
(RFC 7396) merges into JSON properties such as ``properties`` instead;
``application/json-patch+json`` (RFC 6902) applies operations. PUT
replaces every property: the ones left out return to their defaults.
An Observation is checked again as a whole, like a new one, and the
rollups it counted in are rebuilt.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cityloop.sensing.api import derived, multi, patches
from cityloop.sensing.api.create import Writer
from cityloop.sensing.api.errors import bad_request
from cityloop.sensing.api.schema import MULTI_DATASTREAM, OBSERVATION, EntityType, target
from cityloop.sensing.api.serialize import property_value
from cityloop.sensing.api.values import apply, check_keys, fields_of
from cityloop.sensing.ingest import area
from cityloop.sensing.ingest import multi as multi_ingest
from cityloop.sensing.ingest.cache import NUMERIC_TYPES
from cityloop.sensing.models import Datastream, MultiDatastream

MERGE_PATCH = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"


def writable(entity: EntityType, obj: models.Model) -> dict[str, Any]:
    """The entity's properties as a client would send them."""
    return {name: property_value(prop, obj) for name, prop in entity.props.items()}


def update(entity: EntityType, obj: models.Model, body: Any, content_type: str, *,
           replace: bool = False) -> models.Model:
    if content_type == JSON_PATCH:
        current = writable(entity, obj)
        changed = patches.apply(current, body)
        body = {k: changed.get(k) for k in set(current) | set(changed)
                if changed.get(k) != current.get(k)}
    if not isinstance(body, dict):
        raise bad_request(_("The body must be a JSON object with the properties to change."))
    if content_type == MERGE_PATCH:
        body = _merged(entity, obj, body)
    if entity is OBSERVATION:
        return _observation(obj, body, replace)
    writer = Writer()
    check_keys(entity, body)
    props = {k: v for k, v in body.items() if k in entity.props}
    fields = fields_of(entity, props, partial=not replace)
    if entity is MULTI_DATASTREAM:
        multi.check_fields(fields)
    apply(obj, fields)
    for nav in entity.navs.values():
        if not nav.many and nav.name in body:
            if body[nav.name] is None:
                if nav.required:
                    raise bad_request(_("%(entity)s.%(nav)s cannot be removed.")
                                      % {"entity": entity.name, "nav": nav.name})
                setattr(obj, nav.accessor, None)
            else:
                setattr(obj, nav.accessor,
                        writer.related(target(nav), body[nav.name], f"{entity.name}.{nav.name}"))
    obj.save()
    for nav in entity.navs.values():
        if nav.ranked and body.get(nav.name) is not None:
            # The ordered ObservedProperties of a MultiDatastream: the new list replaces
            # the old one, or the positions would not say which is which.
            related = [writer.related(target(nav), item, f"{entity.name}.{nav.name}")
                       for item in _array(body[nav.name], f"{entity.name}.{nav.name}")]
            multi.link(obj, related, replace=True)
        elif nav.many and body.get(nav.name) is not None:
            writer.add_many(entity, obj, nav, body[nav.name])
    if isinstance(obj, MultiDatastream):
        multi.check_sizes(obj)
    return obj


def _array(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise bad_request(_("%(what)s must be a JSON array.") % {"what": what})
    return value


def _merged(entity: EntityType, obj: models.Model, body: dict[str, Any]) -> dict[str, Any]:
    out = dict(body)
    for name, value in body.items():
        prop = entity.props.get(name)
        if prop is not None and prop.kind == "json" and isinstance(value, dict):
            out[name] = patches.merge(property_value(prop, obj), value)
    return out


def _observation(obj: models.Model, body: dict[str, Any], replace: bool) -> models.Model:
    check_keys(OBSERVATION, body)
    writer = Writer()
    given = {k: v for k, v in body.items() if k in OBSERVATION.props}
    data = given if replace else {**writable(OBSERVATION, obj), **given}
    back: dict[str, models.Model] = {}
    given_stream = any(body.get(name) is not None for name in ("Datastream", "MultiDatastream"))
    for name in ("Datastream", "MultiDatastream", "FeatureOfInterest"):
        nav = OBSERVATION.navs[name]
        if body.get(name) is not None:
            back[name] = writer.related(target(nav), body[name], f"Observation.{name}")
        elif (name == "FeatureOfInterest" or not given_stream) and getattr(
                obj, f"{nav.accessor}_id") is not None:  # a new stream given: the old one goes
            back[name] = getattr(obj, nav.accessor)
    old_stream, old_time = obj.datastream_id, obj.phenomenon_time  # type: ignore[attr-defined]
    parsed = writer.parse_observation(data, back, f"Observation({obj.pk})")
    if parsed.multi_datastream_id is not None:
        _store_multi(obj, parsed)
    else:
        _store(obj, parsed)
    if old_stream is not None:
        derived.refresh(old_stream, old_time, old_time)
    if parsed.multi_datastream_id is None:
        derived.refresh(parsed.datastream_id, parsed.phenomenon_time, parsed.phenomenon_time)
    return obj


def _store_multi(obj: Any, parsed: Any) -> None:
    """An Observation of a MultiDatastream, checked as ``ingest.multi`` checks new ones."""
    info = multi_ingest.streams({parsed.multi_datastream_id})[parsed.multi_datastream_id]
    try:
        result = multi_ingest.check_result(parsed.result, info)
    except ValueError as exc:
        raise bad_request(f"Observation({obj.pk}): {exc}") from None
    _set_fields(obj, parsed, None, result)
    obj.datastream_id, obj.multi_datastream_id = None, parsed.multi_datastream_id
    obj.save()
    stream = MultiDatastream.objects.select_for_update().get(pk=parsed.multi_datastream_id)
    changed = multi_ingest.stretch(stream, parsed.phenomenon_time,
                                   parsed.phenomenon_time_end or parsed.phenomenon_time,
                                   parsed.result_time)
    if changed:
        stream.save(update_fields=changed)
    if obj.feature_of_interest_id is not None:
        area.widen_now({(stream.pk, obj.feature_of_interest_id)}, MultiDatastream)


def _set_fields(obj: Any, parsed: Any, number: float | None, other: Any) -> None:
    obj.phenomenon_time = parsed.phenomenon_time
    obj.phenomenon_time_end = parsed.phenomenon_time_end
    obj.result_time = parsed.result_time
    obj.result_number = number
    obj.result_json = other
    obj.result_quality = parsed.result_quality
    obj.valid_time_start, obj.valid_time_end = parsed.valid_time or (None, None)
    obj.parameters = parsed.parameters
    if parsed.feature_of_interest_id is not None:
        obj.feature_of_interest_id = parsed.feature_of_interest_id


def _store(obj: Any, parsed: Any) -> None:
    result = parsed.result
    numeric = isinstance(result, int | float) and not isinstance(result, bool)
    if not numeric and _takes_numbers(parsed.datastream_id):
        # As ingest: a measurement's result is a number, or a number written as text.
        try:
            result, numeric = float(result), True
        except (TypeError, ValueError):
            raise bad_request(
                _("Observation.result must be a number: Datastream(%(id)s) takes measurements.")
                % {"id": parsed.datastream_id}
            ) from None
    obj.datastream_id, obj.multi_datastream_id = parsed.datastream_id, None
    _set_fields(obj, parsed, float(result) if numeric else None, None if numeric else result)
    obj.save()
    if obj.feature_of_interest_id is not None:  # §8.2.4: its area covers the feature
        area.widen({(parsed.datastream_id, obj.feature_of_interest_id)})
    derived.widen(parsed.datastream_id, parsed.phenomenon_time,
                  parsed.phenomenon_time_end or parsed.phenomenon_time, parsed.result_time)


def _takes_numbers(datastream_id: int) -> bool:
    return Datastream.objects.filter(pk=datastream_id,
                                     observation_type__in=NUMERIC_TYPES).exists()

