"""Two tabs, two devices, one resident, the same moment: counted once (PostgreSQL)."""

from __future__ import annotations

import pytest

from cityloop.participation import budgets, proposals
from cityloop.participation.errors import Refused
from cityloop.participation.models import Ballot, Proposal, Support, Voter
from cityloop.participation.proposals import Draft
from tests.concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_resident_supporting_from_four_devices_at_once_counts_once(proposals_process,
                                                                      make_resident):
    proposal = proposals.submit_proposal(proposals_process, make_resident(), Draft(
        "Shade trees", "Plant shade trees along the school road, it is very hot.", "en"))
    resident = make_resident()
    refused: list[str] = []

    def support(n: int) -> None:
        try:
            proposals.support(proposal, resident)
        except Refused as exc:
            refused.append(exc.code)

    assert at_once(4, support) == []
    assert refused == ["already_supported"] * 3
    assert Proposal.objects.get(pk=proposal.pk).supports == 1 == Support.objects.count()


def test_many_residents_supporting_at_once_are_all_counted(proposals_process, make_resident):
    proposal = proposals.submit_proposal(proposals_process, make_resident(), Draft(
        "Shade trees", "Plant shade trees along the school road, it is very hot.", "en"))
    people = [make_resident() for _ in range(8)]

    def support(n: int) -> None:
        proposals.support(proposal, people[n])

    assert at_once(8, support) == []
    proposal.refresh_from_db()
    assert proposal.supports == 8 == Support.objects.count()
    assert proposal.threshold_reached_at is not None


def test_one_resident_voting_twice_at_once_casts_one_ballot(budget, make_resident):
    resident = make_resident()
    trees = budget.projects.get(title="Trees").pk
    refused: list[str] = []

    def vote(n: int) -> None:
        try:
            budgets.cast(budget, resident, [trees])
        except Refused as exc:
            refused.append(exc.code)

    assert at_once(4, vote) == []
    assert refused == ["already_voted"] * 3
    assert Ballot.objects.count() == Voter.objects.count() == 1
