"""Rules in the admin: the same checks as the YAML loader, with the kind's help."""

from __future__ import annotations

from cityloop.catalogue.models import ServiceCategory
from cityloop.sensing.rules.models import Rule
from tests.sensing.rules.helpers import make_stream


def form(stream, **changes):
    data = {
        "code": "river-level", "name": "River level", "name__zh-hans": "河道水位",
        "kind": "threshold", "datastream": stream.pk, "direction": "above",
        "yellow": "3.0", "orange": "3.5", "red": "4.0", "hysteresis": "0.1",
        "case_level": "yellow",
        "category": ServiceCategory.objects.get(service_code="flooding").pk,
        "answers": '{"traffic_blocked": "no"}', "active": "on",
    }
    data.update(changes)
    return data


def test_it_shows_the_kinds_with_what_they_do(client, city_admin):
    client.force_login(city_admin)
    page = client.get("/admin/sensing/rule/add/")
    assert page.status_code == 200
    assert "anomaly: Distance of the latest minute" in page.content.decode()


def test_it_saves_a_sound_rule_with_its_translation(client, city_admin):
    client.force_login(city_admin)
    stream = make_stream()
    answer = client.post("/admin/sensing/rule/add/", form(stream))
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    assert Rule.objects.get().name_i18n == {"zh-hans": "河道水位"}


def test_it_refuses_thresholds_out_of_order_and_bad_parameters(client, city_admin):
    client.force_login(city_admin)
    stream = make_stream()
    answer = client.post("/admin/sensing/rule/add/", form(
        stream, red="2.0", kind="window", param_minutes="0"))
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "the red threshold must be above the orange threshold" in html
    assert "aggregate must be one of" in html
    assert "minutes must be a whole number from 1 to" in html
    assert not Rule.objects.exists()


def test_it_saves_the_parameters_of_the_chosen_kind_only(client, city_admin):
    client.force_login(city_admin)
    stream = make_stream()
    answer = client.post("/admin/sensing/rule/add/", form(
        stream, kind="rate", param_minutes="30", param_per="minute", param_aggregate="sum",
        param_side="below"))
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    assert Rule.objects.get().params == {"minutes": 30, "per": "minute"}
    page = client.get(f"/admin/sensing/rule/{Rule.objects.get().pk}/change/").content.decode()
    assert 'name="param_minutes" value="30"' in page
    assert 'data-kinds="anomaly rate window"' in page
