"""Addresses under /api/ (included by cityloop/urls.py)."""

from django.urls import path

from cityloop.api import views

urlpatterns = [
    path("openapi.json", views.openapi_json, name="openapi"),
]
