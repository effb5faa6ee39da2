"""/metrics: Prometheus text by route and status, gauges from the database, and who may read it.

(That several web processes are summed is tested on a real server in
tests/demo/test_serve.py.)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from cityloop.cases.models import Case
from cityloop.notify.models import Message, MessageStatus
from cityloop.sensing import rulequeue
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import parse_observation
from cityloop.sensing.rules.models import RuleState
from cityloop.worker.models import WorkerHeartbeat
from tests.sensing.rules.helpers import make_rule, make_stream, minute

TOKEN = "s3cret-scraper-token"


def scrape(client: Client, **headers: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics by (name, labels)."""
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def requests_of(samples: dict[Any, float], route: str, status: str, method: str = "GET"
                ) -> float:
    key = ("cityloop_http_requests_total",
           (("method", method), ("route", route), ("status", status)))
    return samples.get(key, 0.0)


def test_it_counts_requests_by_route_name_and_status_not_by_path(client: Client, city: Any
                                                                 ) -> None:
    before = scrape(client)
    for reference in ("CL-2030-000001", "CL-2030-000002", "CL-2030-000003"):
        assert client.get(f"/open311/v2/requests/{reference}.json").status_code == 404
    assert client.get("/open311/v2/services.json").status_code == 200
    after = scrape(client)
    assert requests_of(after, "open311-request", "404") - requests_of(
        before, "open311-request", "404") == 3
    assert requests_of(after, "open311-services", "200") - requests_of(
        before, "open311-services", "200") == 1
    assert not any("CL-2030" in str(labels) for _name, labels in after)
    count = ("cityloop_http_request_duration_seconds_count", (("route", "open311-services"),))
    assert after[count] - before.get(count, 0.0) == 1


def test_it_reports_cases_by_status_and_the_outbox(client: Client, make_case: Any) -> None:
    make_case()
    make_case()
    Message.objects.filter(status=MessageStatus.QUEUED).update(
        created_at=timezone.now() - timedelta(minutes=5),
        next_attempt_at=timezone.now() - timedelta(minutes=4))
    samples = scrape(client)
    assert samples[("cityloop_cases", (("status", "new"),))] == Case.objects.filter(
        status="new").count()
    queued = Message.objects.filter(status=MessageStatus.QUEUED).count()
    assert queued > 0
    assert samples[("cityloop_outbox_messages", (("status", "queued"),))] == queued
    assert samples[("cityloop_outbox_messages", (("status", "sending"),))] == 0
    assert 295 < samples[("cityloop_outbox_oldest_pending_age_seconds", ())] < 400
    assert 235 < samples[("cityloop_outbox_lag_seconds", ())] < 340
    assert samples[("cityloop_database_up", ())] == 1


def test_it_reports_the_worker_heartbeat_age_only_once_a_worker_ran(client: Client, db: None
                                                                    ) -> None:
    assert ("cityloop_worker_heartbeat_age_seconds", ()) not in scrape(client)
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w:1:1", started_at=now,
                                   seen_at=now - timedelta(seconds=30))
    assert 29 < scrape(client)[("cityloop_worker_heartbeat_age_seconds", ())] < 60


def test_it_counts_observations_stored_and_reports_the_rule_evaluation_lag(
    client: Client, city: Any, django_capture_on_commit_callbacks: Any
) -> None:
    stream = make_stream()
    make_rule(stream)
    stored = ("cityloop_observations_stored_total", ())
    before = scrape(client).get(stored, 0.0)
    observations = [parse_observation({"phenomenonTime": minute(n).isoformat(), "result": 1.0},
                                      datastream_id=stream.pk) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        ingest(observations, received_at=timezone.now() - timedelta(minutes=2))
    queued = scrape(client)
    assert queued[("cityloop_rule_queue_datastreams", ())] == 1
    assert 115 < queued[("cityloop_rule_queue_oldest_age_seconds", ())] < 200
    rulequeue.drain()  # the worker's part
    samples = scrape(client)
    assert samples[("cityloop_rule_queue_datastreams", ())] == 0
    assert ("cityloop_rule_queue_oldest_age_seconds", ()) not in samples
    assert samples[stored] - before == 3
    assert RuleState.objects.count() == 1
    assert 115 < samples[("cityloop_rule_evaluation_lag_seconds", ())] < 200


def test_it_answers_a_request_from_this_machine(client: Client, db: None) -> None:
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_it_refuses_other_machines_and_requests_relayed_by_a_proxy(client: Client, db: None
                                                                   ) -> None:
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 403
    assert b"CITYLOOP_METRICS_TOKEN" in response.content
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 403


def test_it_answers_signed_in_staff_from_anywhere(client: Client, operator: User) -> None:
    client.force_login(operator)
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_it_refuses_a_signed_in_citizen_account_that_is_not_staff(client: Client, db: None
                                                                  ) -> None:
    client.force_login(User.objects.create_user("resident", "r@example.org", "pw"))
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 403


@pytest.mark.parametrize(("header", "status"), [
    (f"Bearer {TOKEN}", 200), (f"bearer {TOKEN}", 200), ("Bearer wrong", 403), ("", 403),
    (TOKEN, 403),
])
def test_with_a_token_it_takes_the_token_and_no_longer_trusts_loopback(
    client: Client, db: None, settings: Any, header: str, status: int
) -> None:
    settings.METRICS_TOKEN = TOKEN
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", **headers).status_code == status
