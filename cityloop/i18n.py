"""Translatable data fields (names and descriptions of areas, categories...).

User-interface strings go through gettext; *data* that a city edits (an
area's name, a category's description) cannot, so each such field keeps its
default-language text in a plain column and the other languages in a JSON
mapping ``{"zh-hans": "..."}`` next to it. Any language in
``settings.LANGUAGES`` can be added without a migration.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils import translation


def pick(default: str, translations: Mapping[str, str] | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else the default text."""
    lang = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    if translations:
        text = translations.get(lang) or translations.get(lang.split("-")[0])
        if text:
            return text
    return default


def split_translations(value: str | Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """Split ``{"en": "Pothole", "zh-hans": "坑洼"}`` into default text and the rest.

    The default text is the one in ``settings.LANGUAGE_CODE``, else English,
    else the first given, so a file written in any language loads.
    """
    if isinstance(value, str):
        return value, {}
    items = {str(k).lower(): str(v) for k, v in value.items() if v is not None}
    default_lang = settings.LANGUAGE_CODE
    for lang in (default_lang, "en", *items):
        if items.get(lang):
            return items[lang], {k: v for k, v in items.items() if k != lang and v}
    return "", {}


def all_translations(default: str, translations: Mapping[str, str] | None) -> dict[str, str]:
    """Every language's text, the default language included."""
    out = {settings.LANGUAGE_CODE: default}
    out.update({k: v for k, v in (translations or {}).items() if v})
    return out
