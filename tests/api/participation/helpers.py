"""Reading the participation API as a client would."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.api.participation.scenario import Scenario

BASE = "/api/v1/participation"


def read(path: str, headers: dict[str, str] | None = None, **params: Any) -> tuple[Any, Any]:
    """The response and its JSON body."""
    response = Client().get(BASE + path, params, headers=headers or {})
    return response, json.loads(response.content)


def every_address(s: Scenario) -> list[str]:
    """Each address of the API, with the scenario's ids."""
    return ["/processes", f"/processes/{s.process.pk}/proposals", "/budgets",
            f"/budgets/{s.budget.pk}/results", "/surveys", f"/surveys/{s.survey.pk}/results",
            f"/surveys/{s.survey.pk}/points.geojson"]
