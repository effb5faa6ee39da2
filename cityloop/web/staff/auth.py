"""Signing in to the staff console, and the guard on every staff page.

Logins are rate limited per client address and username
(``LOGIN_ATTEMPTS_PER_15_MIN`` per 15 minutes, counted in the database so
every web process shares the count). Over the limit the password is not
even checked: a guessing attack learns nothing more. A successful login
clears the count, so the limit is on failures in practice.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityloop.web import permissions, ratelimit

LOGIN_WINDOW = 15 * 60
View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Signed-in active staff only: others are sent to sign in, non-staff get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("staff:login"))
        if not permissions.is_staff(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return guarded


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "web/staff/forbidden.html", {"message": message}, status=403)


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "not_staff": gettext_lazy("This account is not a staff account of the city."),
    }

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)  # refuses inactive accounts
        if not getattr(user, "is_staff", False):
            raise ValidationError(self.error_messages["not_staff"], code="not_staff")


class StaffLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = False

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150].strip().lower()
        key = ratelimit.key_for("login", ratelimit.client_ip(request), username)
        if not ratelimit.allow(key, settings.LOGIN_ATTEMPTS_PER_15_MIN, LOGIN_WINDOW):
            # An unbound form: binding it would check the password.
            form = self.get_form_class()(request, initial={"username": username})
            refusal = _("Too many sign-in attempts for this account from your address. "
                        "Wait 15 minutes, then try again.")
            response = self.render_to_response(
                self.get_context_data(form=form, refusal=refusal))
            response.status_code = 429
            response["Retry-After"] = str(LOGIN_WINDOW)
            return response
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            ratelimit.reset(key)
        return response

    def get_default_redirect_url(self) -> str:
        return reverse("staff:queue")


class StaffLogoutView(auth_views.LogoutView):
    def get_default_redirect_url(self) -> str:
        return reverse("staff:login")
