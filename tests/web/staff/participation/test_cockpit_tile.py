"""The cockpit's tile of proposals waiting for an answer past their deadline,
counted among the proposals the viewer may answer, linking to the answer queue."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from cityloop.participation.models import Proposal
from tests.participation.fixtures import open_process

TILE = 'data-testid="ops-tile-proposals_overdue"'


def make_late(proposal: Proposal, days: int) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(
        answer_due_at=timezone.now() - timedelta(days=days, hours=1))


def test_the_tile_counts_the_late_answers_and_opens_the_queue(
        client_for, roads_officer, make_proposal):
    late, later, on_time = (make_proposal(title=t) for t in ("Late", "Later", "On time"))
    make_late(late, 2)
    make_late(later, 5)
    page = client_for(roads_officer).get("/ops/").content.decode()
    assert TILE in page
    tile = page[page.index(TILE):page.index("</li>", page.index(TILE))]
    assert 'href="/staff/participation/"' in tile
    assert '<span class="tile__value" data-testid="ops-proposals-overdue">2</span>' in tile
    assert "the oldest 5 days late" in tile
    # The queue puts the overdue first, the latest first among them, with how late.
    queue = client_for(roads_officer).get("/staff/participation/").content.decode()
    assert queue.index("Later") < queue.index("Late<") < queue.index("On time")
    assert re.search(r"5\sdays,\s1\shour late", queue)  # timesince spaces are non-breaking
    assert on_time.title in queue
    # The wall display keeps its six live figures.
    assert TILE not in client_for(roads_officer).get("/ops/?wall=1").content.decode()


def test_staff_who_answer_no_process_have_no_tile(client_for, water_officer, make_proposal):
    make_late(make_proposal(), 3)
    page = client_for(water_officer).get("/ops/")
    assert page.status_code == 200
    assert TILE not in page.content.decode()


def test_the_tile_counts_only_the_viewers_processes(client_for, operator, roads_officer,
                                                    make_proposal, city):
    water = open_process("proposals", "proposals", slug="water-ideas",
                         department=city.departments["water"], support_threshold=1)
    make_late(make_proposal(process=water, supports=1), 1)
    make_late(make_proposal(), 1)
    for user, count in [(operator, 2), (roads_officer, 1)]:
        page = client_for(user).get("/ops/").content.decode()
        assert f'data-testid="ops-proposals-overdue">{count}</span>' in page
