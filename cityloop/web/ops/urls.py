from django.urls import include, path

from cityloop.web.ops import views

urlpatterns = [
    path("", views.cockpit, name="ops"),
    path("feed.json", views.feed_json, name="ops-feed"),
    path("events", views.events, name="ops-events"),
    path("cases.geojson", views.cases_geojson, name="ops-cases"),
    path("warnings/", include("cityloop.web.ops.warnings.urls")),
]
