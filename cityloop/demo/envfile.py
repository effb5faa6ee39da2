"""The demo city's settings, written to its data directory before Django starts.

The demo city lies in China's time zone; its daily rhythms (evening noise,
morning bin collections) and the times on its pages must be local time
there, whatever the machine's own settings. Written once; an operator may
edit the file, and environment variables still override it.
"""

from __future__ import annotations

from pathlib import Path

DEMO_SETTINGS = {
    "CITYLOOP_CITY_NAME": "Jiangcheng",
    "CITYLOOP_TIME_ZONE": "Asia/Shanghai",
    "CITYLOOP_MAP_LAT": "29.56",
    "CITYLOOP_MAP_LON": "106.55",
}


def ensure_demo_settings(data_dir: Path) -> None:
    path = data_dir / "settings.env"
    if path.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    lines = ["# Settings of this CityLoop data directory (see docs/settings.md).",
             "# Environment variables of the same name take precedence."]
    lines += [f"{name}={value}" for name, value in DEMO_SETTINGS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
