"""Refused observations say which property is wrong and why (OGC 18-088 §8.2.7, §14.2)."""

from __future__ import annotations

import pytest

from cityloop.sensing.ingest.parse import ObservationInvalid, parse_data_array, parse_observation

GOOD = {"phenomenonTime": "2026-05-01T08:00:00Z", "result": 1.5}


def refusal(data: object, datastream_id: int | None = 7) -> str:
    with pytest.raises(ObservationInvalid) as caught:
        parse_observation(data, datastream_id=datastream_id)
    return caught.value.message


@pytest.mark.parametrize(("change", "message"), [
    ({"phenomenonTime": "2026-13-01"}, "phenomenonTime: '2026-13-01' is not an ISO 8601 time"),
    ({"phenomenonTime": 20260501}, "phenomenonTime: 20260501 is not an ISO 8601 time"),
    ({"phenomenonTime": "2026-05-01T08:00:00"},
     "phenomenonTime: '2026-05-01T08:00:00' has no time zone offset"),
    ({"phenomenonTime": "2026-05-01T09:00:00Z/2026-05-01T08:00:00Z"}, "ends before it starts"),
    ({"phenomenonTime": "2026-05-01T08:00:00Z/P1M"}, "is not an ISO 8601 duration"),
    ({"resultTime": "yesterday"}, "resultTime: 'yesterday' is not an ISO 8601 time"),
    ({"validTime": "2026-05-01T08:00:00Z"}, "validTime: '2026-05-01T08:00:00Z' is not an ISO "
                                            "8601 interval"),
    ({"parameters": [1, 2]}, "parameters: [1, 2] is not a JSON object"),
    ({"result": float("nan")}, "result: NaN is not a number JSON can carry"),
    ({"phenomenontime": "2026-05-01T08:00:00Z"}, "'phenomenontime' is not a property"),
    ({"FeatureOfInterest": {"@iot.id": "x1"}}, "FeatureOfInterest/@iot.id: 'x1' is not an id"),
    ({"FeatureOfInterest": {"name": "Bridge", "encodingType": "application/geo+json"}},
     "FeatureOfInterest: feature must be a GeoJSON object"),
    ({"Datastream": {"@iot.id": 8}}, "Datastream: 8 differs from Datastream(7) it was sent to"),
    ({"Datastream": 8}, 'Datastream: give the related entity as {"@iot.id": <id>}'),
])
def test_it_names_the_property_and_the_problem(change, message):
    assert message in refusal({**GOOD, **change})


def test_it_needs_a_result_and_a_datastream():
    assert refusal({"phenomenonTime": "2026-05-01T08:00:00Z"}) == (
        "result: an Observation must have a result")
    assert refusal(GOOD, datastream_id=None).startswith(
        "Datastream: an Observation needs its Datastream")
    assert refusal([GOOD]) == "an Observation must be a JSON object"


def block(components: object, rows: list[object], datastream: object = None) -> dict[str, object]:
    return {"Datastream": datastream or {"@iot.id": 3}, "components": components,
            "dataArray": rows}


def test_it_refuses_a_body_that_is_not_a_list_of_blocks():
    with pytest.raises(ObservationInvalid, match="JSON array of blocks"):
        parse_data_array({"dataArray": []})
    with pytest.raises(ObservationInvalid, match="block 0: dataArray must be a JSON array"):
        parse_data_array([{"Datastream": {"@iot.id": 1}, "components": ["result"]}])


@pytest.mark.parametrize(("bad_block", "message"), [
    (block(["phenomenonTime", "reslt"], [[1, 2]]), "components: 'reslt' is not one of"),
    (block(["phenomenonTime"], [[1]]), "components: result is required"),
    (block(["result", "result"], [[1, 2]]), "components: a component is listed twice"),
    (block("result", [[1]]), "components must be a JSON array of property names"),
    (block(["result"], [[1]], datastream={"id": 3}), "Datastream: give the related entity"),
    ({"MultiDatastream": {"@iot.id": 1}, "Datastream": {"@iot.id": 3}, "components": ["result"],
      "dataArray": [[1]]}, "a Datastream or a MultiDatastream, not both"),
    ({"MultiDatastream": {"id": 1}, "components": ["result"], "dataArray": [[1]]},
     "MultiDatastream: give the related entity"),
])
def test_it_refuses_every_row_of_a_wrong_block_and_keeps_the_other_blocks(bad_block, message):
    good = block(["phenomenonTime", "result"], [["2026-05-01T08:00:00Z", 1]])
    first, second = parse_data_array([bad_block, good])
    assert isinstance(first, ObservationInvalid)
    assert first.message.startswith("block 0: ") and message in first.message
    assert not isinstance(second, ObservationInvalid) and second.result == 1


def test_it_says_what_is_wrong_with_a_row():
    rows = parse_data_array([block(["phenomenonTime", "result", "FeatureOfInterest/id"], [
        ["2026-05-01T08:00:00Z", 1],
        ["2026-13-01", 2, 5],
        ["2026-05-01T08:00:00Z", 3, "five"],
        "2026-05-01T08:00:00Z",
    ])])
    assert [r.message if isinstance(r, ObservationInvalid) else r for r in rows] == [
        "a row must be a JSON array of 3 values (phenomenonTime, result, FeatureOfInterest/id)",
        "phenomenonTime: '2026-13-01' is not an ISO 8601 time",
        "FeatureOfInterest/@iot.id: 'five' is not an id",
        "a row must be a JSON array of 3 values (phenomenonTime, result, FeatureOfInterest/id)",
    ]


def test_it_takes_array_results_in_a_multidatastream_block_and_refuses_other_rows():
    rows = parse_data_array([{"MultiDatastream": {"@iot.id": 4},
                              "components": ["phenomenonTime", "result"],
                              "dataArray": [["2026-05-01T08:00:00Z", [1, 2]],
                                            ["2026-05-01T08:01:00Z", 3]]}])
    good, bad = rows
    assert not isinstance(good, ObservationInvalid)
    assert good.multi_datastream_id == 4 and good.result == [1, 2]
    assert isinstance(bad, ObservationInvalid) and "array result" in bad.message
