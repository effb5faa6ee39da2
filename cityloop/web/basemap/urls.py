from django.urls import path

from cityloop.web.basemap import views

urlpatterns = [
    # Strings, checked by the view: a malformed tile gets the API's JSON 404.
    path("<str:z>/<str:x>/<str:y>.geojson", views.tile, name="basemap-tile"),
]
