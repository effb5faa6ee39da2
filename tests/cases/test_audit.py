"""The audit chain: anyone can check that no case's history was edited, cut or reordered."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from cityloop.cases.audit import hash_of, verify_all
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case, CaseEvent
from cityloop.cases.models.event import AppendOnly
from tests.cases.helpers import act

EVENTS = connection.ops.quote_name(CaseEvent._meta.db_table)


@pytest.fixture
def cases(make_case, roads_officer):
    """Three cases with some history; the middle one is the one tampered with."""
    made = []
    for _ in range(3):
        case = make_case(contact=ContactInfo(email="mei@example.org"))
        act(case, "note", roads_officer, note="Checked the site")  # seq 2
        act(case, "comment", roads_officer, public_text="Crew booked")  # seq 3
        act(case, "resolve", roads_officer, public_text="Filled in")  # seq 4
        made.append(case)
    return made


def event(case: Case, seq: int) -> CaseEvent:
    return CaseEvent.objects.get(case=case, seq=seq)


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify() -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def problems_of(case: Case) -> list[str]:
    return [f"{p.seq}: {p.message}" for p in verify_all() if p.reference == case.reference]


def test_it_finds_every_chain_intact(cases):
    assert list(verify_all()) == []
    out, error = verify()
    assert error is None
    assert "OK: the history of all 3 cases is intact." in out


def test_it_detects_an_edited_public_update(cases):
    tampered = cases[1]
    sql(f"UPDATE {EVENTS} SET public_text = %s WHERE id = %s",  # noqa: S608
        ["Nothing to see here", event(tampered, 3).pk])
    assert problems_of(tampered) == ["3: content does not match its hash"]
    out, error = verify()
    assert f"TAMPERED {tampered.reference}" in out
    assert "event 3: content does not match its hash" in out
    assert cases[0].reference not in out and cases[2].reference not in out
    assert error is not None and "1 of 3 cases have a broken history" in str(error)


def test_it_detects_an_edit_even_when_the_edited_event_is_rehashed(cases):
    tampered = cases[1]
    edited = event(tampered, 2)
    edited.internal_note = "Never went"
    sql(f"UPDATE {EVENTS} SET internal_note = %s, hash = %s WHERE id = %s",  # noqa: S608
        ["Never went", hash_of(edited, tampered.reference), edited.pk])
    assert problems_of(tampered) == [
        "2: signature does not match: rewritten and re-hashed without the audit key",
        "3: does not link to the event before it",
    ]


def test_it_detects_a_deleted_event(cases):
    tampered = cases[1]
    sql(f"DELETE FROM {EVENTS} WHERE id = %s", [event(tampered, 2).pk])  # noqa: S608
    assert "3: event 2 is missing before it" in problems_of(tampered)
    out, error = verify()
    assert f"TAMPERED {tampered.reference}" in out and error is not None


def test_it_detects_a_status_changed_behind_the_chains_back(cases):
    tampered = cases[1]
    Case.objects.filter(pk=tampered.pk).update(status="closed")
    assert problems_of(tampered) == [
        "None: status is 'closed' but its history ends in 'resolved'"]
    out, error = verify()
    assert f"TAMPERED {tampered.reference}" in out
    assert "case: status is 'closed'" in out
    assert error is not None


def test_it_detects_reordered_events(cases):
    tampered = cases[1]
    second, third = event(tampered, 2).pk, event(tampered, 3).pk
    for pk, seq in ((second, 1000), (third, 2), (second, 3)):
        sql(f"UPDATE {EVENTS} SET seq = %s WHERE id = %s", [seq, pk])  # noqa: S608
    found = problems_of(tampered)
    assert "2: content does not match its hash" in found
    assert "2: does not link to the event before it" in found
    _, error = verify()
    assert error is not None


def test_it_refuses_to_change_or_delete_events_through_the_orm(cases):
    recorded = event(cases[0], 3)
    attempts = [
        lambda: CaseEvent.objects.filter(pk=recorded.pk).update(public_text="edited"),
        lambda: CaseEvent.objects.filter(pk=recorded.pk).delete(),
        lambda: CaseEvent.objects.all().delete(),
        lambda: CaseEvent.objects.bulk_update([recorded], ["public_text"]),
        recorded.delete,
    ]
    for attempt in attempts:
        with pytest.raises(AppendOnly), transaction.atomic():
            attempt()
    recorded.public_text = "edited"
    with pytest.raises(AppendOnly):
        recorded.save()
    assert event(cases[0], 3).public_text == "Crew booked"
    assert list(verify_all()) == []
