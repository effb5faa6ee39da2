"""Checkpoints written while reports and actions arrive, on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import transaction

from cityloop.cases.audit_checkpoints import verify, write_checkpoint
from cityloop.cases.models import AuditCheckpoint
from tests.cases.helpers import act
from tests.cases.test_concurrency_postgres import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_checkpoints_taken_amid_writes_and_rollbacks_all_hold(make_case, roads_officer):
    cases = [make_case() for _ in range(3)]

    def work(n: int) -> None:
        for i in range(6):
            if n == 3:
                write_checkpoint()
            elif n == 2 and i % 2:
                # A report that fails after taking its reference gives it back.
                try:
                    with transaction.atomic():
                        make_case()
                        raise RuntimeError("rolled back")
                except RuntimeError:
                    pass
            elif n == 2:
                make_case()
            else:
                act(cases[n], "comment", roads_officer, public_text=f"Update {i}")

    assert at_once(4, work) == []
    assert AuditCheckpoint.objects.count() == 6
    assert list(verify()) == []
    last = write_checkpoint()
    assert (last.case_count, last.event_count) == (6, 3 + 12 + 3)
