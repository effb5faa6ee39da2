"""What the sensing app registers when Django starts.

Imported by ``SensingConfig.ready`` only, once every model is loaded, so the
imports below may reach models. Admin pages are found by Django's admin
autodiscovery (``sensing/admin.py``), not here.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from cityloop.sensing import evaluation, ingest, lookups

# Importing these registers the built-in rule kinds, the indicator sources and
# the periodic jobs: the indicators', observation retention and partitions
# (evaluation registers the rules' job).
from cityloop.sensing import retention as _retention  # noqa: F401
from cityloop.sensing.indicators import compute as _compute  # noqa: F401
from cityloop.sensing.indicators import sources as _sources  # noqa: F401
from cityloop.sensing.mqtt import changes as mqtt_changes
from cityloop.sensing.mqtt.publisher import publisher
from cityloop.sensing.partitions import ahead as _ahead  # noqa: F401
from cityloop.sensing.rules import kinds as _kinds  # noqa: F401
from cityloop.sensing.rules.models import Rule


def connect() -> None:
    lookups.register()  # field__any_of, before any query uses it
    # Every committed batch, however it came in (HTTP or MQTT), goes to MQTT
    # subscribers: the adapter asks ingest for it, ingest does not know MQTT.
    ingest.on_stored(publisher.publish)
    # Every other entity saved (any door), after commit, by the process that saved it.
    mqtt_changes.connect()
    post_save.connect(evaluation.rules_changed, sender=Rule, dispatch_uid="sensing-rules")
    post_delete.connect(evaluation.rules_changed, sender=Rule,
                        dispatch_uid="sensing-rules-deleted")
    m2m_changed.connect(evaluation.rules_changed, sender=Rule.things.through,
                        dispatch_uid="sensing-rule-things")
