"""Merging a duplicate into another proposal (its supporters counted once) and
hiding a proposal with a reason, from the evaluation page."""

from __future__ import annotations

from cityloop.participation import proposals
from cityloop.participation.models import Event, EventKind, ProposalStatus, Support


def test_merge_moves_the_supports_without_counting_anyone_twice(
        client_for, roads_officer, make_proposal, make_resident):
    duplicate = make_proposal(title="Crossing by the school", supports=2)
    original = make_proposal(title="Zebra crossing at the school gate", supports=1)
    both = make_resident()
    proposals.support(duplicate, both)
    proposals.support(original, both)
    original.refresh_from_db()
    assert original.supports == 2
    response = client_for(roads_officer).post(
        f"/staff/participation/proposals/{duplicate.pk}/merge/", {"into": original.pk},
        follow=True)
    assert response.status_code == 200
    assert f"{duplicate.reference} merged into this proposal" in response.content.decode()
    original.refresh_from_db()
    duplicate.refresh_from_db()
    # 2 of its own + 3 of the duplicate's, the shared supporter once.
    assert original.supports == 4 == Support.objects.filter(proposal=original).count()
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into == original
    assert Event.objects.filter(proposal=duplicate, kind=EventKind.MERGED,
                                staff=roads_officer).exists()
    # Over the threshold now: the merged proposal's answer clock starts.
    assert original.answer_due_at is not None


def test_merge_offers_only_open_proposals_of_the_same_process(
        client_for, roads_officer, make_proposal):
    duplicate = make_proposal(title="Crossing by the school")
    answered = make_proposal(title="Speed bump")
    proposals.hide(answered, roads_officer, "Spam")
    client = client_for(roads_officer)
    page = client.get(f"/staff/participation/proposals/{duplicate.pk}/").content.decode()
    assert "Speed bump" not in page
    response = client.post(f"/staff/participation/proposals/{duplicate.pk}/merge/",
                           {"into": answered.pk})
    assert response.status_code == 400
    assert 'id="id_into_error"' in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.PUBLISHED


def test_hiding_needs_a_reason_and_is_audited(client_for, roads_officer, over_threshold):
    client = client_for(roads_officer)
    url = f"/staff/participation/proposals/{over_threshold.pk}/hide/"
    refused = client.post(url, {"hide-reason": "  "})
    assert refused.status_code == 400
    assert 'id="id_hide-reason_error"' in refused.content.decode()
    over_threshold.refresh_from_db()
    assert over_threshold.status == ProposalStatus.PUBLISHED
    client.post(url, {"hide-reason": "Advertising a shop"})
    over_threshold.refresh_from_db()
    assert over_threshold.status == ProposalStatus.HIDDEN
    assert over_threshold.hidden_reason == "Advertising a shop"
    event = Event.objects.get(proposal=over_threshold, kind=EventKind.HIDDEN)
    assert event.staff == roads_officer and event.reason == "Advertising a shop"
    # Hidden: out of the answer queue, listed in the moderation queue.
    assert over_threshold.title not in client.get("/staff/participation/").content.decode()
    assert over_threshold.title in client.get(
        "/staff/participation/moderation/").content.decode()
