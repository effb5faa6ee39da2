"""Stopping a worker (SIGTERM): the send in flight finishes, nothing new is started."""

from __future__ import annotations

import threading

import pytest

from cityloop.notify.models import Delivery, Message, MessageStatus, NotificationChannel, Outcome
from cityloop.worker.loop import Worker


@pytest.mark.django_db(transaction=True)
def test_it_finishes_the_send_in_flight_and_stops(city, make_case, fake_webhook, settings):
    settings.WEBHOOK_TIMEOUT = 30
    NotificationChannel.objects.create(
        name="East roads integration", kind="webhook", target=fake_webhook.url,
        department=city.departments["roads_east"],
    )
    for _ in range(3):
        make_case(contact=None)
    fake_webhook.hold()
    worker = Worker(threads=1, batch=1, poll=0.05, worker_id="stopping-worker")
    loop = threading.Thread(target=worker.run_forever)
    loop.start()
    try:
        assert fake_webhook.wait_for(1), "the worker never started sending"
        worker.stop()  # what the SIGTERM handler of `cityloop worker` calls
        fake_webhook.release()
    finally:
        fake_webhook.release()
        loop.join(timeout=30)
    assert not loop.is_alive()
    in_flight = Delivery.objects.get()
    assert in_flight.outcome == Outcome.OK
    assert Message.objects.get(pk=in_flight.message_id).status == MessageStatus.SENT
    statuses = sorted(Message.objects.values_list("status", flat=True))
    assert statuses == [MessageStatus.QUEUED, MessageStatus.QUEUED, MessageStatus.SENT]
    assert len(fake_webhook.requests) == 1
