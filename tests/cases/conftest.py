from __future__ import annotations

import pytest

from tests.admin.fixtures import client_for  # noqa: F401
from tests.cases.helpers import case_in  # noqa: F401
from tests.fakes.fixtures import fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_passwords(fast_passwords: None) -> None:  # noqa: F811
    """Every persona hashes a password; a cheap hasher keeps the suite fast."""
