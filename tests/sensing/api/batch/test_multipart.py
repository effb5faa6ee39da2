"""The ``multipart/mixed`` batch (OData 4.0, SensorThings §12), byte for byte as
FROST-Server's test suite sends it (``BatchTests.test01`` to ``test05``): CRLF line
ends, ``batch_<uuid>`` and ``changeset_<uuid>`` boundaries, ``Content-ID`` in
changesets. The answers are read back with Python's MIME parser."""

from __future__ import annotations

from http.client import HTTPConnection
from urllib.parse import urlsplit

from cityloop.cases.models import ApiClient
from cityloop.sensing.models import Datastream, Sensor, Thing
from tests.sensing.api.batch.helpers import parts, post_multipart

BATCH = "batch_36522ad7-fc75-4b56-8c71-56071383e77b"
CHANGESET = "changeset_77162fcd-b8da-41ac-a9f8-9357efbbd"


def http(method: str, url: str, body: str = "", content_id: str = "") -> str:
    head = "Content-Type: application/http\r\n"
    if content_id:
        head += f"Content-ID: {content_id}\r\n"
    request = f"{method} {url} HTTP/1.1\r\nHost: localhost\r\n"
    if body:
        request += ("Content-Type: application/json\r\n"
                    f"Content-Length: {len(body.encode())}\r\n")
    return head + "\r\n" + request + "\r\n" + (body + "\r\n" if body else "\r\n")


def multipart(boundary: str, *bodies: str) -> str:
    return "".join(f"--{boundary}\r\n{body}" for body in bodies) + f"--{boundary}--"


def changeset(*bodies: str) -> str:
    return (f"Content-Type: multipart/mixed;boundary={CHANGESET}\r\n\r\n"
            + multipart(CHANGESET, *bodies) + "\r\n")


def test_it_answers_the_spec_example_with_a_changeset(writer, network):
    river = network.things[0]
    body = multipart(
        BATCH,
        http("GET", f"/v1.1/Things({river.pk})?$select=name") + "\r\n",
        changeset(http("POST", "/v1.1/Things", '{"name":"New","description":"Thing"}', "1"),
                  http("PATCH", f"/v1.1/Things({river.pk})", '{"name":"Patched"}', "2")),
        http("GET", "/v1.1/Things(999999)") + "\r\n",
    )
    read, changes, missing = parts(post_multipart(writer, BATCH, body))
    assert read.status == 200 and read.json() == {"name": "River gauge"}
    assert read.headers["Content-Type"] == "application/json; charset=utf-8"
    created, patched = changes.changeset
    new = Thing.objects.get(name="New")
    assert (created.mime["content-id"], created.status) == ("1", 201)
    assert created.headers["Location"] == f"http://testserver/sta/v1.1/Things({new.pk})"
    assert (patched.mime["content-id"], patched.status) == ("2", 200)
    assert patched.json()["name"] == "Patched"
    assert missing.status == 404
    assert missing.json()["code"] == 404 and missing.json()["type"] == "error"
    river.refresh_from_db()
    assert river.name == "Patched"


def test_a_changeset_references_what_it_created_by_content_id(writer, network):
    level = network.properties[0]
    sensor = ('{\r\n  "name": "DS18B20",\r\n  "description": "DS18B20 is an air temperature '
              'sensor",\r\n  "encodingType": "application/pdf",\r\n  "metadata": '
              '"http://datasheets.maxim-ic.com/en/ds/DS18B20.pdf"\r\n}')
    stream = ('{\r\n  "name": "Temperature Thing 5",\r\n  "description": "The temperature",'
              '\r\n  "unitOfMeasurement": {"name": "degree Celsius", "symbol": "°C",\r\n'
              '    "definition": "http://unitsofmeasure.org/ucum.html#para-30"},\r\n'
              '  "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/'
              f'OM_Measurement",\r\n  "ObservedProperty": {{"@iot.id": {level.pk}}},\r\n'
              '  "Sensor": {"@iot.id": "$sensor1"}\r\n}')
    body = multipart(BATCH, changeset(
        http("POST", "/v1.1/Sensors", sensor, "sensor1"),
        http("POST", "/v1.1/Things", '{"name": "Kiosk", "description": "x"}', "thing"),
        http("POST", "$thing/Datastreams", stream, "any"),
    ))
    (changes,) = parts(post_multipart(writer, BATCH, body))
    assert [p.status for p in changes.changeset] == [201, 201, 201]
    created = Datastream.objects.get(name="Temperature Thing 5")
    assert created.sensor.name == "DS18B20" and created.thing.name == "Kiosk"
    assert created.unit_of_measurement["symbol"] == "°C"
    assert changes.changeset[2].headers["Location"].endswith(f"/Datastreams({created.pk})")


def test_relative_and_absolute_urls_with_encoded_queries(writer, network):
    query = "Things?$filter=name%20eq%20'Air%20station'&$select=name"
    body = multipart("batch_test",
                     http("GET", query) + "\r\n",
                     http("GET", f"http://testserver/sta/v1.1/{query}") + "\r\n",
                     http("GET", f"/sta/v1.1/{query}") + "\r\n")
    answers = parts(post_multipart(writer, "batch_test", body))
    assert [a.json() for a in answers] == [{"value": [{"name": "Air station"}]}] * 3


def test_a_failed_changeset_is_answered_by_its_failure_alone_and_rolled_back(writer, network):
    river = network.things[0]
    body = multipart(
        BATCH,
        changeset(http("POST", "Things", '{"name":"Gone","description":"x"}', "1"),
                  http("PATCH", f"Things({river.pk})", '{"name":"Gone too"}', "2"),
                  http("POST", "Sensors", '{"name":"no metadata"}', "3")),
        http("POST", "Things", '{"name":"Kept","description":"x"}') + "\r\n",
    )
    failure, kept = parts(post_multipart(writer, BATCH, body))
    assert failure.mime["content-id"] == "3" and failure.status == 400
    assert failure.json()["type"] == "error"
    assert kept.status == 201
    assert not Thing.objects.filter(name__startswith="Gone").exists()
    assert Thing.objects.get(pk=river.pk).name == "River gauge"
    assert not Sensor.objects.filter(name="no metadata").exists()
    assert Thing.objects.filter(name="Kept").exists()


def test_bare_lf_line_ends_and_a_quoted_boundary_are_accepted(writer, network):
    body = multipart("b", http("DELETE", f"Things({network.things[1].pk})")).replace(
        "\r\n", "\n")
    response = writer.client.generic("POST", "/sta/v1.1/$batch", body.encode(),
                                     content_type='multipart/mixed; boundary="b"',
                                     HTTP_AUTHORIZATION=f"Bearer {writer.key}")
    (deleted,) = parts(response)
    assert deleted.status == 200
    assert not Thing.objects.filter(pk=network.things[1].pk).exists()


def test_a_malformed_part_is_refused_alone(writer, network):
    body = multipart("b",
                     "Content-Type: text/plain\r\n\r\nGET Things HTTP/1.1\r\n\r\n",
                     "Content-Type: application/http\r\n\r\nnot a request line at all\r\n",
                     http("BREW", "Things") + "\r\n",
                     http("GET", "Things?$top=1&$select=name") + "\r\n")
    wrong_type, no_line, brew, fine = parts(post_multipart(writer, "b", body))
    assert wrong_type.status == 400 and "application/http" in wrong_type.json()["message"]
    assert no_line.status == 400 and "request line" in no_line.json()["message"]
    assert brew.status == 400 and "BREW" in brew.json()["message"]
    assert fine.status == 200


def test_a_malformed_multipart_body_is_a_400_in_the_api_error_format(writer, db):
    cases = [
        ("multipart/mixed", multipart("b", http("GET", "Things")), "boundary"),
        ("multipart/mixed;boundary=b", "no delimiter here", "no part"),
        ("multipart/mixed;boundary=b", f"--b\r\n{http('GET', 'Things')}", "closing delimiter"),
        ("multipart/mixed;boundary=b", "--b--", "no requests"),
        ("multipart/mixed;boundary=b", multipart("b", changeset(
            "Content-Type: multipart/mixed;boundary=inner\r\n\r\n--inner--\r\n")),
         "another changeset"),
    ]
    for content_type, body, words in cases:
        response = writer.client.generic("POST", "/sta/v1.1/$batch", body.encode(),
                                         content_type=content_type,
                                         HTTP_AUTHORIZATION=f"Bearer {writer.key}")
        assert response.status_code == 400, (words, response.content)
        error = response.json()
        assert error["type"] == "error" and words in error["message"], (words, error)


def test_over_real_http_as_frost_sends_it(live_server, transactional_db):
    """Through a real socket, so the framing is the server's, not the test client's."""
    _made, secret = ApiClient.create("FROST", "iot@example.org", scopes=["sta:write"])
    thing = Thing.objects.create(name="Thing 0", description="x", properties={"public": True})
    body = multipart(
        BATCH,
        http("GET", f"/v1.1/Things({thing.pk})?$select=name") + "\r\n",
        changeset(http("POST", "/v1.1/Things", '{"name":"New","description":"Thing"}', "1"),
                  http("PATCH", f"/v1.1/Things({thing.pk})", '{"name":"Patched"}', "2")),
    ).encode()
    host = urlsplit(live_server.url)
    connection = HTTPConnection(host.hostname, host.port, timeout=30)
    connection.request("POST", "/sta/v1.1/$batch", body, {
        "Content-Type": f"multipart/mixed;boundary={BATCH}",
        "Authorization": f"Bearer {secret}"})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    assert response.status == 200
    read, changes = parts(Raw(response.getheader("Content-Type", ""), content))
    assert read.json() == {"name": "Thing 0"}
    assert [p.status for p in changes.changeset] == [201, 200]
    assert changes.changeset[0].headers["Location"] == (
        f"{live_server.url}/sta/v1.1/Things({Thing.objects.get(name='New').pk})")
    assert Thing.objects.get(pk=thing.pk).name == "Patched"


class Raw:
    """An http.client answer in the shape ``parts`` reads."""

    status_code = 200

    def __init__(self, content_type: str, content: bytes):
        self.content_type, self.content = content_type, content

    def __getitem__(self, name: str) -> str:
        assert name == "Content-Type"
        return self.content_type
