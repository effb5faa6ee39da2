"""The category picker of the report form: categories grouped by service group, searchable.

A citizen who reports once in their life does not know the city's words
for things, so the search looks at every name a category has (in every
language the city speaks) and at its keywords (the words people actually
use: "hole in road", "路上有坑"). The same matching runs in the browser
(report.js, over ``search_text``) and here, for the form without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from cityloop.i18n import all_translations

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Option:
    code: str
    name: str
    description: str
    search_text: str


@dataclass
class Group:
    code: str
    name: str
    options: list[Option] = field(default_factory=list)
    # Unfolded on the page: it holds the chosen category or a search match.
    open: bool = False


def normalise(text: str) -> str:
    """Lower case, single spaces: what both sides of a search compare."""
    return _SPACES.sub(" ", text.casefold()).strip()


def search_text(category: ServiceCategory) -> str:
    """Every word the category can be found by, in every language, in one string."""
    group = category.group
    words = [
        *all_translations(category.name, category.name_i18n).values(),
        *(str(k) for k in category.keywords or []),
        *all_translations(group.name, group.name_i18n).values(),
        category.service_code.replace("_", " "),
    ]
    # "|" keeps words apart, so that a query cannot match across two keywords.
    return " | ".join(normalise(w) for w in words if w)


def matches(text: str, query: str) -> bool:
    """True when every word of ``query`` occurs in ``text`` (a ``search_text``)."""
    words = normalise(query).split(" ")
    return all(word in text for word in words if word)


def active_categories() -> list[ServiceCategory]:
    """The categories a citizen can choose, in the catalogue's order."""
    categories = [c for c in snapshot.current().categories.values() if c.active]
    return sorted(categories, key=lambda c: (c.group.order, c.group.code, c.order, c.service_code))


def groups(chosen: str = "", query: str = "") -> list[Group]:
    """The picker's groups; with ``query``, only the matching categories (maybe none)."""
    query = query.strip()
    by_code: dict[str, Group] = {}
    for category in active_categories():
        text = search_text(category)
        # The chosen category stays in the list, so that a search cannot
        # silently unchoose it.
        if query and not matches(text, query) and category.service_code != chosen:
            continue
        group = by_code.setdefault(
            category.group.code, Group(category.group.code, category.group.display_name)
        )
        group.options.append(
            Option(category.service_code, category.display_name,
                   category.display_description, text)
        )
        if category.service_code == chosen or query:
            group.open = True
    return list(by_code.values())


def chosen_category(code: str) -> ServiceCategory | None:
    """The active category with ``code``, or None (empty, unknown or retired)."""
    category = snapshot.category(code) if code else None
    return category if category is not None and category.active else None
