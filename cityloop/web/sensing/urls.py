"""Vital signs and sensor data pages; included at the site root by cityloop/urls.py."""

from django.urls import path

from cityloop.web.sensing import views

urlpatterns = [
    path("vital-signs/", views.vital_signs_page, name="vital_signs"),
    path("vital-signs.json", views.vital_signs_json, name="vital_signs_json"),
    path("vital-signs/<slug:code>/", views.indicator_page, name="vital_sign"),
    path("sensing/datastreams/<int:pk>/", views.datastream_page, name="datastream"),
    path("sensing/datastreams/<int:pk>/series.json", views.series_json,
         name="datastream_series"),
]
