"""A city's deployment on one machine, under load: nothing lost, nothing sent twice.

The topology of docs/deploy.md, on PostgreSQL: the web application
(``cityloop serve --workers 2``), two ``cityloop worker`` and two
``cityloop mqtt-ingest`` sharing one subscription on a Mosquitto broker,
each process with a data directory of its own and the same secret key.
A bounded mixed load (Open311 reports and reads, SensorThings
CreateObservations, MQTT publishes at QoS 1, an officer's transitions in
the staff console) runs against it; then every accepted report must be one
case, every observation stored once, every notification sent once and
written once, the audit chain intact, and every process must stop cleanly
on SIGTERM.
"""

from __future__ import annotations

import secrets
import socket
import time
from pathlib import Path

import pytest
import requests

from tests.deploy import checks, city, load
from tests.deploy.conftest import Database
from tests.deploy.processes import Fleet, clean_environment
from tests.sensing.mqtt.conftest import Broker, Device

pytestmark = [pytest.mark.postgres]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(database: Database, broker: Broker, web: str) -> dict[str, str]:
    """What an operator puts in every unit's environment (docs/deploy.md)."""
    return {**clean_environment(),
            "DATABASE_URL": database.url,
            "CITYLOOP_SECRET_KEY": secrets.token_urlsafe(50),
            "CITYLOOP_AUDIT_KEY": secrets.token_urlsafe(50),
            "CITYLOOP_MQTT_URL": broker.url,
            "CITYLOOP_PUBLIC_URL": web,
            "CITYLOOP_CITY_NAME": "Jiangcheng"}


def test_a_city_deployment_loses_nothing_and_sends_nothing_twice(
        database: Database, broker: Broker, tmp_path: Path) -> None:
    web = f"http://127.0.0.1:{free_port()}"
    fleet = Fleet(tmp_path, environment(database, broker, web))
    try:
        target = start_city(fleet, web, broker)
        sent = load.Sent()
        load.run(target, sent)
        assert sent.problems == [], "\n".join(sent.problems[:20])
        codes = stop_in_order(fleet, database, sent)
        assert codes == {p.name: 0 for p in fleet.processes}, fleet.tails()
        check(fleet, database, sent, target.streams["Probe"])
    finally:
        fleet.kill()


def start_city(fleet: Fleet, web: str, broker: Broker) -> load.Target:
    """Migrate, load the city, start every process and the sensors; what the load aims at."""
    fleet.command("admin", "migrate", "--no-input", "-v", "0")
    api_key = city.api_key_from(fleet.command("admin", "shell", "-c", city.setup_script()))
    port = web.rsplit(":", 1)[1]
    fleet.start("web", "serve", "--port", port, "--workers", "2")
    for n in (1, 2):
        fleet.start(f"worker-{n}", "worker")
        # A client id of its own: two ingest processes on one host must not take
        # over each other's MQTT session.
        fleet.start(f"ingest-{n}", "mqtt-ingest", "--client-id", f"deploy-ingest-{n}")
    fleet.wait_for("the web application", lambda: _answers(f"{web}/open311/v2/services.json"))
    fleet.wait_for("both MQTT ingest workers", lambda: all(
        "connected (session present" in p.output() for p in fleet.processes
        if p.name.startswith("ingest")))
    points = city.district_points()
    sensors = city.create_sensors(web, api_key, points[0])
    fleet.command("admin", "load-rules", str(city.write_rules(fleet.root / "rules.yaml")))
    probe_mqtt(fleet, broker, sensors.streams["Probe"])
    return load.Target([web, web], api_key, points, sensors.streams, broker)


def probe_mqtt(fleet: Fleet, broker: Broker, stream: int) -> None:
    """Publish to the probe datastream until an observation of it is stored over MQTT."""
    device = Device(broker, client_id="deploy-test-probe")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            device.send(f"v1.1/Datastreams({stream})/Observations",
                        [{"phenomenonTime": load.at(0), "result": 1}])
            if _answers(f"{fleet.env['CITYLOOP_PUBLIC_URL']}/sta/v1.1/Datastreams({stream})"
                        "/Observations?$top=1", nonempty=True):
                return
            time.sleep(0.5)
        raise AssertionError("no MQTT observation was stored within 60 s\n" + fleet.tails())
    finally:
        device.close()


def _answers(url: str, nonempty: bool = False) -> bool:
    try:
        response = requests.get(url, timeout=5)
    except requests.RequestException:
        return False
    return response.status_code == 200 and (not nonempty or bool(response.json()["value"]))


def stop_in_order(fleet: Fleet, database: Database, sent: load.Sent) -> dict[str, int | None]:
    """Stop as an operator would: ingest once it has stored what devices published, and the
    web; then the workers once the outbox is empty. Every process's exit status."""
    streams = list(sent.observations)
    expected = sum(len(v) for v in sent.observations.values())
    with database.connect() as db:
        fleet.wait_for(f"{expected} observations stored",
                       lambda: checks.stored_count(db, streams) >= expected, timeout=60)
        # SIGTERM: an ingest worker finishes its batch, whose datastreams are queued for
        # the workers to evaluate; the cases that opens have messages still to send.
        codes = fleet.stop("ingest-1", "ingest-2", "web")
        fleet.wait_for("the rule queue to be evaluated",
                       lambda: checks.rule_queue_count(db) == 0, timeout=60)
        fleet.wait_for("the outbox to be sent", lambda: checks.unsent_count(db) == 0, timeout=60)
    return {**codes, **fleet.stop("worker-1", "worker-2")}


def check(fleet: Fleet, database: Database, sent: load.Sent, probe: int) -> None:
    fleet.command("admin", "audit", "verify")
    with database.connect() as db:
        checks.reports_are_cases_once(db, sent)
        checks.observations_stored_once(db, sent)
        checks.one_case_per_sensor_alert(db)
        checks.nothing_queued_twice(db)
        checks.reporters_told(db, sent)
        checks.everything_sent_once(db, [fleet.root / f"worker-{n}" / "mail" for n in (1, 2)])
        probes = checks.stored_count(db, [probe])
    # What the ingest workers say they stored is what devices published: the
    # web's and their own re-publications of stored observations were not stored again.
    stored = [_stored_by(fleet, f"ingest-{n}") for n in (1, 2)]
    assert sum(stored) == sent.mqtt_observations + probes, stored


def _stored_by(fleet: Fleet, name: str) -> int:
    [process] = [p for p in fleet.processes if p.name == name]
    [line] = [ln for ln in process.output().splitlines() if ln.startswith("stopped: ")]
    return int(line.split()[1])
