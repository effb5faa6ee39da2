"""What a batch is made of, whatever its format: the requests and their answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from cityloop.sensing.api.errors import StaError, bad_request

METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}


@dataclass
class Item:
    """One request of a batch. ``error`` is set when the item itself is malformed: it
    is then answered with that error and not run; the rest of the batch still is."""

    id: str
    method: str
    url: str
    content_type: str = ""
    body: bytes = b""
    group: str | None = None  # atomicity group (JSON) or changeset (multipart)
    depends_on: list[str] = field(default_factory=list)
    error: StaError | None = None


@dataclass
class Outcome:
    """The answer to one item, as an HTTP response would carry it."""

    id: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # names as Django gives them
    body: bytes = b""


def check_method(item: Item) -> None:
    if item.error is None and item.method not in METHODS:
        item.error = bad_request(
            _("%(method)s is not a method a batch request may use; use one of %(methods)s.")
            % {"method": repr(item.method[:20]), "methods": ", ".join(sorted(METHODS))})


def check_count(count: int) -> None:
    limit = settings.STA_BATCH_MAX_REQUESTS
    if count > limit:
        raise StaError(413, _("A batch may hold at most %(n)d requests; this one holds %(count)d.")
                       % {"n": limit, "count": count})
    if count == 0:
        raise bad_request(_("The batch holds no requests."))


def units(items: list[Item]) -> list[list[Item]]:
    """The items in runs: a request on its own, or all requests of one atomicity group,
    which OData requires to be adjacent (a group seen again later is refused)."""
    out: list[list[Item]] = []
    closed: set[str] = set()
    for item in items:
        if item.group is not None and out and out[-1][0].group == item.group:
            out[-1].append(item)
            continue
        if item.group is not None:
            if item.group in closed:
                raise bad_request(
                    _("The requests of atomicity group %(group)s must be adjacent.")
                    % {"group": repr(item.group[:60])})
            closed.add(item.group)
        out.append([item])
    return out
