"""Base-map benchmark: what each zoom band's tiles weigh, and how long they take to cut.

    python benchmarks/basemap.py [--dir cityloop/demo/data]

Cuts every tile of each band (``cityloop/web/basemap``) over the extent of
the data, in English and Chinese, and prints JSON: per band the number of
tiles, the largest and mean tile (bytes, and gzipped as the view sends
them), and the time to cut them all on a cold cache. The baseline, measured
in the same run, is what a map without tiles would send: every layer's
whole file, gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cityloop.web.basemap import data, tiles

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "cityloop" / "demo" / "data"


def tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def band_figures(loaded: data.BaseMapData, z: int, lang: str) -> dict[str, Any]:
    assert loaded.bounds is not None
    west, south, east, north = loaded.bounds
    x0, y0 = tile_xy(west, north, z)
    x1, y1 = tile_xy(east, south, z)
    raw, packed = [], []
    started = time.perf_counter()
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            body = tiles.tile(loaded, z, x, y, lang)
            raw.append(len(body))
            packed.append(len(gzip.compress(body)))
    seconds = time.perf_counter() - started
    return {
        "tiles": len(raw), "max_bytes": max(raw), "mean_bytes": sum(raw) // len(raw),
        "max_gzip_bytes": max(packed), "mean_gzip_bytes": sum(packed) // len(packed),
        "all_tiles_ms": round(seconds * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    started = time.perf_counter()
    loaded = data.BaseMapData(args.dir)
    load_ms = round((time.perf_counter() - started) * 1000, 1)
    whole = b"".join((args.dir / f"{name}.geojson").read_bytes() for name in data.LAYERS)
    result = {
        "load_ms": load_ms,
        "baseline_whole_files": {"bytes": len(whole), "gzip_bytes": len(gzip.compress(whole))},
        "bands": {f"{z}/{lang}": band_figures(loaded, z, lang)
                  for z in data.BANDS for lang in ("en", "zh-hans")},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
