from django.urls import path

from cityloop.web.opendata import views

urlpatterns = [
    path("", views.index, name="opendata"),
    # Any name, checked by the view against the four files: anything else is a 404.
    path("<str:name>", views.download, name="opendata-file"),
]
