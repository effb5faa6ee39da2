from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import translation

from cityloop.participation.models import Resident
from cityloop.web.participation import session
from tests.participation.fixtures import (  # noqa: F401 (fixtures)
    budget,
    make_resident,
    survey,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def sign_in() -> Callable[[Client, Resident], Client]:
    """``sign_in(client, resident)``: the client's session is the verified resident's."""
    def sign(client: Client, resident: Resident) -> Client:
        store = client.session
        store[session.KEY] = resident.pk
        store.save()
        return client

    return sign


@pytest.fixture
def resident(make_resident: Callable[..., Resident]) -> Resident:  # noqa: F811
    return make_resident("ann.lee@example.org")


@pytest.fixture
def voter(client: Client, resident: Resident,
          sign_in: Callable[[Client, Resident], Client]) -> Client:
    """A client signed in as a verified resident."""
    return sign_in(client, resident)
