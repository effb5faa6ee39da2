"""Errors in the spec's style (the body FROST-Server answers), for every path that fails."""

from __future__ import annotations


def error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "type", "message"}
    assert body["code"] == status and body["type"] == "error"
    return body["message"]


def test_it_answers_404_for_an_unknown_entity_set(sta, db):
    message = error(sta.get("Gadgets"), 404)
    assert message.startswith("'Gadgets' is not an entity set; the entity sets are")


def test_it_answers_404_for_an_unknown_id_or_property(sta, network):
    assert error(sta.get("Things(999)"), 404) == "No Thing with id 999."
    assert error(sta.get("Things(abc)"), 404).startswith("abc is not a valid id of Things")
    assert error(sta.get(f"Things({network.things[0].pk})/colour"), 404) == (
        "Thing has no property or navigation property 'colour'.")


def test_it_answers_400_for_a_malformed_path(sta, network):
    assert error(sta.get("Things/$value"), 400).startswith("$value can only follow a property")
    assert error(sta.get("Things/Datastreams"), 400).startswith("'Datastreams' cannot follow")


def test_it_answers_405_for_a_method_the_resource_does_not_take(writer, network):
    response = writer.delete("Things")
    assert error(response, 405).startswith("DELETE is not allowed on Things")
    assert response["Allow"] == "GET, HEAD, POST"
    assert error(writer.post(f"Things({network.things[0].pk})", {}), 405)


def test_it_answers_415_for_a_body_that_is_not_json(writer, db):
    response = writer.post("Things", "name=x", content_type="application/x-www-form-urlencoded")
    assert error(response, 415) == (
        "Send the body as application/json, not application/x-www-form-urlencoded.")


def test_it_answers_400_for_invalid_json(writer, db):
    assert error(writer.post("Things", "{name:"), 400).startswith("The body is not valid JSON")


def test_it_answers_409_for_an_id_that_exists(writer, network):
    thing = network.things[0]
    body = {"@iot.id": thing.pk, "name": "Copy", "description": ""}
    assert error(writer.post("Things", body), 409).startswith(f"Things({thing.pk}) already exists")


def test_it_says_which_property_is_wrong(writer, db):
    assert error(writer.post("Things", {"description": "no name"}), 400) == "Thing needs name."
    assert error(writer.post("Things", {"name": 5}), 400) == "Thing.name must be a string."
    assert error(writer.post("Things", {"name": "x", "properties": []}), 400) == (
        "Thing.properties must be a JSON object.")
    assert error(writer.post("Locations", {"name": "x", "location": {"type": "Blob"}}), 400
                 ).startswith("Location.location is not a valid GeoJSON geometry")
    assert error(writer.post("HistoricalLocations", {"time": "noon"}), 400).startswith(
        "HistoricalLocation.time: noon is not an ISO 8601 time")


