"""Answering a proposal from its evaluation page: each status, the refusals shown
next to their field, the answer template in the proposal's language, and an
acceptance that opens the case carrying the proposal out, linked both ways."""

from __future__ import annotations

import json
import re

import pytest

from cityloop.cases.models import Case, CaseEvent
from cityloop.participation.models import (
    AnswerTemplate,
    Event,
    EventKind,
    Feasibility,
    ProposalStatus,
)
from tests import citydata


def url(proposal, step: str = "") -> str:
    return f"/staff/participation/proposals/{proposal.pk}/" + (f"{step}/" if step else "")


@pytest.mark.parametrize("status", [ProposalStatus.EVALUATING, ProposalStatus.REJECTED])
def test_an_answer_is_published_with_its_evaluation(client_for, roads_officer, over_threshold,
                                                     status):
    client = client_for(roads_officer)
    response = client.post(url(over_threshold, "answer"), {
        "status": status, "text": "We are measuring the traffic first.",
        "feasibility": Feasibility.CONDITIONS, "cost": "12000"}, follow=True)
    assert response.status_code == 200
    assert "Answer published." in response.content.decode()
    over_threshold.refresh_from_db()
    assert over_threshold.status == status
    assert over_threshold.answer == "We are measuring the traffic first."
    assert over_threshold.feasibility == Feasibility.CONDITIONS
    assert over_threshold.cost_estimate == 12000
    assert over_threshold.answered_by == roads_officer
    # "Being evaluated" keeps the answer clock running; a refusal stops it.
    assert (over_threshold.answered_at is None) == (status == ProposalStatus.EVALUATING)
    assert Event.objects.filter(proposal=over_threshold, kind=EventKind.ANSWERED,
                                staff=roads_officer).exists()
    assert over_threshold.case is None


def test_accepting_opens_a_routed_case_linked_both_ways(client_for, roads_supervisor,
                                                       east_officer, over_threshold, pothole,
                                                       client):
    staff = client_for(roads_supervisor)
    response = staff.post(url(over_threshold, "answer"), {
        "status": ProposalStatus.ACCEPTED, "text": "Yes: we paint it this summer.",
        "category": pothole.pk}, follow=True)
    over_threshold.refresh_from_db()
    case = over_threshold.case
    assert isinstance(case, Case)
    assert over_threshold.status == ProposalStatus.ACCEPTED
    assert case.channel == "proposal"
    assert case.department.code == "roads_east"  # routed down to the unit of its place
    assert CaseEvent.objects.filter(case=case).exists()
    assert Event.objects.filter(proposal=over_threshold, kind=EventKind.CASE_OPENED).exists()
    # The evaluation page links the new case in the staff console.
    page = response.content.decode()
    assert f'href="/staff/cases/{case.reference}/"' in page
    # The staff case page and the public case page link back to the proposal.
    public_link = f'href="/participate/proposals/{over_threshold.pk}/"'
    staff_page = staff.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "This case carries out the residents’ proposal" in staff_page \
        or "This case carries out the residents' proposal" in staff_page
    assert public_link in staff_page
    evaluation = f'href="/staff/participation/proposals/{over_threshold.pk}/"'
    assert evaluation in staff_page
    # The east office's officer works the case but does not answer the bureau's
    # proposals: the link to the proposal, not to its evaluation (a 403).
    east_page = client_for(east_officer).get(f"/staff/cases/{case.reference}/")
    assert east_page.status_code == 200
    assert public_link in east_page.content.decode()
    assert evaluation not in east_page.content.decode()
    public_page = client.get(f"/cases/{case.reference}/").content.decode()
    assert public_link in public_page and over_threshold.title in public_page


def test_the_case_link_says_so_when_the_case_is_another_departments(
        client_for, roads_officer, over_threshold, pothole):
    """The roads officer works the bureau's cases, not its east office's: the
    reference is shown, without a link that would answer 404."""
    client = client_for(roads_officer)
    response = client.post(url(over_threshold, "answer"), {
        "status": ProposalStatus.ACCEPTED, "text": "Yes.", "category": pothole.pk}, follow=True)
    over_threshold.refresh_from_db()
    page = response.content.decode()
    assert over_threshold.case.reference in page
    assert f'href="/staff/cases/{over_threshold.case.reference}/"' not in page


def test_accepting_without_a_category_or_place_is_refused_next_to_the_field(
        client_for, roads_officer, make_proposal):
    proposal = make_proposal(lat=None, lon=None)
    client = client_for(roads_officer)
    response = client.post(url(proposal, "answer"), {"status": ProposalStatus.ACCEPTED,
                                                     "text": "Yes."})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_category_error"' in page and "Choose the category of the work" in page
    response = client.post(url(proposal, "answer"), {
        "status": ProposalStatus.ACCEPTED, "text": "Yes.", "category": "1"})
    # A category but no place: the refusal stands by the coordinates.
    assert response.status_code == 400
    assert 'id="id_lat_error"' in response.content.decode()
    lat, lon = citydata.INSIDE_WEST_N
    response = client.post(url(proposal, "answer"), {
        "status": ProposalStatus.ACCEPTED, "text": "Yes.", "category": "1", "lat": lat,
        "lon": lon})
    proposal.refresh_from_db()
    assert proposal.case is not None and proposal.case.lat == lat


def test_an_answer_without_text_is_refused_and_nothing_changes(client_for, roads_officer,
                                                              over_threshold):
    response = client_for(roads_officer).post(url(over_threshold, "answer"), {
        "status": ProposalStatus.REJECTED, "text": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_text_error"' in page and "a refusal needs its reasons" in page
    over_threshold.refresh_from_db()
    assert over_threshold.status == ProposalStatus.PUBLISHED
    assert not Event.objects.filter(proposal=over_threshold, kind=EventKind.ANSWERED).exists()


@pytest.mark.parametrize("data", [{"status": "accepted-ish", "text": "x"},
                                  {"status": "rejected", "text": "x", "cost": "lots"},
                                  {"status": "accepted", "text": "x", "category": "99999"},
                                  {"status": "rejected", "text": "x" * 6000}])
def test_bad_input_is_a_form_error_not_a_500(client_for, roads_officer, over_threshold, data):
    response = client_for(roads_officer).post(url(over_threshold, "answer"), data)
    assert response.status_code == 400
    assert b'data-testid="error-summary"' in response.content


def test_a_second_answer_is_refused(client_for, roads_officer, over_threshold):
    client = client_for(roads_officer)
    client.post(url(over_threshold, "answer"), {"status": "rejected", "text": "Not here."})
    # The form is gone from the page; a stale form posted again is refused.
    assert b'data-testid="form-answer"' not in client.get(url(over_threshold)).content
    response = client.post(url(over_threshold, "answer"), {"status": "rejected",
                                                           "text": "Second."})
    assert response.status_code == 400
    assert "has been answered already" in response.content.decode()
    over_threshold.refresh_from_db()
    assert over_threshold.answer == "Not here."


def test_an_answer_template_fills_the_text_in_the_proposals_language(
        client_for, roads_officer, make_proposal):
    proposal = make_proposal(language="zh-hans")
    template = AnswerTemplate.objects.create(
        title="Measured first", status=ProposalStatus.EVALUATING,
        text="We are measuring first.", text_i18n={"zh-hans": "我们先进行测量。"})
    client = client_for(roads_officer)
    page = client.get(url(proposal)).content.decode()
    data = re.search(r'<script id="answer-templates" type="application/json">(.*?)</script>',
                     page)
    assert data is not None  # the templates the page's script fills the answer from
    assert json.loads(data.group(1)) == [{"id": template.pk, "status": "evaluating",
                                          "text": "我们先进行测量。"}]
    # Without JavaScript: the server fills the form to check; nothing is published.
    response = client.post(url(proposal, "answer"), {"template": template.pk,
                                                     "insert_template": "1", "text": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert ">\n我们先进行测量。</textarea>" in page
    assert re.search(r'<input type="radio" name="status" value="evaluating"[^>]* checked', page)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED


def test_mark_implemented(client_for, roads_supervisor, over_threshold, pothole):
    client = client_for(roads_supervisor)
    client.post(url(over_threshold, "answer"), {"status": "accepted", "text": "Yes.",
                                                "category": pothole.pk})
    response = client.post(url(over_threshold, "implemented"),
                           {"text": "Painted on 3 June."}, follow=True)
    assert "Marked implemented." in response.content.decode()
    over_threshold.refresh_from_db()
    assert over_threshold.status == ProposalStatus.IMPLEMENTED
    assert over_threshold.answer == "Painted on 3 June."


def test_implemented_before_accepted_is_refused(client_for, roads_officer, over_threshold):
    response = client_for(roads_officer).post(url(over_threshold, "implemented"), {})
    assert response.status_code == 400
    assert "Only an accepted proposal" in response.content.decode()


def test_the_pages_render_in_chinese(client_for, roads_officer, over_threshold):
    client = client_for(roads_officer, "zh-hans")
    for page in ["/staff/participation/", url(over_threshold),
                 "/staff/participation/moderation/", "/staff/participation/budgets/"]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert 'lang="zh-hans"' in response.content.decode()
    refused = client.post(url(over_threshold, "answer"), {"status": "rejected", "text": ""})
    assert refused.status_code == 400
