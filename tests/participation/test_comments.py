import pytest

from cityloop.participation import comments, proposals
from cityloop.participation.errors import Refused
from cityloop.participation.models import Comment, Event, EventKind
from cityloop.participation.proposals import Draft


@pytest.fixture
def proposal(proposals_process, make_resident):
    return proposals.submit_proposal(proposals_process, make_resident(), Draft(
        "Night buses", "Run the 12 bus until midnight on Fridays and Saturdays.", "en"))


def test_comment_report_hide_and_show_are_audited(proposal, make_resident, roads_officer):
    comment = comments.write(proposal, make_resident(), "Rude words here")
    reporter = make_resident()
    comments.report(comment, reporter, "Insults")
    with pytest.raises(Refused) as refused:
        comments.report(comment, reporter)
    assert refused.value.code == "already_reported"
    comment.refresh_from_db()
    assert comment.reports == 1
    assert list(comments.to_moderate()) == [comment]
    with pytest.raises(Refused):
        comments.hide(comment, roads_officer, "")
    hidden = comments.hide(comment, roads_officer, "Insults a neighbour")
    assert hidden.hidden_at is not None and hidden.hidden_by == roads_officer
    assert list(comments.to_moderate()) == []
    comments.show(hidden, roads_officer)
    kinds = list(Event.objects.filter(proposal=proposal).values_list("kind", flat=True))
    for kind in (EventKind.COMMENTED, EventKind.REPORTED, EventKind.HIDDEN, EventKind.SHOWN):
        assert kind in kinds
    hidden_event = Event.objects.get(kind=EventKind.HIDDEN)
    assert hidden_event.staff == roads_officer and hidden_event.reason == "Insults a neighbour"


@pytest.mark.parametrize("body, code", [("   ", "comment_required"),
                                        ("x" * 2001, "comment_too_long")])
def test_bad_comments_are_refused(proposal, make_resident, body, code):
    with pytest.raises(Refused) as refused:
        comments.write(proposal, make_resident(), body)
    assert refused.value.code == code
    assert not Comment.objects.exists()


def test_a_comment_flood_is_stopped(proposal, make_resident):
    resident = make_resident()
    for n in range(comments.PER_HOUR):
        comments.write(proposal, resident, f"Point {n}")
    with pytest.raises(Refused) as refused:
        comments.write(proposal, resident, "And another")
    assert refused.value.code == "too_many_comments"


def test_no_comments_after_the_support_phase(proposal, make_resident):
    from cityloop.participation.models import Phase, PhaseKind

    Phase.objects.filter(process=proposal.process, kind=PhaseKind.PROPOSALS).update(
        kind=PhaseKind.IMPLEMENTATION)
    with pytest.raises(Refused) as refused:
        comments.write(proposal, make_resident(), "Late thought")
    assert refused.value.code == "wrong_phase"
