"""The demo city's geography as base-map data: roads, water, parks, landmarks, addresses.

A deterministic generator over the same plane and seed as the areas
(``cityloop/demo/geometry.py``), so roads stay inside the districts they are
named after and the river runs where the riverside districts are. Rebuild
the files in ``cityloop/demo/data/`` with::

    .venv/bin/python -m cityloop.demo.geography

The files use OpenStreetMap's tags (``name``, ``name:zh``, ``name:en``,
``highway``, ``natural``, ``leisure``, ``amenity``, ``addr:*``), so a real
city's extract from OpenStreetMap has the same shape (docs/deploy.md).
"""
