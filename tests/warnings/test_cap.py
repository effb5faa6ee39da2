"""The CAP 1.2 document checked element by element against the standard's rules
(OASIS CAP 1.2, section 3: element order, required elements, value lists,
times with an offset and no fractions, closed polygons of four or more pairs)."""

import re
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest
import shapely

from cityloop.warnings.cap import NS, cap_time, document
from cityloop.warnings.models import MsgType
from cityloop.warnings.publish import draft_replacement, publish
from cityloop.warnings.rings import MAX_POINTS, cap_polygons
from tests.citydata import square
from tests.warnings.helpers import published

ALERT_ORDER = ["identifier", "sender", "sent", "status", "msgType", "source", "scope",
               "restriction", "addresses", "code", "note", "references", "incidents", "info"]
INFO_ORDER = ["language", "category", "event", "responseType", "urgency", "severity",
              "certainty", "audience", "eventCode", "effective", "onset", "expires",
              "senderName", "headline", "description", "instruction", "web", "contact",
              "parameter", "resource", "area"]
AREA_ORDER = ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"]
VALUES = {
    "status": {"Actual", "Exercise", "System", "Test", "Draft"},
    "msgType": {"Alert", "Update", "Cancel", "Ack", "Error"},
    "scope": {"Public", "Restricted", "Private"},
    "category": {"Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
                 "Transport", "Infra", "CBRNE", "Other"},
    "urgency": {"Immediate", "Expected", "Future", "Past", "Unknown"},
    "severity": {"Extreme", "Severe", "Moderate", "Minor", "Unknown"},
    "certainty": {"Observed", "Likely", "Possible", "Unlikely", "Unknown"},
}
CAP_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
FORBIDDEN = re.compile(r"[\s,<&]")


def _local(element: ET.Element) -> str:
    namespace, _, name = element.tag[1:].partition("}")
    assert namespace == NS, element.tag
    return name


def _in_order(element: ET.Element, order: list[str]) -> list[str]:
    names = [_local(child) for child in element]
    positions = [order.index(name) for name in names]  # ValueError: not a CAP element
    assert positions == sorted(positions), names
    return names


def _text(element: ET.Element, name: str) -> str:
    found = element.find(f"{{{NS}}}{name}")
    assert found is not None and found.text, name
    return found.text


def _check_polygon(text: str) -> None:
    pairs = text.split(" ")
    assert len(pairs) >= 4 and pairs[0] == pairs[-1]
    for pair in pairs:
        lat, lon = (float(x) for x in pair.split(","))
        assert -90 <= lat <= 90 and -180 <= lon <= 180


def check_cap(xml: bytes) -> ET.Element:
    """Every rule of CAP 1.2 the document can break; returns the root."""
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(xml)  # noqa: S314  (our own output)
    assert _local(root) == "alert"
    names = _in_order(root, ALERT_ORDER)
    for required in ("identifier", "sender", "sent", "status", "msgType", "scope"):
        assert names.count(required) == 1, required
    for name in ("identifier", "sender"):
        assert not FORBIDDEN.search(_text(root, name))
    assert CAP_TIME.match(_text(root, "sent"))
    for name in ("status", "msgType", "scope"):
        assert _text(root, name) in VALUES[name]
    infos = root.findall(f"{{{NS}}}info")
    assert infos
    for info in infos:
        info_names = _in_order(info, INFO_ORDER)
        for required in ("category", "event", "urgency", "severity", "certainty"):
            assert required in info_names, required
        for name in ("category", "urgency", "severity", "certainty"):
            assert _text(info, name) in VALUES[name]
        for name in ("onset", "expires"):
            assert CAP_TIME.match(_text(info, name)), name
        for area in info.findall(f"{{{NS}}}area"):
            assert _in_order(area, AREA_ORDER)[0] == "areaDesc"
            for polygon in area.findall(f"{{{NS}}}polygon"):
                _check_polygon(polygon.text or "")
    return root


def test_an_alert_in_both_languages(city):
    warning = published(city.areas["west"], city.areas["east_n"])
    root = check_cap(document(warning))
    assert _text(root, "identifier") == warning.identifier
    assert _text(root, "status") == "Actual" and _text(root, "msgType") == "Alert"
    assert root.find(f"{{{NS}}}references") is None
    en, zh = root.findall(f"{{{NS}}}info")
    assert (_text(en, "language"), _text(zh, "language")) == ("en-US", "zh-CN")
    assert _text(en, "headline") == "Flood warning for the river bank"
    assert _text(zh, "headline") == "河岸洪水预警"
    assert _text(zh, "event") == "洪水" and _text(zh, "instruction") == "请转移到高处。"
    assert _text(en, "severity") == "Severe" and _text(en, "category") == "Met"
    assert _text(en, "web").endswith(f"/warnings/{warning.identifier}/")
    # Districts before streets; a name without a translation stays in English.
    assert [_text(a, "areaDesc") for a in zh.findall(f"{{{NS}}}area")] == ["西区",
                                                                           "East N Street"]
    west = next(a for a in en.findall(f"{{{NS}}}area") if _text(a, "areaDesc") == "West District")
    assert _text(west, "polygon").split(" ")[0] == "29.52000,106.50000"


def test_an_update_references_the_one_it_replaces(city):
    original = published(city.areas["west"])
    update = publish(draft_replacement(original, MsgType.UPDATE, severity="Extreme"), by="t")
    root = check_cap(document(update))
    assert _text(root, "msgType") == "Update"
    assert original.published_at is not None
    assert _text(root, "references") == (
        f"{original.sender},{original.identifier},{cap_time(original.published_at)}")
    info = root.find(f"{{{NS}}}info")
    assert info is not None and _text(info, "severity") == "Extreme"


def test_a_cancel_and_an_exercise(city):
    exercise = published(city.areas["west"], status="exercise")
    root = check_cap(document(exercise))
    assert _text(root, "status") == "Exercise" and _text(root, "note")
    cancel = publish(draft_replacement(exercise, MsgType.CANCEL), by="t")
    assert _text(check_cap(document(cancel)), "msgType") == "Cancel"


def test_a_drawn_polygon_is_its_own_area(city):
    warning = published(polygon=square(106.56, 29.57, 106.58, 29.59))
    info = check_cap(document(warning)).find(f"{{{NS}}}info")
    assert info is not None
    (area,) = info.findall(f"{{{NS}}}area")
    assert _text(area, "polygon") == ("29.57000,106.56000 29.57000,106.58000 29.59000,106.58000 "
                                      "29.59000,106.56000 29.57000,106.56000")


@pytest.mark.parametrize(("zone", "expected"), [
    ("UTC", "2026-12-07T21:00:00-00:00"),
    ("Asia/Shanghai", "2026-12-08T05:00:00+08:00"),
])
def test_times_have_an_offset_and_no_fraction(settings, zone, expected):
    settings.TIME_ZONE = zone
    assert cap_time(datetime(2026, 12, 7, 21, 0, 0, 123456, tzinfo=UTC)) == expected


def test_a_detailed_outline_is_simplified_and_stays_closed():
    circle = shapely.Point(106.55, 29.56).buffer(0.05, quad_segs=500)  # 2,000 points
    (ring,) = cap_polygons(circle)
    pairs = ring.split(" ")
    assert 4 <= len(pairs) <= MAX_POINTS and pairs[0] == pairs[-1]
