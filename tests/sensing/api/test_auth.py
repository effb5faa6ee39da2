"""Reads are public; writes need an API key (Bearer, X-Api-Key, or Basic with the key)."""

from __future__ import annotations

import base64

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from cityloop.sensing.models import Thing
from tests.sensing.api.conftest import Sta

THING = {"name": "Gauge", "description": ""}


def test_reads_need_no_key(sta, network):
    assert sta.get("Things").status_code == 200


def test_writes_without_a_key_are_refused(sta, db):
    response = sta.post("Things", THING)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["message"].startswith("Writing needs an API key")
    assert not Thing.objects.exists()


def test_an_unknown_or_revoked_key_is_refused(client, api_key, db):
    assert Sta(client, "cl_nope").post("Things", THING).status_code == 401
    ApiClient.objects.update(active=False)
    apiclients.touch()  # queryset updates send no signal (as `cityloop apikey revoke` does)
    response = Sta(client, api_key).post("Things", THING)
    assert response.status_code == 401
    assert "revoked" in response.json()["message"]


def test_a_key_can_come_in_any_of_three_headers(client, api_key, db):
    sta = Sta(client)
    assert sta.post("Things", THING, HTTP_AUTHORIZATION=f"Bearer {api_key}").status_code == 201
    assert sta.post("Things", THING, HTTP_X_API_KEY=api_key).status_code == 201
    basic = base64.b64encode(f"app:{api_key}".encode()).decode()
    assert sta.post("Things", THING, HTTP_AUTHORIZATION=f"Basic {basic}").status_code == 201
    assert Thing.objects.count() == 3
    assert ApiClient.objects.get().last_used_at is not None
