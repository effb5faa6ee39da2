from __future__ import annotations

from typing import Any

from cityloop.sensing.indicators.models import Indicator


def make_indicator(**fields: Any) -> Indicator:
    defaults: dict[str, Any] = {
        "code": "pm25-daily",
        "name": "Fine particles (PM2.5), 24-hour mean",
        "name_i18n": {"zh-hans": "细颗粒物（PM2.5）24小时均值"},
        "unit": "µg/m³",
        "source": "datastream",
        "params": {"observed_property": "PM2.5", "aggregate": "mean", "minutes": 1440},
        "better": "lower",
        "green": 35.0,
        "amber": 75.0,
        "tags": ["SDG 11.6.2", "ISO 37120:2018 8.1"],
    }
    defaults.update(fields)
    return Indicator.objects.create(**defaults)
