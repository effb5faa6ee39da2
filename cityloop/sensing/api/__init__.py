"""The OGC SensorThings API 1.1 (OGC 18-088) over HTTP, at ``/sta/v1.1/``.

An adapter over ``cityloop.sensing``: the resource path (``resource``), the
query options (``options`` and the ``$filter`` language in ``lexer``,
``parser``, ``compile``, ``functions`` and ``geo``), reading (``read``,
``expand``, ``serialize``, ``dataarray``) and writing (``create``,
``update``, ``delete``); ``views`` only dispatches. Observations are
written through ``cityloop.sensing.ingest`` so that rollups, the latest
values, rules and MQTT subscribers see every one of them.
"""
