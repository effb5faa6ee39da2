"""The webhooks of the chat platforms, one path each under ``/chat/``."""

from django.urls import include, path

urlpatterns = [
    path("telegram/", include("cityloop.notify.chat.telegram.urls")),
]
