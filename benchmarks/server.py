"""Server comparison: waitress against gunicorn on the Open311 and SensorThings workloads.

    python benchmarks/server.py [--cases 100000] [--slices 6] [--out FILE.json]

One data directory holds the Open311 benchmark's cases and the ingest
benchmark's sensor network (filled once; later runs reuse them). Every
server configuration is started at once, each on its own port (an idle one
costs nothing), and they are measured in turns, the order rotating: request
by request for latency, slice by slice (``--seconds`` each) for rates, so
that the load of a shared machine, which drifts by the minute, falls on all
of them alike:

- ``get_latency``: the Open311 benchmark's mix of filtered ``GET
  requests.json`` queries, one at a time over keep-alive HTTP;
- ``get_rate``: the default ``GET requests.json`` page, ``--clients`` at once;
- ``post_rate``: Open311 reports (``POST requests.json``), ``--clients`` at once;
- ``ingest_rate``: SensorThings ``CreateObservations`` of ``--batch``
  observations each, ``--clients`` at once, in observations per second;
- ``server_cpu_seconds``: CPU of the whole process tree (master and web
  processes) over all of it.

Prints JSON: per configuration the latency summary, the median rate over the
slices (and every slice), the ratio of each figure to waitress's, and the
load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    ROOT,
    _wait_until_up,
    cpu_seconds,
    free_port,
    setup_django,
    summary_ms,
)

BASELINE = "waitress 1x4"
CONFIGS: dict[str, list[str]] = {
    # cityloop serve, as shipped; waitress is the demo's one-process server.
    "waitress 1x4": ["-m", "cityloop", "serve", "--server", "waitress", "--threads", "4"],
    "gunicorn gthread 1x4": ["-m", "cityloop", "serve", "--workers", "1", "--threads", "4"],
    "gunicorn gthread 2x4": ["-m", "cityloop", "serve", "--workers", "2", "--threads", "4"],
    "gunicorn gthread 2x2": ["-m", "cityloop", "serve", "--workers", "2", "--threads", "2"],
    # gunicorn's own sync worker (no keep-alive: a connection per request).
    "gunicorn sync 2": ["-m", "gunicorn", "-k", "sync", "-w", "2", "--no-control-socket",
                        "cityloop.wsgi:application"],
}


@contextmanager
def started(name: str, data_dir: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    args = CONFIGS[name]
    args = [*args, "--port", str(port)] if "cityloop" in args else [*args, "-b",
                                                                     f"127.0.0.1:{port}"]
    env = dict(os.environ, CITYLOOP_DATA_DIR=str(data_dir), CITYLOOP_LOG_LEVEL="WARNING",
               DJANGO_SETTINGS_MODULE="cityloop.settings")
    proc = subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_up(port, proc)
        yield f"http://127.0.0.1:{port}", proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def concurrently(clients: int, seconds: float, request: Callable[[Any, int, int], Any],
                 expect: int) -> tuple[int, float]:
    """Requests done by ``clients`` threads for ``seconds``; and the wall time taken."""
    import requests

    done = [0] * clients
    failures: list[str] = []
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        session = requests.Session()
        while time.monotonic() < stop:
            response = request(session, i, done[i])
            if response.status_code != expect:
                failures.append(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            done[i] += 1

    begun = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(failures[0])
    return sum(done), time.monotonic() - begun


def ingest_rate(url: str, key: str, bodies: list[bytes], count: int, clients: int) -> float:
    import requests

    todo = list(bodies)
    lock = threading.Lock()
    failures: list[str] = []

    def client() -> None:
        session = requests.Session()
        while True:
            with lock:
                if not todo:
                    return
                body = todo.pop()
            response = session.post(f"{url}/sta/v1.1/CreateObservations", data=body,
                                    headers={"Content-Type": "application/json",
                                             "X-Api-Key": key}, timeout=600)
            if response.status_code != 201:
                failures.append(f"HTTP {response.status_code}: {response.text[:200]}")
                return

    begun = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(failures[0])
    return count / (time.perf_counter() - begun)


def measure(servers: dict[str, tuple[str, int]], work: dict[str, Any],
            args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Every server measured in turns: request by request for latency, slice by slice
    for rates, the order rotating, so that a change in the machine's load falls on all."""
    import requests

    from benchmarks.open311 import POST_URL, post_request

    names = list(servers)
    sessions = {name: requests.Session() for name in names}
    for name, (url, _pid) in servers.items():
        for _ in range(10):  # warm caches and connections
            sessions[name].get(f"{url}/open311/v2/requests.json")
    cpu = {name: cpu_seconds(pid) for name, (_url, pid) in servers.items()}
    latency: dict[str, list[float]] = {name: [] for name in names}
    for n, (_kind, params) in enumerate(work["queries"]):
        for name in rotated(names, n):
            begun = time.perf_counter()
            response = sessions[name].get(f"{servers[name][0]}/open311/v2/requests.json",
                                          params=params)
            latency[name].append(time.perf_counter() - begun)
            if response.status_code != 200:
                raise SystemExit(f"{name} GET {params}: HTTP {response.status_code}")
    rates: dict[str, dict[str, list[float]]] = {name: {"get_rate": [], "post_rate": [],
                                                       "ingest_rate": []} for name in names}
    rng = random.Random(5)
    for n in range(args.slices):
        for name in rotated(names, n):
            url = servers[name][0]
            got, wall = concurrently(args.clients, args.seconds, lambda s, i, k, u=url: s.get(
                f"{u}/open311/v2/requests.json"), 200)
            rates[name]["get_rate"].append(got / wall)
            POST_URL[0] = f"{url}/open311/v2/requests.json"
            posted, wall = concurrently(args.clients, args.seconds,
                                        post_request(work["open311_key"], rng), 200)
            rates[name]["post_rate"].append(posted / wall)
            bodies = work["bodies"].pop()
            rates[name]["ingest_rate"].append(ingest_rate(
                url, work["ingest_key"], bodies, args.observations, args.clients))
    out = {}
    for name, (_url, pid) in servers.items():
        out[name] = {"get_latency": summary_ms(latency[name]),
                     **{key: round(statistics.median(values), 1)
                        for key, values in rates[name].items()},
                     "slices": {key: [round(v, 1) for v in values]
                                for key, values in rates[name].items()},
                     "server_cpu_seconds": round(cpu_seconds(pid) - cpu[name], 2)}
    return out


def rotated(names: list[str], n: int) -> list[str]:
    k = n % len(names)
    return names[k:] + names[:k]


def prepare(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    from benchmarks import ingest, open311

    setup_django(data_dir)
    info = open311.prepare(args.cases)
    sensors = ingest.prepare(args.streams, 0)
    queries = open311.get_queries(random.Random(11), args.queries)
    # Fresh times for every server run: each stores new observations.
    runs = args.slices * len(CONFIGS)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6 + runs)
    bodies = [[ingest.create_observations_body(b) for b in ingest.batches(
        sensors["streams"], args.observations, args.batch, start + timedelta(hours=n), n)]
        for n in range(runs)]
    return {"cases": info["cases"], "database": info["vendor"], "queries": queries,
            "open311_key": info["api_key"], "ingest_key": sensors["api_key"],
            "bodies": bodies}


def ratios(figures: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    keys = ("get_rate", "post_rate", "ingest_rate", "server_cpu_seconds")
    base = figures[BASELINE]
    out = {}
    for name, each in figures.items():
        if name == BASELINE:
            continue
        out[name] = {key: round(each[key] / base[key], 3) for key in keys if base[key]}
        out[name]["get_p50_ms"] = round(each["get_latency"]["p50_ms"]
                                        / base["get_latency"]["p50_ms"], 3)
        out[name]["get_p99_ms"] = round(each["get_latency"]["p99_ms"]
                                        / base["get_latency"]["p99_ms"], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench"))
    parser.add_argument("--queries", type=int, default=10, help="per kind of GET query")
    parser.add_argument("--observations", type=int, default=10_000, help="per slice")
    parser.add_argument("--batch", type=int, default=2_500)
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=1.5, help="per slice")
    parser.add_argument("--slices", type=int, default=6,
                        help="turns of each rate measurement per server")
    parser.add_argument("--only", nargs="*", choices=list(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    for name in set(CONFIGS) - set(args.only) - {BASELINE}:
        del CONFIGS[name]
    data_dir = args.data_dir.resolve()
    work = prepare(args, data_dir)
    result: dict[str, Any] = {
        "benchmark": "server", "database": work["database"], "cases": work["cases"],
        "clients": args.clients, "slices": args.slices, "slice_seconds": args.seconds,
        "observations_per_slice": args.observations, "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
    }
    with ExitStack() as stack:
        servers = {name: stack.enter_context(started(name, data_dir)) for name in CONFIGS}
        figures = measure(servers, work, args)
    result.update({"load_average_at_end": os.getloadavg(), "servers": figures,
                   "ratio_to_waitress": ratios(figures)})
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
