"""Closing the case that carries out a proposal or a project finishes them (and only then)."""

from __future__ import annotations

from decimal import Decimal

from cityloop.notify.models import Kind, Message
from cityloop.participation import budgets, proposals
from cityloop.participation.models import (
    Event,
    EventKind,
    ProjectStatus,
    Proposal,
    ProposalStatus,
)
from cityloop.participation.proposals import Decision, Draft
from tests.cases.helpers import act
from tests.citydata import INSIDE_EAST_S
from tests.participation.fixtures import end_vote


def _finish(case, officer):
    act(case, "assign", officer, assignee=officer)
    act(case, "start", officer)
    act(case, "resolve", officer, public_text="Done.")


def test_an_accepted_proposal_is_implemented_when_its_case_closes(
        proposals_process, make_resident, roads_officer, pothole):
    lat, lon = INSIDE_EAST_S
    proposal = proposals.submit_proposal(proposals_process, make_resident(), Draft(
        "Fill the ruts", "The ruts on the market road fill with water every time it rains.",
        "en", lat=lat, lon=lon))
    proposal = proposals.answer(proposal, roads_officer, Decision(
        ProposalStatus.ACCEPTED, "We will resurface it.", category=pothole))
    case = proposal.case
    assert case is not None
    _finish(case, roads_officer)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED  # may reopen
    act(case, "close", reason="no rating")
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.IMPLEMENTED
    assert Message.objects.filter(kind=Kind.PROPOSAL_ANSWERED).count() == 2  # accepted, done
    assert Event.objects.filter(proposal=proposal, kind=EventKind.ANSWERED,
                                data__status="implemented").count() == 1


def test_a_started_project_is_done_when_its_case_closes(budget, make_resident, roads_officer,
                                                        roads_supervisor, pothole):
    trees = budget.projects.get(title="Trees")
    trees.lat, trees.lon = INSIDE_EAST_S
    trees.save()
    budgets.cast(budget, make_resident(), [trees.pk])
    end_vote(budget)
    budgets.publish_results(budget, roads_supervisor)
    trees = budgets.start_project(trees, roads_supervisor, pothole)
    assert trees.status == ProjectStatus.IN_PROGRESS and trees.case is not None
    _finish(trees.case, roads_officer)
    act(trees.case, "close", reason="no rating")
    trees.refresh_from_db()
    assert trees.status == ProjectStatus.DONE
    assert budgets.tally(budget).total == Decimal(20_000)
