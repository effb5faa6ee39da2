from django.urls import path

from cityloop.web.citizen import report_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", report_views.report, name="report"),
    path("report/where", report_views.where, name="report_where"),
    path("report/questions", report_views.questions_fragment, name="report_questions"),
    path("report/nearby", report_views.nearby_fragment, name="report_nearby"),
    path("report/suggest", report_views.suggest, name="report_suggest"),
    path("report/kept/<str:token>/", report_views.kept_photo, name="report_kept_photo"),
    path("report/me-too/", report_views.me_too, name="report_me_too"),
    path("report/me-too/done/", report_views.followed, name="report_followed"),
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/add-info/", views.track_add_info, name="track_add_info"),
    path("track/<str:token>/rate/", views.track_rate, name="track_rate"),
    path("track/<str:token>/photos/<int:media_id>/", views.track_photo, name="track_photo"),
]
