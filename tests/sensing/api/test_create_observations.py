"""CreateObservations (OGC 18-088 §14.2): bad observations refused one by one."""

from __future__ import annotations

from cityloop.sensing.models import Observation


def test_it_creates_observations_from_data_arrays(writer, network):
    water, dust = network.datastreams[:2]
    feature = network.features[0]
    response = writer.post("CreateObservations", [
        {"Datastream": {"@iot.id": water.pk},
         "components": ["phenomenonTime", "result", "FeatureOfInterest/id"],
         "dataArray": [["2024-05-02T08:00:00Z", 6, feature.pk],
                       ["2024-05-02T08:01:00Z", 7, feature.pk]]},
        {"Datastream": {"@iot.id": dust.pk},
         "components": ["phenomenonTime", "result"],
         "dataArray": [["2024-05-02T08:00:00Z", 40]]},
    ])
    assert response.status_code == 201, response.content
    links = response.json()
    assert len(links) == 3
    ids = [int(link.rsplit("(", 1)[1].rstrip(")")) for link in links]
    assert list(Observation.objects.filter(pk__in=ids).order_by("pk")
                .values_list("result_number", flat=True)) == [6, 7, 40]


def test_it_keeps_the_good_observations_and_marks_the_bad(writer, network):
    water = network.datastreams[0]
    before = Observation.objects.count()
    response = writer.post("CreateObservations", [
        {"Datastream": {"@iot.id": water.pk}, "components": ["phenomenonTime", "result"],
         "dataArray": [["2024-05-02T08:00:00Z", 6], ["not a time", 7],
                       ["2024-05-02T08:02:00Z", 8]]},
        {"Datastream": {"@iot.id": 99999}, "components": ["phenomenonTime", "result"],
         "dataArray": [["2024-05-02T08:00:00Z", 1]]},
    ])
    assert response.status_code == 201, response.content
    links = response.json()
    assert links[1] == "error" and links[3] == "error"
    assert links[0].startswith("http://testserver/sta/v1.1/Observations(")
    assert Observation.objects.count() == before + 2


def test_it_refuses_a_body_that_is_not_a_list(writer, network):
    response = writer.post("CreateObservations", {"dataArray": []})
    assert response.status_code == 400
    assert response.json()["message"].startswith("CreateObservations takes a JSON array")


def test_it_only_answers_post(sta, writer, db):
    assert sta.get("CreateObservations").status_code == 405
