"""The ``multipart/mixed`` batch of OData 4.0 §11.7 that SensorThings 1.0 and 1.1 §12
describe, as FROST-Server and its clients send it.

Each part is ``Content-Type: application/http`` holding one HTTP request
(``GET Things(1) HTTP/1.1``, headers, a blank line, the body), or a changeset:
a nested ``multipart/mixed`` whose requests carry a ``Content-ID`` and are
applied all or none. ``$<Content-ID>`` in a later URL or JSON body stands for
what that request created.

The answer mirrors the request: ``multipart/mixed``, one ``application/http``
part (``HTTP/1.1 201 Created``, ``Location: ...``) per request, a nested
multipart per changeset — or, when a changeset failed, the single response of
its failed request (OData 4.0 §11.7.4). Lines end in CRLF (RFC 2046); bare LF
is accepted in requests.
"""

from __future__ import annotations

import re
import uuid
from http import HTTPStatus

from django.utils.translation import gettext as _

from cityloop.sensing.api.batch.items import Item, Outcome, check_count, check_method
from cityloop.sensing.api.batch.run import UnitResult
from cityloop.sensing.api.errors import bad_request

_BOUNDARY = re.compile(r'boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_HEADERS_END = re.compile(rb"\r?\n\r?\n")
_REQUEST_LINE = re.compile(r"^([A-Za-z]+)\s+(\S+)(?:\s+HTTP/\d(?:\.\d)?)?\s*$")
_KEPT_HEADERS = ("Location", "Content-Type", "Allow", "Retry-After", "WWW-Authenticate")
CRLF = b"\r\n"


def boundary_of(content_type: str) -> str:
    found = _BOUNDARY.search(content_type)
    boundary = (found.group(1) or found.group(2)) if found else ""
    if not boundary or len(boundary) > 70:  # RFC 2046 §5.1.1: 1 to 70 characters
        raise bad_request(_("A multipart/mixed batch needs a boundary parameter of 1 to 70 "
                            "characters in its Content-Type."))
    return boundary


def parse(raw: bytes, content_type: str) -> list[Item]:
    items: list[Item] = []
    for number, part in enumerate(_parts(raw, boundary_of(content_type))):
        headers, content = _head(part)
        part_type = headers.get("content-type", "")
        if part_type.lower().startswith("multipart/mixed"):
            # "#" cannot start a $-reference, so a changeset's name never meets an id
            group = f"#changeset{number}"
            for inner in _parts(content, boundary_of(part_type)):
                inner_headers, inner_content = _head(inner)
                if inner_headers.get("content-type", "").lower().startswith("multipart/"):
                    raise bad_request(_("A changeset cannot contain another changeset."))
                items.append(_request(inner_headers, inner_content, group))
        else:
            items.append(_request(headers, content, None))
        check_count(len(items))
    check_count(len(items))
    return items


def _parts(raw: bytes, boundary: str) -> list[bytes]:
    delimiter = re.compile(rb"(?:^|\r?\n)--" + re.escape(boundary.encode("latin-1"))
                           + rb"(--)?[ \t]*(?:\r?\n|$)")
    parts: list[bytes] = []
    start = None
    for match in delimiter.finditer(raw):
        if start is not None:
            parts.append(raw[start:match.start()])
        if match.group(1):
            return parts
        start = match.end()
    if start is None:
        raise bad_request(_("The multipart body has no part delimited by its boundary %(b)s.")
                          % {"b": repr(boundary)})
    raise bad_request(_("The multipart body does not end with its closing delimiter "
                        "--%(b)s--.") % {"b": boundary})


def _head(part: bytes) -> tuple[dict[str, str], bytes]:
    """A MIME part's (or an HTTP message's) headers, names in lower case, and content."""
    if part.startswith((b"\r\n", b"\n")):
        return {}, part[2 if part.startswith(b"\r\n") else 1:]
    end = _HEADERS_END.search(part)
    head, content = (part[:end.start()], part[end.end():]) if end else (part, b"")
    headers: dict[str, str] = {}
    for line in head.decode("latin-1").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return headers, content


def _request(headers: dict[str, str], content: bytes, group: str | None) -> Item:
    item = Item(headers.get("content-id", ""), "", "", group=group)
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/http":
        item.error = bad_request(_("A batch part must be Content-Type: application/http, "
                                   "not %(found)s.") % {"found": repr(headers.get(
                                       "content-type", "")[:60])})
        return item
    line, _sep, rest = content.partition(b"\n")
    matched = _REQUEST_LINE.match(line.decode("latin-1").strip())
    if matched is None:
        item.error = bad_request(_("A batch part must start with a request line such as "
                                   "GET Things(1) HTTP/1.1."))
        return item
    item.method, item.url = matched.group(1).upper(), matched.group(2)
    inner_headers, body = _head(rest)
    item.id = item.id or inner_headers.get("content-id", "")
    item.content_type = inner_headers.get("content-type", "")
    length = inner_headers.get("content-length", "")
    if length.isdigit():
        body = body[:int(length)]
    item.body = body
    check_method(item)
    return item


def render(results: list[UnitResult]) -> tuple[bytes, str]:
    """The response body and its Content-Type."""
    boundary = f"batchresponse_{uuid.uuid4()}"
    parts: list[bytes] = []
    for result in results:
        if result.items[0].group is None or result.failed:
            # a failed changeset is answered by its failed request alone
            parts.append(_http_part(result.outcomes[-1]))
            continue
        inner = f"changesetresponse_{uuid.uuid4()}"
        nested = _join([_http_part(outcome) for outcome in result.outcomes], inner)
        parts.append(f"Content-Type: multipart/mixed; boundary={inner}".encode() + CRLF
                     + CRLF + nested)
    return _join(parts, boundary), f"multipart/mixed; boundary={boundary}"


def _join(parts: list[bytes], boundary: str) -> bytes:
    delimiter = b"--" + boundary.encode()
    out = b""
    for part in parts:
        out += delimiter + CRLF + part + CRLF
    return out + delimiter + b"--" + CRLF


def _http_part(outcome: Outcome) -> bytes:
    head = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
    if outcome.id:
        head.append(f"Content-ID: {outcome.id}")
    try:
        phrase = HTTPStatus(outcome.status).phrase
    except ValueError:
        phrase = ""
    lines = [f"HTTP/1.1 {outcome.status} {phrase}".rstrip()]
    lines += [f"{name}: {outcome.headers[name]}" for name in _KEPT_HEADERS
              if name in outcome.headers and (name != "Content-Type" or outcome.body)]
    if outcome.body:
        lines.append(f"Content-Length: {len(outcome.body)}")
    message = CRLF.join(line.encode("utf-8") for line in lines) + CRLF + CRLF + outcome.body
    return CRLF.join(line.encode("utf-8") for line in head) + CRLF + CRLF + message
