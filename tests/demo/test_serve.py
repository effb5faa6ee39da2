"""``cityloop serve``: web and worker in one process, stopped cleanly by SIGTERM."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.demo.conftest import REPO, DemoRun, cityloop_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_until_up(url: str, process: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited before answering"
        try:
            if get(url) == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_it_serves_the_demo_city_and_stops_cleanly_on_sigterm(
    demo: DemoRun, tmp_path: Path
) -> None:
    # A copy: the worker's sweeps must not change the city other tests inspect.
    data = tmp_path / "city"
    shutil.copytree(demo.path, data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "cityloop", "--data-dir", str(data), "serve",
         "--port", str(port), "--with-worker"],
        cwd=REPO, env=cityloop_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_until_up(f"{base}/healthz", process)
        assert get(f"{base}/") == 200
        # The Open311 adapter may not be mounted yet in every checkout.
        assert get(f"{base}/open311/v2/services.json") in (200, 404)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err[-2000:]
    assert f"serving at {base}/ with the worker" in out
    assert "Stopped." in out
