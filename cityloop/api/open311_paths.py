"""The Open311 GeoReport v2 operations (/open311/v2/), once per format: ``.json`` and ``.xml``.

As cityloop/open311/ implements them (views.py, params.py, create.py):
every parameter it reads, every error it answers. Errors come in the
resource's own format as a list of ``{code, description}``
(``<errors><error>`` in XML); a request may list several problems at once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from cityloop.api.spec import JSON, XML, Schema, header, path_param, query, ref, string

TAG = "Open311 GeoReport v2"
BASE = "/open311/v2"
FORMATS = {"json": JSON, "xml": XML}
SECURITY_SCHEME = "open311ApiKey"

_LANGUAGE = header("The language of the answer's text.", required=True)
_CORS = header("`*`: anyone's browser app may read public data.")


def _common() -> list[dict[str, Any]]:
    return [
        query("jurisdiction_id", "Accepted everywhere. A city that sets "
              "CITYLOOP_OPEN311_JURISDICTION refuses any other value (400); otherwise any "
              "value is accepted."),
        query("locale", "The language of the answer (en, zh-hans, zh_CN, …); an unknown one is "
              "ignored. Without it, Accept-Language decides."),
    ]


def _answer(fmt: str, schema: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "headers": {"Content-Language": _LANGUAGE, "Access-Control-Allow-Origin": _CORS},
            "content": {FORMATS[fmt]: {"schema": ref(schema)}}}


def _error(fmt: str, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description,
            "headers": {"Content-Language": _LANGUAGE, **(headers or {})},
            "content": {FORMATS[fmt]: {"schema": ref("Open311Errors")}}}


def _errors(fmt: str, *statuses: int) -> dict[str, Any]:
    texts = {
        400: ("Bad input, one error per problem: a parameter out of range or malformed, text "
              "that is not UTF-8, a body that is not a form or too large, a foreign "
              "jurisdiction_id."),
        403: ("An api_key that is unknown, revoked or without the open311 scope (or, to "
              "report, none)."),
        404: "There is no such resource (unknown service, request or token).",
    }
    answers = {str(s): _error(fmt, texts[s]) for s in (400, 403, *statuses)}
    answers["405"] = _error(fmt, "A method this resource does not answer.",
                            {"Allow": header("The methods it answers.", required=True)})
    answers["429"] = _error(
        fmt, "The api_key has made more requests this minute than its rate limit allows.",
        {"Retry-After": header("Seconds to wait before trying again.",
                               {"type": "integer", "minimum": 0}, required=True)})
    return answers


def _operation(fmt: str, name: str, summary: str, description: str, *,
               parameters: list[dict[str, Any]], ok: tuple[str, str],
               errors: tuple[int, ...]) -> dict[str, Any]:
    return {
        "tags": [TAG],
        "operationId": f"open311{name}{fmt.title()}",
        "summary": f"{summary} ({fmt.upper()})",
        "description": description,
        "parameters": [*parameters, *_common()],
        # Reads need no key; one sent anyway is checked (403) and counted (429).
        "security": [{}, {SECURITY_SCHEME: []}],
        "responses": {"200": _answer(fmt, *ok), **_errors(fmt, *errors)},
    }


# A parameter sent empty (or blank) counts as not sent.
BLANK: Schema = {"type": "string", "pattern": r"^\s*$"}
# What ``params.flag`` reads as true or false, in any case.
FLAG: Schema = {"type": "string",
                "pattern": r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|1|0)?"
                           r"\s*$"}


def _paging() -> list[dict[str, Any]]:
    maximum = settings.OPEN311_MAX_PAGE_SIZE
    return [
        query("page", "The page, from 1 (GeoReport v2 pagination extension).",
              {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1_000_000}, BLANK]}),
        query("page_size", f"Requests per page; at most {maximum}, and "
              f"{min(1000, maximum)} by default.",
              {"anyOf": [{"type": "integer", "minimum": 1, "maximum": maximum}, BLANK]}),
    ]


def _date(name: str, description: str, *, required: bool = False) -> dict[str, Any]:
    # The last branch is what the server reads besides: other ISO 8601 forms, surrounding
    # blanks, a "+" lost to URL decoding, and empty for "not given".
    schema: Schema = {"anyOf": [{"type": "string", "format": "date-time"},
                                {"type": "string", "format": "date"}, {"type": "string"}]}
    return query(name, description + " A W3C date and time (2026-03-01T14:30:00+08:00); a "
                 "time without an offset is in the city's time zone; a bare date is the "
                 "start of that day (of its end, for end_date). Years 1 to 9999; anything "
                 "else is a 400.", schema, required=required,
                 example="2026-03-01T00:00:00+08:00")


def _extensions() -> dict[str, Any]:
    return query("extensions", "true adds extended_attributes (detailed status, priority, "
                 "department, area, photos, rating) and notes (the public timeline); also "
                 "1 or yes, and false, 0 or no, in any case.", FLAG, example="true")


def _get_requests(fmt: str) -> dict[str, Any]:
    return _operation(
        fmt, "GetServiceRequests", "Service requests",
        "Newest first. Without service_request_id: the requests of the last 90 days, or "
        "of start_date/end_date (at most 90 days apart), filtered by service_code and "
        "status. Reporters' contact details are never shown; sensitive categories show no "
        "location, description or photo.",
        parameters=[
            query("service_request_id", "Comma-separated ids (or the parameter repeated); "
                  "overrides all other parameters. Unknown ids are left out of the answer."),
            query("service_code", "Comma-separated service codes; an unknown one is a 400."),
            _date("start_date", "The earliest request date."),
            _date("end_date", "The latest request date."),
            query("status", "open, closed, or both comma-separated (case-insensitive).",
                  example="open"),
            *_paging(),
            _extensions(),
        ],
        ok=("Open311Requests", "The requests."), errors=(),
    )


def _post_body() -> Schema:
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["service_code"],
        "properties": {
            "api_key": string("The client's key (may be sent in the query instead)."),
            "jurisdiction_id": text,
            "locale": string("The reporter's language."),
            "service_code": string(example="pothole"),
            "lat": {"type": "number", "minimum": -90, "maximum": 90,
                    "description": "WGS84 latitude; with long, or else address_string or "
                                   "address_id. The place must be inside the city."},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "address_string": text,
            "address_id": text,
            "email": string(format="email"),
            "device_id": text,
            "account_id": text,
            "first_name": text,
            "last_name": text,
            "phone": text,
            "description": text,
            "media_url": {"anyOf": [text, {"type": "array", "items": text}],
                          "description": "http(s) address of a photo; may be repeated."},
        },
        "patternProperties": {
            r"^attribute\[[^\[\]]*\](\[\])?$": {
                "description": "The answer to a service definition question: attribute[code], "
                               "or attribute[code][] once per value of a multivaluelist.",
                "anyOf": [text, {"type": "array", "items": text}],
            },
        },
    }


def _post_requests(fmt: str) -> dict[str, Any]:
    operation = _operation(
        fmt, "PostServiceRequest", "Report a problem",
        "Opens a case in one transaction, or refuses with every problem listed (400, "
        "nothing written). Needs an api_key allowed to submit Open311 requests. The answer "
        "also carries the case's token.",
        parameters=[],
        ok=("Open311CreatedList", "The new request."), errors=(),
    )
    form = {"schema": _post_body()}
    operation["requestBody"] = {
        "required": True,
        "content": {"application/x-www-form-urlencoded": form, "multipart/form-data": form},
    }
    operation["security"] = [{SECURITY_SCHEME: []}]
    return operation


def paths() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fmt in FORMATS:
        out[f"{BASE}/discovery.{fmt}"] = {"get": _operation(
            fmt, "Discovery", "Service discovery",
            "Where this API is, its formats and whom to ask for a key.",
            parameters=[], ok=("Open311Discovery", "The discovery document."), errors=())}
        out[f"{BASE}/services.{fmt}"] = {"get": _operation(
            fmt, "GetServiceList", "Service list",
            "Every active category, in the catalogue's order, in the request's language.",
            parameters=[], ok=("Open311Services", "The services."), errors=())}
        out[f"{BASE}/services/{{service_code}}.{fmt}"] = {"get": _operation(
            fmt, "GetServiceDefinition", "Service definition",
            "The questions of one active service.",
            parameters=[path_param("service_code", "A service code from the service list.")],
            ok=("Open311ServiceDefinition", "The definition."), errors=(404,))}
        out[f"{BASE}/requests.{fmt}"] = {"get": _get_requests(fmt), "post": _post_requests(fmt)}
        out[f"{BASE}/requests/{{service_request_id}}.{fmt}"] = {"get": _operation(
            fmt, "GetServiceRequest", "One service request",
            "A list of one request, as GET requests shows it.",
            parameters=[path_param("service_request_id", "The request's id (its reference)."),
                        _extensions()],
            ok=("Open311Requests", "The request."), errors=(404,))}
        out[f"{BASE}/tokens/{{token}}.{fmt}"] = {"get": _operation(
            fmt, "GetRequestIdFromToken", "Request id from a token",
            "The service_request_id of the request a POST answered with this token.",
            parameters=[path_param("token", "The token from the POST's answer.")],
            ok=("Open311Tokens", "The request id."), errors=(404,))}
        out[f"{BASE}/servicerequestupdates.{fmt}"] = {"get": _operation(
            fmt, "GetServiceRequestUpdates", "Service request updates",
            "Public updates, oldest first (FixMyStreet's extension): status changes and "
            "public notes between start_date and end_date (at most 90 days apart).",
            parameters=[_date("start_date", "The earliest update.", required=True),
                        _date("end_date", "The latest update."), *_paging()],
            ok=("Open311Updates", "The updates."), errors=())}
    return out


def security_scheme() -> dict[str, Any]:
    return {SECURITY_SCHEME: {
        "type": "apiKey", "in": "query", "name": "api_key",
        "description": "A key issued by the city's administrators (`cityloop apikey create`), "
                       "with the open311 scope; reporting needs one, reading does not. Send it "
                       "as the api_key query parameter or form field. A key that is unknown, "
                       "revoked or without the scope gets 403, one over its rate limit 429 "
                       "with Retry-After, both with Open311's error list (docs/api-keys.md).",
    }}
