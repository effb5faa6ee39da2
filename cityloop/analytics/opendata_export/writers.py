"""The three files of the cases, written together as the rows stream by.

CSV is UTF-8 without a byte-order mark, a header row, CRLF (RFC 4180). A
text cell a spreadsheet would run as a formula (a name an administrator
typed starting with ``=``, ``+``, ``-`` or ``@``) gets a leading ``'``, as in
the participation export; the other two formats keep the text as it is.
GeoJSON is one Feature per row at its district's centroid, or with no
geometry when the case had no district; written feature by feature.
Parquet is written a row group at a time, so no file is ever held whole.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from cityloop.analytics.opendata_export.rows import COLUMNS, Published, Row

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROW_GROUP = 20_000  # rows held at once for Parquet: about 25 MB of dicts
SCHEMA = pa.schema([(name, pa.float64() if name == "resolution_hours" else pa.string())
                    for name in COLUMNS])


class Files:
    """Open ``cases.csv``, ``cases.geojson`` and ``cases.parquet`` under the given paths."""

    def __init__(self, paths: dict[str, Path]):
        self.paths = paths
        self._csv_file: TextIO | None = None
        self._geojson: TextIO | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._batch: list[Row] = []
        self._features = 0

    def __enter__(self) -> Files:
        self._csv_file = open(self.paths["cases.csv"], "w", encoding="utf-8", newline="")
        self._csv = csv.DictWriter(self._csv_file, COLUMNS, extrasaction="raise")
        self._csv.writeheader()
        self._geojson = open(self.paths["cases.geojson"], "w", encoding="utf-8")
        self._geojson.write('{"type": "FeatureCollection", "features": [\n')
        self._parquet = pq.ParquetWriter(self.paths["cases.parquet"], SCHEMA)
        return self

    def write_all(self, rows: Iterable[Published]) -> None:
        for published in rows:
            self.write(published)

    def write(self, published: Published) -> None:
        assert self._geojson is not None
        row = published.row
        self._csv.writerow({key: _cell(value) for key, value in row.items()})
        district = published.district
        geometry = ({"type": "Point", "coordinates": [district.lon, district.lat]}
                    if district else None)
        feature = {"type": "Feature", "geometry": geometry, "properties": row}
        self._geojson.write((",\n" if self._features else "")
                            + json.dumps(feature, ensure_ascii=False))
        self._features += 1
        self._batch.append(row)
        if len(self._batch) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._batch and self._parquet is not None:
            self._parquet.write_table(pa.Table.from_pylist(self._batch, schema=SCHEMA))
            self._batch = []

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if kind is None:
                self._flush()
                assert self._geojson is not None
                self._geojson.write("\n]}\n")
        finally:
            for closing in (self._csv_file, self._geojson, self._parquet):
                if closing is not None:
                    closing.close()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def describe(paths: dict[str, Any]) -> dict[str, int]:
    return {name: Path(path).stat().st_size for name, path in paths.items()}
