from django.urls import path

from cityloop.notify.chat.telegram import views

urlpatterns = [
    path("webhook/", views.webhook, name="chat_telegram_webhook"),
]
