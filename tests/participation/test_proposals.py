from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cityloop.cases.models import CaseEvent
from cityloop.participation import proposals
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    Event,
    EventKind,
    PhaseKind,
    ProcessKind,
    Proposal,
    ProposalStatus,
    Support,
)
from cityloop.participation.proposals import Decision, Draft
from tests.citydata import INSIDE_EAST_S, OUTSIDE
from tests.participation.fixtures import open_process

BODY = "Put benches along the river path, so older people can rest on the way."


def draft(**fields):
    return Draft(**{"title": "Benches by the river", "body": BODY, "language": "en", **fields})


def test_a_resident_submits_a_proposal_with_a_point(proposals_process, make_resident):
    lat, lon = INSIDE_EAST_S
    proposal = proposals.submit_proposal(proposals_process, make_resident(),
                                         draft(lat=lat, lon=lon))
    assert proposal.status == ProposalStatus.PUBLISHED
    assert proposal.area is not None and proposal.area.code == "east_s"
    assert Event.objects.filter(kind=EventKind.PROPOSED, proposal=proposal).count() == 1


def test_an_unverified_person_cannot_propose(proposals_process):
    with pytest.raises(Refused) as refused:
        proposals.submit_proposal(proposals_process, None, draft())
    assert refused.value.code == "not_verified"


@pytest.mark.parametrize("fields, code", [
    ({"title": "  "}, "title_required"),
    ({"title": "x" * 151}, "title_too_long"),
    ({"body": "too short"}, "body_too_short"),
    ({"body": "x" * 10_000_000}, "body_too_long"),
    ({"lat": OUTSIDE[0], "lon": OUTSIDE[1]}, "outside_city"),
    ({"lat": 200.0, "lon": 0.0}, "bad_location"),
])
def test_bad_proposals_are_refused_and_nothing_is_written(proposals_process, make_resident,
                                                         fields, code):
    with pytest.raises(Refused) as refused:
        proposals.submit_proposal(proposals_process, make_resident(), draft(**fields))
    assert refused.value.code == code
    assert not Proposal.objects.exists()


def test_markup_is_kept_as_text(proposals_process, make_resident):
    proposal = proposals.submit_proposal(
        proposals_process, make_resident(),
        draft(title="<script>alert(1)</script>", body="<b>bold</b> " + BODY))
    assert proposal.title == "<script>alert(1)</script>"  # stored as typed, escaped on output


def test_proposals_only_in_the_proposals_phase(city, make_resident):
    process = open_process(ProcessKind.PROPOSALS, PhaseKind.SUPPORT)
    with pytest.raises(Refused) as refused:
        proposals.submit_proposal(process, make_resident(), draft())
    assert refused.value.code == "wrong_phase"
    assert "Support" in str(refused.value.message)


def test_outside_the_scope_is_refused(city, make_resident):
    process = open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS, area=city.areas["west"])
    lat, lon = INSIDE_EAST_S
    with pytest.raises(Refused) as refused:
        proposals.submit_proposal(process, make_resident(), draft(lat=lat, lon=lon))
    assert refused.value.code == "outside_scope"


def test_residents_of_the_scope_only(city, make_resident):
    process = open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS, area=city.areas["east"],
                           residence_required=True)
    with pytest.raises(Refused) as refused:
        proposals.submit_proposal(process, make_resident(area=city.areas["west_n"]), draft())
    assert refused.value.code == "not_resident"
    proposals.submit_proposal(process, make_resident(area=city.areas["east_n"]), draft())


def test_a_flood_from_one_resident_is_stopped(proposals_process, make_resident):
    resident = make_resident()
    for n in range(proposals.PER_DAY):
        proposals.submit_proposal(proposals_process, resident, draft(title=f"Idea {n}"))
    with pytest.raises(Refused) as refused:
        proposals.submit_proposal(proposals_process, resident, draft(title="One more"))
    assert refused.value.code == "too_many_proposals"
    assert Proposal.objects.count() == proposals.PER_DAY


def test_supports_count_once_and_start_the_answer_clock(proposals_process, make_resident):
    proposal = proposals.submit_proposal(proposals_process, make_resident(), draft())
    ann = make_resident()
    proposals.support(proposal, ann)
    with pytest.raises(Refused) as refused:
        proposals.support(proposal, ann)
    assert refused.value.code == "already_supported"
    proposal.refresh_from_db()
    assert proposal.supports == 1 and proposal.answer_due_at is None
    now = timezone.now()
    proposals.support(proposal, make_resident(), now=now)
    proposal = proposals.support(proposal, make_resident(), now=now)
    assert proposal.supports == 3 == Support.objects.filter(proposal=proposal).count()
    assert proposal.threshold_reached_at == now
    assert proposal.answer_due_at == now + timedelta(days=10)
    assert Event.objects.filter(kind=EventKind.THRESHOLD).count() == 1
    assert list(proposals.waiting_answer()) == [proposal]
    assert list(proposals.overdue(now + timedelta(days=11))) == [proposal]


def _over_threshold(process, make_resident, **fields):
    proposal = proposals.submit_proposal(process, make_resident(), draft(**fields))
    for _ in range(3):
        proposals.support(proposal, make_resident())
    return Proposal.objects.get(pk=proposal.pk)


def test_accepting_opens_a_routed_case_linked_both_ways(proposals_process, make_resident,
                                                        roads_officer, pothole):
    lat, lon = INSIDE_EAST_S
    proposal = _over_threshold(proposals_process, make_resident, lat=lat, lon=lon)
    proposal = proposals.answer(proposal, roads_officer, Decision(
        ProposalStatus.ACCEPTED, "We will do it this spring.", feasibility="feasible",
        cost=Decimal("12000"), category=pothole))
    case = proposal.case
    assert case is not None and case.channel == "proposal"
    assert case.department is not None and case.department.code.startswith("roads")
    assert proposals.case_of(case) == [proposal]
    assert CaseEvent.objects.filter(case=case).exists()
    assert proposal.answered_at is not None and list(proposals.waiting_answer()) == []
    kinds = set(Event.objects.filter(proposal=proposal).values_list("kind", flat=True))
    assert {EventKind.ANSWERED, EventKind.CASE_OPENED} <= kinds


def test_accepting_without_a_category_is_refused_and_nothing_changes(
        proposals_process, make_resident, roads_officer):
    proposal = _over_threshold(proposals_process, make_resident)
    with pytest.raises(Refused) as refused:
        proposals.answer(proposal, roads_officer, Decision(ProposalStatus.ACCEPTED, "Yes."))
    assert refused.value.code == "category_required"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED and proposal.answer == ""


def test_a_proposal_without_a_point_is_carried_out_in_its_area(
        proposals_process, make_resident, roads_officer, pothole, city):
    proposal = _over_threshold(proposals_process, make_resident, area=city.areas["west_n"])
    proposal = proposals.answer(proposal, roads_officer, Decision(
        ProposalStatus.ACCEPTED, "Agreed.", category=pothole))
    assert proposal.case is not None and proposal.case.area is not None
    assert proposal.case.area.code == "west_n"


def test_evaluating_keeps_the_clock_and_a_refusal_needs_reasons(proposals_process, make_resident,
                                                                roads_officer):
    proposal = _over_threshold(proposals_process, make_resident)
    proposal = proposals.answer(proposal, roads_officer,
                                Decision(ProposalStatus.EVALUATING, "We are costing it."))
    assert proposal.answered_at is None and list(proposals.waiting_answer()) == [proposal]
    with pytest.raises(Refused) as refused:
        proposals.answer(proposal, roads_officer, Decision(ProposalStatus.REJECTED, " "))
    assert refused.value.code == "answer_required"
    proposals.answer(proposal, roads_officer,
                     Decision(ProposalStatus.REJECTED, "The path is too narrow."))
    with pytest.raises(Refused) as refused:
        proposals.answer(proposal, roads_officer, Decision(ProposalStatus.ACCEPTED, "Yes."))
    assert refused.value.code == "already_answered"


def test_implemented_only_after_acceptance(proposals_process, make_resident, roads_officer,
                                           pothole):
    proposal = _over_threshold(proposals_process, make_resident, lat=INSIDE_EAST_S[0],
                               lon=INSIDE_EAST_S[1])
    with pytest.raises(Refused):
        proposals.implemented(proposal, roads_officer)
    proposals.answer(proposal, roads_officer,
                     Decision(ProposalStatus.ACCEPTED, "Yes.", category=pothole))
    assert proposals.implemented(proposal, roads_officer, "Built.").status == "implemented"


def test_merging_moves_supports_without_counting_anyone_twice(proposals_process, make_resident,
                                                              roads_officer):
    both, only_dupe = make_resident(), make_resident()
    original = proposals.submit_proposal(proposals_process, make_resident(), draft())
    dupe = proposals.submit_proposal(proposals_process, make_resident(), draft(title="Benches"))
    proposals.support(original, both)
    proposals.support(dupe, both)
    proposals.support(dupe, only_dupe)
    into = proposals.merge(dupe, original, roads_officer)
    assert into.supports == 2 == Support.objects.filter(proposal=original).count()
    dupe.refresh_from_db()
    assert dupe.status == ProposalStatus.MERGED and dupe.merged_into == original
    with pytest.raises(Refused):
        proposals.merge(original, original, roads_officer)


def test_a_merged_or_hidden_proposal_takes_no_support(proposals_process, make_resident,
                                                      roads_officer):
    proposal = proposals.submit_proposal(proposals_process, make_resident(), draft())
    with pytest.raises(Refused):
        proposals.hide(proposal, roads_officer, "  ")
    proposals.hide(proposal, roads_officer, "Advertising")
    with pytest.raises(Refused) as refused:
        proposals.support(proposal, make_resident())
    assert refused.value.code == "not_supportable"


def test_showing_a_hidden_proposal_gives_back_its_status(proposals_process, make_resident,
                                                        roads_officer):
    proposal = _over_threshold(proposals_process, make_resident)
    proposals.answer(proposal, roads_officer,
                     Decision(ProposalStatus.EVALUATING, "We are costing it."))
    proposals.hide(proposal, roads_officer, "Names a neighbour")
    with pytest.raises(Refused) as refused:
        proposals.hide(proposal, roads_officer, "Again")
    assert refused.value.code == "already_hidden"
    shown = proposals.show(proposal, roads_officer)
    assert shown.status == ProposalStatus.EVALUATING and shown.hidden_reason == ""
    with pytest.raises(Refused):
        proposals.show(shown, roads_officer)
    fresh = proposals.submit_proposal(proposals_process, make_resident(), draft(title="New"))
    proposals.hide(fresh, roads_officer, "Advertising")
    assert proposals.show(fresh, roads_officer).status == ProposalStatus.PUBLISHED
    assert Event.objects.filter(kind=EventKind.SHOWN).count() == 2


def test_a_hidden_proposal_is_not_answered(proposals_process, make_resident, roads_officer):
    proposal = proposals.submit_proposal(proposals_process, make_resident(), draft())
    proposals.hide(proposal, roads_officer, "Advertising")
    with pytest.raises(Refused) as refused:
        proposals.answer(proposal, roads_officer, Decision(ProposalStatus.REJECTED, "No."))
    assert refused.value.code == "hidden"
