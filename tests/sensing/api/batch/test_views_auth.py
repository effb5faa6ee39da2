"""Each request of a batch is held to the batch's key exactly as if sent alone: its
scopes, its department limit, its rate limit, and the private Things it may not see."""

from __future__ import annotations

from cityloop.cases.models import ApiClient
from cityloop.catalogue.models import Department
from cityloop.sensing.models import Thing
from tests.sensing.api.batch.helpers import by_id, post_json
from tests.sensing.api.conftest import Sta


def key(*scopes: str, rate_limit: int | None = None) -> str:
    return ApiClient.create("Batch client", "iot@example.org", scopes=list(scopes),
                            rate_limit=rate_limit)[1]


def test_an_anonymous_batch_reads_but_each_write_is_refused_401(sta, network):
    river = network.things[0]
    answer = by_id(post_json(sta, [
        {"id": "read", "method": "get", "url": f"Things({river.pk})?$select=name"},
        {"id": "write", "method": "post", "url": "Things",
         "body": {"name": "Intruder", "description": "x"}},
        # a key inside an item does not count: the batch's own credentials do
        {"id": "smuggled", "method": "delete", "url": f"Things({river.pk})",
         "headers": {"Authorization": f"Bearer {key('sta:write')}"}},
    ]))
    assert answer["read"]["body"] == {"name": "River gauge"}
    assert answer["write"]["status"] == 401 and answer["smuggled"]["status"] == 401
    assert "API key" in answer["write"]["body"]["message"]
    assert answer["write"]["headers"]["www-authenticate"].startswith("Bearer")
    assert not Thing.objects.filter(name="Intruder").exists()
    assert Thing.objects.filter(pk=river.pk).exists()


def test_a_read_only_key_gets_403_for_each_write(client, network):
    reader = Sta(client, key("sta:read"))
    answer = by_id(post_json(reader, [
        {"id": "w", "atomicityGroup": "g", "method": "post", "url": "Things",
         "body": {"name": "Nope", "description": "x"}},
        {"id": "r", "method": "get", "url": "Things?$top=1"},
    ]))
    assert answer["w"]["status"] == 403 and "sta:write" in answer["w"]["body"]["message"]
    assert answer["r"]["status"] == 200


def test_a_bad_key_refuses_the_whole_batch(client, db):
    response = Sta(client, "not-a-key").client.post(
        "/sta/v1.1/$batch", '{"requests": []}', content_type="application/json",
        HTTP_AUTHORIZATION="Bearer not-a-key")
    assert response.status_code == 401 and response.json()["type"] == "error"


def test_private_things_stay_hidden_from_an_anonymous_batch(sta, writer, network):
    hidden = Thing.objects.create(name="Private pump", description="x", properties={})
    anonymous = by_id(post_json(sta, [
        {"id": "one", "method": "get", "url": f"Things({hidden.pk})"},
        {"id": "all", "method": "get", "url": "Things?$select=name"},
    ]))
    assert anonymous["one"]["status"] == 404
    assert "Private pump" not in [t["name"] for t in anonymous["all"]["body"]["value"]]
    keyed = by_id(post_json(writer, [{"id": "one", "method": "get",
                                      "url": f"Things({hidden.pk})"}]))
    assert keyed["one"]["body"]["name"] == "Private pump"


def test_every_request_of_a_batch_counts_against_the_rate_limit(client, network):
    limited = Sta(client, key("sta:read", "sta:write", rate_limit=3))
    answer = by_id(post_json(limited, [
        {"id": str(n), "method": "post", "url": "Things",
         "body": {"name": f"Counted {n}", "description": "x"}} for n in range(5)
    ]))
    assert [answer[str(n)]["status"] for n in range(5)] == [201, 201, 201, 429, 429]
    assert int(answer["3"]["headers"]["retry-after"]) >= 1
    assert Thing.objects.filter(name__startswith="Counted").count() == 3


def test_a_department_limited_key_writes_only_its_things_in_a_batch(client, network):
    water, _ = Department.objects.get_or_create(code="water", defaults={"name": "Water"})
    river, air = network.things
    river.properties["department"] = "water"
    river.save()
    air.properties["department"] = "environment"
    air.save()
    made, secret = ApiClient.create("Water key", scopes=["sta:read", "sta:write"])
    made.departments.set([water])
    answer = by_id(post_json(Sta(client, secret), [
        {"id": "ours", "method": "patch", "url": f"Things({river.pk})",
         "body": {"description": "Water's"}},
        {"id": "theirs", "method": "patch", "url": f"Things({air.pk})",
         "body": {"description": "Not ours"}},
    ]))
    assert answer["ours"]["status"] == 200 and answer["theirs"]["status"] == 403
    assert Thing.objects.get(pk=air.pk).description == "Air quality station"
