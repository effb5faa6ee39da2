from __future__ import annotations

import pytest

from tests.admin.fixtures import client_for  # noqa: F401
from tests.fakes.fixtures import fake_telegram, fast_passwords  # noqa: F401
from tests.geo.places.fixtures import places  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_passwords(fast_passwords: None) -> None:  # noqa: F811
    """Every persona hashes a password; a cheap hasher keeps the suite fast."""
