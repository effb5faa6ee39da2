"""The fast lanes of ingest store exactly what the general path stores.

- a phenomenonTime written ``YYYY-MM-DDTHH:MM:SS[.fff]Z`` is cut to its stored form from the
  client's text (``parse.utc_form``), the same text ``ingest.batch.utc_text`` makes;
- a batch of plain rows is inserted naming four columns, any other batch all eleven.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.batch import utc_text
from cityloop.sensing.ingest.parse import (
    UTC_TEXT,
    ObservationIn,
    parse_data_array,
    parse_observation,
    utc_form,
)
from cityloop.sensing.models import Observation

CUT = [
    "2026-05-01T08:00:00Z", "2026-05-01T08:00:00.000Z", "2026-05-01T08:00:00.250Z",
    "2026-12-31T23:59:59.999Z", "2024-02-29T00:00:00.001Z",
]
NOT_CUT = [
    "2026-05-01T08:00:00+00:00", "2026-05-01T16:00:00+08:00", "2026-05-01T08:00:00.25Z",
    "2026-05-01T08:00:00.123456Z", "2026-W18-5T08:00:00Z", "2026-05-01T080000.1Z",
    "2026-05-01 08:00:00Z", "2026-05-01T08:00Z", "20260501T080000Z",
]


@pytest.mark.parametrize("text", CUT)
def test_it_cuts_the_common_form_to_the_stored_text(text):
    assert utc_form(text) == utc_text(datetime.fromisoformat(text))


@pytest.mark.parametrize("text", NOT_CUT)
def test_it_leaves_every_other_form_to_the_datetime(text):
    datetime.fromisoformat(text)  # accepted, but not cut
    assert utc_form(text) is None


@pytest.mark.parametrize("text", CUT + NOT_CUT)
def test_both_parsers_agree_with_the_datetime(text):
    one = parse_observation({"phenomenonTime": text, "result": 1.5}, datastream_id=3)
    (row,) = parse_data_array([{"Datastream": {"@iot.id": 3},
                                "components": ["phenomenonTime", "result"],
                                "dataArray": [[text, 1.5]]}])
    assert isinstance(row, ObservationIn)
    assert row == one
    for parsed in (one, row):
        stored = parsed.__dict__.get(UTC_TEXT)
        assert stored is None or stored == utc_text(parsed.phenomenon_time)
        assert (stored is not None) == (text in CUT)


def _stored(ids):
    return list(Observation.objects.filter(id__in=ids).order_by("id").values_list(
        "datastream_id", "phenomenon_time", "result_number", "result_json", "parameters"))


def test_a_plain_batch_and_a_mixed_batch_store_the_same_rows(network):
    body = [{"Datastream": {"@iot.id": network.level.pk},
             "components": ["phenomenonTime", "result"],
             "dataArray": [["2026-05-01T08:00:00.250Z", 1.5], ["2026-05-01T08:01:00Z", 2]]}]
    plain = [o for o in parse_data_array(body) if isinstance(o, ObservationIn)]
    first = ingest(plain)  # every row plain: the narrow insert
    body[0]["dataArray"] = [["2026-05-01T09:00:00.250Z", 1.5], ["2026-05-01T09:01:00Z", 2]]
    mixed = [o for o in parse_data_array(body) if isinstance(o, ObservationIn)]
    mixed.append(parse_observation({"phenomenonTime": "2026-05-01T09:02:00Z", "result": 3,
                                    "parameters": {"depth": 2}}, datastream_id=network.level.pk))
    second = ingest(mixed)  # one row with parameters: all eleven columns
    assert first.errors == second.errors == []
    one, two = _stored(first.ids), _stored(second.ids)
    assert [(ds, t.replace(hour=8), n) for ds, t, n, _j, _p in two[:2]] == [
        (ds, t, n) for ds, t, n, _j, _p in one]
    assert [t.microsecond for _d, t, *_ in one] == [250000, 0]
    assert two[2][2:] == (3.0, None, {"depth": 2})


def test_a_null_result_among_numbers_is_stored_as_null(network):
    result = ingest([
        parse_observation({"phenomenonTime": "2026-05-01T08:00:00Z", "result": None},
                          datastream_id=network.status.pk),
        parse_observation({"phenomenonTime": "2026-05-01T08:00:01Z", "result": 4.5},
                          datastream_id=network.level.pk),
    ])
    assert result.errors == []
    assert [(n, j) for _d, _t, n, j, _p in _stored(result.ids)] == [(None, None), (4.5, None)]
