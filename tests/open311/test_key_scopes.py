"""Open311 keys act only within their scopes and their rate limit (issue 9, item 2).

A POST needs a key with the ``open311`` scope; a read that sends a key is
held to the same rules; a key over its requests a minute gets 429 with
``Retry-After``. Every refusal is GeoReport v2's error list, in JSON or XML.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from cityloop.cases.models import ApiClient, Case
from cityloop.web.models import Throttle
from tests.open311.conftest import BASE, FORM, descriptions, errors

pytestmark = pytest.mark.usefixtures("city")


def test_a_new_key_has_the_open311_scope_and_posts(post, api_client_key):
    assert api_client_key[0].scopes == ["open311"]
    assert post().status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_key_without_the_open311_scope_cannot_post(post, fmt):
    _client, sensor_key = ApiClient.create("River gauges", scopes=["sta:read", "sta:write"])
    response = post(fmt, api_key=sensor_key)
    assert response.status_code == 403
    [(code, description)] = errors(response)
    assert code == 403
    assert "open311" in description and "sta:read, sta:write" in description
    assert not Case.objects.exists()


def test_a_read_with_a_key_is_held_to_its_scope(client, key):
    _client, sensor_key = ApiClient.create("River gauges", scopes=["sta:write"])
    assert client.get(f"{BASE}/requests.json").status_code == 200  # reads need no key
    assert client.get(f"{BASE}/requests.json", {"api_key": key}).status_code == 200
    refused = client.get(f"{BASE}/requests.xml", {"api_key": sensor_key})
    assert refused.status_code == 403 and "open311" in descriptions(refused)
    unknown = client.get(f"{BASE}/services.json", {"api_key": "cl_nope"})
    assert unknown.status_code == 403 and "not valid" in descriptions(unknown)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_key_over_its_rate_limit_gets_429_with_retry_after(post, api_client_key, fmt):
    client, _key = api_client_key
    client.rate_limit = 2
    client.save()
    assert [post(fmt).status_code for _ in range(2)] == [200, 200]
    over = post(fmt)
    assert over.status_code == 429
    assert 1 <= int(over["Retry-After"]) <= 60
    [(code, description)] = errors(over)
    assert code == 429 and "2 requests" in description
    assert Case.objects.count() == 2


def test_reads_with_the_key_count_too(client, post, api_client_key):
    api_client, key = api_client_key
    api_client.rate_limit = 1
    api_client.save()
    assert client.get(f"{BASE}/services.json", {"api_key": key}).status_code == 200
    assert client.get(f"{BASE}/services.json", {"api_key": key}).status_code == 429
    assert post().status_code == 429
    assert client.get(f"{BASE}/services.json").status_code == 200  # without the key


def test_open311_keys_get_60_requests_a_minute_unless_the_city_says_otherwise(
        post, api_client_key, settings):
    assert api_client_key[0].requests_per_minute() == 60
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "open311": 1}
    assert post().status_code == 200
    assert post().status_code == 429


def test_a_key_may_post_again_once_its_minute_has_passed(post, api_client_key):
    api_client_key[0].rate_limit = 1
    api_client_key[0].save()
    assert post().status_code == 200
    assert post().status_code == 429
    Throttle.objects.filter(key__startswith="apikey:").update(
        window_start=timezone.now() - timedelta(seconds=61))
    assert post().status_code == 200


def test_each_key_has_its_own_count(client, post, api_client_key):
    api_client_key[0].rate_limit = 1
    api_client_key[0].save()
    _other, other_key = ApiClient.create("Other app")
    assert post().status_code == 200
    assert post().status_code == 429
    assert post(api_key=other_key).status_code == 200


def test_the_refusal_is_translated(client, city):
    _client, sensor_key = ApiClient.create("River gauges", scopes=["sta:write"])
    response = client.post(f"{BASE}/requests.json", urlencode({"api_key": sensor_key,
                                                               "locale": "zh-hans"}),
                           content_type=FORM)
    assert response.status_code == 403
    assert "open311" in descriptions(response) and "密钥" in descriptions(response)
