"""The web app's addresses; each part of the site owns its own URL module."""

from django.urls import include, path

from cityloop.web import photos, views

urlpatterns = [
    path("areas.geojson", views.areas_geojson, name="areas"),
    path("basemap/", include("cityloop.web.basemap.urls")),
    path("photos/<int:pk>/<str:name>", photos.public_photo, name="photo"),
    path("stats/", include("cityloop.web.public.urls")),
    path("cases/", include("cityloop.web.public.case_urls")),
    path("follow/", include("cityloop.web.public.follow_urls")),
    # The warnings' own pages (cityloop/web/warnings/urls.py) include these instead
    # once they exist: one "warnings" namespace for /warnings/ and its subscribe pages.
    path("warnings/subscribe/",
         include(("cityloop.web.warnings.subscribe_urls", "warnings"))),
    path("staff/", include(("cityloop.web.staff.urls", "staff"))),
    path("ops/", include("cityloop.web.ops.urls")),
    path("", include("cityloop.web.citizen.urls")),
]
