"""CityLoop's machine-readable description of its public HTTP APIs (/api/openapi.json).

The document is data built in Python, one small module per part of the
site (``open311``, ``public``, ``sta``), put together by ``openapi``.
docs/api.md says what it covers and how a new endpoint joins it.
"""
