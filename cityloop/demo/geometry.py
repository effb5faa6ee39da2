"""The areas of Jiangcheng (江城), the fictional river city of the demo.

A deterministic generator: the same seed always draws the same city, so the
GeoJSON files in ``cityloop/demo/data/`` can be rebuilt and reviewed as a diff.
Run ``python -m cityloop.demo.geometry`` to rewrite them.

The city is drawn in metres on a local plane around its centre, then turned
into longitude/latitude. Districts are Voronoi cells of hand-placed seeds,
first split by the river so that no district straddles it; streets are
Voronoi cells of seeds relaxed (Lloyd) inside their district, so they come out
of even size. A smooth warp of the plane bends the straight Voronoi edges.
"""

from __future__ import annotations

import json
import math
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry

SEED = 2955
CENTRE_LON, CENTRE_LAT = 106.55, 29.56
WIDTH_M, HEIGHT_M = 22_000.0, 16_000.0
BOUNDARY_VERTICES = 96
GRID_DEG = 1e-6  # coordinates are rounded to 6 decimals (about 0.1 m)
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(CENTRE_LAT))
DATA_DIR = Path(__file__).resolve().parent / "data"

CITY = ("jiangcheng", "Jiangcheng", "江城市")

# (code, Chinese name, river bank, seed in km east/north of the centre, streets).
# English names are the codes capitalised (pinyin). Streets are listed from the
# riverside outwards and given to the cells in order of their distance from
# the river: Wangjiang ("river view") is by the water, Yunding ("cloud top")
# up in the hills.
# fmt: off
DISTRICTS: list[tuple[str, str, str, tuple[float, float], list[tuple[str, str]]]] = [
    ("laocheng", "老城", "north", (-0.4, 1.3), [
        ("qiaotou", "桥头"), ("shuijing", "水井"), ("gulou", "鼓楼"), ("wenmiao", "文庙"),
        ("huaishu", "槐树"), ("baita", "白塔")]),
    ("beian", "北岸", "north", (1.8, 5.6), [
        ("heping", "和平"), ("caiyuan", "菜园"), ("longquan", "龙泉"), ("beihu", "北湖"),
        ("pingshan", "屏山")]),
    ("daxuecheng", "大学城", "north", (-6.8, 3.4), [
        ("shuyuan", "书院"), ("taoli", "桃李"), ("xueyuan", "学苑"), ("kechuang", "科创")]),
    ("dongmen", "东门", "north", (6.4, 1.4), [
        ("dongguan", "东关"), ("shiqiao", "石桥"), ("chaoyang", "朝阳"), ("meiyuan", "梅园"),
        ("jinxiu", "锦绣")]),
    ("binjiang", "滨江", "south", (1.0, -2.2), [
        ("wangjiang", "望江"), ("jiangwan", "江湾"), ("shatan", "沙滩"), ("hetang", "荷塘"),
        ("luhua", "芦花"), ("yangliu", "杨柳")]),
    ("shanwan", "山湾", "south", (-5.4, -4.6), [
        ("qingshi", "青石"), ("zhuyuan", "竹园"), ("songlin", "松林"), ("yunding", "云顶")]),
    ("gangkou", "港口", "south", (7.4, -4.4), [
        ("matou", "码头"), ("chuanchang", "船厂"), ("cangqian", "仓前"), ("dengta", "灯塔"),
        ("xingang", "新港")]),
]
# fmt: on


def city_outline(rng: np.random.Generator) -> Polygon:
    """A noisy ellipse: a few low harmonics for the lobes, jitter for the edge."""
    theta = np.linspace(0.0, 2 * math.pi, BOUNDARY_VERTICES, endpoint=False)
    radius = np.ones_like(theta)
    for k in range(2, 8):
        radius += rng.uniform(0.5, 1.0) * 0.13 / k**0.7 * np.sin(k * theta + rng.uniform(0, 6.3))
    radius += rng.normal(0.0, 0.014, theta.size)
    x, y = radius * np.cos(theta), radius * np.sin(theta)
    # Stretch to the city's extent exactly, centred on the origin.
    x = (x - (x.max() + x.min()) / 2) * WIDTH_M / (x.max() - x.min())
    y = (y - (y.max() + y.min()) / 2) * HEIGHT_M / (y.max() - y.min())
    return Polygon(np.column_stack([x, y]))


def river_line() -> LineString:
    """The river, flowing west to east in an S-bend past the old town."""
    x = np.linspace(-16_000.0, 16_000.0, 161)
    y = 1_900 * np.sin(x / 3_600 + 0.4) + 450 * np.sin(x / 1_300) - 0.08 * x
    return LineString(np.column_stack([x, y]))


def banks(city: Polygon) -> dict[str, BaseGeometry]:
    river = np.asarray(river_line().coords)
    north = Polygon([*river, (river[-1, 0], 30_000.0), (river[0, 0], 30_000.0)])
    return {"north": city.intersection(north), "south": city.difference(north)}


def warp(shape: BaseGeometry, phase: np.ndarray) -> BaseGeometry:
    """Bend straight Voronoi edges into natural curves.

    A smooth displacement of the whole plane whose gradient stays well below 1,
    so it is one-to-one: cells that partitioned the plane still do.
    """

    def move(xy: np.ndarray) -> np.ndarray:
        x, y = xy[:, 0], xy[:, 1]
        dx = 420 * np.sin(y / 1_900 + phase[0]) + 70 * np.sin((x + y) / 330 + phase[1])
        dy = 420 * np.sin(x / 1_900 + phase[2]) + 70 * np.sin((x - y) / 330 + phase[3])
        moved: np.ndarray = xy + np.column_stack([dx, dy])
        return moved

    return shapely.transform(shapely.segmentize(shape, 120.0), move)


def voronoi_cells(
    seeds: np.ndarray, region: BaseGeometry, phase: np.ndarray | None = None
) -> list[BaseGeometry]:
    """The Voronoi cell of each seed (in the seeds' order), bent if phase, clipped to region."""
    box = region.envelope.buffer(5_000.0)
    cells = list(shapely.voronoi_polygons(MultiPoint(seeds), extend_to=box).geoms)
    ordered = []
    for sx, sy in seeds:
        cell = next(c for c in cells if c.covers(Point(sx, sy)))
        if phase is not None:
            cell = warp(cell, phase)
        ordered.append(cell.intersection(region))
    return ordered


def relaxed_cells(region: BaseGeometry, count: int, rng: np.random.Generator) -> list[BaseGeometry]:
    """count cells of even size: random seeds moved to their cell's centroid a few times."""
    min_x, min_y, max_x, max_y = region.bounds
    seeds: list[tuple[float, float]] = []
    while len(seeds) < count:
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if region.contains(Point(x, y)):
            seeds.append((x, y))
    points = np.array(seeds)
    for _ in range(8):
        cells = voronoi_cells(points, region)
        centres = [c.centroid if c.centroid.within(region) else c.point_on_surface() for c in cells]
        points = np.array([(p.x, p.y) for p in centres])
    return voronoi_cells(points, region, rng.uniform(0, 2 * math.pi, 4))


def absorb_fragments(cells: list[BaseGeometry]) -> list[BaseGeometry]:
    """Give stray pieces of a multi-part cell to the neighbour they touch most."""
    cells = list(cells)
    for i, cell in enumerate(cells):
        parts = sorted(getattr(cell, "geoms", [cell]), key=lambda p: p.area, reverse=True)
        cells[i] = parts[0]
        for part in parts[1:]:
            others = [j for j in range(len(cells)) if j != i]
            j = max(others, key=lambda j: part.boundary.intersection(cells[j]).length)
            cells[j] = cells[j].union(part)
    return cells


def snap_to_grid(cells: dict[str, BaseGeometry]) -> dict[str, list[BaseGeometry]]:
    """The faces of each cell (metres) after rounding lon/lat to the 6-decimal grid.

    Rounding each polygon on its own would move a vertex off its neighbour's
    edge and leave slivers of overlap; rounding the shared, noded boundaries
    once and rebuilding the faces from them keeps every level an exact partition.
    """
    scale = np.array([1 / M_PER_DEG_LON, 1 / M_PER_DEG_LAT])
    origin = np.array([CENTRE_LON, CENTRE_LAT])
    lonlat = {k: shapely.transform(g, lambda xy: xy * scale + origin) for k, g in cells.items()}
    edges = shapely.union_all([g.boundary for g in lonlat.values()])
    edges = shapely.union_all(shapely.set_precision(edges, GRID_DEG))
    faces: dict[str, list[BaseGeometry]] = {k: [] for k in cells}
    for face in shapely.polygonize(shapely.get_parts(edges)).geoms:
        inside = face.point_on_surface()
        faces[min(lonlat, key=lambda k: lonlat[k].distance(inside))].append(face)
    return faces


def round_coords(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list | tuple):
        return [round_coords(v) for v in value]
    return value


def feature(
    faces: list[BaseGeometry], code: str, name: str, name_zh: str, level: str, parent: str | None
) -> dict[str, Any]:
    """A GeoJSON Feature; the faces share exact edges, so their union adds no vertex."""
    shape = shapely.orient_polygons(shapely.union_all(faces), exterior_cw=False)  # RFC 7946
    geometry = mapping(shape)
    coordinates = round_coords(geometry["coordinates"])
    props = {"code": code, "name": name, "name_zh": name_zh, "level": level, "parent": parent}
    geojson = {"type": geometry["type"], "coordinates": coordinates}
    return {"type": "Feature", "properties": props, "geometry": geojson}


def street_cells() -> dict[tuple[str, str], BaseGeometry]:
    """Every street's cell in metres, keyed by (district code, street code)."""
    rng = np.random.default_rng(SEED)
    city = city_outline(rng)
    river = river_line()
    cells: dict[tuple[str, str], BaseGeometry] = {}
    for bank, region in banks(city).items():
        rows = [d for d in DISTRICTS if d[2] == bank]
        seeds = np.array([(d[3][0] * 1000, d[3][1] * 1000) for d in rows])
        districts = absorb_fragments(voronoi_cells(seeds, region, rng.uniform(0, 2 * math.pi, 4)))
        for (code, _, _, _, streets), district in zip(rows, districts, strict=True):
            parts = absorb_fragments(relaxed_cells(district, len(streets), rng))
            parts.sort(key=lambda p: p.centroid.distance(river))
            for (street, _), part in zip(streets, parts, strict=True):
                cells[code, street] = part
    return cells


def build() -> dict[str, dict[str, Any]]:
    """The city, district and street FeatureCollections, always the same."""
    cells = street_cells()
    faces = snap_to_grid({f"{d}_{s}": cell for (d, s), cell in cells.items()})
    city_code, city_name, city_zh = CITY
    districts, streets = [], []
    for code, zh, _, _, names in DISTRICTS:
        own = {f"{code}_{s}": faces[f"{code}_{s}"] for s, _ in names}
        name = f"{code.capitalize()} District"
        districts.append(
            feature(list(chain(*own.values())), code, name, f"{zh}区", "district", city_code)
        )
        for (street, street_zh), (key, street_faces) in zip(names, own.items(), strict=True):
            name = f"{street.capitalize()} Street"
            streets.append(feature(street_faces, key, name, f"{street_zh}街道", "street", code))
    city = feature(list(chain(*faces.values())), city_code, city_name, city_zh, "city", None)
    levels = {"city": [city], "districts": districts, "streets": streets}
    return {k: {"type": "FeatureCollection", "features": v} for k, v in levels.items()}


def dumps(fc: dict[str, Any]) -> str:
    """One feature per line: small files that still diff well."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in fc["features"]]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main() -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for key, fc in build().items():
        path = DATA_DIR / f"{key}.geojson"
        path.write_text(dumps(fc), encoding="utf-8")
        print(f"wrote {path} ({len(fc['features'])} features, {path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
