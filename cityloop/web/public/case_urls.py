from django.urls import path

from cityloop.web.public import case_views

urlpatterns = [
    path("", case_views.lookup, name="public_case_lookup"),
    path("<str:reference>/", case_views.detail, name="public_case"),
]
