"""A warning as a CAP 1.2 document (OASIS Common Alerting Protocol).

Built with the standard library's ElementTree in the order the CAP 1.2
schema fixes: ``<alert>`` (identifier, sender, sent, status, msgType, scope,
note, references), then one ``<info>`` per language of the city (language,
category, event, urgency, severity, certainty, onset, expires, senderName,
headline, description, instruction, web), each with an ``<area>`` per city
area (its name and outline) and one for a drawn polygon. Times carry their
offset and no fractions, UTC written ``-00:00`` as CAP requires.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityloop.conf.cityname import city_name
from cityloop.geo import index
from cityloop.geo.models import Area
from cityloop.i18n import pick
from cityloop.warnings.areas import polygon_shape
from cityloop.warnings.models import Status, Warning
from cityloop.warnings.rings import cap_polygons

NS = "urn:oasis:names:tc:emergency:cap:1.2"
CONTENT_TYPE = "application/cap+xml"
# CAP's language codes (RFC 3066) for the city's languages.
CAP_LANGUAGE = {"en": "en-US", "zh-hans": "zh-CN"}


def cap_time(moment: datetime) -> str:
    """``2026-12-07T21:00:00+08:00``: local time with its offset, UTC as -00:00."""
    text = timezone.localtime(moment).replace(microsecond=0).isoformat()
    return text[:-6] + "-00:00" if text.endswith("+00:00") else text


def cap_reference(warning: Warning) -> str:
    """``sender,identifier,sent``: how CAP names an earlier message."""
    assert warning.published_at is not None
    return f"{warning.sender},{warning.identifier},{cap_time(warning.published_at)}"


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def languages() -> list[str]:
    """The city's language first, then the others of ``settings.LANGUAGES``."""
    others = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return [settings.LANGUAGE_CODE, *others]


def detail_url(warning: Warning) -> str:
    return settings.PUBLIC_URL + reverse("warnings:detail", args=[warning.identifier])


def _areas(info: ET.Element, warning: Warning, areas: list[Area], language: str) -> None:
    for area in areas:
        shape = index.shape_of(area.pk)
        element = ET.SubElement(info, "area")
        _add(element, "areaDesc", pick(area.name, area.name_i18n, language))
        for ring in cap_polygons(shape) if shape is not None else []:
            _add(element, "polygon", ring)
    drawn = polygon_shape(warning.polygon)
    if drawn is not None:
        element = ET.SubElement(info, "area")
        _add(element, "areaDesc", _("The area drawn on the map"))
        for ring in cap_polygons(drawn):
            _add(element, "polygon", ring)


def _info(alert: ET.Element, warning: Warning, areas: list[Area], language: str) -> None:
    assert warning.onset is not None and warning.expires is not None
    info = ET.SubElement(alert, "info")
    _add(info, "language", CAP_LANGUAGE.get(language, language))
    _add(info, "category", warning.category)
    _add(info, "event", warning.text("event", language))
    _add(info, "urgency", warning.urgency)
    _add(info, "severity", warning.severity)
    _add(info, "certainty", warning.certainty)
    _add(info, "onset", cap_time(warning.onset))
    _add(info, "expires", cap_time(warning.expires))
    _add(info, "senderName", city_name(language))
    _add(info, "headline", warning.text("headline", language))
    _add(info, "description", warning.text("description", language))
    if warning.instruction:
        _add(info, "instruction", warning.text("instruction", language))
    _add(info, "web", detail_url(warning))
    _areas(info, warning, areas, language)


def document(warning: Warning) -> bytes:
    """The CAP 1.2 XML of a published warning, UTF-8 with its declaration."""
    assert warning.published_at is not None, "only published warnings have a CAP document"
    alert = ET.Element("alert", xmlns=NS)
    _add(alert, "identifier", warning.identifier)
    _add(alert, "sender", warning.sender)
    _add(alert, "sent", cap_time(warning.published_at))
    _add(alert, "status", Status(warning.status).name.title())
    _add(alert, "msgType", warning.msg_type.title())
    _add(alert, "scope", "Public")
    if warning.status == Status.EXERCISE:
        with translation.override(settings.LANGUAGE_CODE):
            _add(alert, "note", _("This is an exercise: take no action."))
    if warning.references is not None:
        _add(alert, "references", cap_reference(warning.references))
    areas = list(warning.areas.order_by("level", "name"))
    for language in languages():
        with translation.override(language):
            _info(alert, warning, areas, language)
    ET.indent(alert)
    return ET.tostring(alert, encoding="utf-8", xml_declaration=True)
