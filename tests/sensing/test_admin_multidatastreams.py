"""MultiDatastreams in the admin: their ObservedProperties edited inline, in order, the
positions renumbered after a save, and a list whose length does not fit refused."""

from __future__ import annotations

import pytest

from cityloop.sensing.models import MultiDatastream, MultiDatastreamObservedProperty
from tests.admin.formdata import form_data
from tests.sensing.ingest.conftest import make_network, make_station


@pytest.fixture
def station(db):
    return make_station(make_network())


def _change(client, station: MultiDatastream, **changes: str):
    url = f"/admin/sensing/multidatastream/{station.pk}/change/"
    html = client.get(url).content.decode()
    data = form_data(html, "multidatastream_form")
    data.update(changes, _save="Save")
    return client.post(url, data)


def _order(station: MultiDatastream) -> list[str]:
    return [link.observed_property.name
            for link in station.links.order_by("rank").select_related("observed_property")]


def test_it_lists_and_finds_them_with_their_observed_properties_in_order(
        city_admin, client_for, station):
    client = client_for(city_admin, "zh-hans")
    html = client.get("/admin/sensing/multidatastream/", {"q": "State"}).content.decode()
    assert "Level and state" in html and "Water level, State" in html


def test_swapping_two_positions_swaps_the_order_and_renumbers(city_admin, client_for, station):
    response = _change(client_for(city_admin), station,
                       **{"links-0-rank": "20", "links-1-rank": "10"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert _order(station) == ["State", "Water level"]
    assert sorted(MultiDatastreamObservedProperty.objects.values_list("rank", flat=True)) == [
        0, 1]


def test_it_refuses_a_list_that_does_not_fit_the_units_and_types(city_admin, client_for,
                                                                 station):
    response = _change(client_for(city_admin), station, **{"links-1-DELETE": "on"})
    assert response.status_code == 200
    assert "2 observation types and 2 units, but 1 observed properties" in \
        response.content.decode()
    assert _order(station) == ["Water level", "State"]
    response = _change(client_for(city_admin), station, unit_of_measurements='{"symbol": "m"}')
    assert response.status_code == 200 and "A JSON array of units" in response.content.decode()
