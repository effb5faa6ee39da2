"""Helpers shared by the staff console tests."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseBase
from PIL import Image

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case, CaseEvent


def image_file(name: str = "photo.jpg", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def actions_of(case: Case) -> list[str]:
    events = CaseEvent.objects.filter(case=case).order_by("seq")
    return list(events.values_list("action", flat=True))


def act(case: Case, action: str, user: User, **params: Any) -> CaseEvent:
    return lifecycle.transition(case, action, Actor.staff(user), **params)


def page(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse), response  # a page, not a stream or file
    return response.content.decode()
