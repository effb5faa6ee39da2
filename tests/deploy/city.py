"""A small city for the deployment test, loaded through CityLoop's own doors.

The demo's building blocks (its areas and mailboxes) and the real commands
(``load-catalogue``, ``createstaff``, ``apikey create``, ``load-rules``) run
in one ``cityloop shell``: each CityLoop process takes seconds of CPU to
start, and the test has a budget. The sensors are created over the
SensorThings API, as a city's integrator would.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from shapely.geometry import shape

from cityloop.demo.city import DATA_DIR

OFFICER = "officer.deploy"
OFFICER_PASSWORD = "deploy-" + secrets.token_urlsafe(12)

SETUP = """
import io, json
from django.core.management import call_command
from cityloop.demo.city import AREA_FILES, DATA_DIR, build_channels
for level, name in AREA_FILES[:2]:  # the city and its districts; streets add nothing here
    call_command("import_areas", str(DATA_DIR / name), level=level, name_field="name",
                 code_field="code", parent_field="parent", verbosity=0)
call_command("load_catalogue", verbosity=0)
build_channels()  # a mailbox per bureau and the operations centre's, as in the demo
call_command("createstaff", OFFICER, role="officer", department=["roads"],
             name="Deploy Officer", password=PASSWORD, email="officer@jiangcheng.example")
out = io.StringIO()
# One key for the load's Open311 app, reader and station; a load test is no
# place for the per-key rate limit.
call_command("apikey", "create", "Deployment load", "--scope", "open311", "--scope", "sta:read",
             "--scope", "sta:write", "--rate-limit", "0", stdout=out)
print(json.dumps({"api_key": out.getvalue().strip().splitlines()[-1]}))
"""

RULES = """
rules:
  - code: deploy-river-level
    name: {en: "River above its warning level"}
    kind: threshold
    observed_property: "River level"
    thresholds: {blue: 2.9, yellow: 3.2, orange: 3.6, red: 4.0}
    hysteresis: 0.1
    case_level: yellow
    category: flooding
    answers: {traffic_blocked: "no"}
    channels: ["City Operations Centre"]
"""

# Datastream name -> observed property. "Probe" only tells when MQTT ingest listens.
STREAMS = {
    "Water temperature": "Water temperature",
    "Conductivity": "Conductivity",
    "River level": "River level",
    "Probe": "Probe",
}


def setup_script() -> str:
    return f"OFFICER = {OFFICER!r}\nPASSWORD = {OFFICER_PASSWORD!r}\n" + SETUP


def api_key_from(output: str) -> str:
    return str(json.loads(output.strip().splitlines()[-1])["api_key"])


def write_rules(path: Path) -> Path:
    path.write_text(RULES)
    return path


def district_points() -> list[tuple[float, float]]:
    """(lat, lon) inside each district of the demo city, from its GeoJSON."""
    collection = json.loads((DATA_DIR / "districts.geojson").read_text())
    points = [shape(f["geometry"]).representative_point() for f in collection["features"]]
    return [(p.y, p.x) for p in points]


@dataclass(frozen=True)
class Sensors:
    thing: int
    streams: dict[str, int]  # datastream name -> @iot.id


def create_sensors(web: str, api_key: str, at: tuple[float, float]) -> Sensors:
    """One station with a datastream per entry of STREAMS, by a SensorThings deep insert."""
    station: dict[str, Any] = {
        "name": "Deployment test station", "description": "Bridge pier",
        # A river gauge the public may read: unmarked Things are private.
        "properties": {"public": True},
        "Locations": [{"name": "Bridge pier", "description": "",
                       "encodingType": "application/geo+json",
                       "location": {"type": "Point", "coordinates": [at[1], at[0]]}}],
        "Datastreams": [_datastream(name, prop) for name, prop in STREAMS.items()],
    }
    headers = {"Authorization": f"Bearer {api_key}"}
    created = requests.post(f"{web}/sta/v1.1/Things", json=station, headers=headers, timeout=30)
    assert created.status_code == 201, created.text
    thing = int(created.headers["Location"].rsplit("(", 1)[1].rstrip(")"))
    listed = requests.get(f"{web}/sta/v1.1/Things({thing})/Datastreams",
                          params={"$select": "id,name"}, timeout=30)
    assert listed.status_code == 200, listed.text
    streams = {item["name"]: int(item["@iot.id"]) for item in listed.json()["value"]}
    assert set(streams) == set(STREAMS)
    return Sensors(thing, streams)


def _datastream(name: str, observed_property: str) -> dict[str, Any]:
    return {
        "name": name, "description": name,
        "observationType":
            "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        "unitOfMeasurement": {"name": "unit", "symbol": "u", "definition": "https://x/unit"},
        "Sensor": {"name": f"{name} sensor", "description": "", "encodingType": "text/html",
                   "metadata": "https://x/sensor"},
        "ObservedProperty": {"name": observed_property, "definition": "https://x/property",
                             "description": observed_property},
    }
