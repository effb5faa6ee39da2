"""The staff console's addresses (namespace ``staff``)."""

from django.urls import include, path

from cityloop.web.staff import auth
from cityloop.web.staff.case import views as case
from cityloop.web.staff.field import views as field
from cityloop.web.staff.queue import views as queue

urlpatterns = [
    path("", queue.queue_page, name="queue"),
    path("points.json", queue.queue_points, name="points"),
    path("views/", queue.save_view, name="save_view"),
    path("views/<int:pk>/delete/", queue.delete_view, name="delete_view"),
    path("bulk/", queue.bulk_action, name="bulk"),
    path("login/", auth.StaffLoginView.as_view(), name="login"),
    path("logout/", auth.StaffLogoutView.as_view(), name="logout"),
    path("cases/<str:reference>/", case.case_page, name="case"),
    path("cases/<str:reference>/act/<slug:action>/", case.act, name="act"),
    path("cases/<str:reference>/contact/", case.contact, name="contact"),
    path("media/<int:pk>/", case.media_file, name="media"),
    path("field/", field.field_view, name="field"),
    path("new/", field.new_case, name="new"),
    path("participation/", include("cityloop.web.staff.participation.urls")),
]
