from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case
from tests import citydata

REPORTER = ContactInfo(name="Liu Xiaoqing", email="liu.xq@example.org",
                       phone="+86 138 0000 1234", show_name=False, language="zh-hans")
PERSONAL = ("Liu Xiaoqing", "liu.xq@example.org", "138 0000 1234")
DESCRIPTIONS = ("Pothole outside number 5, call Liu", "Neighbour Zhang at flat 12B plays drums")


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    """No statistics cached by an earlier test, and English unless a request asks otherwise."""
    cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def public_cases(make_case: Callable[..., Case]) -> dict[str, Case]:
    """An open and a resolved pothole (public) and a noise case (sensitive), all with a
    reporter whose details must never be published."""
    def report(**fields: Any) -> Case:
        return make_case(contact=REPORTER, **fields)

    cases = {
        "open": report(description=DESCRIPTIONS[0]),
        "resolved": report(lat=citydata.INSIDE_WEST_N[0], lon=citydata.INSIDE_WEST_N[1]),
        "noise": report(service_code="noise", description=DESCRIPTIONS[1],
                        attributes={"source": "music_party"},
                        lat=citydata.INSIDE_WEST_S[0], lon=citydata.INSIDE_WEST_S[1]),
    }
    lifecycle.transition(cases["resolved"], "resolve", Actor.system("test"))
    lifecycle.transition(cases["noise"], "resolve", Actor.system("test"))
    return cases


def assert_nothing_personal(body: str) -> None:
    for text in (*PERSONAL, *DESCRIPTIONS):
        assert text not in body, f"{text!r} was published"
