from __future__ import annotations

from tests.geo.places.fixtures import places  # noqa: F401
