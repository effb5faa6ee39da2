"""Real answers of the participation API, successes and refusals, are as the document says."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from openapi_spec_validator import validate
from werkzeug.test import Client

from cityloop.api.openapi import build
from cityloop.participation.models import QuestionKind

DOCUMENT = build("")
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
BASE = "/api/v1/participation"
pytestmark = pytest.mark.usefixtures("connection_kept")


def test_the_document_with_the_participation_paths_is_valid_openapi():
    validate(DOCUMENT)
    assert {tag["name"] for tag in DOCUMENT["tags"]} >= {"Participation"}
    assert sum(path.startswith(BASE) for path in DOCUMENT["paths"]) == 7


def _check(template: str, ids: dict[str, Any] | None = None, **query: Any) -> Any:
    path = BASE + template.format(**(ids or {}))
    answer = Client(get_wsgi_application()).get(path, query_string=query)
    operation = SCHEMA[BASE + template]["GET"]
    operation.Case(path_parameters=ids or {}, query=query).validate_response(answer)
    return answer


def test_every_success_matches_its_schema(scenario):
    s = scenario
    answers = [
        _check("/processes"), _check("/processes", lang="zh-hans"),
        _check("/processes/{id}/proposals", {"id": s.process.pk}),
        _check("/processes/{id}/proposals", {"id": s.process.pk}, limit=1, offset=1,
               status="merged"),
        _check("/budgets"), _check("/budgets/{id}/results", {"id": s.budget.pk}),
        _check("/surveys"), _check("/surveys/{id}/results", {"id": s.survey.pk}),
        _check("/surveys/{id}/points.geojson", {"id": s.survey.pk}),
    ]
    assert [a.status_code for a in answers] == [200] * len(answers)


def test_every_refusal_matches_its_schema(scenario):
    s = scenario
    text = s.survey.questions.get(kind=QuestionKind.TEXT).pk
    refusals = [
        (_check("/processes", lang="fr"), 400),
        (_check("/processes/{id}/proposals", {"id": s.process.pk}, limit=0), 400),
        (_check("/processes/{id}/proposals", {"id": s.hidden_process.pk}), 404),
        (_check("/budgets/{id}/results", {"id": s.voting.pk}), 409),
        (_check("/budgets/{id}/results", {"id": s.hidden_budget.pk}), 404),
        (_check("/surveys/{id}/results", {"id": 987654}), 404),
        (_check("/surveys/{id}/points.geojson", {"id": s.survey.pk}, question=text), 400),
    ]
    assert [a.status_code for a, _status in refusals] == [status for _a, status in refusals]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/processes", "/budgets", "/surveys",
                                  "/processes/1/proposals", "/budgets/1/results"])
def test_another_method_is_a_405(path):
    answer = Client(get_wsgi_application()).post(BASE + path)
    assert answer.status_code == 405 and "GET" in answer.headers["Allow"]
