"""Addresses under /api/ (included by cityloop/urls.py)."""

from django.urls import path

from cityloop.api import places, views, warnings

urlpatterns = [
    path("openapi.json", views.openapi_json, name="openapi"),
    path("v1/places", places.places, name="places"),
    path("v1/places/reverse", places.places_reverse, name="places_reverse"),
    path("v1/warnings", warnings.warnings, name="api_warnings"),
]
