from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import translation

from tests.fakes.fixtures import fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh(fast_passwords: None) -> Iterator[None]:  # noqa: F811
    """Cheap passwords, no KPIs cached by an earlier test, English unless asked otherwise."""
    cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def citizen(city) -> User:
    """Signed in, but not staff: the cockpit is not for them."""
    return User.objects.create_user("mei_citizen", "mei@example.org", "correct horse battery")


@pytest.fixture
def fast_stream(monkeypatch):
    """An event stream of a few quick messages instead of 90 seconds of them."""
    from cityloop.web.ops import stream

    monkeypatch.setattr(stream, "INTERVAL_SECONDS", 0.01)
    monkeypatch.setattr(stream, "MAX_SECONDS", 1.0)
