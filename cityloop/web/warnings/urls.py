from django.urls import include, path

from cityloop.web.warnings import feed, views

app_name = "warnings"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.atom", feed.warnings_feed, name="feed"),
    # Residents' subscriptions (subscribe.py), before the warnings' own identifiers.
    path("subscribe/", include("cityloop.web.warnings.subscribe_urls")),
    path("<slug:identifier>.cap", views.cap_document, name="cap"),
    path("<slug:identifier>/", views.detail, name="detail"),
]
