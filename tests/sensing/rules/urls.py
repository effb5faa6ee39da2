"""The site's addresses with the sensing pages, until cityloop/urls.py includes them."""

from django.urls import include, path

from cityloop.urls import urlpatterns as site

urlpatterns = [path("", include("cityloop.sensing.web.urls")), *site]
