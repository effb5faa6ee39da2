"""A fake SMS gateway: the generic JSON POST of docs/deploy.md, recorded in-process.

It is the webhook receiver (``tests/fakes/webhook.py``) reading each request as
a text message: ``{"to", "from", "text", "reference"}``; a test can make it
answer any status (a refused number, a gateway that is down).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.webhook import FakeWebhook


@dataclass(frozen=True)
class Text:
    to: str
    sender: str
    text: str
    authorization: str


class FakeSmsGateway(FakeWebhook):
    def texts(self) -> list[Text]:
        return [Text(r.json["to"], r.json["from"], r.json["text"], r.header("Authorization"))
                for r in list(self.requests)]
