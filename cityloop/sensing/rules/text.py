"""The words of alert cases: descriptions and updates, in every language of the city.

A case has one description, read by staff and (for public categories) by
anyone. An alert's text is written once per language in
``settings.LANGUAGES``, the city's own first, one line each, and a line
that reads the same in two languages (no translation yet) is kept once.
Numbers, units and ISO times read the same in every language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityloop.i18n import pick
from cityloop.sensing.models import Datastream
from cityloop.sensing.rules.levels import Level, rank
from cityloop.sensing.rules.models import Rule


@dataclass(frozen=True)
class Reading:
    rule: Rule
    datastream: Datastream
    level: str | None
    value: float | None
    at: datetime


def in_every_language(render: Callable[[], str]) -> str:
    languages = [settings.LANGUAGE_CODE] + [
        code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines: list[str] = []
    for code in languages:
        with translation.override(code):
            line = render()
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


def number(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1e6:
        return "∞" if value > 0 else "−∞"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def unit(datastream: Datastream) -> str:
    uom = datastream.unit_of_measurement or {}
    return str(uom.get("symbol") or uom.get("name") or "")


def _measured(r: Reading) -> str:
    """What was measured, e.g. "1-hour sum 52 mm", "45 minutes without data"."""
    params = r.rule.params or {}
    amount = _amount(r, r.value)
    if r.rule.kind == "silence":
        return _("%(minutes)s minutes without data") % {"minutes": number(r.value)}
    if r.rule.kind == "window":
        return _("%(aggregate)s over %(minutes)s minutes: %(amount)s") % {
            "aggregate": _aggregate_name(params.get("aggregate", "")),
            "minutes": params.get("minutes"), "amount": amount}
    if r.rule.kind == "rate":
        per = _("per hour") if params.get("per", "hour") == "hour" else _("per minute")
        return _("change %(amount)s %(per)s") % {"amount": amount, "per": per}
    if r.rule.kind == "anomaly":
        return _("%(mads)s MADs from the usual") % {"mads": number(r.value)}
    return amount


def _aggregate_name(key: str) -> str:
    names = {"sum": _("total"), "mean": _("mean"), "max": _("maximum"), "min": _("minimum"),
             "count": _("number of observations")}
    return str(names.get(key, key))


def _threshold(r: Reading) -> str:
    limit = getattr(r.rule, r.level) if r.level else None
    if limit is None:
        return ""
    suffix = "" if r.rule.kind in ("silence", "anomaly") else f" {unit(r.datastream)}"
    return " " + _("(threshold %(limit)s)") % {"limit": f"{number(limit)}{suffix}".strip()}


def _where(r: Reading) -> str:
    return f"{r.datastream.thing.name} – {r.datastream.name}"


def _when(at: datetime) -> str:
    local = timezone.localtime(at)
    return local.strftime("%Y-%m-%d %H:%M %Z").strip()


def _level_name(level: str | None) -> str:
    return str(Level(level).label) if level else _("normal")


def description(r: Reading) -> str:
    """The new case's description."""
    return in_every_language(lambda: _(
        "%(level)s warning: %(rule)s. %(where)s: %(measured)s%(threshold)s at %(time)s."
    ) % {"level": _level_name(r.level), "rule": pick(r.rule.name, r.rule.name_i18n),
         "where": _where(r), "measured": _measured(r), "threshold": _threshold(r),
         "time": _when(r.at)})


def level_change(r: Reading, previous: str | None) -> str:
    """A rising or falling level while the alert goes on."""
    def render() -> str:
        template = (_("Warning raised from %(from)s to %(to)s: %(measured)s%(threshold)s "
                      "at %(time)s.") if rank(r.level) > rank(previous) else
                    _("Warning lowered from %(from)s to %(to)s: %(measured)s%(threshold)s "
                      "at %(time)s."))
        return template % {"from": _level_name(previous), "to": _level_name(r.level),
                           "measured": _measured(r), "threshold": _threshold(r),
                           "time": _when(r.at)}
    return in_every_language(render)


def again(r: Reading) -> str:
    """A new alert of the same rule and datastream while the case is still open."""
    return in_every_language(lambda: _(
        "%(level)s warning again: %(measured)s%(threshold)s at %(time)s."
    ) % {"level": _level_name(r.level), "measured": _measured(r), "threshold": _threshold(r),
         "time": _when(r.at)})


def recovered(r: Reading, peak: float | None, highest: str | None) -> str:
    return in_every_language(lambda: _(
        "Back to normal at %(time)s: %(measured)s. Highest level of the alert: %(highest)s, "
        "peak %(peak)s. The case stays open until staff close it."
    ) % {"time": _when(r.at), "measured": _measured(r), "highest": _level_name(highest),
         "peak": _amount(r, peak)})


def _amount(r: Reading, value: float | None) -> str:
    if r.rule.kind == "silence":
        return _("%(minutes)s minutes") % {"minutes": number(value)}
    if r.rule.kind == "anomaly":
        return _("%(mads)s MADs") % {"mads": number(value)}
    return f"{number(value)} {unit(r.datastream)}".strip()

