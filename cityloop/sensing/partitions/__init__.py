"""Observations partitioned by time on PostgreSQL (SQLite keeps one plain table).

``sensing_observation`` is a table ``PARTITION BY RANGE (phenomenon_time)``:

- one partition per ``CITYLOOP_OBSERVATION_PARTITION`` (a month by default,
  or a week or a day), ``sensing_observation_p2026_12``, made ahead by the
  worker's ``observation_partitions`` job (``ahead``);
- ``sensing_observation_legacy``: the table as it was before partitioning,
  attached as the partition of everything before the first period made
  (``upgrade``), dropped whole by retention once that is all past;
- ``sensing_observation_default``: the DEFAULT partition, which takes any
  observation no other partition covers (far in the future, or older than
  every partition kept), so ingest never fails for want of a partition.

Retention drops whole partitions (``sensing.retention``). The primary key is
(id, phenomenon_time), as PostgreSQL wants the partition key in every unique
key; Django still knows ``id`` as the key, which is safe because every id
comes from the one sequence (``ingest.pg`` reserves them from it), so no two
rows share one whatever their times.
"""
