"""Partitions made ahead by the worker, and observations no partition covers (PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cityloop.registry import periodic_jobs
from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import Observation
from cityloop.sensing.partitions import ahead
from cityloop.sensing.partitions.catalog import DEFAULT, LEGACY
from tests.sensing.ingest.helpers import obs
from tests.sensing.partitions.conftest import holder, listed, names

pytestmark = [pytest.mark.postgres]


def after_legacy(days: int) -> datetime:
    """A moment ``days`` after the legacy partition ends (the migration set its end
    from the day the tests' database was made)."""
    legacy = next(p for p in listed() if p.name == LEGACY)
    assert legacy.end is not None
    return legacy.end + timedelta(days=days)


def test_the_worker_makes_this_month_and_the_next_two(network):
    now = after_legacy(100)
    job = periodic_jobs.get("observation_partitions")
    summary = job.run(now)
    months = [f"sensing_observation_p{m:%Y_%m}" for m in
              (now, now.replace(day=1) + timedelta(days=32),
               now.replace(day=1) + timedelta(days=63))]
    assert summary == f"partitions made: {', '.join(months)}"
    assert set(months) <= set(names())
    assert job.run(now) == "partitions made: none needed"
    stored = ingest([obs(network.level, now, 1.5)]).ids[0]
    assert stored is not None and holder(stored) == months[0]


def test_a_time_with_no_partition_goes_to_the_default_and_moves_when_its_month_is_made(network):
    far = after_legacy(3 * 365).replace(day=15, hour=12)
    stored = ingest([obs(network.level, far, 7.0)]).ids[0]  # a clock years ahead
    assert stored is not None and holder(stored) == DEFAULT
    summary = ahead.run(after_legacy(0))
    assert "the default partition holds 1 observations outside every partition" in summary
    assert f"from {far:%Y-%m-%d %H:%M} to {far:%Y-%m-%d %H:%M} UTC" in summary

    outcome = ahead.ensure(far - timedelta(days=40))  # its month comes within reach
    assert outcome.moved == 1 and outcome.left == 0
    assert holder(stored) == f"sensing_observation_p{far:%Y_%m}"
    assert Observation.objects.get(pk=stored).result_number == 7.0


def test_a_time_before_every_partition_is_stored_in_the_legacy_partition(network):
    stored = ingest([obs(network.level, datetime(1970, 1, 1, tzinfo=UTC), 3.0)]).ids[0]
    assert stored is not None and holder(stored) == LEGACY


def test_weekly_partitions_fill_in_after_monthly_ones_without_overlapping(network, settings):
    now = after_legacy(100)
    ahead.ensure(now)  # months
    settings.OBSERVATION_PARTITION = "week"
    outcome = ahead.ensure(now + timedelta(days=70), ahead=4)
    # Weeks inside the months already made are skipped; the rest are made.
    assert outcome.created and all("w" in name for name in outcome.created)
    starts = [p.start for p in listed() if p.start is not None]
    assert len(starts) == len(set(starts))
