"""Many workers, one queue: on PostgreSQL no message is ever sent twice or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from cityloop.notify.models import Delivery, Kind, Message, MessageStatus, NotificationChannel
from cityloop.worker.queue import claim_messages

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def queue(count: int, case, channel: NotificationChannel) -> list[int]:
    event = case.events.get()
    Message.objects.bulk_create(
        Message(kind=Kind.CASE_EVENT, case=case, event=event, transport=channel.kind,
                target=channel.target, channel=channel, language="en",
                next_attempt_at=timezone.now(), created_at=timezone.now())
        for _ in range(count)
    )
    return list(Message.objects.filter(channel=channel).values_list("id", flat=True))


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_it_delivers_each_message_exactly_once_with_two_workers(
        city, make_case, fake_webhook, tmp_path):
    channel = NotificationChannel.objects.create(
        name="City data hub", kind="webhook", target=fake_webhook.url, events=["case_event"],
    )
    case = make_case(contact=None)
    Message.objects.all().delete()
    ids = queue(300, case, channel)
    fake_webhook.delay = 0.005  # slow enough that both workers are at it together
    env = {**os.environ, "DATABASE_URL": database_url(), "CITYLOOP_DATA_DIR": str(tmp_path)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "cityloop", "worker", "--once", "--threads", "4"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert "handled" in out

    received = fake_webhook.delivery_ids()
    assert sorted(received) == sorted(str(i) for i in ids)  # each one, once
    assert Delivery.objects.count() == 300
    assert sorted(Delivery.objects.values_list("message_id", flat=True)) == sorted(ids)
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 300


def test_it_gives_two_concurrent_claims_disjoint_messages(city, make_case, fake_webhook):
    channel = NotificationChannel.objects.create(
        name="City data hub", kind="webhook", target=fake_webhook.url, events=["case_event"],
    )
    case = make_case(contact=None)
    Message.objects.all().delete()
    ids = queue(10, case, channel)
    claimed: dict[str, list[int]] = {}
    first_holds_its_rows = threading.Event()
    second_is_done = threading.Event()

    def first() -> None:
        try:
            # The claim is still uncommitted while the second worker claims.
            with transaction.atomic():
                claimed["first"] = claim_messages("first", 4)
                first_holds_its_rows.set()
                second_is_done.wait(timeout=30)
        finally:
            first_holds_its_rows.set()
            connections.close_all()

    def second() -> None:
        try:
            first_holds_its_rows.wait(timeout=30)
            claimed["second"] = claim_messages("second", 10)
        finally:
            second_is_done.set()
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a claim blocked the other"
    assert len(claimed["first"]) == 4
    assert set(claimed["first"]).isdisjoint(claimed["second"])
    assert sorted(claimed["first"] + claimed["second"]) == sorted(ids)
    owners = dict(Message.objects.values_list("id", "claimed_by"))
    assert {owners[i] for i in claimed["first"]} == {"first"}
    assert {owners[i] for i in claimed["second"]} == {"second"}


def test_it_shares_a_queue_between_many_claimers_without_overlap(city, make_case,
                                                                 fake_webhook):
    channel = NotificationChannel.objects.create(
        name="City data hub", kind="webhook", target=fake_webhook.url, events=["case_event"],
    )
    case = make_case(contact=None)
    Message.objects.all().delete()
    ids = queue(200, case, channel)
    claimed: dict[int, list[int]] = {n: [] for n in range(6)}
    start = threading.Barrier(len(claimed))

    def claimer(n: int) -> None:
        try:
            start.wait(timeout=30)
            while batch := claim_messages(f"claimer-{n}", 7):
                claimed[n] += batch
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=(n,)) for n in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    everything = [i for batch in claimed.values() for i in batch]
    assert sorted(everything) == sorted(ids)  # nothing claimed twice, nothing left


def test_it_stops_a_running_worker_on_sigterm_after_the_send_in_flight(
        city, make_case, fake_webhook, tmp_path):
    channel = NotificationChannel.objects.create(
        name="City data hub", kind="webhook", target=fake_webhook.url, events=["case_event"],
    )
    case = make_case(contact=None)
    Message.objects.all().delete()
    ids = queue(3, case, channel)
    fake_webhook.hold()
    env = {**os.environ, "DATABASE_URL": database_url(), "CITYLOOP_DATA_DIR": str(tmp_path)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "cityloop", "worker", "--threads", "1", "--poll", "0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert fake_webhook.wait_for(1, timeout=60), "the worker never started sending"
        worker.send_signal(signal.SIGTERM)
        fake_webhook.release()
        worker.communicate(timeout=60)
    finally:
        fake_webhook.release()
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0
    in_flight = Message.objects.get(pk=int(fake_webhook.delivery_ids()[0]))
    assert in_flight.status == MessageStatus.SENT
    assert Delivery.objects.get(message=in_flight).outcome == "ok"
    assert Message.objects.filter(pk__in=ids, status=MessageStatus.SENDING).count() == 0
