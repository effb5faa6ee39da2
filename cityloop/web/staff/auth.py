"""Signing in to the staff console, and the guard on every staff page.

Failed logins are limited per 15 minutes, counted in the database so every
web process shares the count, on three keys at once:

* the client address and the user name as the authentication backend reads
  it (NFKC, as Django's login form and ``normalize_username`` apply it) and
  then casefolded, so ``ｐarks.officer`` or ``PARKS.OFFICER`` count as
  ``parks.officer`` (``LOGIN_ATTEMPTS_PER_15_MIN``);
* the client address and the account that name resolves to, so any spelling
  that reaches the account counts against it (the same limit);
* the client address alone, across every name tried
  (``LOGIN_ATTEMPTS_PER_ADDRESS``), against one address guessing many names.

Over a limit the password is not even checked: a guessing attack learns
nothing more. A successful login clears the name and account counts and
gives back its own count on the address, so the limits are on failures in
practice and a busy office behind one address can still sign in. The admin
has no login of its own (``cityloop/adminsite.py`` sends it here), so this
is the only door where passwords are checked.

Why not django-axes: it would share counts through its database handler and
can normalise the name with ``AXES_USERNAME_CALLABLE``, but it applies one
failure limit to every key it combines (an address-wide limit needs a higher
one than a per-account limit), it adds three tables that keep every attempt's
address and browser (personal data with its own retention to manage), and it
sits in the authentication backend and middleware of every request. The
limiter here is one table already shared with the report limit, and the
rules above fit in one function.

No limit is kept per account from every address: it would let anyone lock
any officer out of the console by guessing wrong on purpose.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
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

from cityloop.cases import policy
from cityloop.web import ratelimit

LOGIN_WINDOW = 15 * 60
View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Signed-in active staff only: others are sent to sign in, non-staff get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("staff:login"))
        if not policy.is_staff(request.user):
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
        typed = str(request.POST.get("username", ""))[:150].strip()
        keys = login_keys(ratelimit.client_ip(request), typed)
        refusal = over_login_limit(keys)
        if refusal:
            # An unbound form: binding it would check the password.
            form = self.get_form_class()(request, initial={"username": typed})
            response = self.render_to_response(
                self.get_context_data(form=form, refusal=refusal))
            response.status_code = 429
            response["Retry-After"] = str(LOGIN_WINDOW)
            return response
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            for key in keys.per_name:
                ratelimit.reset(key)
            ratelimit.refund(keys.address)
        return response

    def get_default_redirect_url(self) -> str:
        return reverse("staff:queue")


class StaffLogoutView(auth_views.LogoutView):
    def get_default_redirect_url(self) -> str:
        return reverse("staff:login")


@dataclass(frozen=True)
class LoginKeys:
    """The rate-limit keys one login attempt counts against."""

    address: str
    per_name: list[str]  # the name as the backend reads it, and its account


def normalised_username(typed: str) -> str:
    """The name the authentication backend looks up: NFKC, as Django's
    ``UsernameField`` and ``AbstractBaseUser.normalize_username`` apply it."""
    return unicodedata.normalize("NFKC", typed)


def login_keys(address: str, typed: str) -> LoginKeys:
    name = normalised_username(typed)
    per_name = [ratelimit.key_for("login", address, name.casefold())]
    model = get_user_model()
    # The lookup ModelBackend makes (get_by_natural_key: exact match). A NUL
    # is refused by the form, and PostgreSQL would raise on it: no account.
    account = None if "\x00" in name else model._default_manager.filter(
        **{model.USERNAME_FIELD: name}).values_list("pk", flat=True).first()
    if account is not None:
        per_name.append(ratelimit.key_for("login-account", address, str(account)))
    return LoginKeys(ratelimit.key_for("login-address", address), per_name)


def over_login_limit(keys: LoginKeys) -> str:
    """Count the attempt on every key; the refusal to show when one is over."""
    name_ok = [ratelimit.allow(k, settings.LOGIN_ATTEMPTS_PER_15_MIN, LOGIN_WINDOW)
               for k in keys.per_name]
    address_ok = ratelimit.allow(keys.address, settings.LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW)
    if not all(name_ok):
        return _("Too many sign-in attempts for this account from your address. "
                 "Wait 15 minutes, then try again.")
    if not address_ok:
        return _("Too many sign-in attempts from your address. "
                 "Wait 15 minutes, then try again.")
    return ""
