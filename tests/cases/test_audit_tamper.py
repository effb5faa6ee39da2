"""Tamper evidence against someone who can write to the database but lacks the audit key.

Each test plays one attack with plain SQL, as such a person would, and checks
that `cityloop audit verify` names the case. Every one of them passed
unnoticed before events were signed and checkpoints were kept.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import ManyToOneRel, Model

from cityloop.cases.audit import hash_of
from cityloop.cases.audit_checkpoints import write_checkpoint
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import AuditCheckpoint, Case, CaseEvent, ReferenceCounter
from tests.cases.helpers import act

EVENTS = connection.ops.quote_name(CaseEvent._meta.db_table)
CASES = connection.ops.quote_name(Case._meta.db_table)
CHECKPOINTS = connection.ops.quote_name(AuditCheckpoint._meta.db_table)
COUNTERS = connection.ops.quote_name(ReferenceCounter._meta.db_table)


@pytest.fixture
def cases(make_case, roads_officer):
    """Three cases: create, note, public comment, resolve (seq 1-4)."""
    made = []
    for _ in range(3):
        case = make_case(contact=ContactInfo(email="mei@example.org"))
        act(case, "note", roads_officer, note="Checked the site")
        act(case, "comment", roads_officer, public_text="Crew booked")
        act(case, "resolve", roads_officer, public_text="Filled in")
        made.append(case)
    return made


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def erase(model: type[Model], where: str, params: list) -> None:
    """DELETE rows with plain SQL, and first whatever refers to them, as an
    attacker must to keep the database's foreign keys satisfied."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {where}", params)  # noqa: S608
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    for relation in model._meta.get_fields(include_hidden=True):
        if isinstance(relation, ManyToOneRel) and relation.one_to_many:
            column = connection.ops.quote_name(relation.field.column)
            erase(relation.related_model, f"{column} IN ({marks})", ids)
    sql(f"DELETE FROM {table} WHERE id IN ({marks})", ids)  # noqa: S608


def rehash(case: Case) -> None:
    """Renumber the case's remaining events 1..n and recompute every hash and link,
    as the published recipe allows; the signatures cannot be recomputed."""
    prev = ""
    for seq, event in enumerate(CaseEvent.objects.filter(case=case).order_by("seq"), start=1):
        event.seq, event.prev_hash = seq, prev
        event.hash = hash_of(event, case.reference)
        sql(f"UPDATE {EVENTS} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
            [seq, prev, event.hash, event.pk])
        prev = event.hash


def verify(*extra: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("audit", "verify", *extra, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def assert_only(tampered: Case, others: list[Case], *lines: str) -> str:
    out, error = verify()
    assert error is not None, out
    assert f"TAMPERED {tampered.reference}" in out
    for line in lines:
        assert line in out, out
    for other in others:
        if other.pk != tampered.pk:
            assert other.reference not in out
    return out


def test_an_edit_with_the_rest_of_the_chain_rehashed_is_named(cases):
    tampered = cases[1]
    sql(f"UPDATE {EVENTS} SET internal_note = %s WHERE case_id = %s AND seq = 2",  # noqa: S608
        ["Never went", tampered.pk])
    rehash(tampered)
    assert_only(tampered, cases,
                "event 2: signature does not match: rewritten and re-hashed without the audit key",
                "event 3: signature does not match", "event 4: signature does not match")


def test_signatures_cleared_with_the_rehash_are_named_too(cases):
    tampered = cases[0]
    sql(f"UPDATE {EVENTS} SET public_text = %s, mac = '' WHERE case_id = %s",  # noqa: S608
        ["", tampered.pk])
    rehash(tampered)
    assert_only(tampered, cases, "event 3: is not signed with the audit key")


def test_a_removed_middle_event_with_the_chain_renumbered_is_named(cases):
    tampered = cases[1]
    erase(CaseEvent, "case_id = %s AND seq = 2", [tampered.pk])
    rehash(tampered)
    assert_only(tampered, cases, "event 2: signature does not match")


def test_reordered_events_rehashed_are_named(cases):
    tampered = cases[2]
    ids = dict(CaseEvent.objects.filter(case=tampered).values_list("seq", "id"))
    for pk, seq in ((ids[2], 1000), (ids[3], 2), (ids[2], 3)):
        sql(f"UPDATE {EVENTS} SET seq = %s WHERE id = %s", [seq, pk])  # noqa: S608
    rehash(tampered)
    assert_only(tampered, cases, "event 2: signature does not match",
                "event 3: signature does not match")


def test_a_removed_last_event_is_named_by_the_checkpoint(cases):
    write_checkpoint()
    tampered = cases[1]
    # The resolution vanishes and the status goes back to match the new end.
    erase(CaseEvent, "case_id = %s AND seq = 4", [tampered.pk])
    previous = CaseEvent.objects.get(case=tampered, seq=3).to_status
    sql(f"UPDATE {CASES} SET status = %s WHERE id = %s", [previous, tampered.pk])  # noqa: S608
    assert_only(tampered, cases,
                "case: has 3 events but checkpoint 1 recorded 4: events were removed from its end")


def test_a_deleted_case_is_named_by_the_gap_in_references(cases):
    tampered = cases[1]
    erase(Case, "id = %s", [tampered.pk])
    assert_only(tampered, cases,
                "case: was deleted: its reference was handed out but no case has it")
    assert "1 of 3 cases have a broken history" in str(verify()[1])


def test_the_newest_case_deleted_with_the_counter_wound_back_is_named(cases):
    write_checkpoint()
    tampered = cases[2]
    year = tampered.reference.split("-")[0]
    erase(Case, "id = %s", [tampered.pk])
    sql(f"UPDATE {COUNTERS} SET last = last - 1 WHERE year = %s", [int(year)])  # noqa: S608
    out = assert_only(tampered, cases,
                      "case: was deleted: checkpoint 1 recorded it with 4 events")
    assert f"the {year} reference counter is at 2 but a checkpoint recorded 3" in out


def test_a_status_changed_without_an_event_is_named(cases):
    tampered = cases[0]
    sql(f"UPDATE {CASES} SET status = %s WHERE id = %s", ["closed", tampered.pk])  # noqa: S608
    assert_only(tampered, cases, "case: status is 'closed' but its history ends in 'resolved'")


def test_a_forged_event_appended_without_the_key_is_named(cases):
    tampered = cases[0]
    last = CaseEvent.objects.get(case=tampered, seq=4)
    forged = CaseEvent(case=tampered, seq=5, at=last.at, actor_kind="staff",
                       actor_label="Someone", action="close", from_status="resolved",
                       to_status="closed", data={}, prev_hash=last.hash)
    forged.hash = hash_of(forged, tampered.reference)
    sql(f"INSERT INTO {EVENTS} (case_id, seq, at, actor_kind, actor_label, action, "  # noqa: S608
        "from_status, to_status, public_text, internal_note, data, prev_hash, hash, mac) "
        "VALUES (%s, 5, %s, 'staff', 'Someone', 'close', 'resolved', 'closed', '', '', "
        "'{}', %s, %s, '')", [tampered.pk, last.at, last.hash, forged.hash])
    sql(f"UPDATE {CASES} SET status = 'closed' WHERE id = %s", [tampered.pk])  # noqa: S608
    assert_only(tampered, cases, "event 5: is not signed with the audit key")


def test_a_removed_checkpoint_is_found_with_the_copy_kept_elsewhere(cases, tmp_path):
    copy = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", "--output", str(copy), stdout=StringIO())
    tampered = cases[1]
    sql(f"DELETE FROM {CHECKPOINTS}", [])  # noqa: S608
    erase(CaseEvent, "case_id = %s AND seq = 4", [tampered.pk])
    sql(f"UPDATE {CASES} SET status = %s WHERE id = %s",  # noqa: S608
        [CaseEvent.objects.get(case=tampered, seq=3).to_status, tampered.pk])
    assert verify()[1] is None  # without the copy, the database alone looks intact
    out, error = verify("--against", str(copy))
    assert error is not None
    assert "published checkpoint 1 is missing from the database" in out
    assert f"TAMPERED {tampered.reference}" in out
    assert "has 3 events but checkpoint 1 recorded 4" in out


def test_a_rewritten_checkpoint_is_named(cases):
    write_checkpoint()
    sql(f"UPDATE {CHECKPOINTS} SET case_count = 2", [])  # noqa: S608
    out, error = verify()
    assert error is not None
    assert "TAMPERED checkpoints" in out
    assert "checkpoint 1: signature does not match its content" in out


def test_a_copy_that_is_not_a_checkpoint_is_a_clear_error(cases, tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text(json.dumps({"number": "x"}))
    _, error = verify("--against", str(bogus))
    assert error is not None and "Cannot read the checkpoint" in str(error)


def test_a_deleted_counter_row_is_named_by_the_checkpoint(cases):
    write_checkpoint()
    year = cases[0].reference.split("-")[0]
    sql(f"DELETE FROM {COUNTERS} WHERE year = %s", [int(year)])  # noqa: S608
    out, error = verify()
    assert error is not None
    assert f"the {year} reference counter is at 0 but a checkpoint recorded 3" in out

