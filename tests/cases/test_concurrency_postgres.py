"""Reports and actions arriving at the same moment, on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cityloop.cases.audit import verify_all
from cityloop.cases.models import CaseEvent
from tests.cases.helpers import act
from tests.concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]



def test_it_never_gives_two_reports_the_same_reference(make_case):
    first_of_2031 = datetime(2031, 1, 1, 0, 0, tzinfo=UTC)  # nobody has numbered 2031 yet
    references: list[str] = []

    def report(n: int) -> None:
        for _ in range(5):
            references.append(make_case(now=first_of_2031).reference)

    assert at_once(4, report) == []
    assert sorted(references) == [f"2031-{n:06d}" for n in range(1, 21)]


def test_it_keeps_the_history_intact_when_officers_act_on_a_case_at_once(
        make_case, roads_officer):
    case = make_case()

    def comment(n: int) -> None:
        for i in range(5):
            act(case, "comment", roads_officer, public_text=f"Update {n}.{i}")

    assert at_once(4, comment) == []
    seqs = list(CaseEvent.objects.filter(case=case).values_list("seq", flat=True))
    assert seqs == list(range(1, 22))
    assert list(verify_all()) == []
