"""A proposal hidden by mistake is shown again from its staff page."""

from __future__ import annotations


def test_a_hidden_proposal_is_shown_again_from_its_staff_page(client, proposals_process,
                                                              make_resident, roads_officer):
    from cityloop.participation import proposals
    from cityloop.participation.proposals import Draft

    proposal = proposals.submit_proposal(proposals_process, make_resident(), Draft(
        "Shade", "Plant shade trees along the school road, it is very hot.", "en"))
    proposals.hide(proposal, roads_officer, "Mistake")
    client.force_login(roads_officer)
    page = client.get(f"/staff/participation/proposals/{proposal.pk}/").content.decode()
    assert 'data-testid="submit-show"' in page
    response = client.post(f"/staff/participation/proposals/{proposal.pk}/show/")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "published"
