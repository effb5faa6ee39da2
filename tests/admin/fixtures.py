"""Fixtures of admin page tests. The /admin/ site's own suite lives in tests/admin;
an app's admin pages are tested next to the app (tests/geo/test_admin_areas.py),
whose conftest imports these."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def client_for() -> Callable[..., Client]:
    """A test client signed in as ``user`` whose browser asks for ``language``."""

    def make(user: User, language: str = "en") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(user)
        return client

    return make
