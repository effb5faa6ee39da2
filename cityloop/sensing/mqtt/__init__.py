"""SensorThings over MQTT (OGC 18-088 §14.1): devices publish observations, CityLoop
publishes new ones to subscribers.

- ``config``: the broker and CityLoop's names on it, from settings;
- ``topics``: what the SensorThings topics mean;
- ``subscriber``: ingest workers (``cityloop mqtt-ingest``) that take
  observations from a shared subscription in batches, acknowledging each
  message only once its batch is committed;
- ``publisher``: sends each new observation, however it arrived, to its receive
  topics (§14.2) from a thread of its own;
- ``changes``, ``render``: every other entity created or changed, after commit, to its
  entity set, entity, property and navigation topics, as the HTTP GET shows it;
- ``receive``: the ``$select`` topics somebody subscribed to, as the broker tells.
"""
