"""Sending a $batch as FROST-Server's clients do, and reading the answer back."""

from __future__ import annotations

import email
import json
import re
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from tests.sensing.api.conftest import ROOT, Sta

BATCH = ROOT + "$batch"


def post_json(sta: Sta, requests: list[dict[str, Any]] | Any, status: int = 200) -> Any:
    document = {"requests": requests} if isinstance(requests, list) else requests
    response = sta.client.post(BATCH, json.dumps(document), content_type="application/json",
                               **sta._headers(None))
    assert response.status_code == status, response.content
    return response.json()


def by_id(answer: Any) -> dict[str, Any]:
    return {r["id"]: r for r in answer["responses"]}


def post_multipart(sta: Sta, boundary: str, body: str) -> Any:
    return sta.client.generic("POST", BATCH, body.encode(),
                              content_type=f"multipart/mixed;boundary={boundary}",
                              **sta._headers(None))


@dataclass
class Part:
    """One response of a multipart answer: its MIME headers and the HTTP message in it."""

    mime: dict[str, str]
    status: int
    headers: dict[str, str]
    body: bytes
    changeset: list[Part] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.body)


def parts(response: Any) -> list[Part]:
    """The answer read with Python's own MIME parser, so its framing is checked too."""
    assert response.status_code == 200, response.content
    content_type = response["Content-Type"]
    assert content_type.startswith("multipart/mixed; boundary=")
    message = email.message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + response.content)
    assert message.is_multipart() and not message.defects
    return [_part(p) for p in _payload(message)]


def _part(message: Message) -> Part:
    mime = {k.lower(): v for k, v in message.items()}
    if message.is_multipart():
        inner = [_part(p) for p in _payload(message)]
        return Part(mime, 0, {}, b"", inner)
    assert mime["content-type"] == "application/http"
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    head, _sep, body = payload.partition(b"\r\n\r\n")
    status_line, *lines = head.decode().split("\r\n")
    found = re.match(r"^HTTP/1\.1 (\d{3})( .*)?$", status_line)
    assert found, status_line
    headers = dict(line.split(": ", 1) for line in lines)
    return Part(mime, int(found.group(1)), headers, body.removesuffix(b"\r\n"))


def _payload(message: Message) -> list[Message]:
    payload = message.get_payload()
    assert isinstance(payload, list)
    return [part for part in payload if isinstance(part, Message)]
