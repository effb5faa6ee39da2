from django.urls import path

from cityloop.web.warnings import feed, views

app_name = "warnings"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.atom", feed.warnings_feed, name="feed"),
    path("<slug:identifier>.cap", views.cap_document, name="cap"),
    path("<slug:identifier>/", views.detail, name="detail"),
]
