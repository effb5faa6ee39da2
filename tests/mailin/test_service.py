"""mail-ingest end to end: a mail sent with smtplib becomes a case, its reply an update.

The service runs on a thread with its own event loop and database connections,
so the test's data is committed (``transactional_db``).
"""

from __future__ import annotations

import asyncio
import smtplib
import threading
from collections.abc import Iterator

import pytest

from cityloop.cases.models import Case, CaseEvent
from cityloop.mailin import spool
from cityloop.mailin.models import InboundMail, MailState
from cityloop.mailin.service import MailIngest
from cityloop.notify.models import Kind, Message
from cityloop.notify.render import render
from tests.citydata import INSIDE_EAST_S
from tests.fakes.mail import CITIZEN, mail, photo
from tests.sensing.mqtt.conftest import wait_for


class Running:
    def __init__(self) -> None:
        self.service = MailIngest(smtp=("127.0.0.1", 0), imap_config=None, say=lambda text: None)
        self.ready = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            await self.service.run(ready=lambda service: self.ready.set())
        asyncio.run(main())

    def stop(self) -> None:
        assert self.loop is not None
        self.loop.call_soon_threadsafe(self.service.stopping.set)
        self.thread.join(30)


@pytest.fixture
def running(transactional_db: None, city: object) -> Iterator[Running]:
    running = Running()
    running.thread.start()
    assert running.ready.wait(30)
    yield running
    running.stop()


def state_of(pk: int) -> str:
    return InboundMail.objects.filter(pk=pk).values_list("state", flat=True).first() or ""


def test_a_mail_sent_over_smtp_becomes_a_case_and_its_reply_threads_onto_it(running):
    assert running.service.bound is not None
    with smtplib.SMTP(*running.service.bound) as client:
        client.send_message(mail("Pothole", "A deep hole in the bus lane.",
                                 photos=[photo(gps=INSIDE_EAST_S)]))
    assert wait_for(lambda: InboundMail.objects.filter(state=MailState.CASE).exists())
    case = Case.objects.get(channel="email")
    assert case.media.count() == 1 and case.area is not None
    ack = Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)
    assert ack.target == CITIZEN
    headers = render(ack).headers

    reply = mail("Re: We received your report", "Now two holes.", to=headers["Reply-To"])
    with smtplib.SMTP(*running.service.bound) as client:
        client.send_message(reply)
    assert wait_for(lambda: InboundMail.objects.filter(state=MailState.UPDATE).exists())
    assert CaseEvent.objects.filter(case=case, action="add_info",
                                    public_text="Now two holes.").exists()


def test_on_start_it_processes_what_an_earlier_run_stored(transactional_db, city):
    pk = spool.store(mail("Leak", "Water everywhere.").as_bytes(), mail_from=CITIZEN,
                     recipients=["reports@city.example"], via="smtp")
    running = Running()
    running.thread.start()
    assert running.ready.wait(30)
    running.stop()
    assert state_of(pk) == MailState.CASE, InboundMail.objects.get(pk=pk).outcome
