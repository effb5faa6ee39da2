"""The MQTT half of the ingest benchmark: a broker, ingest workers, publisher processes.

Publishers are separate processes, each with its messages built before the
clock starts; they wait for a signal file, then publish one observation per
message at QoS 1 (as devices do, §14.1). The rate is observations stored per
second, from the signal to the last one found in the rollups.

Two kinds of publisher (``--publisher``):

- ``raw`` (the default): each process writes its messages as pre-encoded MQTT
  3.1.1 PUBLISH packets (QoS 1, one observation each, a packet id each) to
  its socket in a tight loop, at most ``WINDOW`` unacknowledged, and counts
  the broker's PUBACKs; it is done when every message is acknowledged. Devices
  publish from machines of their own, so the publishers here should cost the
  measured machine as little as possible: with paho, two publisher processes
  took most of the two cores and set the pace (about 3,000 to 6,000 messages
  a second), and the benchmark measured them, not the workers.
- ``paho``: each process publishes through a paho client, as before.

Either way the broker sees the same messages (one QoS 1 PUBLISH per
observation, JSON payload, topic ``v1.1/Datastreams(id)/Observations``) and
acknowledges each before the publisher counts it.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, cpu_seconds, free_port, summary_ms

PUBLISHER = r"""
import collections, json, sys, time, os
from datetime import datetime, timedelta
import paho.mqtt.client as mqtt
host, port, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
streams = [int(s) for s in sys.argv[4].split(",")]
first, count, start = int(sys.argv[5]), int(sys.argv[6]), datetime.fromisoformat(sys.argv[7])
messages = []
for n in range(first, first + count):
    ds = streams[n % len(streams)]
    when = (start + timedelta(seconds=n // len(streams))).isoformat().replace("+00:00", "Z")
    messages.append((f"v1.1/Datastreams({ds})/Observations",
                     json.dumps({"phenomenonTime": when, "result": (n % 1000) / 100})))
client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
client.max_inflight_messages_set(1000)
client.connect(host, port)
client.loop_start()
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
started = time.perf_counter()
pending = collections.deque()
for topic, payload in messages:
    pending.append(client.publish(topic, payload, qos=1))
    if len(pending) > 20000:
        pending.popleft().wait_for_publish(60)
for info in pending:
    info.wait_for_publish(60)
print(json.dumps({"published": count, "seconds": time.perf_counter() - started}), flush=True)
client.disconnect()
client.loop_stop()
"""

# The few MQTT encodings the raw-socket scripts need (the publishers here and the
# counting subscribers of ingest_device), put into each script's text.
WIRE = r"""
def length(n):
    out = bytearray()
    while True:
        n, digit = divmod(n, 128)
        out.append(digit | (128 if n else 0))
        if not n:
            return bytes(out)

def packet(kind, body):
    return bytes([kind]) + length(len(body)) + body

def text(value):
    data = value.encode()
    return struct.pack("!H", len(data)) + data
"""

# Pre-encoded MQTT 3.1.1 over a raw socket: CONNECT, then PUBLISH QoS 1 packets, at
# most WINDOW of them unacknowledged; a reader thread counts PUBACKs.
RAW_PUBLISHER = r"""
import json, os, socket, struct, sys, threading, time
from datetime import datetime, timedelta
host, port, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
streams = [int(s) for s in sys.argv[4].split(",")]
first, count, start = int(sys.argv[5]), int(sys.argv[6]), datetime.fromisoformat(sys.argv[7])
WINDOW, CHUNK = 10000, 200

""" + WIRE + r"""
packets = []
for k, n in enumerate(range(first, first + count)):
    ds = streams[n % len(streams)]
    when = (start + timedelta(seconds=n // len(streams))).isoformat().replace("+00:00", "Z")
    payload = json.dumps({"phenomenonTime": when, "result": (n % 1000) / 100}).encode()
    topic = text(f"v1.1/Datastreams({ds})/Observations")
    packets.append(packet(0x32, topic + struct.pack("!H", k % 65535 + 1) + payload))
chunks = [b"".join(packets[at:at + CHUNK]) for at in range(0, count, CHUNK)]
sock = socket.create_connection((host, port))
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
client_id = f"bench-raw-{os.getpid()}"
sock.sendall(packet(0x10, text("MQTT") + bytes([4, 2]) + struct.pack("!H", 0) + text(client_id)))
if sock.recv(4) != bytes([0x20, 2, 0, 0]):
    sys.exit("the broker refused the connection")
acked = [0]
done = threading.Event()

def read():
    buffer = b""
    while acked[0] < count:
        data = sock.recv(65536)
        if not data:
            break
        buffer += data
        at = 0
        while len(buffer) - at >= 2:  # PUBACKs (and nothing else) come back: 4 bytes each
            if buffer[at] != 0x40 or buffer[at + 1] != 2:
                print(f"unexpected packet {buffer[at]:#x}", file=sys.stderr, flush=True)
                os._exit(1)
            if len(buffer) - at < 4:
                break
            acked[0] += 1
            at += 4
        buffer = buffer[at:]
    done.set()

threading.Thread(target=read, daemon=True).start()
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
started = time.perf_counter()
sent = 0
for chunk in chunks:
    while sent - acked[0] > WINDOW:
        time.sleep(0.0005)
    sock.sendall(chunk)
    sent += min(CHUNK, count - sent)
done.wait(600)
elapsed = time.perf_counter() - started
sock.sendall(bytes([0xE0, 0]))
sock.close()
print(json.dumps({"published": acked[0], "seconds": elapsed}), flush=True)
"""


@contextlib.contextmanager
def private_broker(url: str, directory: Path) -> Iterator[str]:
    """``url`` if given, else a Mosquitto of our own on a free port, configured as CityLoop
    asks of a production broker: persistence on, and no limit on a client's queue
    (``max_queued_messages 0``). With Mosquitto 2.0.11's default of 1000, a backlog at
    the ingest workers made the broker drop messages, QoS 1 ones included, while
    CityLoop's own QoS 0 notifications crowded the same clients' queues."""
    if url:
        yield url
        return
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    conf = directory / "mosquitto.conf"
    conf.write_text(f"user {getpass.getuser()}\nlistener {port} 127.0.0.1\n"
                    f"allow_anonymous true\npersistence true\nmax_queued_messages 0\n"
                    f"persistence_location {directory}/\n"
                    f"log_dest file {directory}/mosquitto.log\n")
    process = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        yield f"mqtt://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        with contextlib.suppress(OSError):  # kept beside the other logs
            shutil.copy(directory / "mosquitto.log", directory.parent / "bench-mosquitto.log")
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def ingest_workers(url: str, data_dir: Path, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    env = dict(os.environ, CITYLOOP_DATA_DIR=str(data_dir))
    log = (data_dir / "mqtt-ingest.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "cityloop", "mqtt_ingest", "--workers", str(workers),
         "--url", url], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _host_port(url: str) -> tuple[str, int]:
    host, _, port = url.removeprefix("mqtt://").partition(":")
    return host, int(port or 1883)


def _client(url: str) -> Any:
    import paho.mqtt.client as mqtt

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
    client.connect(*_host_port(url))
    client.loop_start()
    return client


def _wait_ready(url: str, ds: int, timeout: float = 60) -> None:
    """Publish probes until one is stored: a worker is subscribed."""
    from cityloop.sensing.models import Observation

    client = _client(url)
    probe = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(seconds=time.time() % 86400)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            client.publish(f"v1.1/Datastreams({ds})/Observations", json.dumps(
                {"phenomenonTime": probe.isoformat(), "result": 0}), qos=1).wait_for_publish(10)
            for _ in range(20):
                if Observation.objects.filter(datastream_id=ds, phenomenon_time=probe).exists():
                    return
                time.sleep(0.05)
    finally:
        client.disconnect()
        client.loop_stop()
    raise SystemExit("the MQTT ingest workers did not start storing")


def _stored_since(streams: list[int], since: datetime) -> int:
    from django.db.models import Sum

    from cityloop.sensing.models import Rollup

    since = since.replace(second=0, microsecond=0)
    total = Rollup.objects.filter(datastream_id__in=streams, minute__gte=since).aggregate(
        n=Sum("count"))["n"]
    return int(total or 0)


def _publishers(url: str, streams: list[int], total: int, count: int, start: datetime,
                go: Path, kind: str = "raw") -> list[subprocess.Popen[str]]:
    host, port = _host_port(url)
    per = total // count
    code = RAW_PUBLISHER if kind == "raw" else PUBLISHER
    procs = [subprocess.Popen(
        [sys.executable, "-c", code, host, str(port), str(go),
         ",".join(map(str, streams)), str(n * per), str(per if n < count - 1 else total - n * per),
         start.isoformat()], stdout=subprocess.PIPE, text=True) for n in range(count)]
    for proc in procs:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit("an MQTT publisher did not start")
    return procs


def _family(pid: int) -> list[int]:
    """A process and its children (the worker processes of ``mqtt-ingest --workers``)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(int(child) for child in children)]


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


def measure_mqtt(url: str, data_dir: Path, streams: list[int], total: int, publishers: int,
                 workers: subprocess.Popen[bytes], start: datetime,
                 publisher: str = "raw") -> dict[str, Any]:
    """Observations per second from publishers through the broker to the database."""
    go = data_dir / "mqtt-go"
    go.unlink(missing_ok=True)
    _wait_ready(url, streams[0])
    before = _stored_since(streams, start)
    procs = _publishers(url, streams, total, publishers, start, go, publisher)
    publisher_pids = [p.pid for p in procs]
    publishers_cpu_before = _cpu(publisher_pids)
    family = _family(workers.pid)
    cpu_before = _cpu(family)
    started = time.perf_counter()
    go.touch()
    stored, progress_at = 0, time.monotonic()
    while time.monotonic() - progress_at < 30:  # give up after 30 s without progress
        now_stored = _stored_since(streams, start) - before
        if now_stored > stored:
            stored, progress_at = now_stored, time.monotonic()
        if stored >= total:
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    cpu = _cpu(family) - cpu_before
    publishers_cpu = _cpu(publisher_pids) - publishers_cpu_before
    published = [json.loads(p.communicate(timeout=120)[0].strip().splitlines()[-1])
                 for p in procs]
    go.unlink(missing_ok=True)
    publish_seconds = max(p["seconds"] for p in published)
    settle = settle_workers(family)
    return {"observations": total, "stored": stored, "publishers": publishers,
            "publisher": publisher, "publishers_cpu_seconds": round(publishers_cpu, 2),
            "workers": len(family) - 1, "seconds": round(elapsed, 3),
            "per_second": round(stored / elapsed), "workers_cpu_seconds": round(cpu, 2),
            "per_worker_cpu_second": round(stored / cpu) if cpu else None,
            "publishers_done_after_seconds": round(publish_seconds, 3),
            "publish_rate_per_second": round(total / publish_seconds),
            "workers_idle_after_seconds": settle}


def settle_workers(family: list[int], timeout: float = 120.0) -> float | None:
    """Wait until the ingest workers are idle (under 10 % of a core over a second): after
    the burst they still publish every stored observation to its subscribers (QoS 0) and
    take those messages back, so an alert sent at once would time the burst's tail, not the
    alert path. Seconds waited after the last observation was stored; None if never idle."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        before = _cpu(family)
        time.sleep(1.0)
        if _cpu(family) - before < 0.1:
            return round(time.monotonic() - started, 1)
    return None


def mqtt_alert_latency(url: str, alarms: list[int],
                       wait_for_case: Callable[[int, datetime], float]) -> dict[str, Any]:
    """One observation over the threshold per alarm datastream, published one at a time."""
    client = _client(url)
    samples = []
    try:
        for ds in alarms:
            sent = datetime.now(UTC)
            client.publish(f"v1.1/Datastreams({ds})/Observations", json.dumps({
                "phenomenonTime": sent.isoformat(), "result": 500.0}), qos=1)
            samples.append(wait_for_case(ds, sent))
    finally:
        client.disconnect()
        client.loop_stop()
    return summary_ms(samples)
