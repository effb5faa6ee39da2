"""Ingest workers on one machine never share a client id: two with one id would take each
other's broker session every second and store next to nothing."""

from __future__ import annotations

import re
import uuid

import pytest

from cityloop.sensing.mqtt.client import ClientIdInUse, claim_client_id, worker_client_id
from cityloop.sensing.mqtt.config import MqttConfig


@pytest.fixture
def config() -> MqttConfig:
    # A prefix of this test's own, so that no real worker's lock is in the way.
    return MqttConfig(host="127.0.0.1", port=1883, client_id=f"test-{uuid.uuid4().hex[:8]}")


def test_it_gives_each_worker_the_lowest_free_number(config):
    first, first_lock = claim_client_id(config)
    second, second_lock = claim_client_id(config)
    assert first == worker_client_id(config, 0)
    assert second == worker_client_id(config, 1)
    first_lock.close()  # the first worker stops: a restarted one resumes its session
    again, again_lock = claim_client_id(config)
    assert again == first
    second_lock.close()
    again_lock.close()


def test_it_refuses_a_given_client_id_held_by_another_worker(config):
    held, lock = claim_client_id(config, client_id="gauges-a")
    assert held == "gauges-a"
    with pytest.raises(ClientIdInUse, match=r"gauges-a.*--client-id"):
        claim_client_id(config, client_id="gauges-a")
    lock.close()
    assert claim_client_id(config, client_id="gauges-a")[0] == "gauges-a"


def test_it_refuses_a_worker_number_held_by_another_worker(config):
    _, lock = claim_client_id(config, worker=3)
    with pytest.raises(ClientIdInUse, match=re.escape(worker_client_id(config, 3))):
        claim_client_id(config, worker=3)
    lock.close()
