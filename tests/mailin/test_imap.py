"""Polling a mailbox: each unseen message is stored, marked seen, and processed."""

from __future__ import annotations

import pytest

from cityloop.mailin import imap
from cityloop.mailin.models import InboundMail, MailState
from tests.citydata import INSIDE_EAST_S
from tests.fakes.mail import mail, photo, raw


def test_it_turns_each_unseen_message_into_a_case_and_marks_it_seen(mailin, fake_imap):
    first = fake_imap.deliver(raw(mail("Pothole", "A deep hole.",
                                       photos=[photo(gps=INSIDE_EAST_S)])))
    second = fake_imap.deliver(raw(mail("Leak", "Water on the street.")))
    assert imap.poll(imap.parse_url(fake_imap.url)) == 2
    rows = list(InboundMail.objects.order_by("id"))
    assert [r.via for r in rows] == ["imap", "imap"]
    assert [r.state for r in rows] == [MailState.CASE, MailState.CASE]
    assert rows[0].case is not None and rows[0].case.lat is not None
    assert fake_imap.flags(first) == {"\\Seen"} == fake_imap.flags(second)
    assert all("PEEK" in items or "SIZE" in items for items in fake_imap.fetched)
    # Polled again: nothing new.
    assert imap.poll(imap.parse_url(fake_imap.url)) == 0
    assert InboundMail.objects.count() == 2


def test_a_message_over_the_limit_is_not_downloaded_but_answered_and_flagged(
        mailin, fake_imap, settings, mailoutbox):
    settings.MAIL_MAX_BYTES = 2000
    uid = fake_imap.deliver(raw(mail("Photos", "See the photos.",
                                     photos=[photo(size=(400, 300))])))
    assert imap.poll(imap.parse_url(fake_imap.url)) == 0
    assert not InboundMail.objects.exists()
    assert fake_imap.flags(uid) == {"\\Seen", "\\Flagged"}
    assert not any(items == "(BODY.PEEK[])" for items in fake_imap.fetched)
    assert len(mailoutbox) == 1 and "larger than" in mailoutbox[0].body


def test_a_wrong_password_is_an_error_that_says_so(mailin, fake_imap):
    config = imap.parse_url(fake_imap.url.replace(":secret@", ":wrong@"))
    with pytest.raises(imap.imaplib.IMAP4.error, match="wrong password"):
        imap.poll(config)


@pytest.mark.parametrize(("url", "expected"), [
    ("imaps://reports%40city.example:p%40ss@mail.example/Reports",
     ("mail.example", 993, "reports@city.example", "p@ss", "Reports", True)),
    ("imap://u:p@127.0.0.1:1143", ("127.0.0.1", 1143, "u", "p", "INBOX", False)),
])
def test_it_reads_the_mailbox_address(url, expected):
    config = imap.parse_url(url)
    assert (config.host, config.port, config.user, config.password, config.mailbox,
            config.ssl) == expected
    assert "p@ss" not in str(config) and ":p@" not in str(config)


@pytest.mark.parametrize("url", ["http://x/", "imap://host-only/", "imaps://:pw@/"])
def test_it_refuses_an_address_it_cannot_use(url):
    with pytest.raises(ValueError):
        imap.parse_url(url)
