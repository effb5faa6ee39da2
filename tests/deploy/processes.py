"""The processes of a deployment, started as an operator would: ``cityloop`` commands.

Each long-running process gets its own data directory (as on its own
machine) and writes its output to a log file there; they share the
database, the broker and the secret key through the environment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_environment() -> dict[str, str]:
    """This environment without the test run's own CityLoop settings and database."""
    own = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    return {k: v for k, v in os.environ.items() if not k.startswith("CITYLOOP_") and k not in own}


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    data_dir: Path
    stopped: bool = False  # sent SIGTERM on purpose

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None


@dataclass
class Fleet:
    """Every process of one deployment, and the one-off commands run against it."""

    root: Path
    env: dict[str, str]
    processes: list[Process] = field(default_factory=list)

    def command(self, name: str, *args: str, timeout: float = 120,
                extra_env: dict[str, str] | None = None) -> str:
        """Run ``cityloop ARGS`` to the end; its output. Fails the test on a non-zero exit."""
        data_dir = self.root / name
        done = subprocess.run(
            [sys.executable, "-m", "cityloop", "--data-dir", str(data_dir), *args],
            cwd=ROOT, env={**self.env, **(extra_env or {})}, capture_output=True, text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, (
            f"cityloop {' '.join(args)} exited with {done.returncode}:\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def start(self, name: str, *args: str) -> Process:
        """Start ``cityloop ARGS`` in the background with a data directory of its own."""
        data_dir = self.root / name
        data_dir.mkdir(parents=True, exist_ok=True)
        log = data_dir / "output.txt"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [sys.executable, "-m", "cityloop", "--data-dir", str(data_dir), *args],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )
        process = Process(name, popen, log, data_dir)
        self.processes.append(process)
        return process

    def wait_for(self, what: str, condition: Callable[[], bool], timeout: float = 150) -> None:
        """Poll ``condition()`` until true; fail naming any process that died meanwhile."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_running()
            if condition():
                return
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}\n{self.tails()}")

    def assert_running(self) -> None:
        dead = [p for p in self.processes if not p.stopped and not p.alive()]
        assert not dead, "exited early: " + ", ".join(
            f"{p.name} ({p.popen.returncode})" for p in dead) + "\n" + self.tails()

    def stop(self, *names: str, timeout: float = 60) -> dict[str, int | None]:
        """SIGTERM to the processes named (all by default) at once, as systemd stops units;
        their exit statuses (None: still running after ``timeout``)."""
        chosen = [p for p in self.processes if not names or p.name in names]
        for process in chosen:
            process.stopped = True
            if process.alive():
                process.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        codes: dict[str, int | None] = {}
        for process in chosen:
            try:
                codes[process.name] = process.popen.wait(
                    timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                codes[process.name] = None
        return codes

    def kill(self) -> None:
        """Whatever still runs after the test (a failure half-way): killed."""
        for process in self.processes:
            if process.alive():
                process.popen.kill()
                process.popen.wait(timeout=10)

    def tails(self, lines: int = 15) -> str:
        return "\n".join(
            f"--- {p.name}:\n" + "\n".join(p.output().splitlines()[-lines:])
            for p in self.processes)
