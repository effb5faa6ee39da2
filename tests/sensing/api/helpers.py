from __future__ import annotations

from typing import Any


def matching(sta: Any, entity_set: str, expression: str, field: str = "name") -> list[Any]:
    """The ``field`` of every entity of ``entity_set`` the $filter keeps, in id order."""
    response = sta.get(entity_set, **{"$filter": expression, "$top": "1000"})
    assert response.status_code == 200, response.content
    return [e[field] for e in response.json()["value"]]


def refusal(sta: Any, entity_set: str, expression: str) -> str:
    response = sta.get(entity_set, **{"$filter": expression})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == 400 and body["type"] == "error"
    return str(body["message"])
