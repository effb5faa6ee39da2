from django.contrib import admin
from django.urls import include, path

from cityloop.web import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("audit/", include("cityloop.web.audit")),
    path("api/", include("cityloop.api.urls")),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("open311/v2/", include("cityloop.open311.urls")),
    path("chat/", include("cityloop.notify.chat.urls")),
    path("sta/v1.1/", include("cityloop.sensing.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cityloop.web.sensing.urls")),
    path("", include("cityloop.web.urls")),
]
