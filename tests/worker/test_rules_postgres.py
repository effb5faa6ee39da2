"""The worker's rule thread on PostgreSQL: ingest's NOTIFY wakes it, long before its poll."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from cityloop import registry
from cityloop.cases.models import Case
from cityloop.sensing.rules.models import RuleWork
from cityloop.worker.loop import Worker
from tests.sensing.rules.helpers import make_rule, make_stream
from tests.sensing.test_rulequeue import send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def listening() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND query = 'LISTEN \"cityloop_rules\"'")
        return cursor.fetchone()[0] == 1


def wait_for(condition, timeout: float = 30.0) -> bool:
    """A bound on waiting, not a timing assertion."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_ingest_wakes_the_worker_that_opens_the_case(city, settings, monkeypatch):
    settings.RULE_QUEUE_POLL_SECONDS = 600  # only a NOTIFY can wake it within the test
    monkeypatch.setattr(registry.periodic_jobs, "_entries", {})  # no sweep to find it instead
    stream = make_stream()
    make_rule(stream)
    worker = Worker(threads=1, poll=600, worker_id="rules-worker")
    loop = threading.Thread(target=worker.run_forever)
    loop.start()
    try:
        assert wait_for(listening)
        time.sleep(0.5)  # its first drain (of nothing) is over: it waits
        send(stream, 0, 4.2)
        assert wait_for(lambda: Case.objects.filter(channel="sensor").exists())
        assert wait_for(lambda: not RuleWork.objects.exists())
    finally:
        worker.stop()
        loop.join(timeout=30)
    assert not loop.is_alive()
    assert Case.objects.get(channel="sensor").priority == "urgent"
