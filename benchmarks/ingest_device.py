"""Device-style ingest for the ingest benchmark: one observation per request or message.

- ``measure_device_http``: N client threads, each on its own keep-alive
  ``http.client`` connection, POSTing one observation per request to
  ``/sta/v1.1/Datastreams(id)/Observations``, as a device or a simple gateway
  does; observations per second, per CPU-second of the server's processes, and
  each request's latency.
- ``measure_broker_passthrough``: the same publishers and messages as the MQTT
  ingest measurement, through the same broker, to subscribers that only count
  and acknowledge (no CityLoop): the broker's own rate on this machine, which
  the ingest workers' rate is then set against. The counting subscribers speak
  MQTT 5 over raw sockets and share one subscription (``$share``) at QoS 1, as
  ``cityloop mqtt-ingest`` workers do, so that the broker does the same work
  per message, less the echo CityLoop publishes of each stored observation.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.common import cpu_seconds, run_clients, summary_ms
from benchmarks.ingest_mqtt import WIRE, _host_port, _publishers


def device_bodies(streams: list[int], count: int, start: datetime) -> list[tuple[int, bytes]]:
    """``count`` single observations, round robin over ``streams``, one a second each."""
    out = []
    for n in range(count):
        ds = streams[n % len(streams)]
        when = (start + timedelta(seconds=n // len(streams))).isoformat().replace("+00:00", "Z")
        out.append((ds, json.dumps({"phenomenonTime": when,
                                    "result": (n % 1000) / 100}).encode()))
    return out


def measure_device_http(url: str, pid: int, key: str, bodies: list[tuple[int, bytes]],
                        clients: int) -> dict[str, Any]:
    """POST each body on its own request, ``clients`` keep-alive connections at once."""
    parts = urlsplit(url)
    todo = list(reversed(bodies))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    headers = {"Content-Type": "application/json", "X-Api-Key": key,
               "Connection": "keep-alive"}

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port,
                                                timeout=60)
        mine = []
        try:
            while not failures:
                with lock:
                    if not todo:
                        break
                    ds, body = todo.pop()
                sent = time.perf_counter()
                connection.request("POST", f"/sta/v1.1/Datastreams({ds})/Observations",
                                   body=body, headers=headers)
                response = connection.getresponse()
                text = response.read()
                mine.append(time.perf_counter() - sent)
                if response.status != 201:
                    failures.append(f"HTTP {response.status}: {text[:300]!r}")
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    elapsed, cpu = run_clients(client, clients, pid)
    if failures:
        raise SystemExit(failures[0])
    count = len(bodies)
    return {"observations": count, "requests": count, "clients": clients,
            "seconds": round(elapsed, 3), "per_second": round(count / elapsed),
            "server_cpu_seconds": round(cpu, 2),
            "per_server_cpu_second": round(count / cpu) if cpu else None,
            "latency": summary_ms(latencies)}


# An MQTT 5 subscriber on a raw socket: CONNECT, SUBSCRIBE (shared, QoS 1), then count
# PUBLISH packets and PUBACK each (4 bytes: success needs no reason code), one sendall per
# read. It prints "ready" once subscribed; after it has been idle IDLE seconds since its
# last message (or 60 s with none at all) it prints its count and the wall-clock time of
# its last message.
COUNTER = r"""
import json, os, socket, struct, sys, time
host, port, topic, IDLE = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])

""" + WIRE + r"""
sock = socket.create_connection((host, port))
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sock.sendall(packet(0x10, text("MQTT") + bytes([5, 2]) + struct.pack("!H", 0) + b"\x00"
                    + text(f"bench-count-{os.getpid()}")))
sock.sendall(packet(0x82, struct.pack("!H", 1) + b"\x00" + text(topic) + b"\x01"))
buffer, count, seen, last = b"", 0, 0, 0.0
sock.settimeout(0.2)
waited_from = time.time()
while True:
    try:
        data = sock.recv(262144)
    except socket.timeout:
        now = time.time()
        if (count and now - last > IDLE) or (not count and now - waited_from > 60):
            break
        continue
    if not data:
        break
    buffer += data
    at, acks = 0, []
    while True:
        if len(buffer) - at < 2:
            break
        size, shift, k = 0, 0, at + 1
        while k < len(buffer):
            size |= (buffer[k] & 127) << shift
            shift += 7
            k += 1
            if not buffer[k - 1] & 128:
                break
        else:
            break
        if len(buffer) < k + size:
            break
        kind = buffer[at] >> 4
        if kind == 3:
            qos = (buffer[at] >> 1) & 3
            if qos:
                topic_length = struct.unpack_from("!H", buffer, k)[0]
                acks.append(b"\x40\x02" + buffer[k + 2 + topic_length:k + 4 + topic_length])
            count += 1
        elif kind == 9:  # SUBACK: its reason code is the last byte
            if buffer[k + size - 1] >= 0x80:
                sys.exit("the broker refused the subscription")
            print("ready", flush=True)
        elif kind == 2 and buffer[k + 1] != 0:
            sys.exit("the broker refused the connection")
        at = k + size
    buffer = buffer[at:]
    if acks:
        sock.sendall(b"".join(acks))
    if count != seen:
        seen, last = count, time.time()
sock.close()
print(json.dumps({"received": count, "last": last, "cpu": time.process_time()}), flush=True)
"""


def broker_cpu() -> float | None:
    """CPU-seconds used so far by the Mosquitto this process started (``private_broker``);
    None with a broker of someone else's (``--broker``)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if comm == "mosquitto" and parent == os.getpid():
            return cpu_seconds(int(entry.name))
    return None


def measure_broker_passthrough(url: str, data_dir: Path, streams: list[int], total: int,
                               publishers: int, subscribers: int, start: datetime,
                               publisher: str = "raw", idle: float = 3.0) -> dict[str, Any]:
    """Messages per second from the first publish to the last one a counter received."""
    host, port = _host_port(url)
    counters = [subprocess.Popen(
        [sys.executable, "-c", COUNTER, host, str(port),
         "$share/benchcount/v1.1/+/Observations", str(idle)],
        stdout=subprocess.PIPE, text=True) for _ in range(subscribers)]
    for proc in counters:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit("a counting MQTT subscriber did not start")
    go = data_dir / "mqtt-go"
    go.unlink(missing_ok=True)
    procs = _publishers(url, streams, total, publishers, start, go, publisher)
    broker_before = broker_cpu()
    started = time.time()
    go.touch()
    published = [json.loads(p.communicate(timeout=600)[0].strip().splitlines()[-1])
                 for p in procs]
    counted = [json.loads(p.communicate(timeout=600)[0].strip().splitlines()[-1])
               for p in counters]
    go.unlink(missing_ok=True)
    broker_after = broker_cpu()
    received = sum(c["received"] for c in counted)
    elapsed = max(c["last"] for c in counted) - started
    return {"observations": total, "received": received, "publishers": publishers,
            "publisher": publisher, "subscribers": subscribers,
            "seconds": round(elapsed, 3), "per_second": round(received / elapsed),
            # the counters' own CPU: were they (not the broker) the limit?
            "subscribers_cpu_seconds": round(sum(c["cpu"] for c in counted), 2),
            "publishers_done_after_seconds": round(max(p["seconds"] for p in published), 3),
            **broker_share(received, broker_before, broker_after)}


def broker_share(messages: int, before: float | None, after: float | None) -> dict[str, Any]:
    if before is None or after is None or after <= before:
        return {}
    return {"broker_cpu_seconds": round(after - before, 2),
            "per_broker_cpu_second": round(messages / (after - before))}
