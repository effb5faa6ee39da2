"""Storing and processing a test email as mail-ingest would."""

from __future__ import annotations

from email.message import EmailMessage

from cityloop.cases.models import Case
from cityloop.mailin import spool
from cityloop.mailin.models import InboundMail
from cityloop.notify.models import Kind, Message
from cityloop.notify.render import render
from tests.fakes.mail import INTAKE


class MailIn:
    def receive(self, message: EmailMessage, *, mail_from: str = "",
                recipients: list[str] | None = None) -> InboundMail:
        """Store ``message`` as the SMTP server does, process it, and return its row."""
        sender = mail_from or message["From"].addresses[0].addr_spec
        pk = spool.store(message.as_bytes(), mail_from=sender,
                         recipients=recipients or [str(message["To"])], via="smtp")
        spool.process_one(pk)
        return InboundMail.objects.get(pk=pk)

    def case_of(self, row: InboundMail) -> Case:
        assert row.case_id is not None, row.outcome
        return Case.objects.get(pk=row.case_id)

    def acknowledgement(self, case: Case) -> Message:
        return Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)

    def reply_headers(self, case: Case) -> dict[str, str]:
        """The headers of the acknowledgement as the worker sends it."""
        return render(self.acknowledgement(case)).headers


__all__ = ["INTAKE", "MailIn"]
