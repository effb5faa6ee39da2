"""``{% sensor_charts case %}``: the sensor's chart around the alert, on a staff case page.

The case page has already checked that the person may see the case; the
chart shows the data of the datastreams whose alerts the case records.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from cityloop.cases.models import Case
from cityloop.sensing.rules.models import Alert
from cityloop.sensing.rules.text import number
from cityloop.web.sensing import charts, series

register = template.Library()


@register.inclusion_tag("sensing/includes/datastream_chart.html")
def sensor_charts(case: Case, minutes: int = series.DEFAULT_MINUTES) -> dict[str, Any]:
    """One chart per datastream of the case's alerts, centred on its first alert."""
    if getattr(case, "channel", "") != "sensor":
        return {"sensor_charts": []}
    first: dict[int, Alert] = {}
    alerts = Alert.objects.filter(case=case).select_related(
        "rule", "datastream__thing", "datastream__observed_property").order_by("started_at")
    for alert in alerts:
        first.setdefault(alert.datastream_id, alert)
    items = []
    for alert in first.values():
        data = series.load(alert.datastream, alert.started_at, minutes)
        query = urlencode({"around": alert.started_at.isoformat(), "minutes": str(minutes)})
        items.append({
            "alert": alert,
            "series": data,
            "chart": charts.chart(data, alert.started_at),
            "rows": charts.table_rows(data),
            "json_url": f"{reverse('datastream_series', args=[alert.datastream_id])}?{query}",
        })
    return {"sensor_charts": items}


@register.filter
def reading(value: float | None) -> str:
    """A measured number as people write it: 3.6, 12, 0.05 (at most two decimals)."""
    return number(value)
