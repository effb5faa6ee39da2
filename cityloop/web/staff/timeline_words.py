"""The details an event records, put into sentences for the staff timeline.

Events keep machine details (``{"assignee": "roads.binjiang"}``,
``{"media": [5, 6]}``) so that the audit chain stays stable whatever the
language; people read "Assigned to Li Wei" and "2 photos" instead. Each
known key has its own wording; a key nobody has worded yet is still shown,
as "key: value", so nothing an event recorded is hidden.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cityloop.cases.actions import action_label
from cityloop.cases.intake import channel_choices
from cityloop.cases.models import ActorKind, RejectReason, channel_label
from cityloop.cases.sla import SWEEPER
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Priority
from cityloop.geo.models import Area
from cityloop.sensing.rules.models import Rule
from cityloop.triage.hotspots.detection import ACTOR as HOTSPOTS

# What each event is called in the timeline: what happened, not the command.
TITLES = {
    "create": gettext_lazy("Report received"),
    "assign": gettext_lazy("Assigned"),
    "start": gettext_lazy("Work started"),
    "resolve": gettext_lazy("Resolved"),
    "close": gettext_lazy("Closed"),
    "reject": gettext_lazy("Rejected"),
    "mark_duplicate": gettext_lazy("Marked as a duplicate"),
    "reopen": gettext_lazy("Reopened"),
    "forward": gettext_lazy("Forwarded to another department"),
    "join": gettext_lazy("Co-handling department added"),
    "comment": gettext_lazy("Public update"),
    "note": gettext_lazy("Internal note"),
    "add_info": gettext_lazy("Information added"),
    "mark_overdue": gettext_lazy("Marked overdue"),
    "escalate": gettext_lazy("Escalated"),
    "rate": gettext_lazy("Rated by the reporter"),
    "recategorise": gettext_lazy("Category changed"),
    "relocate": gettext_lazy("Location changed"),
    "set_priority": gettext_lazy("Priority changed"),
    "follow": gettext_lazy("Follower added (me too)"),
    "absorb_duplicate": gettext_lazy("Duplicate merged"),
    "contact_viewed": gettext_lazy("Contact details viewed"),
    "add_photos": gettext_lazy("Photos added"),
    "approve_photo": gettext_lazy("Photo approved for public display"),
}


def title(action: str) -> str:

    return str(TITLES[action]) if action in TITLES else action_label(action).capitalize()


# Reasons the system records for closing or reopening, in people's words.
REASONS: dict[str, Any] = {  # lazy texts, said in the language of each page
    "rated": gettext_lazy("the reporter rated the resolution"),
    "no_rating": gettext_lazy("no rating came within the rating period"),
    "bad_rating": gettext_lazy("the reporter rated the resolution badly"),
    **dict(RejectReason.choices),
}


SENSOR_RULE = "sensor rule "  # how sensing.rules.alerts names its actor, then the rule's code


def actor_names(labels: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Who acted, in the page's language, for each (actor kind, stored label).

    Staff and API clients are named as recorded. A citizen is recorded only
    as a generic word, and the system's own actors (the SLA sweeper, the
    hotspot detector, a sensor rule) by an English code word: those are put
    into words here.
    """

    wanted = set(labels)
    codes = {label[len(SENSOR_RULE):] for kind, label in wanted
             if kind == ActorKind.SYSTEM and label.startswith(SENSOR_RULE)}
    rules = {r.code: r.display_name for r in Rule.objects.filter(code__in=codes)} if codes else {}
    system = {"CityLoop": _("CityLoop"), SWEEPER: _("Deadline watch"),
              HOTSPOTS: _("Hotspot detector"), **dict(channel_choices())}
    out: dict[tuple[str, str], str] = {}
    for kind, label in wanted:
        if kind == ActorKind.CITIZEN:
            out[(kind, label)] = _("Citizen")
        elif kind == ActorKind.SYSTEM and label.startswith(SENSOR_RULE):
            code = label[len(SENSOR_RULE):]
            out[(kind, label)] = _("Sensor rule: %(name)s") % {"name": rules.get(code, code)}
        elif kind == ActorKind.SYSTEM and label in system:
            out[(kind, label)] = str(system[label])
        else:
            out[(kind, label)] = label
    return out


def display_names(usernames: Iterable[str]) -> dict[str, str]:
    """Each user's full name, else their username (one query for a whole timeline)."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    users = User.objects.filter(username__in=wanted).only("username", "first_name", "last_name")
    return {u.username: u.get_full_name() or u.username for u in users}


def _department(code: Any) -> str:
    for department in snapshot.current().departments.values():
        if department.code == str(code):
            return department.display_name
    return str(code)


def _category(code: Any) -> str:
    category = snapshot.current().categories.get(str(code))
    return category.display_name if category else str(code)


def _priority(value: Any) -> str:
    return str(Priority(value).label) if value in Priority.values else str(value)


def _when(value: Any) -> str:
    moment = parse_datetime(str(value)) if isinstance(value, str) else None
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return str(value)


def _place(value: Any) -> str:
    if isinstance(value, Mapping) and value.get("lat") is not None:
        return f"{float(value['lat']):.5f}, {float(value['lon']):.5f}"
    return _("no location")


def _photos(value: Any) -> str | None:
    count = len(value) if isinstance(value, list) else (1 if value else 0)
    if not count:
        return None
    return ngettext("%(count)d photo", "%(count)d photos", count) % {"count": count}


def _area(code: Any) -> str:
    area = Area.objects.filter(code=str(code)).only("name", "name_i18n").first()
    return _("Area: %(name)s") % {"name": area.display_name if area else code}


def _reason(value: Any) -> str | None:
    if not value:
        return None
    worded = REASONS.get(str(value))
    return _("Reason: %(reason)s") % {"reason": str(worded) if worded else value}


def _pair(data: Mapping[str, Any], key: str, word: Callable[[Any], str],
          template: str) -> str:
    return template % {"before": word(data.get(f"from_{key}", "")),
                       "after": word(data.get(f"to_{key}", ""))}


def _drop(data: dict[str, Any], *keys: str) -> None:
    for key in keys:
        data.pop(key, None)


def sentences(action: str, data: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """What ``data`` (an event's details) says, one sentence per fact."""
    out: list[str] = []
    rest = dict(data)
    if "assignee" in rest:
        who = rest.pop("assignee")
        if who:
            out.append(_("Assigned to %(name)s") % {"name": names.get(who, who)})
    if "from_department" in rest:
        out.append(_pair(rest, "department", _department, _("Moved from %(before)s to %(after)s")))
        _drop(rest, "from_department", "to_department")
    elif "to_department" in rest:
        target = rest.pop("to_department")
        out.append(_("Escalated to %(name)s") % {"name": _department(target)} if target
                   else _("No parent department to escalate to"))
    if "department" in rest:
        out.append(_("Co-handled by %(name)s") % {"name": _department(rest.pop("department"))})
    if "from_category" in rest:
        out.append(_pair(rest, "category", _category, _("Category: %(before)s → %(after)s")))
        _drop(rest, "from_category", "to_category")
    if "from_priority" in rest:
        out.append(_pair(rest, "priority", _priority, _("Priority: %(before)s → %(after)s")))
        _drop(rest, "from_priority", "to_priority")
    if "from" in rest and "to" in rest:
        out.append(_("Moved from %(before)s to %(after)s")
                   % {"before": _place(rest.pop("from")), "after": _place(rest.pop("to"))})
    out += _simple_facts(rest)
    return out


def _simple_facts(rest: dict[str, Any]) -> list[str]:
    out: list[str] = []
    words: dict[str, Callable[[Any], str | None]] = {
        "media": _photos,
        "kind": lambda v: None,  # the photos' kind is told by the action itself
        "reason": _reason,
        "area": _area,
        "due_at": lambda v: _("Due %(when)s") % {"when": _when(v)},
        "channel": lambda v: _("Received through: %(channel)s")
        % {"channel": channel_label(v)},
        "rating": lambda v: _("Rated %(rating)s out of 5") % {"rating": v},
        "original": lambda v: _("Duplicate of case %(ref)s") % {"ref": v},
        "duplicate": lambda v: _("Case %(ref)s merged into this one") % {"ref": v},
        "followers_added": lambda v: ngettext(
            "%(count)d follower added", "%(count)d followers added", int(v)) % {"count": int(v)},
        "followers": lambda v: ngettext(
            "%(count)d person follows", "%(count)d people follow", int(v)) % {"count": int(v)},
    }
    for key in sorted(rest):
        value = rest[key]
        word = words.get(key)
        text = word(value) if word else f"{key}: {_plain(value)}"
        if text:
            out.append(text)
    return out


def _plain(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
