"""The rule queue on PostgreSQL, with connections at once: SKIP LOCKED claims, the NOTIFY
that ingest sends at commit, and workers draining while ingest goes on."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction

from cityloop.cases.models import Case
from cityloop.sensing import rulequeue
from cityloop.sensing.rules.models import RuleState, RuleWork
from cityloop.worker.wakeup import Wakeup
from tests.sensing.rules.helpers import make_rule, make_stream
from tests.sensing.rules.test_concurrency_postgres import at_once
from tests.sensing.test_rulequeue import send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def streams_with_rules(count: int) -> list[int]:
    ids = []
    for n in range(count):
        stream = make_stream(f"Level {n}", thing=f"Gauge {n}")
        make_rule(stream, code=f"level-{n}")
        send(stream, 0, 1.0)
        ids.append(stream.pk)
    return ids


def test_a_second_worker_skips_the_rows_a_first_one_is_claiming(city):
    ids = streams_with_rules(4)
    holding, release = threading.Event(), threading.Event()
    first: list[int] = []

    def claim_and_hold() -> None:
        try:
            with transaction.atomic():  # the claim's row locks held until this commits
                first.extend(c.datastream_id for c in rulequeue.claim("worker-1", limit=2))
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=claim_and_hold)
    thread.start()
    try:
        assert holding.wait(30)
        second = [c.datastream_id for c in rulequeue.claim("worker-2")]  # does not wait
    finally:
        release.set()
        thread.join(30)
    assert len(first) == 2
    assert sorted(first + second) == sorted(ids)
    assert rulequeue.claim("worker-3") == []  # both leases hold
    assert dict(RuleWork.objects.values_list("datastream_id", "claimed_by")) == {
        **dict.fromkeys(first, "worker-1"), **dict.fromkeys(second, "worker-2")}


def test_ingest_wakes_a_listener_when_it_queues_a_datastream(city):
    stream = make_stream()
    make_rule(stream)
    wakeup, stopping = Wakeup(rulequeue.CHANNEL), threading.Event()
    wakeup.listen()
    try:
        send(stream, 0, 1.0)
        assert wakeup.wait(30, stopping)
        send(stream, 1, 1.0)  # already queued: a worker is on its way, no second NOTIFY
        assert not wakeup.wait(0.2, stopping)
        rulequeue.drain()
        with pytest.raises(RuntimeError), transaction.atomic():
            send(stream, 2, 1.0)
            raise RuntimeError("rolled back: nothing queued, nobody woken")
        assert not wakeup.wait(0.2, stopping)
        send(stream, 3, 1.0)
        assert wakeup.wait(30, stopping)
    finally:
        wakeup.close()


def test_workers_draining_while_ingest_goes_on_end_where_one_would(city):
    stream = make_stream()
    rule = make_rule(stream)
    values = [2.0, 3.1, 3.6, 4.2, 3.9, 3.8, 4.4, 3.7]
    send(stream, -1, 2.0)  # ingest.pg looks its table names up once, not thread-safely
    finished: list[int] = []  # ingest workers done (list.append is atomic)

    def work(n: int) -> None:
        if n < 6:  # six ingest workers, each every sixth minute
            for i in range(n, len(values) * 3, 6):
                send(stream, i, values[i % len(values)])
            finished.append(n)
        else:  # two rule workers, draining until ingest is over
            while len(finished) < 6:
                rulequeue.drain(f"worker-{n}")

    assert at_once(8, work) == []
    rulequeue.drain()
    state = RuleState.objects.get(rule=rule)
    # The latest observation is minute 23: 3.7 m, orange, whatever the interleaving.
    assert (state.level, state.last_value) == ("orange", 3.7)
    assert Case.objects.count() == 1
    assert not RuleWork.objects.exists()
