"""The city's name in the language of the page or message being made.

``CITYLOOP_CITY_NAME`` is the name in the city's own language; a Chinese
page or email needs the Chinese one (江城市, not "Jiangcheng"). It comes
from ``CITYLOOP_CITY_NAME_ZH_HANS`` when set, else from the city's own area
(the ``city`` level area of that name, whose ``name_i18n`` the area import
fills from ``name:zh``): a city that imported its boundary has nothing more
to configure. Each process keeps the area's names in memory and rereads
them when an area changes (``AreaRevision``).
"""

from __future__ import annotations

from django.conf import settings

from cityloop.geo.models import Area, AreaLevel, AreaRevision
from cityloop.i18n import pick
from cityloop.sharedcache import SharedCache


def _areas_names() -> dict[str, dict[str, str]]:
    """Each city-level area's translations, by its name in the city's language."""
    return {name: dict(translations or {}) for name, translations in
            Area.objects.filter(level=AreaLevel.CITY).values_list("name", "name_i18n")}


_city_areas = SharedCache(AreaRevision, _areas_names)


def translations() -> dict[str, str]:
    """The city's name by language code, as far as known (configured names win)."""
    names = dict(_city_areas.get().get(settings.CITY_NAME, {}))
    names.update({code: name for code, name in settings.CITY_NAME_I18N.items() if name})
    return names


def city_name(language: str | None = None) -> str:
    """The name in ``language`` (default: the active one), else ``CITYLOOP_CITY_NAME``."""
    return pick(settings.CITY_NAME, translations(), language)
