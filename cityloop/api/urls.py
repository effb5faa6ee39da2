"""Addresses under /api/ (included by cityloop/urls.py)."""

from django.urls import path

from cityloop.api import participation, places, views, warnings

urlpatterns = [
    path("openapi.json", views.openapi_json, name="openapi"),
    path("v1/places", places.places, name="places"),
    path("v1/places/reverse", places.places_reverse, name="places_reverse"),
    path("v1/warnings", warnings.warnings, name="api_warnings"),
    # Ids as text: a malformed one gets the API's JSON 404, not the site's HTML page.
    path("v1/participation/processes", participation.processes,
         name="api_participation_processes"),
    path("v1/participation/processes/<str:pk>/proposals", participation.proposals,
         name="api_participation_proposals"),
    path("v1/participation/budgets", participation.budgets, name="api_participation_budgets"),
    path("v1/participation/budgets/<str:pk>/results", participation.budget_results,
         name="api_participation_budget_results"),
    path("v1/participation/surveys", participation.surveys, name="api_participation_surveys"),
    path("v1/participation/surveys/<str:pk>/results", participation.survey_results,
         name="api_participation_survey_results"),
    path("v1/participation/surveys/<str:pk>/points.geojson", participation.survey_points,
         name="api_participation_survey_points"),
]
