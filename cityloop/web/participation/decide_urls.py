"""Surveys (answer, thanks, results with the heat map) and budgets (ballot, counted,
results), included by ``urls`` at /participate/ (``participate:``)."""

from django.urls import path

from cityloop.web.participation import budgets, surveys

urlpatterns = [
    path("surveys/<int:pk>/", surveys.survey, name="survey"),
    path("surveys/<int:pk>/thanks/", surveys.thanks, name="survey_thanks"),
    path("surveys/<int:pk>/results/", surveys.results, name="survey_results"),
    path("budgets/<int:pk>/", budgets.ballot, name="budget"),
    path("budgets/<int:pk>/counted/", budgets.counted, name="budget_counted"),
    path("budgets/<int:pk>/results/", budgets.results, name="budget_results"),
]
