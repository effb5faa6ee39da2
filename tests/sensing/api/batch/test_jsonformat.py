"""The OData 4.01 JSON batch (``Content-Type: application/json``) as FROST-Server's test
suite (``BatchTests.test06``/``test07``) and clients send it."""

from __future__ import annotations

import pytest
from django.test import override_settings

from cityloop.sensing.models import Datastream, Sensor, Thing
from tests.sensing.api.batch.helpers import BATCH, by_id, post_json

OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"


def test_it_answers_each_request_in_order_with_status_location_and_body(writer, network):
    river = network.things[0]
    answer = post_json(writer, [
        {"id": "0", "method": "get", "url": f"Things({river.pk})?$select=name"},
        {"id": "1", "atomicityGroup": "group1", "method": "post", "url": "Things",
         "body": {"name": "New", "description": "Thing"}},
        {"id": "2", "atomicityGroup": "group1", "method": "patch",
         "url": f"Things({river.pk})", "body": {"name": "Json Patched"}},
        {"id": "3", "method": "get", "url": "Things(null)"},
    ])
    responses = answer["responses"]
    assert [r["id"] for r in responses] == ["0", "1", "2", "3"]
    assert responses[0] == {"id": "0", "status": 200, "body": {"name": "River gauge"}}
    new = Thing.objects.get(name="New")
    location = f"http://testserver/sta/v1.1/Things({new.pk})"
    assert responses[1]["status"] == 201
    assert responses[1]["headers"]["location"] == location
    assert responses[1]["location"] == location  # FROST's clients read it here
    assert responses[1]["body"]["@iot.selfLink"] == location
    assert responses[2]["status"] == 200 and responses[2]["body"]["name"] == "Json Patched"
    assert responses[3]["status"] == 404
    assert responses[3]["body"]["code"] == 404 and responses[3]["body"]["type"] == "error"
    river.refresh_from_db()
    assert river.name == "Json Patched"


def test_it_resolves_references_to_earlier_results_in_urls_and_bodies(writer, network):
    level = network.properties[0]
    answer = by_id(post_json(writer, [
        {"id": "sensor1", "atomicityGroup": "g", "method": "post", "url": "Sensors",
         "body": {"name": "DS18B20", "description": "Air temperature sensor",
                  "encodingType": "application/pdf", "metadata": "https://x/ds18b20.pdf"}},
        {"id": "thing1", "atomicityGroup": "g", "method": "post", "url": "Things",
         "body": {"name": "Kiosk", "description": "Temperature kiosk"}},
        {"id": "stream1", "atomicityGroup": "g", "dependsOn": ["sensor1", "thing1"],
         "method": "post", "url": "$thing1/Datastreams",
         "body": {"name": "Kiosk temperature", "description": "Air",
                  "unitOfMeasurement": {"name": "degree Celsius", "symbol": "°C",
                                        "definition": "https://x/celsius"},
                  "observationType": OM, "ObservedProperty": {"@iot.id": level.pk},
                  "Sensor": {"@iot.id": "$sensor1"}}},
        {"id": "read", "dependsOn": ["g"], "method": "get",
         "url": "$stream1?$expand=Sensor($select=name),Thing($select=name)"},
    ]))
    assert [answer[i]["status"] for i in ("sensor1", "thing1", "stream1", "read")] == [
        201, 201, 201, 200]
    stream = Datastream.objects.get(name="Kiosk temperature")
    assert stream.thing.name == "Kiosk" and stream.sensor.name == "DS18B20"
    assert answer["stream1"]["location"].endswith(f"/Datastreams({stream.pk})")
    assert answer["read"]["body"]["Sensor"] == {"name": "DS18B20"}
    assert answer["read"]["body"]["Thing"] == {"name": "Kiosk"}
    assert answer["read"]["body"]["unitOfMeasurement"]["symbol"] == "°C"


def test_it_runs_requests_outside_a_group_independently(writer, network):
    river, air = network.things
    answer = by_id(post_json(writer, [
        {"id": "a", "method": "patch", "url": f"Things({river.pk})",
         "body": {"description": "Changed"}},
        {"id": "b", "method": "post", "url": "Things", "body": {"description": "no name"}},
        {"id": "c", "method": "delete", "url": f"Things({air.pk})"},
        {"id": "d", "method": "put", "url": f"Things({river.pk})",
         "body": {"name": "River gauge 2", "description": "Replaced"}},
        {"id": "e", "method": "get", "url": "Things?$orderby=id&$select=name"},
    ]))
    assert [answer[k]["status"] for k in "abcde"] == [200, 400, 200, 200, 200]
    assert "name" in answer["b"]["body"]["message"]
    assert answer["e"]["body"]["value"] == [{"name": "River gauge 2"}]
    assert not Thing.objects.filter(pk=air.pk).exists()
    assert Thing.objects.get(pk=river.pk).description == "Replaced"


def test_a_request_depending_on_a_failed_one_is_not_run(writer, network):
    answer = by_id(post_json(writer, [
        {"id": "bad", "method": "post", "url": "Sensors", "body": {"name": "No metadata"}},
        {"id": "after", "dependsOn": ["bad"], "method": "post", "url": "Things",
         "body": {"name": "Never", "description": "made"}},
        {"id": "ahead", "dependsOn": ["later"], "method": "get", "url": "Things"},
        {"id": "later", "method": "get", "url": "Things"},
        {"id": "unknown", "method": "post", "url": "$nothing/Datastreams", "body": {}},
    ]))
    assert answer["bad"]["status"] == 400
    assert answer["after"]["status"] == 424 and "'bad'" in answer["after"]["body"]["message"]
    assert answer["ahead"]["status"] == 400  # dependsOn may only look back
    assert answer["later"]["status"] == 200
    assert answer["unknown"]["status"] == 404
    assert "$nothing" in answer["unknown"]["body"]["message"]
    assert not Thing.objects.filter(name="Never").exists()
    assert not Sensor.objects.filter(name="No metadata").exists()


def test_an_item_with_an_unknown_method_is_refused_alone(writer, network):
    answer = by_id(post_json(writer, [
        {"id": "1", "method": "merge", "url": "Things"},
        {"id": "2", "method": "get", "url": "Things?$top=1"},
    ]))
    assert answer["1"]["status"] == 400 and "MERGE" in answer["1"]["body"]["message"]
    assert answer["2"]["status"] == 200 and len(answer["2"]["body"]["value"]) == 1


def test_item_urls_may_be_absolute_paths_or_urls_of_this_service_only(writer, network):
    river = network.things[0]
    answer = by_id(post_json(writer, [
        {"id": "path", "method": "get", "url": f"/sta/v1.1/Things({river.pk})/name"},
        {"id": "frost", "method": "get", "url": f"/v1.1/Things({river.pk})/name/$value"},
        {"id": "url", "method": "get",
         "url": "http://testserver/sta/v1.1/Things?$filter=name%20eq%20'River%20gauge'"},
        {"id": "other-app", "method": "get", "url": "/admin/"},
        {"id": "other-host", "method": "get", "url": "http://elsewhere.example/sta/v1.1/"},
        {"id": "nested", "method": "post", "url": "$batch", "body": {"requests": []}},
    ]))
    assert answer["path"]["body"] == {"name": "River gauge"}
    assert answer["frost"]["body"] == "River gauge"
    assert answer["frost"]["headers"]["content-type"].startswith("text/plain")
    assert [t["name"] for t in answer["url"]["body"]["value"]] == ["River gauge"]
    assert answer["other-app"]["status"] == 404
    assert answer["other-host"]["status"] == 404
    assert answer["nested"]["status"] == 400
    assert "another batch" in answer["nested"]["body"]["message"]


@pytest.mark.parametrize(("body", "words"), [
    ("{not json", "not valid JSON"),
    ('["requests"]', '{"requests": [...]}'),
    ('{"requests": {}}', '{"requests": [...]}'),
    ('{"requests": []}', "no requests"),
    ('{"requests": [1]}', "not a JSON object"),
    ('{"requests": [{"method": "get", "url": "Things"}]}', '"id"'),
    ('{"requests": [{"id": "1", "method": "get"}]}', '"url"'),
    ('{"requests": [{"id": "1", "method": "get", "url": "Things", "dependsOn": "0"}]}',
     '"dependsOn"'),
    ('{"requests": [{"id": "1", "method": "get", "url": "x", "atomicityGroup": ""}]}',
     '"atomicityGroup"'),
    ('{"requests": [{"id": "1", "method": "get", "url": "x", "headers": {"a": 1}}]}',
     '"headers"'),
    ('{"requests": [{"id": "1", "method": "get", "url": "Things"},'
     ' {"id": "1", "method": "get", "url": "Things"}]}', "used twice"),
    ('{"requests": [{"id": "1", "atomicityGroup": "g", "method": "get", "url": "Things"},'
     ' {"id": "2", "method": "get", "url": "Things"},'
     ' {"id": "3", "atomicityGroup": "g", "method": "get", "url": "Things"}]}', "adjacent"),
    (b'{"requests": "\xff"}', "UTF-8"),
])
def test_a_malformed_batch_is_a_400_in_the_api_error_format(writer, db, body, words):
    data = body if isinstance(body, bytes) else body.encode()
    response = writer.client.post(BATCH, data, content_type="application/json",
                                  **writer._headers(None))
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["code"] == 400 and error["type"] == "error"
    assert words in error["message"]


@override_settings(STA_BATCH_MAX_REQUESTS=2)
def test_a_batch_over_the_request_limit_is_refused_before_anything_runs(writer, db):
    requests = [{"id": str(n), "method": "post", "url": "Things",
                 "body": {"name": f"T{n}", "description": "x"}} for n in range(3)]
    error = post_json(writer, requests, status=413)
    assert "at most 2" in error["message"]
    assert not Thing.objects.exists()


@override_settings(STA_MAX_BODY_BYTES=100)
def test_the_api_body_size_limit_applies_to_the_batch(writer, db):
    requests = [{"id": "1", "method": "post", "url": "Things",
                 "body": {"name": "x" * 200, "description": "x"}}]
    assert post_json(writer, requests, status=413)["code"] == 413


def test_other_methods_and_content_types_are_refused(writer, db):
    response = writer.client.get(BATCH)
    assert response.status_code == 405 and response["Allow"] == "POST"
    response = writer.client.post(BATCH, "x", content_type="text/plain")
    assert response.status_code == 415 and response.json()["type"] == "error"


def test_the_root_lists_the_batch_conformance_classes(sta, db):
    conformance = sta.json("")["serverSettings"]["conformance"]
    assert "http://www.opengis.net/spec/iot_sensing/1.1/req/batch-request/batch-request" \
        in conformance
    assert "https://fraunhoferiosb.github.io/FROST-Server/extensions/JsonBatchRequest.html" \
        in conformance


def test_messages_inside_a_batch_follow_the_batch_language(writer, network):
    response = writer.client.post(
        BATCH, '{"requests": [{"id": "1", "method": "get", "url": "Things(0)"}]}',
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans",
        **writer._headers(None))
    (missing,) = response.json()["responses"]
    assert missing["body"]["message"] == "不存在 ID 为 0 的 Thing。"
    refused = writer.client.post(BATCH, '{"requests": []}', content_type="application/json",
                                 HTTP_ACCEPT_LANGUAGE="zh-hans", **writer._headers(None))
    assert refused.json()["message"] == "批处理中没有任何请求。"


@pytest.mark.parametrize(("depth", "refused_alone"), [(40, True), (5000, False)])
def test_a_deeply_nested_body_is_a_400_never_a_500(writer, db, depth, refused_alone):
    body = "[" * depth + "]" * depth
    data = ('{"requests": [{"id": "1", "method": "post", "url": "Things", "body": '
            + body + "}]}")
    response = writer.client.post(BATCH, data, content_type="application/json",
                                  **writer._headers(None))
    if refused_alone:  # the batch could be read; the API refuses the request as if alone
        (answer,) = response.json()["responses"]
        assert answer["status"] == 400 and "levels deep" in answer["body"]["message"]
    else:
        assert response.status_code == 400
        assert "too deeply" in response.json()["message"]
    assert not Thing.objects.exists()
