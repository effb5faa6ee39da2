from django.urls import path

from cityloop.web.ops.warnings import views

urlpatterns = [
    path("", views.index, name="ops-warnings"),
    path("new", views.compose, name="ops-warnings-new"),
    path("<int:pk>/edit", views.compose, name="ops-warnings-edit"),
    path("<int:update_of>/update", views.compose, name="ops-warnings-update"),
    path("<int:pk>/publish", views.publish_draft, name="ops-warnings-publish"),
    path("<int:pk>/cancel", views.cancel, name="ops-warnings-cancel"),
    path("<int:pk>/discard", views.discard, name="ops-warnings-discard"),
]
