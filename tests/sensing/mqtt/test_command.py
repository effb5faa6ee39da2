"""``cityloop mqtt-ingest --workers N`` runs N workers and stops them all cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.sensing.mqtt.conftest import wait_for

ROOT = Path(__file__).resolve().parents[3]


def test_it_runs_workers_and_stops_them_on_sigterm(broker, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CITYLOOP_DATA_DIR")}
    log = tmp_path / "out.txt"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "cityloop", "--data-dir", str(tmp_path / "data"),
             "mqtt_ingest", "--workers", "2", "--url", broker.url],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            assert wait_for(lambda: _workers_started(log) == 2, 60)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()
    text = log.read_text()
    assert "started 2 MQTT ingest workers" in text
    assert text.count("stopped: 0 observations stored") == 2


def test_it_says_when_mqtt_is_off(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CITYLOOP_DATA_DIR", "CITYLOOP_MQTT_URL")}
    done = subprocess.run(
        [sys.executable, "-m", "cityloop", "--data-dir", str(tmp_path), "mqtt_ingest"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "MQTT is off: set CITYLOOP_MQTT_URL or give --url mqtt://host:port" in done.stderr


def _workers_started(log: Path) -> int:
    return sum(1 for line in log.read_text().splitlines()
               if line.startswith("MQTT ingest worker "))
