"""A notification channel's events are ticked, not typed as JSON."""

from __future__ import annotations

from cityloop.notify.models import NotificationChannel
from tests.admin.formdata import form_data


def test_it_offers_the_events_as_choices_and_saves_them(city, city_admin, client_for):
    channel = NotificationChannel.objects.create(
        name="Roads desk", kind="email", target="roads@city.example",
        department=city.departments["roads"])
    url = f"/admin/notify/notificationchannel/{channel.pk}/change/"
    client = client_for(city_admin, "zh-hans")
    html = client.get(url).content.decode()
    assert 'type="checkbox" name="events" value="case_event"' in html
    data = form_data(html, "notificationchannel_form")
    assert sorted(data["events"]) == sorted(channel.events)
    data.update(events=["new_case", "case_event"], _save="Save")
    assert client.post(url, data).status_code == 302
    channel.refresh_from_db()
    assert channel.events == ["new_case", "case_event"]


def test_it_keeps_an_event_kind_it_does_not_offer(city, city_admin, client_for):
    channel = NotificationChannel.objects.create(
        name="Audit feed", kind="webhook", target="https://audit.city.example/hook",
        events=["case_resolved"])
    url = f"/admin/notify/notificationchannel/{channel.pk}/change/"
    client = client_for(city_admin)
    data = form_data(client.get(url).content.decode(), "notificationchannel_form")
    data["_save"] = "Save"
    assert client.post(url, data).status_code == 302
    channel.refresh_from_db()
    assert channel.events == ["case_resolved"]
