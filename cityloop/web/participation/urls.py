"""``/participate/``: each part of the residents' participation pages owns its URL module.

- ``engage_urls``: the list of processes, a process's page, verifying a resident,
  proposals (write, support, comment, report abuse);
- ``decide_urls``: surveys (answer, results, heat map) and budgets (ballot, results).
"""

from django.urls import include, path

app_name = "participate"

urlpatterns = [
    path("", include("cityloop.web.participation.decide_urls")),
    path("", include("cityloop.web.participation.engage_urls")),
]
