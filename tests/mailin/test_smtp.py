"""The SMTP server: what it says to a sending mail server, and what it keeps."""

from __future__ import annotations

import logging
import smtplib

import pytest

from cityloop.mailin import smtp
from tests.fakes.mail import CITIZEN, INTAKE, mail
from tests.fakes.smtp_client import Conversation, Recorder, make_server, running


def test_it_takes_a_message_from_smtplib_and_keeps_it_whole():
    recorder = Recorder()
    message = mail("Pothole", "A hole.\n.leading dot line\n")
    with running(make_server(recorder)) as address, smtplib.SMTP(*address) as client:
        refused = client.send_message(message)
    assert refused == {}
    [envelope] = recorder.envelopes
    assert envelope.mail_from == CITIZEN and envelope.recipients == [INTAKE]
    assert b".leading dot line" in envelope.data and b"\n..leading" not in envelope.data
    assert b"Subject: Pothole" in envelope.data


def test_a_message_announced_too_large_is_refused_before_it_is_sent():
    recorder = Recorder()
    with running(make_server(recorder, max_bytes=1024 * 1024)) as address:
        talk = Conversation(address)
        talk.say("EHLO client.example")
        answer = talk.say(f"MAIL FROM:<{CITIZEN}> SIZE=31457280")
        talk.close()
    assert answer.startswith("552 ") and "1 MB" in answer
    assert recorder.envelopes == []


def test_a_message_that_grows_too_large_is_refused_and_not_kept():
    recorder = Recorder()
    with running(make_server(recorder, max_bytes=2000)) as address:
        talk = Conversation(address)
        talk.say("HELO client.example")  # no SIZE announced
        talk.say(f"MAIL FROM:<{CITIZEN}>")
        talk.say(f"RCPT TO:<{INTAKE}>")
        assert talk.say("DATA").startswith("354")
        for _ in range(100):
            talk.send("x" * 70)
        answer = talk.say(".")
        after = talk.say("NOOP")  # the session goes on
        talk.close()
    assert answer.startswith("552 ")
    assert after.startswith("250")
    assert recorder.envelopes == []


def test_smtplib_hears_552_too():
    recorder = Recorder()
    with (running(make_server(recorder, max_bytes=500)) as address,
          smtplib.SMTP(*address) as client,
          pytest.raises(smtplib.SMTPSenderRefused) as refused):
        client.send_message(mail("Big", "y" * 2000))
    assert refused.value.smtp_code == 552


def test_a_message_that_cannot_be_stored_is_deferred_not_lost():
    recorder = Recorder()
    recorder.fail = OSError("database is away")
    with (running(make_server(recorder)) as address, smtplib.SMTP(*address) as client,
          pytest.raises(smtplib.SMTPDataError) as deferred):
        client.send_message(mail())
    assert deferred.value.smtp_code == 451  # the sending server keeps it and tries again


def test_mail_for_another_domain_is_refused_at_rcpt():
    recorder = Recorder()
    server = make_server(recorder, recipient_ok=lambda address: address.endswith("@city.example"))
    with running(server) as address:
        talk = Conversation(address)
        talk.say("EHLO client.example")
        talk.say(f"MAIL FROM:<{CITIZEN}>")
        refused = talk.say("RCPT TO:<someone@elsewhere.example>")
        taken = talk.say(f"RCPT TO:<{INTAKE}>")
        talk.close()
    assert refused.startswith("550") and taken.startswith("250")


@pytest.mark.parametrize(("line", "code"), [
    ("DATA", "503"),
    ("RCPT TO:<a@city.example>", "503"),
    ("MAIL FROM: nobody", "501"),
    ("STARTTLS", "500"),
    ("x" * 2_000_000, "500"),
])
def test_it_answers_commands_out_of_order_or_unknown_with_an_smtp_error(line, code):
    with running(make_server(Recorder())) as address:
        talk = Conversation(address)
        talk.say("EHLO client.example")
        answer = talk.say(line)
        still = talk.say("NOOP")
        talk.close()
    assert answer.startswith(code)
    assert still.startswith("250")


def test_a_bounce_keeps_its_empty_sender():
    recorder = Recorder()
    with running(make_server(recorder)) as address:
        talk = Conversation(address)
        talk.say("EHLO mx.example")
        talk.say("MAIL FROM:<>")
        talk.say(f"RCPT TO:<{INTAKE}>")
        talk.say("DATA")
        talk.send("Subject: Undeliverable\r\n\r\nsorry")
        assert talk.say(".").startswith("250")
        talk.close()
    assert recorder.envelopes[0].mail_from == "<>"


# What aiosmtpd would say or do differently on its own, kept as CityLoop's.

def test_both_552s_name_the_limit_with_an_enhanced_code():
    recorder = Recorder()
    with running(make_server(recorder, max_bytes=1024 * 1024)) as address:
        talk = Conversation(address)
        talk.say("EHLO client.example")
        announced = talk.say(f"MAIL FROM:<{CITIZEN}> SIZE=31457280")
        talk.say(f"MAIL FROM:<{CITIZEN}>")
        talk.say(f"RCPT TO:<{INTAKE}>")
        talk.say("DATA")
        talk.send(("z" * 998 + "\r\n") * 1100)
        grown = talk.say(".")
        talk.close()
    assert announced == grown == "552 5.3.4 Message too big: the limit is 1 MB"
    assert recorder.envelopes == []


def test_a_line_longer_than_rfc_5321s_1000_characters_is_kept_whole():
    recorder = Recorder()
    html = "<p>" + "word " * 4000 + "</p>"
    with running(make_server(recorder, max_bytes=100_000)) as address:
        talk = Conversation(address)
        talk.say("EHLO client.example")
        talk.say(f"MAIL FROM:<{CITIZEN}>")
        talk.say(f"RCPT TO:<{INTAKE}>")
        talk.say("DATA")
        talk.send(f"Subject: Long\r\nContent-Type: text/html\r\n\r\n{html}")
        answer = talk.say(".")
        talk.close()
    assert answer == "250 2.0.0 OK: queued as 1"
    assert html.encode() in recorder.envelopes[0].data


def test_it_takes_at_most_max_recipients(monkeypatch):
    monkeypatch.setattr(smtp, "MAX_RECIPIENTS", 2)
    with running(make_server(Recorder())) as address:
        talk = Conversation(address)
        talk.say("EHLO client.example")
        talk.say(f"MAIL FROM:<{CITIZEN}>")
        answers = [talk.say(f"RCPT TO:<r{n}@city.example>") for n in range(3)]
        talk.close()
    assert [answer[:3] for answer in answers] == ["250", "250", "452"]


def test_an_idle_client_is_disconnected():
    with running(make_server(Recorder(), idle_seconds=0.2)) as address:
        talk = Conversation(address)
        talk.say("EHLO client.example")
        hung_up = talk.file.readline()  # waits for the server to close the connection
        talk.close()
    assert hung_up == b""


def test_no_email_address_reaches_the_logs(caplog):
    caplog.set_level(logging.DEBUG)
    with running(make_server(Recorder())) as address, smtplib.SMTP(*address) as client:
        client.send_message(mail())
    assert CITIZEN not in caplog.text and INTAKE not in caplog.text
