from __future__ import annotations

from typing import Any

import pytest

from tests.fakes.fixtures import fake_imap, fake_smtp  # noqa: F401
from tests.geo.places.fixtures import places  # noqa: F401
from tests.mailin.helpers import MailIn


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MAIL_ADDRESS = "reports@city.example"
    settings.MAIL_SENDER_LIMIT = 10


@pytest.fixture
def mailin(city: object) -> MailIn:
    return MailIn()
