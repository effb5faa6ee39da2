from django.urls import re_path

from cityloop.sensing.api import views

app_name = "sta"
urlpatterns = [
    re_path(r"^(?P<path>.*)$", views.service, name="service"),
]
