"""Ingest workers writing the same minutes of the same datastreams at once, on PostgreSQL:
every observation stored once, rollups exactly what one worker would have written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import LatestObservation, Observation
from tests.concurrency import at_once
from tests.sensing.ingest.helpers import at, obs, rollups

pytestmark = [pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[3]
BATCHES, SIZE = 10, 60


def batch(network, worker: int, number: int) -> list:
    """Two datastreams, in an order that differs between workers, all in minutes 0 and 1."""
    first, second = (network.level, network.flow) if worker % 2 else (network.flow, network.level)
    return [obs(stream, at(i % 2, (worker * BATCHES + number) % 60), float(worker * 1000 + i))
            for i in range(SIZE) for stream in (first, second)]



def expected(network, workers: int) -> dict:
    """The rollups of the level datastream, computed from what was sent."""
    values: dict = {}
    for worker in range(workers):
        for number in range(BATCHES):
            for o in batch(network, worker, number):
                if o.datastream_id == network.level.pk:
                    values.setdefault(o.phenomenon_time.replace(second=0), []).append(o.result)
    return {minute: (len(v), float(sum(v)), min(v), max(v)) for minute, v in values.items()}


def test_it_rolls_up_exactly_when_threads_ingest_the_same_minutes(committed_network):
    network = committed_network
    ids: list[int | None] = []

    def work(worker: int) -> None:
        for number in range(BATCHES):
            ids.extend(ingest(batch(network, worker, number)).ids)

    assert at_once(4, work, timeout=300) == []
    assert None not in ids and len(set(ids)) == len(ids) == 4 * BATCHES * SIZE * 2
    assert Observation.objects.count() == len(ids)
    assert rollups(network.level) == expected(network, 4)
    assert LatestObservation.objects.get(datastream=network.level).phenomenon_time == at(1, 39)


SCRIPT = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "cityloop.settings"
import django
django.setup()
from cityloop.sensing.ingest import ingest
from tests.sensing.ingest.test_concurrency_postgres import BATCHES, batch
from tests.sensing.ingest.conftest import Network
from cityloop.sensing.models import Datastream
worker = int(sys.argv[1])
level, flow = (Datastream.objects.get(pk=int(pk)) for pk in sys.argv[2:4])
network = Network(None, level, flow, None, None, None)
for number in range(BATCHES):
    ingest(batch(network, worker, number))
"""


def test_it_rolls_up_exactly_when_processes_ingest_the_same_minutes(committed_network, tmp_path):
    network = committed_network
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(os.environ, DATABASE_URL=url, CITYLOOP_DATA_DIR=str(tmp_path))
    processes = [subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(worker), str(network.level.pk), str(network.flow.pk)],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True) for worker in range(3)]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert Observation.objects.count() == 3 * BATCHES * SIZE * 2
    assert rollups(network.level) == expected(network, 3)
