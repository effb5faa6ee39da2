"""A transport that names a contact detail nobody has is reported at start-up."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cityloop.notify.checks import transports_reach_a_known_contact
from cityloop.registry import notification_transports


class _Pager:
    contact = "pager_number"

    def send(self, message: Any) -> None:
        raise AssertionError("never sent in this test")


class _Sms(_Pager):
    contact = "phone"


def test_the_built_in_transports_pass() -> None:
    assert transports_reach_a_known_contact() == []


def test_a_transport_reaching_people_by_a_detail_they_cannot_give_is_an_error() -> None:
    with notification_transports.temporarily("pager", "A pager gateway", _Pager):
        problems = transports_reach_a_known_contact()
        assert [p.id for p in problems] == ["notify.E001"]
        assert "'pager'" in problems[0].msg and "'pager_number'" in problems[0].msg
        with pytest.raises(SystemCheckError, match=r"notify\.E001"):
            call_command("check")


def test_a_transport_reaching_people_by_phone_passes() -> None:
    with notification_transports.temporarily("sms", "A text-message gateway", _Sms):
        assert transports_reach_a_known_contact() == []
