"""`cityloop mail-ingest` as an operator runs it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cityloop.mailin.models import InboundMail, MailState
from tests.fakes.mail import mail, raw


def test_once_polls_the_mailbox_and_processes_what_is_stored(mailin, fake_imap):
    fake_imap.deliver(raw(mail("Leak", "Water on the street.")))
    out = io.StringIO()
    call_command("mail_ingest", "--once", "--imap", fake_imap.url, stdout=out)
    assert "1 taken from the mailbox" in out.getvalue()
    assert InboundMail.objects.get().state == MailState.CASE


@pytest.mark.parametrize(("args", "message"), [
    ([], "give --smtp"),
    (["--smtp", "2525"], "HOST:PORT"),
    (["--smtp", "127.0.0.1:99999"], "HOST:PORT"),
    (["--imap", "http://mail.example/"], "imap://"),
])
def test_it_says_what_is_wrong_with_its_arguments(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("mail_ingest", *args)
