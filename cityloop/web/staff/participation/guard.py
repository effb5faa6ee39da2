"""The door of every participation page: staff who may use them, else a 403 page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from cityloop.participation import policy
from cityloop.web.staff.auth import forbidden, staff_required

View = Callable[..., HttpResponseBase]


def participation_staff(view: View) -> View:
    """Signed-in staff who answer some process; others get the 403 page."""

    @staff_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not policy.may_use(request.user):
            return refused(request)
        return view(request, *args, **kwargs)

    return guarded


def refused(request: HttpRequest, message: str = "") -> HttpResponse:
    return forbidden(request, message or _(
        "Your role does not allow answering or moderating residents' proposals."))


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user
