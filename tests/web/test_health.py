"""/healthz answers without the database; /readyz says what is not ready, with 503."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from cityloop import probes
from cityloop.notify.models import Message, MessageStatus
from cityloop.worker.heartbeat import Heartbeat
from cityloop.worker.models import WorkerHeartbeat


def ready(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


@pytest.fixture
def worker_alive(db: None) -> None:
    Heartbeat("test-host:1:1").beat()


def test_it_answers_healthz_without_touching_the_database(client: Client) -> None:
    # No ``db`` fixture: pytest-django fails any query, so "ok" means none was made.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_it_is_ready_with_the_database_migrated_and_a_worker_alive(
    client: Client, worker_alive: None
) -> None:
    status, body = ready(client)
    assert status == 200
    assert body["status"] == "ready"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "migrations": True, "worker_heartbeat": True, "outbox": True}
    assert body["checks"]["worker_heartbeat"]["age_seconds"] < 5


def test_it_is_not_ready_before_any_worker_has_run(client: Client, db: None) -> None:
    status, body = ready(client)
    assert status == 503
    assert body["status"] == "not ready"
    heartbeat = body["checks"]["worker_heartbeat"]
    assert heartbeat == {"ok": False, "age_seconds": None, "max_age_seconds": 120,
                         "detail": "no worker has run"}


def test_it_is_not_ready_when_the_worker_heartbeat_is_stale(
    client: Client, db: None, settings: Any
) -> None:
    settings.HEARTBEAT_MAX_AGE = 60
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="gone:1:1", started_at=now - timedelta(hours=1),
                                   seen_at=now - timedelta(seconds=90))
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["worker_heartbeat"]["ok"] is False
    assert 89 < body["checks"]["worker_heartbeat"]["age_seconds"] < 100
    assert body["checks"]["database"]["ok"] is True


def test_it_is_not_ready_when_a_migration_is_missing(
    client: Client, worker_alive: None
) -> None:
    MigrationRecorder.Migration.objects.filter(
        app="worker", name="0002_worker_heartbeat").delete()
    status, body = ready(client)
    assert status == 503
    migrations = body["checks"]["migrations"]
    assert migrations["ok"] is False
    assert migrations["pending"] == ["worker.0002_worker_heartbeat"]
    assert migrations["detail"] == "run cityloop migrate"


def test_it_is_not_ready_when_a_due_notification_waits_too_long(
    client: Client, worker_alive: None, make_case: Any, settings: Any
) -> None:
    settings.OUTBOX_MAX_LAG = 300
    make_case()
    queued = Message.objects.filter(status=MessageStatus.QUEUED)
    assert queued.exists()
    queued.update(next_attempt_at=timezone.now() - timedelta(minutes=10))
    status, body = ready(client)
    assert status == 503
    outbox = body["checks"]["outbox"]
    assert outbox["ok"] is False
    assert outbox["queued"] == queued.count()
    assert 590 < outbox["lag_seconds"] < 700


def test_it_does_not_count_a_retry_planned_for_later_as_lag(
    client: Client, worker_alive: None, make_case: Any
) -> None:
    make_case()
    Message.objects.update(created_at=timezone.now() - timedelta(hours=2),
                           next_attempt_at=timezone.now() + timedelta(minutes=30))
    status, body = ready(client)
    assert status == 200
    assert body["checks"]["outbox"]["lag_seconds"] is None


def test_it_is_not_ready_when_the_database_does_not_answer(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down() -> None:
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(probes, "database_answers", down)
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["database"] == {
        "ok": False, "detail": "could not connect to server: Connection refused"}
    assert body["checks"]["migrations"]["ok"] is False
    assert body["checks"]["migrations"]["detail"].startswith("not checked")


def test_a_worker_that_stops_in_order_no_longer_counts_as_alive(db: None) -> None:
    heartbeat = Heartbeat("orderly:1:1")
    heartbeat.beat()
    assert probes.heartbeat_age() is not None
    heartbeat.forget()
    assert probes.heartbeat_age() is None
