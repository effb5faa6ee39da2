"""The moderation queue: reported comments, the most reported first, hidden with a
reason and shown again; each step in the participation log."""

from __future__ import annotations

from cityloop.participation import comments
from cityloop.participation.models import Event, EventKind


def test_reported_comments_are_listed_most_reported_first_and_hidden_with_a_reason(
        client_for, roads_officer, over_threshold, make_resident):
    mild = comments.write(over_threshold, make_resident(), "I am not sure this is needed.")
    rude = comments.write(over_threshold, make_resident(), "Only idiots cross there.")
    comments.report(mild, make_resident())
    for _ in range(3):
        comments.report(rude, make_resident())
    client = client_for(roads_officer)
    page = client.get("/staff/participation/moderation/").content.decode()
    assert page.index("Only idiots") < page.index("I am not sure")
    # No reason: refused, beside the field, nothing hidden.
    refused = client.post(f"/staff/participation/comments/{rude.pk}/hide/",
                          {f"c{rude.pk}-reason": ""})
    assert refused.status_code == 400
    assert f'id="id_c{rude.pk}-reason_error"' in refused.content.decode()
    rude.refresh_from_db()
    assert rude.hidden_at is None
    response = client.post(f"/staff/participation/comments/{rude.pk}/hide/",
                           {f"c{rude.pk}-reason": "Insults"}, follow=True)
    assert "The comment is hidden" in response.content.decode()
    rude.refresh_from_db()
    assert rude.hidden_at is not None and rude.hidden_reason == "Insults"
    assert rude.hidden_by == roads_officer
    hidden = Event.objects.get(kind=EventKind.HIDDEN, data__comment=rude.pk)
    assert hidden.staff == roads_officer and hidden.reason == "Insults"
    # It leaves the reported list for the hidden list, and can be shown again.
    page = response.content.decode()
    assert "Insults" in page
    response = client.post(f"/staff/participation/comments/{rude.pk}/show/", follow=True)
    assert "The comment is shown again." in response.content.decode()
    rude.refresh_from_db()
    assert rude.hidden_at is None and rude.hidden_reason == ""
    shown = Event.objects.get(kind=EventKind.SHOWN, data__comment=rude.pk)
    assert shown.staff == roads_officer


def test_hiding_from_the_proposal_page_goes_back_there(client_for, operator, over_threshold,
                                                       make_resident):
    comment = comments.write(over_threshold, make_resident(), "Buy cheap watches here")
    page = f"/staff/participation/proposals/{over_threshold.pk}/"
    response = client_for(operator).post(
        f"/staff/participation/comments/{comment.pk}/hide/",
        {f"c{comment.pk}-reason": "Advertising", "next": page})
    assert response.status_code == 302 and response["Location"] == page


def test_moderation_is_refused_outside_the_officers_processes(
        client_for, water_officer, over_threshold, make_resident):
    comment = comments.write(over_threshold, make_resident(), "A fair point.")
    response = client_for(water_officer).post(
        f"/staff/participation/comments/{comment.pk}/hide/", {f"c{comment.pk}-reason": "x"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is None
