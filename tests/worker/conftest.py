from __future__ import annotations

import pytest

from tests.fakes.fixtures import fake_webhook, fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_passwords(fast_passwords: None) -> None:  # noqa: F811
    """Every persona hashes a password; a cheap hasher keeps the suite fast."""


@pytest.fixture(autouse=True)
def _short_lived_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sending thread opens its own connection; with CONN_MAX_AGE 0 it closes it
    after every send, so none is left open when the test database is dropped."""
    from django.db import connections

    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
