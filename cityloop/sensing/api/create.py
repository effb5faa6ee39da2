"""POST: create an entity, with related entities inside it (deep insert, OGC 18-088 §10.2).

A related entity is either linked (``{"@iot.id": 3}``) or described in
full and created. A Thing that gets Locations gets a HistoricalLocation
too (§8.2.3), and its Locations are replaced, not added to, as
FROST-Server does: a Thing is where its current Locations say. Everything
happens inside the caller's transaction, so a refused part refuses all.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.sensing.api import multi, observations, scope
from cityloop.sensing.api.errors import StaError, bad_request
from cityloop.sensing.api.schema import (
    DATASTREAM,
    LOCATION,
    MULTI_DATASTREAM,
    OBSERVATION,
    OBSERVED_PROPERTY,
    THING,
    EntityType,
    Nav,
    target,
)
from cityloop.sensing.api.values import check_keys, fields_of
from cityloop.sensing.models import HistoricalLocation, MultiDatastream, Observation, Thing

# The entity a navigation collection of Observations hangs from, as the Observation names it.
_OWNER = {DATASTREAM.name: "Datastream", MULTI_DATASTREAM.name: "MultiDatastream"}
_STREAMS = ("Datastream", "MultiDatastream")


class Writer:
    def __init__(self) -> None:
        self.now = timezone.now()

    # -- entities ------------------------------------------------------------------------

    def create(self, entity: EntityType, data: Any, *, back: dict[str, models.Model] | None = None,
               top: bool = False) -> models.Model:
        """A new ``entity``; ``back`` holds to-one links given by the enclosing entity."""
        if not isinstance(data, dict):
            raise bad_request(_("A %(entity)s must be a JSON object.") % {"entity": entity.name})
        if top and "@iot.id" in data:
            self.refuse_id(entity, data["@iot.id"])
        if entity is OBSERVATION:
            return self.observation(data, back or {})
        back = back or {}
        fields = fields_of(entity, data, partial=False)
        if entity is MULTI_DATASTREAM:
            multi.check_fields(fields)
        for nav in entity.navs.values():
            if nav.many:
                continue
            related = self.to_one(entity, nav, data, back)
            if related is None and nav.required:
                raise bad_request(
                    _('A %(entity)s needs a %(nav)s: give {"@iot.id": <id>} of an existing one, '
                      "or a new one.") % {"entity": entity.name, "nav": nav.name}
                )
            fields[nav.accessor] = related
        obj = entity.model(**fields)
        obj.save()
        for nav in entity.navs.values():
            if nav.many and data.get(nav.name) is not None:
                self.add_many(entity, obj, nav, data[nav.name])
        if isinstance(obj, MultiDatastream):
            multi.check_sizes(obj)  # also when no ObservedProperties were given
        return obj

    def to_one(self, entity: EntityType, nav: Nav, data: dict[str, Any],
               back: dict[str, models.Model]) -> models.Model | None:
        given, linked = data.get(nav.name), back.get(nav.name)
        if given is not None and linked is not None:
            if _same_reference(given, linked):
                # FROST-Server's Java client repeats the Datastream of the path in the body.
                return linked
            raise bad_request(
                _("%(entity)s.%(nav)s is given by the path or the enclosing entity as "
                  "%(target)s(%(id)s); the body may only repeat that one, as "
                  '{"@iot.id": %(id)s}, or leave it out.')
                % {"entity": entity.name, "nav": nav.name, "target": target(nav).set_name,
                   "id": linked.pk}
            )
        if linked is not None:
            return linked
        if given is None:
            return None
        return self.related(target(nav), given, f"{entity.name}.{nav.name}")

    def related(self, entity: EntityType, value: Any, what: str) -> models.Model:
        """An existing entity (``{"@iot.id": n}``) or a new one described in full."""
        if not isinstance(value, dict):
            raise bad_request(_("%(what)s must be a JSON object.") % {"what": what})
        if "@iot.id" in value:
            return self.existing(entity, value["@iot.id"], what)
        return self.create(entity, value)

    def existing(self, entity: EntityType, pk: Any, what: str) -> models.Model:
        if isinstance(pk, str) and pk.isdigit():
            pk = int(pk)
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise bad_request(_("%(what)s: @iot.id must be a whole number.") % {"what": what})
        # What the reader may not see does not exist for it (a key without sta:read
        # cannot link to, or learn the ids of, private Things).
        obj = scope.rows(entity.model).filter(pk=pk).first()
        if obj is None:
            raise bad_request(_("%(what)s: there is no %(entity)s with id %(id)s.")
                              % {"what": what, "entity": entity.name, "id": pk})
        return obj

    def refuse_id(self, entity: EntityType, pk: Any) -> None:
        exists = isinstance(pk, int) and entity.model._default_manager.filter(pk=pk).exists()
        if exists:
            raise StaError(409, _("%(set)s(%(id)s) already exists: PATCH it to change it, or "
                                  "POST without @iot.id to create a new one.")
                           % {"set": entity.set_name, "id": pk})
        raise bad_request(_("The server gives ids: POST a new %(entity)s without @iot.id.")
                          % {"entity": entity.name})

    # -- to-many navigation properties -----------------------------------------------------

    def add_many(self, entity: EntityType, obj: models.Model, nav: Nav, items: Any
                 ) -> list[models.Model]:
        what = f"{entity.name}.{nav.name}"
        if not isinstance(items, list):
            raise bad_request(_("%(what)s must be a JSON array.") % {"what": what})
        child = target(nav)
        if child is OBSERVATION:
            return self.observations(entity, obj, items, what)
        if entity is OBSERVED_PROPERTY and child is MULTI_DATASTREAM:
            raise multi.from_observed_property()
        if nav.m2m:
            related = [self.related(child, item, what) for item in items]
            if nav.ranked:
                multi.link(obj, related)
            elif entity is THING:
                self.relocate(obj, related)  # type: ignore[arg-type]
            elif entity is LOCATION and child is THING:
                for thing in related:
                    self.relocate(thing, [obj])  # type: ignore[arg-type]
            else:
                getattr(obj, nav.accessor).add(*related)
            return related
        back_nav = next(n for n in child.navs.values() if n.accessor == nav.reverse)
        created = []
        for item in items:
            if isinstance(item, dict) and "@iot.id" in item:
                found = self.existing(child, item["@iot.id"], what)
                setattr(found, nav.reverse, obj)
                found.save(update_fields=[nav.reverse])
                created.append(found)
            else:
                created.append(self.create(child, item, back={back_nav.name: obj}))
        return created

    def relocate(self, thing: Thing, locations: list[models.Model]) -> None:
        """§8.2.3: a Thing's new Locations, and a HistoricalLocation that records them."""
        manager: Any = thing.locations
        manager.set(locations)
        if locations:
            history: Any = HistoricalLocation.objects.create(thing=thing, time=self.now)
            history.locations.set(locations)

    # -- observations ----------------------------------------------------------------------

    def observation(self, data: dict[str, Any], back: dict[str, models.Model]) -> models.Model:
        parsed = self.parse_observation(data, back, "Observation")
        (new_id,) = observations.store([parsed], "Observation")
        return Observation.objects.get(pk=new_id)

    def observations(self, entity: EntityType, obj: models.Model, items: list[Any], what: str
                     ) -> list[models.Model]:
        back_name = _OWNER.get(entity.name, "FeatureOfInterest")
        parsed = []
        for index, item in enumerate(items):
            label = f"{what}[{index}]"
            if not isinstance(item, dict) or "@iot.id" in item:
                raise bad_request(_("%(what)s: give new Observations here, as JSON objects.")
                                  % {"what": label})
            parsed.append(self.parse_observation(item, {back_name: obj}, label))
        ids = observations.store(parsed, what)
        return list(Observation.objects.filter(pk__in=ids).order_by("pk"))

    def parse_observation(self, data: dict[str, Any], back: dict[str, models.Model], what: str
                          ) -> Any:
        check_keys(OBSERVATION, data)
        datastream, several = (self.to_one(OBSERVATION, OBSERVATION.navs[name], data, back)
                               for name in _STREAMS)
        if datastream is None and several is None:
            raise bad_request(_('%(what)s needs a Datastream: give {"@iot.id": <id>} or post it '
                                "to Datastreams(<id>)/Observations (or a MultiDatastream).")
                              % {"what": what})
        if datastream is not None and several is not None:
            raise bad_request(_("%(what)s belongs to a Datastream or to a MultiDatastream, not "
                                "to both.") % {"what": what})
        feature = self.to_one(OBSERVATION, OBSERVATION.navs["FeatureOfInterest"], data, back)
        plain = {k: v for k, v in data.items()
                 if k not in {*_STREAMS, "FeatureOfInterest"} and not k.startswith("@")}
        return observations.parse(plain, datastream.pk if datastream else None,
                                  feature.pk if feature else None, what,
                                  multi_datastream_id=several.pk if several else None)


def _same_reference(given: Any, linked: models.Model) -> bool:
    """Whether ``given`` is ``{"@iot.id": <linked's id>}`` (an id in text counts too)."""
    if not isinstance(given, dict) or any(not k.startswith("@") for k in given):
        return False
    pk = given.get("@iot.id")
    if isinstance(pk, str) and pk.isdigit():
        pk = int(pk)
    return isinstance(pk, int) and not isinstance(pk, bool) and pk == linked.pk
