"""The shared participation fixtures (tests/participation/fixtures.py), and a district taking
part built from them (scenario.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.participation.scenario import Scenario, build
from tests.participation.fixtures import (  # noqa: F401 (fixtures)
    budget,
    make_resident,
    pothole,
    proposals_process,
    survey,
)


@pytest.fixture
def scenario(city: Any, make_resident: Any, proposals_process: Any,  # noqa: F811
             budget: Any, survey: Any, roads_officer: Any) -> Scenario:  # noqa: F811
    return build(city, make_resident, proposals_process, budget, survey, roads_officer)
