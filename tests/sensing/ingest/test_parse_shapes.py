"""Every shape of an Observation the standard allows is read (OGC 18-088 §8.2.7, §14.2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from cityloop.sensing.ingest.parse import ObservationIn, parse_data_array, parse_observation

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def test_it_reads_every_property():
    obs = parse_observation({
        "phenomenonTime": "2026-05-01T08:00:00Z/2026-05-01T08:15:00Z",
        "resultTime": "2026-05-01T16:20:00+08:00",
        "result": {"class": "III"},
        "resultQuality": {"uncertainty": 0.1},
        "validTime": "2026-05-01T08:00:00Z/P1D",
        "parameters": {"depth": 2},
        "Datastream": {"@iot.id": "12"},
        "FeatureOfInterest": {"@iot.id": 4},
        "Datastream@iot.navigationLink": "ignored",
    })
    assert obs == ObservationIn(
        datastream_id=12, phenomenon_time=T0, phenomenon_time_end=T0 + timedelta(minutes=15),
        result={"class": "III"}, result_time=T0 + timedelta(minutes=20),
        result_quality={"uncertainty": 0.1}, valid_time=(T0, T0 + timedelta(days=1)),
        parameters={"depth": 2}, feature_of_interest_id=4,
    )
    assert obs.result_time is not None
    assert obs.result_time.utcoffset() == timezone(timedelta(hours=8)).utcoffset(None)


def test_it_takes_durations_on_either_side_of_an_interval():
    obs = parse_observation({"phenomenonTime": "PT1H30M/2026-05-01T08:00:00Z", "result": 1},
                            datastream_id=1)
    assert (obs.phenomenon_time, obs.phenomenon_time_end) == (T0 - timedelta(minutes=90), T0)


def test_it_dates_an_observation_without_a_time_when_it_arrives():
    obs = parse_observation({"result": 1}, datastream_id=1, now=T0)
    assert obs.phenomenon_time == T0 and obs.phenomenon_time_end is None


def test_it_takes_an_inline_feature_of_interest():
    feature = {"name": "Bridge", "description": "Jialing bridge",
               "encodingType": "application/geo+json",
               "feature": {"type": "Point", "coordinates": [106.55, 29.57]}}
    obs = parse_observation({"result": 1, "FeatureOfInterest": feature}, datastream_id=1, now=T0)
    assert obs.feature_of_interest == feature and obs.feature_of_interest_id is None


def test_it_reads_every_component_of_a_data_array():
    rows = parse_data_array([{
        "Datastream": {"@iot.id": 2},
        "components": ["result", "phenomenonTime", "resultTime", "resultQuality", "validTime",
                       "parameters", "FeatureOfInterest/id"],
        "dataArray@iot.count": 1,
        "dataArray": [[20.5, "2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z", "good",
                       "2026-05-01T08:00:00Z/2026-05-01T09:00:00Z", {"k": 1}, 6]],
    }])
    assert rows == [ObservationIn(2, T0, None, 20.5, T0, "good", (T0, T0 + timedelta(hours=1)),
                                  {"k": 1}, 6)]


def test_it_reads_the_common_rows_the_same_way_as_the_careful_path():
    fast = parse_data_array([{"Datastream": {"@iot.id": 2},
                              "components": ["phenomenonTime", "result", "FeatureOfInterest/id"],
                              "dataArray": [["2026-05-01T16:00:00+08:00", 3, 9]]}])
    careful = parse_observation({"phenomenonTime": "2026-05-01T16:00:00+08:00", "result": 3,
                                 "FeatureOfInterest": {"@iot.id": 9}}, datastream_id=2)
    assert fast == [careful]
    assert isinstance(fast[0], ObservationIn) and fast[0].phenomenon_time == T0
