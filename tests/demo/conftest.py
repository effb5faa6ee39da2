"""One small demo city, generated once per test session in a subprocess, as a visitor runs it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass
class DemoRun:
    path: Path
    result: subprocess.CompletedProcess[str]

    @property
    def database(self) -> Path:
        return self.path / "cityloop.sqlite3"


def cityloop_env() -> dict[str, str]:
    env = dict(os.environ)
    # The demo tests inspect the SQLite file the demo writes.
    env.pop("DATABASE_URL", None)
    env.pop("CITYLOOP_DATA_DIR", None)
    return env


def run_cityloop(
    data_dir: Path, *args: str, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cityloop", "--data-dir", str(data_dir), *args],
        cwd=REPO, env=cityloop_env(), capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    path = tmp_path_factory.mktemp("demo-city")
    result = run_cityloop(path, "demo", "--size", "small", "--no-serve")
    assert result.returncode == 0, result.stderr[-3000:]
    return DemoRun(path, result)


@pytest.fixture(scope="session")
def demo_db(demo: DemoRun) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo.database}?mode=ro", uri=True)
    yield connection
    connection.close()
