"""Ingest benchmark: observations per second through the whole path, against a raw bulk insert.

    python benchmarks/ingest.py [--observations 1000000] [--data-dir var/bench-ingest]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cityloop_ingest_bench \\
        python benchmarks/ingest.py

Sets up a sensor network in the demo city (once; later runs reuse it), with
a rule watching every benchmark datastream (so every batch queues its
datastreams for rule evaluation, as in production) and threshold rules on a
few "alarm" datastreams. Then it prints JSON:

- ``raw_bulk_insert``: the same rows put in by the same COPY (PostgreSQL) or
  ``executemany`` (SQLite) as ingest uses, in batches of the same size, and
  nothing else: the baseline, measured in this run (rows that are a number
  at an instant and nothing else go in naming four columns, here as in
  ingest: see ``ingest.batch.NARROW_COLUMNS``);
- ``http``: CreateObservations POSTs of ``--batch`` observations each to
  ``cityloop serve`` in its own process (parse, validate, store, rollups,
  latest values, the rule queue, response with one selfLink per row);
- ``mqtt``: ``--publishers`` processes publishing one observation per
  message, QoS 1, to a Mosquitto of the benchmark's own (or ``--broker``),
  taken by ``cityloop mqtt-ingest --workers N``; the rate is from the first
  publish to the last observation stored. The publishers write pre-encoded
  packets to raw sockets (``--publisher raw``, see ``ingest_mqtt``) so that
  the machine's cores go to the broker and the workers, as they would with
  devices elsewhere; ``--publisher paho`` publishes through paho clients,
  which on two cores take most of the CPU themselves;
- ``alert_latency``: from sending an observation over a rule's threshold
  (HTTP POST, or MQTT publish) to its case written and notification queued
  by a ``cityloop worker`` from the rule queue, one alert at a time, after
  the throughput run (over MQTT: once the
  workers are idle again, having echoed the burst to subscribers; how long
  that took is ``mqtt.workers_idle_after_seconds``);
- with ``--device``, one observation per request or message (see
  ``ingest_device``): ``device_http``, single-observation POSTs to
  ``Datastreams(id)/Observations`` over ``--device-clients`` keep-alive
  connections (rate, rate per server CPU-second and per machine core, latency);
  and ``mqtt_broker_passthrough``, the same publishers through the same broker
  to subscribers that only count, before ``mqtt``, so that the ingest rate is
  set against the broker's own in the same run
  (``ratios.mqtt_over_broker_passthrough``, goal ``DEVICE_GOALS``);
- ``ratios`` of each path's rate to the raw insert's, and the targets.

A device run of a minute or two (results in ``benchmarks/results/ingest_device*.json``)::

    python benchmarks/ingest.py --device --observations 100000 --batch 10000 \
        --mqtt-observations 50000 --alerts 3

With ``--large``, instead, the large PostgreSQL run (``ingest_large``): up to
100 million observations into the partitioned table, the rate over its first
and last tenth, and the reads' latency at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import ingest_large
from benchmarks.common import run_clients, server, setup_django, summary_ms, worker
from benchmarks.ingest_device import (
    broker_cpu,
    broker_share,
    device_bodies,
    measure_broker_passthrough,
    measure_device_http,
)
from benchmarks.ingest_mqtt import (
    ingest_workers,
    measure_mqtt,
    mqtt_alert_latency,
    private_broker,
)

MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"
GULOU = (29.56950, 106.53350)  # a street of the demo city, so alert cases are routed
TARGETS = {"http_per_second": 100_000, "mqtt_per_second": 20_000, "alert_p99_ms": 1000}
DEVICE_GOALS = {"mqtt_over_broker_passthrough": 0.8}


def prepare(streams: int, alarms: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from cityloop.cases.models import ApiClient
    from cityloop.demo.city import build_city

    call_command("migrate", verbosity=0)
    build_city()
    network = _network(streams, alarms)
    # A gateway's key: its stations are not marked public, so it needs sta:read to
    # reach them as well as sta:write; and a limit it never reaches, so each request
    # still pays for the rate count as a real key's does.
    _, key = ApiClient.create(f"ingest benchmark {time.time():.0f}",
                              scopes=["sta:read", "sta:write"], rate_limit=1_000_000)
    return {"vendor": connection.vendor, "api_key": key, **network}


def _network(streams: int, alarms: int) -> dict[str, Any]:
    """Datastreams of a 'Bench level' property, watched by one rule that never fires,
    and 'Bench alarm' datastreams, each with a threshold rule that opens a case."""
    from cityloop.catalogue.models import ServiceCategory
    from cityloop.sensing.models import Datastream, Location, ObservedProperty, Sensor, Thing
    from cityloop.sensing.rules.models import Rule

    lat, lon = GULOU
    thing, created = Thing.objects.get_or_create(name="Benchmark station")
    if created:
        thing.locations.add(Location.objects.create(
            name="Benchmark site", location={"type": "Point", "coordinates": [lon, lat]}))
    sensor, _ = Sensor.objects.get_or_create(name="Bench sensor",
                                             defaults={"encoding_type": "text/plain"})
    flooding = ServiceCategory.objects.get(service_code="flooding")

    def streams_of(prop_name: str, count: int) -> list[int]:
        prop, _ = ObservedProperty.objects.get_or_create(name=prop_name)
        have = list(Datastream.objects.filter(observed_property=prop).order_by("id")
                    .values_list("id", flat=True))
        for n in range(len(have), count):
            have.append(Datastream.objects.create(
                name=f"{prop_name} {n}", thing=thing, sensor=sensor, observed_property=prop,
                observation_type=MEASUREMENT, unit_of_measurement={"symbol": "m"}).pk)
        return have[:count]

    level = streams_of("Bench level", streams)
    Rule.objects.get_or_create(code="bench-level", defaults={
        "name": "Bench level", "kind": "threshold", "observed_property_id": _prop("Bench level"),
        "red": 1e12, "case_level": "red", "category": flooding,
        "answers": {"traffic_blocked": "no"}})
    # Alarm datastreams are new in every run, so that every latency sample opens a new case.
    prop, _ = ObservedProperty.objects.get_or_create(name="Bench alarm")
    alarm = []
    for n in range(alarms):
        ds = Datastream.objects.create(
            name=f"Bench alarm {time.time():.0f}-{n}", thing=thing, sensor=sensor,
            observed_property=prop, observation_type=MEASUREMENT,
            unit_of_measurement={"symbol": "m"})
        Rule.objects.create(
            code=f"bench-alarm-{ds.pk}", name="Bench alarm", kind="threshold", datastream=ds,
            red=100.0, case_level="red", category=flooding, answers={"traffic_blocked": "no"})
        alarm.append(ds.pk)
    return {"streams": level, "alarm_streams": alarm}


def _prop(name: str) -> int:
    from cityloop.sensing.models import ObservedProperty

    return int(ObservedProperty.objects.get(name=name).pk)


# -- the data ------------------------------------------------------------------------------


def batches(streams: list[int], total: int, size: int, start: datetime, seed: int
            ) -> list[list[tuple[int, datetime, float]]]:
    """``total`` observations in batches of ``size``: each stream a reading per second."""
    rng = random.Random(seed)
    out, batch = [], []
    for n in range(total):
        ds = streams[n % len(streams)]
        batch.append((ds, start + timedelta(seconds=n // len(streams)),
                      round(rng.uniform(0, 10), 3)))
        if len(batch) == size:
            out.append(batch)
            batch = []
    if batch:
        out.append(batch)
    return out


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def create_observations_body(batch: list[tuple[int, datetime, float]]) -> bytes:
    """CreateObservations (OGC 18-088 §14.2): one block per datastream."""
    rows: dict[int, list[list[Any]]] = {}
    for ds, when, value in batch:
        rows.setdefault(ds, []).append([iso(when), value])
    return json.dumps([{"Datastream": {"@iot.id": ds}, "components": ["phenomenonTime", "result"],
                        "dataArray@iot.count": len(r), "dataArray": r}
                       for ds, r in rows.items()]).encode()


# -- measurements --------------------------------------------------------------------------


def measure_raw(batches_: list[list[tuple[int, datetime, float]]]) -> dict[str, Any]:
    """The same rows, stored by the bulk statement alone, batch by batch."""
    from django.db import connection, transaction

    from cityloop.sensing.ingest import pg as ingest_pg
    from cityloop.sensing.ingest import sqlite as ingest_sqlite
    from cityloop.sensing.ingest.batch import utc_text
    from cityloop.sensing.ingest.cache import cache

    backend = ingest_pg if connection.vendor == "postgresql" else ingest_sqlite
    feature = cache.thing_features([_thing_id()])[_thing_id()]
    prepared = [[(ds, utc_text(when), None, None, value, None, None, None, None, None, feature)
                 for ds, when, value in batch] for batch in batches_]
    started = time.perf_counter()
    for rows in prepared:
        with transaction.atomic():
            backend.bulk_insert(rows)
    elapsed = time.perf_counter() - started
    count = sum(len(rows) for rows in prepared)
    return {"observations": count, "seconds": round(elapsed, 3),
            "per_second": round(count / elapsed)}


def _thing_id() -> int:
    from cityloop.sensing.models import Thing

    return int(Thing.objects.get(name="Benchmark station").pk)


def measure_http(url: str, pid: int, key: str, bodies: list[bytes], count: int,
                 clients: int) -> dict[str, Any]:
    import requests

    todo = list(reversed(bodies))
    lock = threading.Lock()
    failures: list[str] = []
    refused = [0]

    def client() -> None:
        session = requests.Session()
        headers = {"Content-Type": "application/json", "X-Api-Key": key}
        while True:
            with lock:
                if not todo:
                    return
                body = todo.pop()
            response = session.post(f"{url}/sta/v1.1/CreateObservations", data=body,
                                    headers=headers, timeout=600)
            if response.status_code != 201:
                failures.append(f"HTTP {response.status_code}: {response.text[:300]}")
                return
            refused[0] += sum(1 for link in response.json() if link == "error")

    elapsed, cpu = run_clients(client, clients, pid)
    if failures:
        raise SystemExit(failures[0])
    return {"observations": count, "refused": refused[0], "requests": len(bodies),
            "clients": clients, "seconds": round(elapsed, 3),
            "per_second": round(count / elapsed), "server_cpu_seconds": round(cpu, 2),
            "per_server_cpu_second": round(count / cpu) if cpu else None}


def http_alert_latency(url: str, key: str, alarms: list[int]) -> dict[str, Any]:
    """One observation over the threshold per alarm datastream, one at a time."""
    import requests

    session = requests.Session()
    samples = []
    for ds in alarms:
        sent = datetime.now(UTC)
        response = session.post(
            f"{url}/sta/v1.1/Datastreams({ds})/Observations", headers={"X-Api-Key": key},
            json={"phenomenonTime": iso(sent), "result": 500.0}, timeout=60)
        if response.status_code != 201:
            raise SystemExit(f"HTTP {response.status_code}: {response.text[:300]}")
        samples.append(wait_for_case(ds, sent))
    return summary_ms(samples)


def wait_for_case(ds: int, sent: datetime, timeout: float = 30.0) -> float:
    """Seconds from ``sent`` until the alert's case and its queued notification are seen
    committed (polled every 2 ms; the rows' own times are the observation's receipt)."""
    from cityloop.notify.models import Message
    from cityloop.sensing.rules.models import Alert

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        case_id = Alert.objects.filter(datastream_id=ds, case__isnull=False).values_list(
            "case_id", flat=True).first()
        if case_id is not None and Message.objects.filter(case_id=case_id).exists():
            return (datetime.now(UTC) - sent).total_seconds()
        time.sleep(0.002)
    raise SystemExit(f"no case with a queued notification for alarm datastream {ds}")


# -- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench-ingest"))
    parser.add_argument("--observations", type=int, default=1_000_000, help="HTTP and raw")
    parser.add_argument("--batch", type=int, default=50_000, help="observations per POST")
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=2)
    parser.add_argument("--server-workers", type=int, default=None,
                        help="web processes of cityloop serve (default: its own default)")
    parser.add_argument("--mqtt-observations", type=int, default=200_000)
    parser.add_argument("--publishers", type=int, default=2)
    parser.add_argument("--publisher", choices=("raw", "paho"), default="raw",
                        help="how the MQTT publishers publish (see ingest_mqtt)")
    parser.add_argument("--mqtt-workers", type=int, default=2)
    parser.add_argument("--broker", default="", help="mqtt://host:port (default: a private one)")
    parser.add_argument("--alerts", type=int, default=20, help="latency samples per path")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-mqtt", action="store_true")
    parser.add_argument("--device", action="store_true",
                        help="also one observation per POST, and the broker's own rate")
    parser.add_argument("--device-observations", type=int, default=5_000)
    parser.add_argument("--device-clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    ingest_large.add_arguments(parser)
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    setup_django(data_dir)
    if args.large:
        result = {"benchmark": "ingest_large", "uptime_at_start": uptime(),
                  "machine_cores": os.cpu_count(), **ingest_large.run(args),
                  "uptime_at_end": uptime()}
        print(json.dumps(result, indent=2))
        return
    info = prepare(args.streams, 2 * args.alerts)
    alarms = info["alarm_streams"]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6)
    work = batches(info["streams"], args.observations, args.batch, start, args.seed)
    result: dict[str, Any] = {"benchmark": "ingest", "database": info["vendor"],
                              "streams": len(info["streams"]), "batch": args.batch,
                              "load_average_1min_at_start": os.getloadavg()[0],
                              "uptime_at_start": uptime(), "machine_cores": os.cpu_count()}
    result["raw_bulk_insert"] = measure_raw(work)
    if not args.skip_http:
        bodies = [create_observations_body(b) for b in work]
        with server(data_dir, threads=args.server_threads,
                    workers=args.server_workers) as (url, pid):
            result["http"] = measure_http(url, pid, info["api_key"], bodies,
                                          args.observations, args.clients)
            if args.device:
                result["device_http"] = device_http(args, url, pid, info, start)
            with worker(data_dir):  # it evaluates the rules of what ingest queued
                result["alert_latency"] = {
                    "http": http_alert_latency(url, info["api_key"], alarms[:args.alerts])}
    if not args.skip_mqtt:
        broker_dir = Path(tempfile.mkdtemp(prefix="bench-mqtt-"))
        with private_broker(args.broker, broker_dir) as url:
            if args.device:  # before the workers subscribe: the broker alone, then with them
                result["mqtt_broker_passthrough"] = measure_broker_passthrough(
                    url, data_dir, info["streams"], args.mqtt_observations, args.publishers,
                    args.mqtt_workers, start + timedelta(hours=2), args.publisher)
            with ingest_workers(
                    url, data_dir, args.mqtt_workers) as workers:
                broker_before = broker_cpu()
                result["mqtt"] = measure_mqtt(
                    url, data_dir, info["streams"], args.mqtt_observations, args.publishers,
                    workers, start + timedelta(hours=3), args.publisher)
                # until the workers are idle again: the echoes to subscribers included
                result["mqtt"].update(broker_share(result["mqtt"]["stored"], broker_before,
                                                   broker_cpu()))
                with worker(data_dir):
                    result.setdefault("alert_latency", {})["mqtt"] = mqtt_alert_latency(
                        url, alarms[args.alerts:], wait_for_case)
    result["load_average_1min_at_end"] = os.getloadavg()[0]
    result["uptime_at_end"] = uptime()
    result["ratios"] = ratios(result)
    result["targets"] = {**TARGETS, **DEVICE_GOALS} if args.device else TARGETS
    result["meets_targets"] = meets(result)
    print(json.dumps(result, indent=2))


def device_http(args: argparse.Namespace, url: str, pid: int, info: dict[str, Any],
                start: datetime) -> dict[str, Any]:
    from cityloop.web.management.commands.serve import DEFAULT_WORKERS

    bodies = device_bodies(info["streams"], args.device_observations, start + timedelta(hours=1))
    out = measure_device_http(url, pid, info["api_key"], bodies, args.device_clients)
    # The server's processes share the machine's cores with the clients (this process).
    out["server_processes"] = args.server_workers or DEFAULT_WORKERS
    out["server_threads_each"] = args.server_threads
    out["per_second_per_machine_core"] = round(out["per_second"] / (os.cpu_count() or 1))
    return out


def uptime() -> str:
    """``uptime``'s line: how busy the shared machine was around the measurements."""
    import subprocess

    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def ratios(result: dict[str, Any]) -> dict[str, float]:
    raw = result["raw_bulk_insert"]["per_second"]
    out = {}
    for path in ("http", "mqtt", "device_http"):
        if path in result:
            out[f"{path}_over_raw_insert"] = round(result[path]["per_second"] / raw, 3)
    if "mqtt" in result and "mqtt_broker_passthrough" in result:
        out["mqtt_over_broker_passthrough"] = round(
            result["mqtt"]["per_second"] / result["mqtt_broker_passthrough"]["per_second"], 3)
    return out


def meets(result: dict[str, Any]) -> dict[str, bool]:
    out = {}
    if "http" in result:
        out["http"] = result["http"]["per_second"] >= TARGETS["http_per_second"]
    if "mqtt" in result:
        out["mqtt"] = result["mqtt"]["per_second"] >= TARGETS["mqtt_per_second"]
    if "mqtt_over_broker_passthrough" in result["ratios"]:
        out["mqtt_over_broker_passthrough"] = (result["ratios"]["mqtt_over_broker_passthrough"]
                                               >= DEVICE_GOALS["mqtt_over_broker_passthrough"])
    for path, summary in result.get("alert_latency", {}).items():
        out[f"alert_p99_{path}"] = summary["p99_ms"] < TARGETS["alert_p99_ms"]
    return out


if __name__ == "__main__":
    os.environ.setdefault("CITYLOOP_LOG_LEVEL", "WARNING")
    main()
