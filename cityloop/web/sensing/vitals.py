"""The vital-signs page and its JSON: each indicator's latest value, band and history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cityloop.cases.policy import AnyUser, is_staff
from cityloop.i18n import all_translations, pick
from cityloop.sensing import access
from cityloop.sensing.indicators.compute import source_of
from cityloop.sensing.indicators.models import Band, Indicator, IndicatorValue
from cityloop.sensing.indicators.sources import Behind
from cityloop.sensing.models import Datastream
from cityloop.web.sensing.charts import Sparkline, sparkline

HISTORY = 30
# Colour is never the only signal: each band has a word and a shape.
BAND_SHAPES = {Band.GREEN: "●", Band.AMBER: "▲", Band.RED: "■", "": "–"}
NO_DATA = _("No data")


@dataclass
class VitalSign:
    indicator: Indicator
    history: list[IndicatorValue]  # oldest first

    @property
    def latest(self) -> IndicatorValue | None:
        return self.history[-1] if self.history else None

    @property
    def band(self) -> str:
        return self.latest.band if self.latest else ""

    @property
    def band_label(self) -> str:
        return str(Band(self.band).label) if self.band else str(NO_DATA)

    @property
    def band_shape(self) -> str:
        return BAND_SHAPES.get(self.band, "–")

    @property
    def spark(self) -> Sparkline | None:
        return sparkline([v.value for v in self.history])


def indicators_for(user: AnyUser) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(active=True)
    return indicators if is_staff(user) else indicators.filter(public=True)


def vital_signs(user: AnyUser) -> list[VitalSign]:
    signs = []
    for indicator in indicators_for(user):
        values = list(indicator.values.order_by("-at", "-id")[:HISTORY])
        signs.append(VitalSign(indicator, values[::-1]))
    return signs


def behind(indicator: Indicator, user: AnyUser) -> Behind:
    """What the indicator is computed from, as far as ``user`` may see it."""
    found = source_of(indicator).behind(indicator.params)
    ids = [d.pk for d in found.datastreams]
    streams = access.visible(user, Datastream.objects.filter(pk__in=ids)).select_related(
        "thing").order_by("id")
    return Behind(datastreams=list(streams), categories=found.categories)


def as_json(sign: VitalSign, url: str) -> dict[str, Any]:
    ind = sign.indicator
    latest = sign.latest
    return {
        "code": ind.code,
        "name": ind.display_name,
        "names": all_translations(ind.name, ind.name_i18n),
        "description": pick(ind.description, ind.description_i18n),
        "unit": ind.unit,
        "source": ind.source,
        "better": ind.better,
        "target": {"green": ind.green, "amber": ind.amber},
        "tags": ind.tags,
        "value": latest.value if latest else None,
        "at": latest.at.isoformat() if latest else None,
        "band": sign.band or None,
        "band_label": sign.band_label,
        "history": [{"at": v.at.isoformat(), "value": v.value, "band": v.band or None}
                    for v in sign.history],
        "url": url,
    }
