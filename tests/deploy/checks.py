"""What a city would check after the load: nothing lost, nothing twice.

The test reads the deployment's database directly with psycopg (its
Django connection points at the test database); table names come from the
models, so a renamed table is followed.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from cityloop.cases.models import Case
from cityloop.notify.models import Delivery, Message, MessageStatus, Outcome
from cityloop.sensing.models import Observation, RuleWork
from tests.deploy.load import Sent

TABLES = {"cases": Case._meta.db_table, "messages": Message._meta.db_table,
          "deliveries": Delivery._meta.db_table, "observations": Observation._meta.db_table,
          "rule_queue": RuleWork._meta.db_table}
UNSENT = (MessageStatus.QUEUED, MessageStatus.SENDING)


def rows(db: psycopg.Connection, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """``query``'s rows, its ``{cases}``, ``{messages}``... naming the models' tables."""
    tables = {name: sql.Identifier(table) for name, table in TABLES.items()}
    return db.execute(sql.SQL(query).format(**tables), params).fetchall()


def stored_count(db: psycopg.Connection, streams: list[int]) -> int:
    [(count,)] = rows(db, "SELECT count(*) FROM {observations} WHERE datastream_id = ANY(%s)",
                      streams)
    return int(count)


def rule_queue_count(db: psycopg.Connection) -> int:
    """Datastreams whose rules the workers have yet to evaluate."""
    [(count,)] = rows(db, "SELECT count(*) FROM {rule_queue}")
    return int(count)


def unsent_count(db: psycopg.Connection) -> int:
    [(count,)] = rows(db, "SELECT count(*) FROM {messages} WHERE status = ANY(%s)",
                      [str(s) for s in UNSENT])
    return int(count)


def reports_are_cases_once(db: psycopg.Connection, sent: Sent) -> None:
    cases = rows(db, "SELECT reference, description FROM {cases} WHERE channel = 'open311'")
    assert len(cases) == len(sent.reports), "Open311 cases and accepted POSTs differ in number"
    assert dict(cases) == sent.reports


def observations_stored_once(db: psycopg.Connection, sent: Sent) -> None:
    for stream, expected in sent.observations.items():
        stored = rows(db, "SELECT phenomenon_time, result_number FROM {observations} "
                          "WHERE datastream_id = %s", stream)
        times = Counter(_iso(when) for when, _ in stored)
        twice = sorted(t for t, n in times.items() if n > 1)
        assert not twice, f"datastream {stream}: stored twice at {twice[:5]}"
        missing = sorted(set(expected) - set(times))
        assert not missing, f"datastream {stream}: {len(missing)} lost, first {missing[:5]}"
        assert {_iso(w): v for w, v in stored} == expected


def one_case_per_sensor_alert(db: psycopg.Connection) -> None:
    sensor_cases = rows(db, "SELECT reference FROM {cases} WHERE channel = 'sensor'")
    assert len(sensor_cases) == 1, f"one river alert, cases {sensor_cases}"


def nothing_queued_twice(db: psycopg.Connection) -> None:
    doubles = rows(db, "SELECT kind, case_id, event_id, target, count(*) FROM {messages} "
                       "GROUP BY kind, case_id, event_id, target HAVING count(*) > 1")
    assert not doubles, f"the same message queued twice: {doubles[:5]}"


def everything_sent_once(db: psycopg.Connection, mail_dirs: list[Path]) -> int:
    """Every message sent, by one delivery, and written as one email; how many there were."""
    statuses = dict(rows(db, "SELECT status, count(*) FROM {messages} GROUP BY status"))
    assert set(statuses) == {MessageStatus.SENT}, f"messages by status: {statuses}"
    twice = rows(db, "SELECT message_id, count(*) FROM {deliveries} WHERE outcome = %s "
                     "GROUP BY message_id HAVING count(*) > 1", str(Outcome.OK))
    assert not twice, f"delivered twice: {twice[:5]}"
    emails = dict(rows(db, "SELECT id, target FROM {messages} WHERE transport = 'email'"))
    written = Counter(mid for folder in mail_dirs for mid in mail_ids(folder))
    assert [m for m, n in written.items() if n > 1] == [], "an email written twice"
    assert set(written) == set(emails), (
        f"{len(set(emails) - set(written))} emails not written, "
        f"{len(set(written) - set(emails))} written that were never queued")
    return sum(statuses.values())


def reporters_told(db: psycopg.Connection, sent: Sent) -> None:
    """Each reporter heard once that the report arrived, and once when the officer resolved it."""
    told = Counter(rows(db, "SELECT c.reference, m.kind, m.target FROM {messages} m "
                            "JOIN {cases} c ON c.id = m.case_id WHERE c.channel = 'open311' "
                            "AND m.kind IN ('acknowledgement', 'case_resolved')"))
    expected = Counter({(ref, "acknowledgement", email): 1 for ref, email in sent.emails.items()})
    expected.update({(ref, "case_resolved", sent.emails[ref]): 1 for ref in sent.resolved})
    assert told == expected


def mail_ids(folder: Path) -> list[int]:
    """The outbox message id of every email kept by Django's file backend in ``folder``."""
    if not folder.exists():
        return []
    pattern = re.compile(r"^X-CityLoop-Message: (\d+)$", re.MULTILINE)
    return [int(m) for path in folder.iterdir() for m in pattern.findall(path.read_text())]


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
