"""The conversations in the admin: they open, read only, without what people wrote."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client

from cityloop.notify.chat.models import Conversation


def test_the_conversation_pages_open_read_only_without_the_texts(
        client_for: Callable[[User], Client], city_admin: User) -> None:
    chat = Conversation.objects.create(platform="telegram", chat_id="987654321",
                                       language="en", step="category",
                                       description="My neighbour's secret pothole")
    client = client_for(city_admin)
    listing = client.get("/admin/notify/conversation/")
    assert listing.status_code == 200
    page = client.get(f"/admin/notify/conversation/{chat.pk}/change/")
    assert page.status_code == 200
    for response in (listing, page):
        text = response.content.decode()
        assert "987654321" not in text and "secret pothole" not in text
    assert client.get("/admin/notify/conversation/add/").status_code == 403
