"""Server comparison: waitress against gunicorn on the Open311 and SensorThings workloads.

    python benchmarks/server.py [--cases 100000] [--observations 60000] [--rounds 2]
        [--out benchmarks/results/server.json]

One data directory holds the Open311 benchmark's cases and the ingest
benchmark's sensor network (filled once; later runs reuse them). Each round
starts every server configuration in turn (the order rotates from round to
round, so no configuration always runs on a warmer or fuller database) and
measures it the same way:

- ``get_latency``: the Open311 benchmark's mix of filtered ``GET
  requests.json`` queries, one at a time over keep-alive HTTP;
- ``get_rate``: the default ``GET requests.json`` page, ``--clients`` at once;
- ``post_rate``: Open311 reports (``POST requests.json``), ``--clients`` at once;
- ``ingest_rate``: SensorThings ``CreateObservations`` of ``--batch``
  observations each, ``--clients`` at once, in observations per second;
- ``server_cpu_seconds`` of the whole process tree (master, web processes).

Prints JSON: every sample, the median per configuration over the rounds, the
ratio of each median to waitress's, and the load average before and after
(the machine may be shared: compare only figures of the same run).
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
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, _wait_until_up, free_port, setup_django, summary_ms

BASELINE = "waitress 1x4"
CONFIGS: dict[str, list[str]] = {
    # cityloop serve, as shipped; waitress is the demo's one-process server.
    "waitress 1x4": ["-m", "cityloop", "serve", "--server", "waitress", "--threads", "4"],
    "gunicorn gthread 1x4": ["-m", "cityloop", "serve", "--workers", "1", "--threads", "4"],
    "gunicorn gthread 2x4": ["-m", "cityloop", "serve", "--workers", "2", "--threads", "4"],
    # gunicorn's own sync worker (no keep-alive: a connection per request).
    "gunicorn sync 2": ["-m", "gunicorn", "-k", "sync", "-w", "2", "--no-control-socket",
                        "cityloop.wsgi:application"],
}


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, p in parents.items() if p == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(p, 0.0) for p in tree)


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


def measure(url: str, pid: int, work: dict[str, Any], args: argparse.Namespace
            ) -> dict[str, Any]:
    import requests

    from benchmarks.open311 import POST_URL, post_request

    session = requests.Session()
    for _ in range(10):  # warm caches and connections
        session.get(f"{url}/open311/v2/requests.json")
    cpu_before = tree_cpu_seconds(pid)
    latencies = []
    for _kind, params in work["queries"]:
        begun = time.perf_counter()
        response = session.get(f"{url}/open311/v2/requests.json", params=params)
        latencies.append(time.perf_counter() - begun)
        if response.status_code != 200:
            raise SystemExit(f"GET {params}: HTTP {response.status_code}")
    gets, wall = concurrently(args.clients, args.seconds, lambda s, i, n: s.get(
        f"{url}/open311/v2/requests.json"), 200)
    get_rate = gets / wall
    POST_URL[0] = f"{url}/open311/v2/requests.json"
    posts, wall = concurrently(args.clients, args.seconds,
                               post_request(work["open311_key"], random.Random(5)), 200)
    post_rate = posts / wall
    rate = ingest_rate(url, work["ingest_key"], work["bodies"].pop(), args.observations,
                       args.clients)
    return {"get_latency": summary_ms(latencies), "get_rate": round(get_rate, 1),
            "post_rate": round(post_rate, 1), "ingest_rate": round(rate),
            "server_cpu_seconds": round(tree_cpu_seconds(pid) - cpu_before, 2)}


def prepare(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    from benchmarks import ingest, open311

    setup_django(data_dir)
    info = open311.prepare(args.cases)
    sensors = ingest.prepare(args.streams, 0)
    queries = open311.get_queries(random.Random(11), args.queries)
    # Fresh times for every server run: each stores new observations.
    runs = args.rounds * len(CONFIGS)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6 + runs)
    bodies = [[ingest.create_observations_body(b) for b in ingest.batches(
        sensors["streams"], args.observations, args.batch, start + timedelta(hours=n), n)]
        for n in range(runs)]
    return {"cases": info["cases"], "database": info["vendor"], "queries": queries,
            "open311_key": info["api_key"], "ingest_key": sensors["api_key"],
            "bodies": bodies}


def medians(samples: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, float]]:
    out = {}
    for name, runs in samples.items():
        out[name] = {
            "get_p50_ms": statistics.median(r["get_latency"]["p50_ms"] for r in runs),
            "get_p99_ms": statistics.median(r["get_latency"]["p99_ms"] for r in runs),
            **{key: statistics.median(r[key] for r in runs)
               for key in ("get_rate", "post_rate", "ingest_rate", "server_cpu_seconds")},
        }
    return out


def ratios(median: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    base = median[BASELINE]
    return {name: {key: round(value / base[key], 3) if base[key] else float("nan")
                   for key, value in figures.items()}
            for name, figures in median.items() if name != BASELINE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench"))
    parser.add_argument("--queries", type=int, default=10, help="per kind of GET query")
    parser.add_argument("--observations", type=int, default=60_000, help="per server run")
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0, help="per rate measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", nargs="*", choices=list(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    for name in set(CONFIGS) - set(args.only) - {BASELINE}:
        del CONFIGS[name]
    data_dir = args.data_dir.resolve()
    work = prepare(args, data_dir)
    result: dict[str, Any] = {
        "benchmark": "server", "database": work["database"], "cases": work["cases"],
        "clients": args.clients, "rounds": args.rounds, "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
    }
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in CONFIGS}
    names = list(CONFIGS)
    for round_ in range(args.rounds):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            with started(name, data_dir) as (url, pid):
                figures = measure(url, pid, work, args)
            figures["load_average_1min"] = os.getloadavg()[0]
            samples[name].append(figures)
            print(f"round {round_ + 1} {name}: {json.dumps(figures)}", file=sys.stderr)
    median = medians(samples)
    result.update({"load_average_at_end": os.getloadavg(), "median": median,
                   "ratio_to_waitress": ratios(median), "samples": samples})
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
