"""The admin site: for the city's administrators only.

Officers, supervisors and operators are staff (``is_staff``) and hold
``cases.view_case`` for the staff console; Django's stock admin would let
them read every department's cases at ``/admin/cases/case/``. The staff
console is where they work, within their ``cases.policy`` scope; the admin
admits city administrators (role "admin", superusers) and nobody else, and
its case pages still ask ``cases.policy`` (cases/admin.py), so that opening
any admin page to others later cannot open every department's cases.

Signing in goes through the staff console's login, which is rate limited,
so the admin adds no second door to guess passwords at.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityloop.cases import policy
from cityloop.conf.cityname import city_name

View = TypeVar("View", bound=Callable[..., Any])


def _header() -> str:
    # In the page's language: 江城市, not "Jiangcheng", on the Chinese admin.
    return _("%(city)s administration") % {"city": city_name()}


class CityAdminSite(admin.AdminSite):
    site_header = lazy(_header, str)()
    site_title = lazy(_header, str)()
    index_title = gettext_lazy("Routing, catalogue, areas, sensors and channels")

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.is_admin(request.user)

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # Signed-in staff who are not administrators get a plain "not
            # allowed" rather than a sign-in form they could do nothing with.
            if (request.user.is_authenticated and not self.has_permission(request)
                    and request.path != reverse("admin:logout", current_app=self.name)):
                return self.refuse(request)
            return inner(request, *args, **kwargs)

        return cast(View, update_wrapper(guarded, inner))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None
              ) -> HttpResponse:
        if request.user.is_authenticated and not self.has_permission(request):
            return self.refuse(request)
        if request.user.is_authenticated:
            return super().login(request, extra_context)  # redirects to the index
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, reverse("staff:login"))

    def refuse(self, request: HttpRequest) -> HttpResponse:
        # The staff console's "not allowed" page, by its template: the app
        # admin modules that import this site stay clear of the web layer.
        message = _("The admin is for the city's administrators. Your cases are in the staff "
                    "console.")
        return render(request, "web/staff/forbidden.html", {"message": message}, status=403)


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows that CityLoop writes itself (the worker, the rules): look, never edit."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
