from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.utils import translation

from cityloop.cases.models import Case
from tests.analytics import scenario
from tests.fakes.fixtures import fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Names in English, whatever language an earlier test's request left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def month(make_case: Callable[..., Case]) -> dict[str, Case]:
    """The hand-made month of cases of ``scenario.py``."""
    return scenario.build(make_case)
