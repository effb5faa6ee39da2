"""$batch with MultiDatastreams (OGC 18-088 §12, §14.1): a station built and observed in
one atomicity group, as FROST-Server's clients send it, and a group rolled back whole
when one of its array results does not fit."""

from __future__ import annotations

from cityloop.sensing.models import MultiDatastream, Observation, ObservedProperty
from tests.sensing.api.batch.helpers import by_id, post_json
from tests.sensing.api.multi_helpers import COMPLEX, MEASUREMENT, UNITS


def station(thing_id: int, group: str, result: list[object]) -> list[dict[str, object]]:
    return [
        {"id": f"{group}-t", "atomicityGroup": group, "method": "post", "url": "ObservedProperties",
         "body": {"name": f"Temperature {group}", "definition": "https://x/t", "description": ""}},
        {"id": f"{group}-h", "atomicityGroup": group, "method": "post", "url": "ObservedProperties",
         "body": {"name": f"Humidity {group}", "definition": "https://x/h", "description": ""}},
        {"id": f"{group}-m", "atomicityGroup": group, "method": "post", "url": "MultiDatastreams",
         "body": {"name": f"Air {group}", "description": "", "observationType": COMPLEX,
                  "unitOfMeasurements": UNITS[:2],
                  "multiObservationDataTypes": [MEASUREMENT, MEASUREMENT],
                  "Thing": {"@iot.id": thing_id},
                  "Sensor": {"name": "SHT31", "description": "", "encodingType": "text/html",
                             "metadata": "https://x"},
                  "ObservedProperties": [{"@iot.id": f"${group}-t"}, {"@iot.id": f"${group}-h"}]}},
        {"id": f"{group}-o", "atomicityGroup": group, "method": "post",
         "url": f"${group}-m/Observations",
         "body": {"phenomenonTime": "2024-05-01T09:00:00Z", "result": result}},
    ]


def test_a_group_builds_and_observes_a_multidatastream_by_reference(writer, network):
    answer = by_id(post_json(writer, [
        *station(network.things[0].pk, "g", [21.5, 64]),
        {"id": "read", "dependsOn": ["g"], "method": "get",
         "url": "$g-m?$expand=ObservedProperties($select=name),Observations($select=result)"},
    ]))
    for name in ("g-t", "g-h", "g-m", "g-o"):
        assert answer[name]["status"] == 201, answer[name]
    read = answer["read"]["body"]
    assert [p["name"] for p in read["ObservedProperties"]] == ["Temperature g", "Humidity g"]
    assert read["Observations"] == [{"result": [21.5, 64]}]


def test_a_result_that_does_not_fit_rolls_the_whole_group_back(writer, network):
    answer = by_id(post_json(writer, station(network.things[0].pk, "bad", [21.5])))
    assert answer["bad-o"]["status"] == 400
    assert "1 values, but MultiDatastream" in answer["bad-o"]["body"]["message"]
    assert answer["bad-m"]["status"] == 424
    assert not MultiDatastream.objects.exists()
    assert not ObservedProperty.objects.filter(name__startswith="Temperature").exists()
    assert not Observation.objects.filter(multi_datastream__isnull=False).exists()
