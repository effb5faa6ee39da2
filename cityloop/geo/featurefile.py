"""Reading a GeoJSON FeatureCollection file, shared by the area and the place imports.

Each import turns ``FeatureFileError`` into its own error, so that its
command reports the problem in its own words and stops with nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class FeatureFileError(Exception):
    """The file cannot be read, or is not a GeoJSON FeatureCollection."""


def read_features(path: Path) -> list[Any]:
    """The ``features`` of the FeatureCollection in ``path`` (possibly empty)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FeatureFileError(f"cannot read {path}: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeatureFileError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FeatureFileError(f"{path} is not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list):
        raise FeatureFileError(f"{path} has no features list")
    return features
