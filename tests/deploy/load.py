"""A bounded mixed load on a running deployment, from several threads at once.

Residents' apps post Open311 reports and read each back at once (through
whichever web process answers); an integrator reads Open311 and SensorThings; a station posts
CreateObservations over HTTP while devices publish over MQTT; an officer
signed in to the staff console starts and resolves some of the new cases.
Everything sent and everything accepted is recorded for the checks.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from tests.deploy.city import OFFICER, OFFICER_PASSWORD
from tests.sensing.mqtt.conftest import Broker, Device

REPORTERS, REPORTS_EACH = 3, 30
READS = 60
HTTP_BATCHES, HTTP_BATCH = 40, 5
MQTT_BATCHES, MQTT_BATCH = 15, 20
BASE_TIME = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


@dataclass
class Target:
    webs: list[str]  # base URLs the load alternates between (web machines, or one twice)
    api_key: str
    points: list[tuple[float, float]]  # (lat, lon) inside the city
    streams: dict[str, int]
    broker: Broker


@dataclass
class Sent:
    reports: dict[str, str] = field(default_factory=dict)  # service_request_id -> description
    emails: dict[str, str] = field(default_factory=dict)  # service_request_id -> reporter's email
    # datastream id -> {phenomenonTime (ISO) -> result} of every observation sent
    observations: dict[int, dict[str, float]] = field(default_factory=dict)
    mqtt_observations: int = 0
    resolved: list[str] = field(default_factory=list)  # references the officer resolved
    requests: int = 0
    problems: list[str] = field(default_factory=list)  # 5xx, refusals, exceptions
    lock: threading.Lock = field(default_factory=threading.Lock)

    def problem(self, what: str) -> None:
        with self.lock:
            self.problems.append(what)

    def observation(self, stream: int, at: str, value: float) -> None:
        with self.lock:
            self.observations.setdefault(stream, {})[at] = value


def at(second: int) -> str:
    return (BASE_TIME + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")


def river(second: int) -> float:
    """The river rises through yellow, orange and red as the load goes on: the level is a
    function of the time, so observations arriving out of order change it only a little."""
    return round(3.3 + second / 500, 3)


def expect(sent: Sent, response: requests.Response, ok: tuple[int, ...], what: str) -> bool:
    with sent.lock:
        sent.requests += 1
    if response.status_code in ok:
        return True
    sent.problem(f"{what}: {response.status_code} {response.text[:300]}")
    return False


def reporter(target: Target, sent: Sent, number: int, made: queue.Queue[str | None]) -> None:
    """Posts reports and reads each back at once through the next address."""
    session, rng = requests.Session(), random.Random(number)
    for i in range(REPORTS_EACH):
        lat, lon = rng.choice(target.points)
        description = f"Pothole {number}-{i}: a deep hole in the bus lane, wheels hit it"
        email = f"resident{number}-{i}@example.org"
        posted = session.post(f"{target.webs[i % 2]}/open311/v2/requests.json", data={
            "api_key": target.api_key, "service_code": "pothole", "description": description,
            "lat": lat + rng.uniform(-0.002, 0.002), "long": lon + rng.uniform(-0.002, 0.002),
            "email": email, "first_name": "Resident", "attribute[size]": "medium",
        }, timeout=60)
        if not expect(sent, posted, (200, 201), "Open311 POST"):
            continue
        reference = posted.json()[0]["service_request_id"]
        with sent.lock:
            sent.reports[reference], sent.emails[reference] = description, email
        made.put(reference)
        # Read-your-writes: whichever web process answers knows the new request at once.
        read = session.get(f"{target.webs[(i + 1) % 2]}/open311/v2/requests/{reference}.json",
                           timeout=60)
        if (expect(sent, read, (200,), "Open311 GET of a new request")
                and read.json()[0]["service_request_id"] != reference):
            sent.problem(f"GET requests/{reference} answered another request")


def reader(target: Target, sent: Sent) -> None:
    """An integrator polling Open311 and SensorThings on both web processes."""
    session = requests.Session()
    paths = ["/open311/v2/services.json", "/open311/v2/requests.json?service_code=pothole",
             f"/sta/v1.1/Datastreams({target.streams['River level']})/Observations?$top=5",
             "/open311/v2/services/pothole.json"]
    for i in range(READS):
        response = session.get(target.webs[i % 2] + paths[i % len(paths)], timeout=60)
        expect(sent, response, (200,), f"GET {paths[i % len(paths)]}")
        time.sleep(0.1)


def http_station(target: Target, sent: Sent) -> None:
    """CreateObservations batches: water temperature, and the river on even seconds."""
    session = requests.Session()
    headers = {"Authorization": f"Bearer {target.api_key}"}
    temp, level = target.streams["Water temperature"], target.streams["River level"]
    for batch in range(HTTP_BATCHES):
        rows = [(temp, at(n), 10 + n / 100) if n % 2 else (level, at(2 * n), river(2 * n))
                for n in range(batch * HTTP_BATCH, (batch + 1) * HTTP_BATCH)]
        body = [{"Datastream": {"@iot.id": stream}, "components": ["phenomenonTime", "result"],
                 "dataArray": [[when, value]]} for stream, when, value in rows]
        response = session.post(f"{target.webs[batch % 2]}/sta/v1.1/CreateObservations",
                                json=body, headers=headers, timeout=60)
        if not expect(sent, response, (201,), "CreateObservations"):
            continue
        links = response.json()
        for (stream, when, value), link in zip(rows, links, strict=True):
            if link == "error":
                sent.problem(f"CreateObservations refused {when} of datastream {stream}")
            else:
                sent.observation(stream, when, value)
        time.sleep(0.2)


def mqtt_devices(target: Target, sent: Sent) -> None:
    """Devices publishing at QoS 1: conductivity, and the river on odd seconds."""
    device = Device(target.broker, client_id="deploy-test-device")
    conductivity, level = target.streams["Conductivity"], target.streams["River level"]
    try:
        for batch in range(MQTT_BATCHES):
            numbers = range(batch * MQTT_BATCH, (batch + 1) * MQTT_BATCH)
            for n in numbers:
                if n % 2:
                    stream, when, value = level, at(2 * n + 1), river(2 * n + 1)
                else:
                    stream, when, value = conductivity, at(n), 500 + n / 10
                device.send(f"v1.1/Datastreams({stream})/Observations",
                            [{"phenomenonTime": when, "result": value}])
                sent.observation(stream, when, value)
                with sent.lock:
                    sent.mqtt_observations += 1
            time.sleep(0.5)
    finally:
        device.close()


def officer(target: Target, sent: Sent, made: queue.Queue[str | None]) -> None:
    """Signs in to the staff console and starts then resolves every second new case."""
    session = requests.Session()
    web = target.webs[1]
    session.get(f"{web}/staff/login/", timeout=60)
    signed_in = session.post(f"{web}/staff/login/", data={
        "username": OFFICER, "password": OFFICER_PASSWORD,
        "csrfmiddlewaretoken": session.cookies["csrftoken"]}, timeout=60,
        allow_redirects=False)
    if not expect(sent, signed_in, (302,), "staff login"):
        return
    taken = 0
    while (reference := made.get(timeout=120)) is not None:
        taken += 1
        if taken % 2:
            continue
        if _act(session, web, reference, "start", {}, sent) and _act(
                session, web, reference, "resolve",
                {"resolve-public_text": "Filled and sealed."}, sent):
            with sent.lock:
                sent.resolved.append(reference)


def _act(session: requests.Session, web: str, reference: str, action: str,
         data: dict[str, Any], sent: Sent) -> bool:
    response = session.post(f"{web}/staff/cases/{reference}/act/{action}/", data=data,
                            headers={"X-CSRFToken": session.cookies["csrftoken"]},
                            timeout=60, allow_redirects=False)
    return expect(sent, response, (302,), f"staff {action} {reference}")


def _thread(sent: Sent, work: Callable[..., None], *args: Any) -> threading.Thread:
    """A thread whose exception (a refused connection, a timeout) is a problem of the load."""

    def guarded() -> None:
        try:
            work(*args)
        except Exception as exc:
            sent.problem(f"{work.__name__}: {type(exc).__name__}: {exc}")

    return threading.Thread(target=guarded, name=work.__name__)


def run(target: Target, sent: Sent) -> None:
    """Every part of the load at once; returns when all have finished."""
    made: queue.Queue[str | None] = queue.Queue()
    workers = [_thread(sent, reporter, target, sent, n, made) for n in range(REPORTERS)]
    others = [_thread(sent, reader, target, sent), _thread(sent, http_station, target, sent),
              _thread(sent, mqtt_devices, target, sent)]
    staff = _thread(sent, officer, target, sent, made)
    for thread in [*workers, *others, staff]:
        thread.start()
    for thread in workers:
        thread.join(timeout=300)
    made.put(None)  # no more new cases: the officer finishes the queue and signs off
    for thread in [*others, staff]:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in [*workers, *others, staff]), "the load did not finish"
