from django.urls import path

from cityloop.web.public import follow_views

urlpatterns = [
    path("", follow_views.follow, name="follow"),
    path("sent/", follow_views.sent, name="follow_sent"),
    path("confirm/<str:token>/", follow_views.confirm, name="follow_confirm"),
    path("unsubscribe/<str:token>/", follow_views.unsubscribe, name="follow_unsubscribe"),
]
