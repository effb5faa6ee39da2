"""The subscriptions in the admin: administrators look and delete; nobody adds or edits."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cityloop.notify.follow.models import Subscription


def _subscription(city) -> Subscription:
    return Subscription.objects.create(email="follower@example.org", target="area",
                                       area=city.areas["east"], language="zh-hans",
                                       created_at=timezone.now(), confirmed_at=timezone.now())


def test_an_administrator_sees_and_deletes_a_subscription(city, city_admin, client_for):
    subscription = _subscription(city)
    client = client_for(city_admin, "en")
    html = client.get(reverse("admin:notify_subscription_changelist")).content.decode()
    assert "follower@example.org" in html and "East District" in html
    assert reverse("admin:notify_subscription_add") not in html
    response = client.post(reverse("admin:notify_subscription_delete", args=[subscription.pk]),
                           {"post": "yes"})
    assert response.status_code == 302 and not Subscription.objects.exists()


def test_staff_who_are_not_administrators_are_refused(city, roads_officer, client_for):
    _subscription(city)
    client = client_for(roads_officer, "en")
    response = client.get(reverse("admin:notify_subscription_changelist"))
    assert response.status_code == 403
    assert "follower@example.org" not in response.content.decode()
