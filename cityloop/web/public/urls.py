from django.urls import path

from cityloop.web.public import views

urlpatterns = [
    path("", views.stats, name="stats"),
    path("cases.geojson", views.cases_geojson, name="stats-cases-geojson"),
    path("cases/", views.case_list, name="stats-cases"),
]
