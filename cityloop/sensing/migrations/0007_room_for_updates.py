"""Room on each page for the rows that every ingest batch updates (PostgreSQL only).

Every batch rewrites one row per datastream it touches in
``sensing_latestobservation``, ``sensing_datastream`` (its time ranges) and,
for ruled datastreams, ``sensing_rulework``. None of the columns it changes is
indexed, so PostgreSQL can update in place (a "HOT" update: the new version
goes on the same page and the old one is pruned there, no index entry, no
VACUUM needed) but only when the page has free space, which at the default
fillfactor of 100 it never has. Without it each update left a dead row and
new index entries: in the large run (14 million observations, 20,000
datastreams) the 20,000-row latest-values table held 8.9 million dead rows,
"latest of 1,000 datastreams" took 313 ms at p99 and ingest slowed to 41 %
of its first rate.

The fillfactor applies to pages written from now on; on an existing
database the tables reach it as their rows move, or at once with
``VACUUM FULL`` on them (small tables: one row per datastream).
Autovacuum is told to visit these tables by a fixed number of dead rows, not
a fifth of the table, and without sleeping: they are small and hot.
"""

from django.db import migrations

SETTINGS = {
    "sensing_latestobservation": 50,
    "sensing_rulework": 50,
    "sensing_datastream": 70,  # wider rows, fewer of them rewritten each batch
}
VACUUM = ("autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, "
          "autovacuum_vacuum_cost_delay = 0")
RESET = ("fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, "
         "autovacuum_vacuum_cost_delay")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, fillfactor in SETTINGS.items():
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {fillfactor}, {VACUUM})")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in SETTINGS:
            schema_editor.execute(f"ALTER TABLE {table} RESET ({RESET})")


class Migration(migrations.Migration):

    dependencies = [
        ("sensing", "0006_partition_observations"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
