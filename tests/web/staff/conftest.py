"""Fixtures for the staff console tests: signed-in clients per persona, cases
of each department, and small real images."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from cityloop.cases.models import Case
from tests import citydata


@pytest.fixture(autouse=True)
def _keep_language() -> Iterator[None]:
    """A request in Chinese leaves Chinese active in the thread (LocaleMiddleware
    activates, nothing deactivates): restore it so later tests are not affected."""
    before = translation.get_language()
    yield
    if before:
        translation.activate(before)
    else:
        translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    """Photos written by a test go to its own directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def client_for() -> Callable[..., Client]:
    """A test client signed in as ``user``, in ``language`` ("en" or "zh-hans")."""

    def make(user: User, language: str = "en", **kwargs: Any) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language, **kwargs)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def roads_case(make_case: Callable[..., Case]) -> Callable[..., Case]:
    """A pothole with only an address: it stays with the roads bureau itself,
    where the roads officer works."""

    def make(**overrides: Any) -> Case:
        fields: dict[str, Any] = {"lat": None, "lon": None, "address": "12 Bridge Road"}
        fields.update(overrides)
        return make_case(**fields)

    return make


@pytest.fixture
def east_case(make_case: Callable[..., Case]) -> Callable[..., Case]:
    """A pothole in the east district: routed to the roads east office (a unit of roads)."""

    def make(**overrides: Any) -> Case:
        return make_case(**overrides)

    return make


@pytest.fixture
def water_case(make_case: Callable[..., Case]) -> Callable[..., Case]:
    """A blocked drain: the water bureau's case, none of the roads staff's business."""

    def make(**overrides: Any) -> Case:
        lat, lon = citydata.INSIDE_WEST_S
        fields: dict[str, Any] = {"service_code": "blocked_drain", "lat": lat, "lon": lon,
                                  "description": "Drain blocked with leaves"}
        fields.update(overrides)
        return make_case(**fields)

    return make
