"""The rows every batch rewrites are updated in place on PostgreSQL (migration 0007).

A batch rewrites one latest-value row per datastream. Updated in place (a HOT
update, on the same page) that leaves no index entry and no row for VACUUM;
at the default fillfactor of 100 the pages are full and every update moved
the row, which is what bloated the large run (docs/scale.md).
"""

from __future__ import annotations

import pytest
from django.db import connection

from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.cache import cache
from cityloop.sensing.models import Datastream
from tests.sensing.ingest.helpers import at, obs

pytestmark = [pytest.mark.postgres]
TABLES = ("sensing_latestobservation", "sensing_datastream", "sensing_rulework")


def updates(table: str) -> tuple[int, int]:
    """(updates, of which in place) of ``table`` in this test's own transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
                       "WHERE relname = %s", [table])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, 0)


def test_the_hot_tables_leave_room_on_each_page(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
                       [list(TABLES)])
        options = {name: set(opts or ()) for name, opts in cursor.fetchall()}
    assert "fillfactor=50" in options["sensing_latestobservation"]
    assert "fillfactor=50" in options["sensing_rulework"]
    assert "fillfactor=70" in options["sensing_datastream"]
    assert all("autovacuum_vacuum_scale_factor=0" in opts for opts in options.values())


def test_a_second_reading_of_many_datastreams_updates_their_latest_values_in_place(network):
    # Enough datastreams that their latest values fill several pages.
    template = network.level
    Datastream.objects.bulk_create([Datastream(
        name=f"Gauge {n}", thing=template.thing, sensor=template.sensor,
        observed_property=template.observed_property, observation_type=template.observation_type,
        unit_of_measurement={"symbol": "m"}) for n in range(600)])
    cache.clear()
    ids = list(Datastream.objects.values_list("id", flat=True))
    ingest([obs(ds, at(0), 1.0) for ds in ids])
    before = updates("sensing_latestobservation")
    ingest([obs(ds, at(10), 2.0) for ds in ids])
    after = updates("sensing_latestobservation")
    moved, in_place = after[0] - before[0], after[1] - before[1]
    assert moved >= 600
    # At fillfactor 100 only the last, part-filled page had room: about a fifth.
    assert in_place >= 0.9 * moved, (in_place, moved)
