"""Routes of the GeoReport v2 server under /open311/v2/.

Every resource ends in its format, ``.xml`` or ``.json`` (GeoReport v2,
"Format support"); any other path answers 404 in the spec's error format.
"""

from django.urls import URLPattern, re_path

from cityloop.open311 import views

_FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns: list[URLPattern] = [
    re_path(r"^discovery" + _FMT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + _FMT, views.services, name="open311-services"),
    re_path(r"^services/(?P<code>[^/]+)" + _FMT, views.service_definition,
            name="open311-service"),
    re_path(r"^requests" + _FMT, views.service_requests, name="open311-requests"),
    re_path(r"^requests/(?P<request_id>[^/]+)" + _FMT, views.service_request,
            name="open311-request"),
    re_path(r"^tokens/(?P<token>[^/]+)" + _FMT, views.token, name="open311-token"),
    re_path(r"^servicerequestupdates" + _FMT, views.service_request_updates,
            name="open311-updates"),
    re_path(r"", views.not_found),
]
