from django.urls import re_path

from cityloop.sensing.api import views
from cityloop.sensing.api.batch.views import batch

app_name = "sta"
urlpatterns = [
    re_path(r"^\$batch\Z", batch, name="batch"),  # OGC 18-088 §12
    # [\s\S] and \Z, not . and $: a path with a line break is the API's too (its JSON 404),
    # not the site's HTML page.
    re_path(r"^(?P<path>[\s\S]*)\Z", views.service, name="service"),
]
