"""Warnings benchmark: 100,000 subscribers in the warned area.

    python benchmarks/warnings.py [--data-dir var/bench-warnings] [--subscribers 100000]
                                  [--send 2000] [--threads 4]

With ``DATABASE_URL`` set it runs on PostgreSQL, else on SQLite in
``--data-dir``; either must be new (it refuses a database with warnings,
subscriptions or messages in it). Prints JSON:

- ``queue``: publishing a warning for a district with ``--subscribers``
  confirmed email subscribers in its streets (and a tenth as many elsewhere,
  who must not be told): seconds from ``publish`` to its commit, with every
  message queued (goal: under 10 s), and the fan-out's own share
  (``Fanout.queue_ms``); then an update of it, which reaches the same people;
- ``smtp``: one worker (``cityloop worker`` with ``--threads``) sending
  ``--send`` of those emails to a local SMTP sink (``tests/fakes/smtp.py``):
  deliveries per second;
- ``webhook``: the same to a local webhook sink (``tests/fakes/webhook.py``)
  for ``--send`` webhook subscribers of another warning.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import cpu_seconds, setup_django

BATCH = 10_000


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size],
            [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def prepare(subscribers: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from cityloop.geo.models import Area, AreaLevel
    from cityloop.notify.models import Message
    from cityloop.warnings.models import Warning
    from cityloop.warnings.subscriptions.models import Subscription

    call_command("migrate", verbosity=0)
    if Subscription.objects.exists() or Warning.objects.exists() or Message.objects.exists():
        raise SystemExit("benchmarks/warnings.py needs an empty database: a new --data-dir, "
                         "or with DATABASE_URL a database just created for it")
    city = Area.objects.create(code="bench-city", name="Bench", level=AreaLevel.CITY,
                               geometry=square(106.0, 29.0, 1.0))
    areas = {}
    for d, lon in (("east", 106.5), ("west", 106.0)):
        district = Area.objects.create(code=f"bench-{d}", name=d, level=AreaLevel.DISTRICT,
                                       parent=city, geometry=square(lon, 29.0, 0.5))
        areas[d] = [Area.objects.create(code=f"bench-{d}-{i}", name=f"{d} {i}",
                                        level=AreaLevel.STREET, parent=district,
                                        geometry=square(lon + i * 0.1, 29.0, 0.1))
                    for i in range(5)]
        areas[d + "-district"] = [district]
    started = time.perf_counter()
    _subscribe("east", areas["east"], subscribers, "email", "resident{}@example.org")
    _subscribe("west", areas["west"], subscribers // 10, "email", "other{}@example.org")
    connection.close()
    return {"areas": {k: [a.pk for a in v] for k, v in areas.items()},
            "setup_seconds": round(time.perf_counter() - started, 1)}


def _subscribe(name: str, streets: list[Any], count: int, channel: str, pattern: str) -> None:
    from django.db import transaction
    from django.utils import timezone

    from cityloop.warnings.subscriptions.models import Subscription

    through = Subscription.areas.through
    now = timezone.now()
    for start in range(0, count, BATCH):
        with transaction.atomic():
            rows = Subscription.objects.bulk_create(
                Subscription(channel=channel, address=pattern.format(i), language=(
                    "zh-hans" if i % 3 == 0 else "en"), created_at=now, confirmed_at=now,
                    source="staff")
                for i in range(start, min(count, start + BATCH)))
            through.objects.bulk_create(
                through(subscription_id=row.pk, area_id=streets[i % len(streets)].pk)
                for i, row in enumerate(rows))


def new_warning(area_ids: list[int], **fields: Any) -> Any:
    from cityloop.warnings.models import Warning

    warning = Warning.objects.create(event="Flood", headline="River over its banks",
                                     description="The river is over the red mark.",
                                     instruction="Move to higher ground.", **fields)
    warning.areas.set(area_ids)
    return warning


def timed_publish(warning: Any) -> tuple[float, float]:
    """Publish ``warning``: wall-clock seconds, and CPU seconds of this process and of
    its PostgreSQL server process (on a machine shared with other work, the CPU time
    is what the publication costs; the wall clock adds the time spent waiting for a core)."""
    from django.db import connection

    from cityloop.warnings.publish import publish

    backend = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = int(cursor.fetchone()[0])
    cpu = time.process_time() + (cpu_seconds(backend) if backend else 0.0)
    started = time.perf_counter()
    publish(warning, by="benchmark")
    seconds = time.perf_counter() - started
    cpu = time.process_time() + (cpu_seconds(backend) if backend else 0.0) - cpu
    return seconds, cpu


def measure_queue(areas: dict[str, list[int]]) -> dict[str, Any]:
    from cityloop.notify.models import Message
    from cityloop.warnings.models import MsgType
    from cityloop.warnings.subscriptions.models import Fanout

    warning = new_warning(areas["east-district"])
    seconds, cpu = timed_publish(warning)
    queued = Message.objects.filter(warning=warning).count()
    update = new_warning(areas["east-district"], msg_type=MsgType.UPDATE, references=warning)
    update_seconds, update_cpu = timed_publish(update)
    return {
        "warning": warning.pk,
        "queued": queued,
        "publish_seconds": round(seconds, 3),
        "publish_cpu_seconds": round(cpu, 3),
        "fanout_ms": Fanout.objects.get(warning=warning).queue_ms,
        "update_queued": Message.objects.filter(warning=update).count(),
        "update_publish_seconds": round(update_seconds, 3),
        "update_publish_cpu_seconds": round(update_cpu, 3),
        "others_told": Message.objects.filter(warning=warning,
                                              target__startswith="other").count(),
    }


def send(count: int, threads: int, warning_id: int, transport: str) -> dict[str, Any]:
    """Deliver ``count`` of the warning's queued messages by ``transport`` with one
    worker; per second."""
    from django.utils import timezone

    from cityloop.notify.models import Message, MessageStatus
    from cityloop.worker.loop import Worker

    # The rest wait: only ``count`` are due now.
    keep = list(Message.objects.filter(warning_id=warning_id, status=MessageStatus.QUEUED,
                                       transport=transport)
                .order_by("id").values_list("id", flat=True)[:count])
    # Every other queued message (the rest of this warning's, its update's) waits a year,
    # so the worker's pass ends with these.
    Message.objects.filter(status=MessageStatus.QUEUED).exclude(id__in=keep).update(
        next_attempt_at=timezone.now() + timedelta(days=365))
    print(f"sending {len(keep)} {transport} messages", file=sys.stderr)
    worker = Worker(threads=threads, batch=100)
    started = time.perf_counter()
    worker.run_once()
    seconds = time.perf_counter() - started
    worker.close()
    sent = Message.objects.filter(id__in=keep, status=MessageStatus.SENT).count()
    return {"messages": len(keep), "sent": sent, "seconds": round(seconds, 2),
            "per_second": round(sent / seconds, 1), "threads": threads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench-warnings"))
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--send", type=int, default=2000,
                        help="messages to deliver per sink (0: measure the queueing only)")
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(args.data_dir)

    from django.conf import settings
    from django.db import connection

    from tests.fakes.smtp import FakeSMTPServer
    from tests.fakes.webhook import FakeWebhook

    setup = prepare(args.subscribers)
    result: dict[str, Any] = {"database": connection.vendor, "subscribers": args.subscribers,
                              "setup_seconds": setup["setup_seconds"], "load": os.getloadavg()}
    result["queue"] = measure_queue(setup["areas"])
    if not args.send:  # --send 0: the queueing only
        print(json.dumps(result, indent=2))
        return

    smtp = FakeSMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    try:
        result["smtp"] = send(args.send, args.threads, result["queue"]["warning"], "email")
    finally:
        smtp.stop()

    hook = FakeWebhook().start()
    try:
        result["webhook"] = send_webhooks(hook.url, args.send, args.threads, setup["areas"])
    finally:
        hook.stop()
    print(json.dumps(result, indent=2))


def send_webhooks(url: str, count: int, threads: int, areas: dict[str, list[int]]
                  ) -> dict[str, Any]:
    from cityloop.geo.models import Area
    from cityloop.warnings.publish import publish

    streets = list(Area.objects.filter(pk__in=areas["west"]))
    _subscribe("hooks", streets, count, "webhook", url + "?community={}")
    warning = new_warning(areas["west-district"])
    publish(warning, by="benchmark")
    return send(count, threads, warning.pk, "webhook")


if __name__ == "__main__":
    main()
