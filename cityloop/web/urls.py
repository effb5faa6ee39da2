"""The web app's addresses; each part of the site owns its own URL module."""

from django.urls import include, path

from cityloop.web import photos, views

urlpatterns = [
    path("areas.geojson", views.areas_geojson, name="areas"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("basemap/", include("cityloop.web.basemap.urls")),
    path("photos/<int:pk>/<str:name>", photos.public_photo, name="photo"),
    path("stats/", include("cityloop.web.public.urls")),
    path("cases/", include("cityloop.web.public.case_urls")),
    path("follow/", include("cityloop.web.public.follow_urls")),
    path("staff/", include(("cityloop.web.staff.urls", "staff"))),
    path("ops/", include("cityloop.web.ops.urls")),
    path("warnings/", include("cityloop.web.warnings.urls")),
    path("participate/", include("cityloop.web.participation.urls")),
    path("opendata/", include("cityloop.web.opendata.urls")),
    path("", include("cityloop.web.citizen.urls")),
]
