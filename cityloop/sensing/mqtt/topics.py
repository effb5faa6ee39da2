"""SensorThings MQTT topics (OGC 18-088 §14.1).

Create: a device publishes one Observation to ``v1.1/Observations`` (its
Datastream or MultiDatastream in the body), ``v1.1/Datastreams(id)/Observations``,
``v1.1/MultiDatastreams(id)/Observations`` (an array result, §14.1) or
``v1.1/FeaturesOfInterest(id)/Observations``. Receive (§14.2): a subscriber to
those topics gets each new Observation there, as the HTTP API shows it; the
other receive topics are in ``receive`` and ``render``.

The same topic serves both directions, so the ingest workers also receive
what CityLoop itself published there; those messages carry
``@iot.selfLink``, which a device never sends, and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "v1.1/"
_TOPIC = re.compile(
    r"v1\.1/(?:(Datastreams|MultiDatastreams|FeaturesOfInterest)\((\d{1,18})\)/)?Observations")
ECHO_MARK = b'"@iot.selfLink"'


@dataclass(frozen=True)
class Target:
    datastream_id: int | None = None
    feature_of_interest_id: int | None = None
    multi_datastream_id: int | None = None


def target(topic: str) -> Target | None:
    """What a create topic names; None for a topic that creates no Observation."""
    match = _TOPIC.fullmatch(topic)
    if match is None:
        return None
    kind, number = match.groups()
    if kind == "Datastreams":
        return Target(datastream_id=int(number))
    if kind == "MultiDatastreams":
        return Target(multi_datastream_id=int(number))
    if kind == "FeaturesOfInterest":
        return Target(feature_of_interest_id=int(number))
    return Target()


def observations_of(datastream_id: int) -> str:
    """The topic on which a Datastream's new Observations are published."""
    return f"{PREFIX}Datastreams({datastream_id})/Observations"


def ingest_filters(group: str) -> list[str]:
    """The subscriptions of the ingest workers: shared (MQTT 5 ``$share``) within ``group``.

    Without a group, plain subscriptions: for a single worker on a broker that
    does not keep shared subscriptions over its own restart (Mosquitto 2.0.11
    restores a persistent session's plain subscriptions from its persistence
    file, but not its shared ones, so until the workers are back messages
    published to their topics have no subscriber).
    """
    filters = [f"{PREFIX}Observations", f"{PREFIX}+/Observations"]
    return [f"$share/{group}/{f}" for f in filters] if group else filters
