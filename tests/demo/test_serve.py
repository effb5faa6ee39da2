"""``cityloop serve`` and ``cityloop demo`` as an operator runs them: real processes, real
signals, links on the address served on, and metrics summed over the web processes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.demo.conftest import REPO, DemoRun, cityloop_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get(url: str) -> int:
    return fetch(url)[0]


def wait_until(url: str, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited before answering"
        try:
            if get(url) == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer 200 within {seconds} s")


def children_of(pid: int) -> list[list[str]]:
    """The command lines of a process's children (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if parent == pid:
            found.append([arg.decode() for arg in argv if arg])
    return found


@contextmanager
def running(data: Path, *args: str, env: dict[str, str] | None = None
            ) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "cityloop", "--data-dir", str(data), *args],
        cwd=REPO, env=env or served_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )
    try:
        yield process
    finally:
        # The whole group: a worker process left behind would keep the pipes open.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def served_env(**extra: str) -> dict[str, str]:
    env = cityloop_env()
    env.pop("CITYLOOP_PUBLIC_URL", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(extra)
    return env


def stop(process: subprocess.Popen[str], sig: signal.Signals) -> tuple[str, str]:
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-3000:]
    return out, err


def copy_of(demo: DemoRun, tmp_path: Path) -> Path:
    # A copy: the worker's sweeps must not change the city other tests inspect.
    data = tmp_path / "city"
    shutil.copytree(demo.path, data, ignore=shutil.ignore_patterns("metrics"))
    return data


def discovery_url(base: str) -> str:
    status, body = fetch(f"{base}/open311/v2/discovery.json")
    assert status == 200
    return str(json.loads(body)["endpoints"][0]["url"])


def test_it_serves_with_one_worker_process_and_stops_cleanly_on_sigterm(
    demo: DemoRun, tmp_path: Path
) -> None:
    data, port = copy_of(demo, tmp_path), free_port()
    base = f"http://127.0.0.1:{port}"
    env = served_env(CITYLOOP_PUBLIC_URL="https://city.example.org")
    with running(data, "serve", "--port", str(port), "--workers", "2", "--with-worker",
                 env=env) as process:
        wait_until(f"{base}/healthz", process)
        assert get(f"{base}/") == 200
        wait_until(f"{base}/readyz", process)  # the worker's heartbeat arrived
        children = children_of(process.pid)
        workers = [argv for argv in children if argv[-1] == "worker"]
        assert len(workers) == 1, children
        assert len(children) == 3, children  # two web processes and the worker
        # The operator's public address wins over the one served on.
        assert discovery_url(base) == "https://city.example.org/open311/v2"
        out, _err = stop(process, signal.SIGTERM)
    assert f"serving at {base}/ with the worker (2 web processes × 4 threads" in out
    assert out.count("Stopped.") == 1
    assert not children_of(process.pid)


def test_it_sums_the_metrics_of_every_web_process_and_links_to_its_own_address(
    demo: DemoRun, tmp_path: Path
) -> None:
    data, port = copy_of(demo, tmp_path), free_port()
    base = f"http://127.0.0.1:{port}"
    with running(data, "serve", "--port", str(port), "--workers", "2", "--threads",
                 "2") as process:
        wait_until(f"{base}/healthz", process)
        assert discovery_url(base) == f"{base}/open311/v2"
        before = healthz_count(base)
        sent = until_both_web_processes_answered(base, data / "metrics" / str(port))
        assert healthz_count(base) - before == sent
        _out, err = stop(process, signal.SIGINT)
    assert "Traceback" not in err


def healthz_count(base: str) -> float:
    status, body = fetch(f"{base}/metrics")
    assert status == 200
    return sum(sample.value for family in text_string_to_metric_families(body.decode())
               for sample in family.samples
               if sample.name == "cityloop_http_requests_total"
               and sample.labels["route"] == "healthz")


def until_both_web_processes_answered(base: str, metrics_dir: Path) -> int:
    """/healthz requests from four clients at once until two web processes (each keeps
    its counters in a file named after its pid, besides the master's) have answered."""
    sent, lock = [0], threading.Lock()

    def client() -> None:
        for _ in range(25):
            assert get(f"{base}/healthz") == 200
            with lock:
                sent[0] += 1

    for _ in range(8):
        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if len(list(metrics_dir.glob("counter_*.db"))) >= 3:
            return sent[0]
    raise AssertionError(f"one web process answered all {sent[0]} requests")


def test_the_demo_serves_web_and_worker_in_one_process_with_links_on_its_port(
    demo: DemoRun, tmp_path: Path
) -> None:
    data, port = copy_of(demo, tmp_path), free_port()
    base = f"http://127.0.0.1:{port}"
    with running(data, "demo", "--port", str(port)) as process:
        wait_until(f"{base}/healthz", process, seconds=180)
        assert discovery_url(base) == f"{base}/open311/v2"
        wait_until(f"{base}/readyz", process)  # the worker thread's heartbeat
        assert children_of(process.pid) == []
        out, _err = stop(process, signal.SIGTERM)
    assert f"Staff console     {base}/staff/" in out
    assert f"serving at {base}/ with the worker" in out
    assert ":8000" not in out
    assert out.count("Stopped.") == 1


def test_serve_refuses_several_processes_on_waitress(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cityloop", "--data-dir", str(tmp_path), "serve", "--server",
         "waitress", "--workers", "2"],
        cwd=REPO, env=served_env(), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "waitress serves from one process" in result.stderr
    assert not os.path.exists(tmp_path / "metrics")


def test_serve_and_demo_refuse_a_port_in_use_and_leave_that_servers_metrics_alone(
    tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        live = tmp_path / "metrics" / str(port) / "counter_1.db"
        live.parent.mkdir(parents=True)
        live.write_bytes(b"a running server's counters")
        result = subprocess.run(
            [sys.executable, "-m", "cityloop", "--data-dir", str(tmp_path), "serve", "--port",
             str(port)],
            cwd=REPO, env=served_env(), capture_output=True, text=True, timeout=60,
        )
        demo = subprocess.run(
            [sys.executable, "-m", "cityloop", "--data-dir", str(tmp_path / "demo"), "demo",
             "--port", str(port)],
            cwd=REPO, env=served_env(), capture_output=True, text=True, timeout=60,
        )
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert live.exists()
    # The demo says so before spending its set-up, not with a traceback after it.
    assert demo.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in demo.stderr
    assert "choose another with --port" in demo.stderr
    assert "Traceback" not in demo.stderr
    assert "Setting up" not in demo.stdout
