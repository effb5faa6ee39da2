"""Generating the demo's participation in-process: the same seed and "now" give the same
participation, a wipe removes it, and the domain's own readers agree with what was written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cityloop.demo.city import build_city
from cityloop.demo.participation.build import generate, has_participation, wipe_participation
from cityloop.demo.staff import ensure_staff
from cityloop.participation import budgets, proposals, surveys
from cityloop.participation.models import (
    Ballot,
    Budget,
    MapEntry,
    Proposal,
    ProposalStatus,
    Resident,
    Response,
    Survey,
)

NOW = datetime.fromisoformat("2026-06-15T10:00:00+08:00")


@pytest.fixture
def jiangcheng(db: None, tmp_path: Path) -> None:
    build_city()
    ensure_staff(tmp_path)


def fingerprint() -> dict[str, Any]:
    """What a visitor sees of the participation, without row ids or case references."""
    return {
        "residents": sorted(Resident.objects.values_list("address", "language", "area__code",
                                                         "verified_at")),
        "proposals": sorted(Proposal.objects.values_list(
            "title", "body", "language", "supports", "status", "answer", "created_at",
            "threshold_reached_at", "lat", "lon")),
        "ballots": sorted((str(b.pk), b.cast_on, tuple(sorted(b.projects.values_list(
            "title", flat=True)))) for b in Ballot.objects.all()),
        "projects": sorted(Budget.objects.get().projects.values_list("title", "status")),
        "responses": sorted(Response.objects.values_list("resident__address", "created_at")),
        "map": sorted(MapEntry.objects.values_list("lat", "lon", "comment")),
    }


def test_the_same_seed_gives_the_same_participation_which_the_domain_reads_back(
    jiangcheng: None,
) -> None:
    first = generate(seed=2955, now=NOW)
    assert has_participation()
    the_domain_reads_back_what_was_written()
    seen = fingerprint()
    assert wipe_participation() == 3
    assert not has_participation() and not Resident.objects.exists()
    second = generate(seed=2955, now=NOW)
    assert fingerprint() == seen
    assert (first.ballots, first.supports, first.answers) == \
           (second.ballots, second.supports, second.answers)


def the_domain_reads_back_what_was_written() -> None:
    budget = Budget.objects.get()
    tally = budgets.tally(budget)
    assert tally.ballots == tally.voters >= 500
    assert {r.project.pk for r in tally.projects if r.selected} == set(
        budget.projects.exclude(status="not_selected").values_list("pk", flat=True))
    assert tally.total <= budget.amount
    for proposal in Proposal.objects.filter(status__in=[ProposalStatus.ACCEPTED,
                                                        ProposalStatus.IMPLEMENTED]):
        assert proposal.case is not None and proposal.case.channel == "proposal"
        assert proposal in proposals.case_of(proposal.case)  # the case page's link back
    survey = Survey.objects.get()
    results = surveys.results(survey)
    assert results.responses >= 300
    counts = {r.question.kind: r for r in results.questions}
    assert counts["single"].answered == results.responses
    assert counts["point"].entries == len(surveys.map_points(survey, counts["point"].question))
    assert not proposals.waiting_answer().filter(answered_at__isnull=True, status="published")
