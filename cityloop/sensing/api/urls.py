from django.urls import re_path

from cityloop.sensing.api import views

app_name = "sta"
urlpatterns = [
    # [\s\S] and \Z, not . and $: a path with a line break is the API's too (its JSON 404),
    # not the site's HTML page.
    re_path(r"^(?P<path>[\s\S]*)\Z", views.service, name="service"),
]
