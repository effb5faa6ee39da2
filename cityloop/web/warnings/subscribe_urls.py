"""The subscription pages, included by ``urls`` at /warnings/subscribe/ (``warnings:``)."""

from django.urls import path

from cityloop.web.warnings import subscribe

urlpatterns = [
    path("", subscribe.subscribe, name="subscribe"),
    path("sent/", subscribe.sent, name="subscribe_sent"),
    path("push/", subscribe.push, name="subscribe_push"),
    path("push-key/", subscribe.push_key, name="subscribe_push_key"),
    path("confirm/<str:token>/", subscribe.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", subscribe.unsubscribe, name="unsubscribe"),
]
