"""What the benchmarks share: a database to measure, a server process, timing."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(data_dir: Path) -> None:
    os.environ["CITYLOOP_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityloop.settings")
    # What `cityloop migrate` would do first: the directory and its secret key.
    from cityloop.conf.datadir import prepare

    prepare(data_dir)
    import django

    django.setup()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(samples: list[float]) -> dict[str, float]:
    """Latency summary in milliseconds of samples given in seconds."""
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 50) * 1000, 2),
        "p90_ms": round(percentile(samples, 90) * 1000, 2),
        "p99_ms": round(percentile(samples, 99) * 1000, 2),
        "mean_ms": round(statistics.fmean(samples) * 1000, 2) if samples else float("nan"),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process and its live descendants have used so far
    (Linux /proc): a gunicorn master's own share is small, its web processes do the work."""
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
def server(data_dir: Path, threads: int = 8, workers: int | None = None
           ) -> Iterator[tuple[str, int]]:
    """``cityloop serve`` in its own process (``workers`` web processes, else its
    default); yields its base URL and pid (the master's, when there are several)."""
    port = free_port()
    env = dict(os.environ, CITYLOOP_DATA_DIR=str(data_dir))
    processes = ["--workers", str(workers)] if workers else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "cityloop", "serve", "--port", str(port), "--threads",
         str(threads), *processes],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(port, proc)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextmanager
def worker(data_dir: Path, code: Path = ROOT, env: dict[str, str] | None = None,
           settle: float = 3) -> Iterator[int]:
    """``cityloop worker`` (of the checkout ``code``) in its own process: it evaluates the
    sensor rules of what ingest queued, and sends notifications. Yields its pid once
    it has run ``settle`` seconds."""
    env = dict(env or os.environ, CITYLOOP_DATA_DIR=str(data_dir))
    proc = subprocess.Popen([sys.executable, "-m", "cityloop", "worker", "--threads", "1"],
                            cwd=code, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        time.sleep(settle)  # started, its first periodic jobs run
        yield proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _wait_until_up(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start within 60 s")


def run_clients(client: Callable[[], None], count: int, pid: int) -> tuple[float, float]:
    """Run ``count`` threads of ``client`` at once; the wall-clock seconds they took and
    the CPU seconds process ``pid`` (the server) spent meanwhile."""
    cpu_before, started = cpu_seconds(pid), time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, cpu_seconds(pid) - cpu_before
