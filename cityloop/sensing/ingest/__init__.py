"""Observations into CityLoop: the one way they enter, over HTTP and MQTT alike.

- ``parse``: SensorThings JSON to ``ObservationIn`` (shared by the HTTP API and MQTT);
- ``store``: ``ingest``, a whole batch checked and stored in one transaction;
- ``batch``: a batch as rows, and what it adds to rollups, latest values and time ranges;
- ``cache``: what ingest knows about datastreams and features, kept in memory;
- ``pg``, ``sqlite``: storing a batch on each database.

Adapters call ``ingest``; those that want the stored observations (the MQTT
publisher) register with ``on_stored``.
"""

from cityloop.sensing.ingest.store import IngestResult, ingest, on_stored

__all__ = ["IngestResult", "ingest", "on_stored"]
