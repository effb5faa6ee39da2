"""Texts CityLoop wrote in every language, shown in the page's language only.

An alert's description and updates are written once per language of the
city, one line each (``sensing.rules.text.in_every_language``): staff read
them all, but a resident's page should not show an English page the Chinese
line too. The city's languages are English and Chinese, told apart by their
script, so the lines of the page's language are found whatever their order.
Text a person wrote is shown as written.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation

from cityloop.cases.models import Case, Channel, channel_label
from cityloop.web.staff.source import private_sensor_cases

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _is_chinese(code: str) -> bool:
    return code.lower().startswith("zh")


def in_page_language(text: str, language: str | None = None) -> str:
    """The lines of ``text`` in ``language`` (default: the active one); all of it when
    no line is (a text in one language only) or every line is."""
    lines = text.splitlines()
    if len(lines) < 2:
        return text
    chinese = _is_chinese(language or translation.get_language() or settings.LANGUAGE_CODE)
    kept = [line for line in lines if bool(_HAN.search(line)) == chinese]
    return "\n".join(kept) if kept else text


def description(case: Case, *, private: bool | None = None) -> str:
    """The case's description for a resident's page: alerts and hotspots are described
    by CityLoop in every language, a report in its writer's words. A private sensor's
    alert names its station and readings: it is only "Sensor alert" here, as on the
    public list. ``private``: whether the case is a private sensor's, when the caller
    knows (``private_sensor_cases`` for a whole list); else it is looked up."""
    if case.channel == Channel.SENSOR:
        if private is None:
            private = bool(private_sensor_cases([case.pk]))
        if private:
            return channel_label(Channel.SENSOR)
    if case.channel in (Channel.SENSOR, Channel.HOTSPOT):
        return in_page_language(case.description)
    return case.description
