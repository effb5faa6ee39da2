"""One pass of the worker: every due message sent, every due periodic job run once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from cityloop import registry
from cityloop.cases import sla
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case
from cityloop.notify.models import Delivery, Message, MessageStatus, NotificationChannel
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import parse_observation
from cityloop.sensing.rules.models import RuleWork
from cityloop.worker.jobs import run_due_jobs
from cityloop.worker.loop import Worker
from cityloop.worker.models import JobRun
from tests.sensing.rules.helpers import make_rule, make_stream, minute

T = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
# SQLite's in-memory test database takes one writer at a time across threads.
THREADS = 4 if connection.vendor == "postgresql" else 1


@pytest.fixture(autouse=True)
def only_the_loops_jobs(monkeypatch):
    """These tests count jobs: keep the two of the case loop, leave out sensing and triage."""
    kept = {k: e for k, e in registry.periodic_jobs._entries.items()
            if k in ("sla_sweep", "auto_close")}
    monkeypatch.setattr(registry.periodic_jobs, "_entries", kept)


@pytest.fixture
def hook(city, fake_webhook):
    NotificationChannel.objects.create(
        name="East roads integration", kind="webhook", target=fake_webhook.url,
        department=city.departments["roads_east"],
    )
    return fake_webhook


def run_once(**options) -> int:
    worker = Worker(threads=THREADS, worker_id="worker-1", **options)
    try:
        return worker.run_once()
    finally:
        worker.close()


@pytest.mark.django_db(transaction=True)
def test_it_sends_every_message_that_is_due(hook, make_case):
    for n in range(3):
        make_case(contact=ContactInfo(email=f"reporter{n}@example.org"))
    later = Message.objects.filter(kind="acknowledgement").first()
    assert later is not None
    Message.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=10))

    handled = run_once()

    assert handled == 5 + 2  # five messages and the two periodic jobs
    assert len(hook.requests) == 3
    reporters = {f"reporter{n}@example.org" for n in range(3)}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(reporters - {later.target})
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 5
    assert Message.objects.get(pk=later.pk).status == MessageStatus.QUEUED
    assert set(Delivery.objects.values_list("worker", flat=True)) == {"worker-1"}


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_periodic_jobs_once_per_interval(city):
    first = run_once()
    started = dict(JobRun.objects.values_list("name", "last_started_at"))
    second = run_once()
    assert (first, second) == (2, 0)
    assert set(started) == {"sla_sweep", "auto_close"}
    assert dict(JobRun.objects.values_list("name", "last_started_at")) == started


def test_it_claims_each_job_for_one_worker_per_interval(settings, db):
    settings.SLA_SWEEP_SECONDS = 60
    settings.AUTOCLOSE_SWEEP_SECONDS = 600
    assert run_due_jobs("worker-1", now=T) == ["auto_close", "sla_sweep"]
    assert run_due_jobs("worker-2", now=T) == []
    assert run_due_jobs("worker-2", now=T + timedelta(seconds=59)) == []
    assert run_due_jobs("worker-2", now=T + timedelta(seconds=60)) == ["sla_sweep"]
    assert run_due_jobs("worker-1", now=T + timedelta(seconds=600)) == ["auto_close",
                                                                         "sla_sweep"]
    sweep = JobRun.objects.get(name="sla_sweep")
    assert (sweep.last_worker, sweep.next_run_at) == ("worker-1", T + timedelta(seconds=660))


def test_it_does_the_sla_work_in_the_periodic_job(make_case, db):
    case = make_case(now=T)
    run_due_jobs("worker-1", now=case.due_at + timedelta(minutes=1))
    case.refresh_from_db()
    assert case.overdue_at == case.due_at + timedelta(minutes=1)
    assert JobRun.objects.get(name="sla_sweep").last_result == "1 marked overdue, 0 escalated"


def test_it_runs_the_other_jobs_when_one_fails(db, monkeypatch):
    def broken(now):
        raise RuntimeError("database went away")

    monkeypatch.setattr(sla, "mark_overdue", broken)
    assert run_due_jobs("worker-1", now=T) == ["auto_close", "sla_sweep"]
    results = dict(JobRun.objects.values_list("name", "last_result"))
    assert results == {"sla_sweep": "failed: RuntimeError: database went away",
                       "auto_close": "0 closed without rating"}


@pytest.mark.django_db(transaction=True)
def test_a_pass_evaluates_the_rules_of_queued_datastreams(city):
    stream = make_stream()
    make_rule(stream)
    observation = parse_observation({"phenomenonTime": minute(0).isoformat(), "result": 3.7},
                                    datastream_id=stream.pk)
    ingest([observation], received_at=minute(0))
    assert not Case.objects.filter(channel="sensor").exists()
    assert run_once() == 1 + 2  # one datastream evaluated, and the two periodic jobs
    assert Case.objects.get(channel="sensor").priority == "high"
    assert not RuleWork.objects.exists()
