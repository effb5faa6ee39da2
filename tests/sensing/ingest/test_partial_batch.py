"""A batch with bad observations keeps the good ones and reports the bad ones by index."""

from __future__ import annotations

from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import ObservationInvalid, parse_data_array, show
from cityloop.sensing.models import Observation
from tests.sensing.ingest.helpers import at, obs


def test_it_stores_the_good_and_names_the_bad(network):
    result = ingest([
        obs(network.level, at(0), 1.0),
        obs(999999, at(0), 2.0),
        obs(network.level, at(1), "high"),
        obs(network.level, at(2), 3.0, feature_of_interest_id=888888),
        obs(network.nowhere, at(3), 4.0),
        obs(network.level, at(4), "5.5"),
        obs(network.status, at(5), {"state": "ok"}),
        obs(network.level, at(6), 10**400),
    ])
    assert [i is not None for i in result.ids] == [True, False, False, False, False, True, True,
                                                   False]
    assert result.errors == [
        (1, "Datastream(999999) does not exist"),
        (2, f"result: 'high' is not a number, and Datastream({network.level.pk}) takes "
            "measurements"),
        (3, "FeatureOfInterest(888888) does not exist"),
        (4, f"FeatureOfInterest: none given, and Thing({network.nowhere.thing_id}) of "
            f"Datastream({network.nowhere.pk}) has no Location to make one from"),
        (7, f"result: {show(10**400)} is too large"),
    ]
    stored = {o.pk: (o.result_number, o.result_json) for o in Observation.objects.all()}
    assert stored == {result.ids[0]: (1.0, None), result.ids[5]: (5.5, None),
                      result.ids[6]: (None, {"state": "ok"})}


def test_it_answers_create_observations_row_by_row(network):
    """What the CreateObservations response is made from: an id, or why not, per row."""
    parsed = parse_data_array([{
        "Datastream": {"@iot.id": network.level.pk},
        "components": ["phenomenonTime", "result"],
        "dataArray": [["2026-05-01T08:00:00Z", 1], ["2026-13-01", 2], ["2026-05-01T08:01:00Z", 3]],
    }, {
        "Datastream": {"@iot.id": 999999},
        "components": ["phenomenonTime", "result"],
        "dataArray": [["2026-05-01T08:00:00Z", 4]],
    }])
    good = [p for p in parsed if not isinstance(p, ObservationInvalid)]
    result = ingest(good)
    assert isinstance(parsed[1], ObservationInvalid)
    assert [i is not None for i in result.ids] == [True, True, False]
    assert result.errors == [(2, "Datastream(999999) does not exist")]
    assert list(Observation.objects.order_by("result_number")
                .values_list("result_number", flat=True)) == [1, 3]


def test_it_stores_nothing_and_says_so_when_every_observation_is_bad(network):
    result = ingest([obs(999999, at(0), 1.0)])
    assert result.ids == [None] and result.stored == 0
    assert not Observation.objects.exists()
