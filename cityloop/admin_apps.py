"""``django.contrib.admin``'s app, with CityLoop's site (cityloop/adminsite.py) as
``admin.site``. Kept apart from the site: this module is imported before any
model may be."""

from django.contrib.admin.apps import AdminConfig


class CityAdminConfig(AdminConfig):
    default_site = "cityloop.adminsite.CityAdminSite"
