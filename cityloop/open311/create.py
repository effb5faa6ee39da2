"""POST Service Request: a client's form becomes a ``Report`` for ``cases.services.submit``.

GeoReport v2, POST Service(s) Request. The api_key is checked first: 403
when it is missing, unknown, revoked or without the ``open311`` scope, 429
over its rate limit (docs/api-keys.md); then the domain validates
everything and either opens the case in one transaction or refuses with
every problem listed (400, nothing written).
Besides the spec's ``service_request_id``, ``service_notice`` and
``account_id`` the answer carries the case's ``token`` (for GET tokens).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityloop.cases import apiclients
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.models import ApiClient
from cityloop.cases.models.client import OPEN311
from cityloop.cases.services import Report, submit
from cityloop.open311.catalog import service_notice
from cityloop.open311.errors import ApiError
from cityloop.web import ratelimit

# attribute[code] for one value, attribute[code][] for each of several
# (GeoReport v2: "attribute[WHISHETN][]=..." for multivaluelist).
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]*)\](\[\])?$")
# Writing last_used_at on every POST would serialise a busy client's
# requests on its row; a minute's precision is enough to see a key in use.
_LAST_USED_PRECISION = timedelta(minutes=1)


def create(form: QueryDict, query: QueryDict) -> list[dict[str, Any]]:
    client = authenticate(form.get("api_key") or query.get("api_key") or "")
    report = report_from(form, client)
    try:
        case = submit(report)
    except SubmissionRejected as exc:
        raise ApiError.from_problems(exc.problems) from None
    return [
        {
            "service_request_id": case.reference,
            "service_notice": service_notice(case.category),
            "account_id": form.get("account_id") or None,
            "token": case.token,
        }
    ]


def authenticate(key: str) -> ApiClient:
    if not key.strip():
        raise ApiError.forbidden(_("An api_key is required to create a service request."))
    return admit(key)


def admit(key: str) -> ApiClient:
    """The client of ``key`` if it may use Open311 now: 403 for a key that is unknown,
    revoked or without the ``open311`` scope, 429 (with Retry-After) over its rate limit."""
    client = apiclients.authenticate(key.strip())
    if client is None:
        raise ApiError.forbidden(
            _("This api_key is not valid: it is unknown or has been revoked.")
        )
    wait = ratelimit.api_key_retry_after(client)
    if wait:
        raise ApiError(
            429,
            [_("This api_key has used its %(limit)d requests of this minute; "
               "try again in %(seconds)d seconds.")
             % {"limit": client.requests_per_minute(), "seconds": wait}],
            headers={"Retry-After": str(wait)},
        )
    if not client.has_scope(OPEN311):
        raise ApiError.forbidden(
            _("This api_key may not use Open311: its scopes are %(scopes)s. Ask the city for "
              "a key with the open311 scope.") % {"scopes": client.scope_list()}
        )
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > _LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now  # the shared in-memory copy, so it is not written again
    return client


def report_from(form: QueryDict, client: ApiClient) -> Report:
    language = translation.get_language() or ""
    name = " ".join(p for p in (form.get("first_name", "").strip(),
                                form.get("last_name", "").strip()) if p)
    contact = ContactInfo(
        name=name,
        email=form.get("email", "").strip(),
        phone=form.get("phone", "").strip(),
        language=language,
        account_id=form.get("account_id", "").strip(),
        device_id=form.get("device_id", "").strip(),
    )
    return Report(
        channel="open311",
        service_code=form.get("service_code", ""),
        description=form.get("description", ""),
        lat=form.get("lat"),
        lon=form.get("long"),
        address=form.get("address_string", ""),
        address_id=form.get("address_id", ""),
        attributes=attributes(form),
        contact=contact,
        media_urls=[u.strip() for u in form.getlist("media_url") if u.strip()],
        language=language,
        client=client,
    )


def attributes(form: QueryDict) -> dict[str, list[str]]:
    """The answers to the service definition's questions, by attribute code."""
    answers: dict[str, list[str]] = {}
    malformed = []
    for key in form:
        if not key.startswith("attribute"):
            continue
        match = _ATTRIBUTE.match(key)
        if match is None:
            malformed.append(key)
            continue
        answers.setdefault(match.group(1), []).extend(form.getlist(key))
    if malformed:
        raise ApiError.bad_request(*(
            _("%(field)s is not an attribute field; write attribute[code], or attribute[code][] "
              "once per value of a multivaluelist.") % {"field": key[:100]}
            for key in malformed
        ))
    return answers
