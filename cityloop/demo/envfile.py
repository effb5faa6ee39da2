"""The demo city's settings, written to its data directory before Django starts.

The demo city lies in China's time zone; its daily rhythms (evening noise,
morning bin collections) and the times on its pages must be local time
there, whatever the machine's own settings. Written once; an operator may
edit the file, and environment variables still override it.
"""

from __future__ import annotations

from pathlib import Path

from cityloop.conf.basemap import DEMO, DEMO_DIR

# The demo's own base map: roads, water, parks and landmarks drawn from the
# files of cityloop/demo/geography, served by CityLoop itself (no tile server).
DEMO_BASEMAP_DIR = DEMO_DIR
DEMO_SETTINGS = {
    "CITYLOOP_CITY_NAME": "Jiangcheng",
    "CITYLOOP_TIME_ZONE": "Asia/Shanghai",
    "CITYLOOP_MAP_LAT": "29.56",
    "CITYLOOP_MAP_LON": "106.55",
    "CITYLOOP_BASEMAP_DIR": DEMO,
}


def ensure_demo_settings(data_dir: Path) -> None:
    path = data_dir / "settings.env"
    if path.exists():
        _add_basemap(path)
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    lines = ["# Settings of this CityLoop data directory (see docs/settings.md).",
             "# Environment variables of the same name take precedence."]
    lines += [f"{name}={value}" for name, value in DEMO_SETTINGS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _add_basemap(path: Path) -> None:
    """A demo data directory made before the demo had a base map gets it once.

    Only when the file never named CITYLOOP_BASEMAP_DIR: an operator who set
    it (even to empty, for no base map) keeps their choice.
    """
    text = path.read_text(encoding="utf-8")
    if any(line.startswith("CITYLOOP_BASEMAP_DIR=") for line in text.splitlines()):
        return
    line = f"CITYLOOP_BASEMAP_DIR={DEMO_SETTINGS['CITYLOOP_BASEMAP_DIR']}\n"
    path.write_text(text + ("" if text.endswith("\n") or not text else "\n") + line,
                    encoding="utf-8")
