"""The staff console's addresses (namespace ``staff``)."""

from django.urls import path

from cityloop.web.staff import auth, views_case, views_field, views_queue

urlpatterns = [
    path("", views_queue.queue_page, name="queue"),
    path("points.json", views_queue.queue_points, name="points"),
    path("views/", views_queue.save_view, name="save_view"),
    path("views/<int:pk>/delete/", views_queue.delete_view, name="delete_view"),
    path("bulk/", views_queue.bulk_action, name="bulk"),
    path("login/", auth.StaffLoginView.as_view(), name="login"),
    path("logout/", auth.StaffLogoutView.as_view(), name="logout"),
    path("cases/<str:reference>/", views_case.case_page, name="case"),
    path("cases/<str:reference>/act/<slug:action>/", views_case.act, name="act"),
    path("cases/<str:reference>/contact/", views_case.contact, name="contact"),
    path("media/<int:pk>/", views_case.media_file, name="media"),
    path("field/", views_field.field_view, name="field"),
    path("new/", views_field.new_case, name="new"),
]
