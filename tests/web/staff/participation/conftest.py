"""Fixtures for the staff participation pages: the shared processes and residents
(tests/participation/fixtures.py), proposals over their threshold, and a few more
personas beside tests/conftest.py's (roads_officer, water_officer,
roads_supervisor, operator, city_admin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from cityloop.participation import proposals
from cityloop.participation.models import Process, Proposal
from tests import citydata
from tests.conftest import City, _staff
from tests.participation.fixtures import (  # noqa: F401 (fixtures)
    budget,
    make_resident,
    pothole,
    proposals_process,
    survey,
)

BODY = "Paint a zebra crossing in front of the school gate, children cross there daily."


@pytest.fixture
def east_officer(city: City) -> User:
    """An officer of the Roads East Office, a unit *below* the roads bureau: the
    bureau's process is not theirs to answer."""
    return _staff("fay_east", "officer", [city.departments["roads_east"]])


@pytest.fixture
def make_proposal(proposals_process: Process,  # noqa: F811 (the fixtures imported above)
                  make_resident: Callable[..., Any]) -> Callable[..., Proposal]:  # noqa: F811
    """A resident's proposal with ``supports`` supports (3 reach the threshold)."""

    def make(title: str = "Zebra crossing at the school", supports: int = 3,
             process: Process | None = None, **draft: Any) -> Proposal:
        draft.setdefault("lat", citydata.INSIDE_EAST_S[0])
        draft.setdefault("lon", citydata.INSIDE_EAST_S[1])
        proposal = proposals.submit_proposal(
            process or proposals_process, make_resident(),
            proposals.Draft(title=title, body=draft.pop("body", BODY),
                            language=draft.pop("language", "en"), **draft))
        for _ in range(supports):
            proposal = proposals.support(proposal, make_resident())
        proposal.refresh_from_db()
        return proposal

    return make


@pytest.fixture
def over_threshold(make_proposal: Callable[..., Proposal]) -> Proposal:
    return make_proposal()
