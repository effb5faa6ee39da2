from django.urls import path

from cityloop.web.basemap import views

urlpatterns = [
    path("<int:z>/<int:x>/<int:y>.geojson", views.tile, name="basemap-tile"),
]
