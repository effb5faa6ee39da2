"""Reply addresses and Message-IDs name their case with a signature nobody can guess."""

from __future__ import annotations

from cityloop.notify import replyto
from cityloop.notify.models import Kind, Message, NotificationChannel
from cityloop.notify.render import render


def test_a_token_read_back_from_an_address_or_a_header_names_its_case(settings):
    settings.MAIL_ADDRESS = "reports@city.example"
    address = replyto.reply_address("2026-000123")
    assert address.startswith("reports+2026-000123.") and address.endswith("@city.example")
    assert replyto.case_reference([address]) == ("2026-000123", True)
    headers = replyto.headers("2026-000123", 42)
    references = f"<a@example.org> {headers['Message-ID']}"
    assert replyto.case_reference(["", references]) == ("2026-000123", True)


def test_a_forged_or_altered_token_names_no_case(settings):
    settings.MAIL_ADDRESS = "reports@city.example"
    token = replyto.token("2026-000123")
    altered = token.replace("2026-000123", "2026-000124")
    assert replyto.case_reference([f"reports+{altered}@city.example"]) == ("", True)
    assert replyto.case_reference(["reports+2026-000123.aaaaaaaaaaaaaaaa@x"]) == ("", True)
    assert replyto.case_reference(["reports@city.example"]) == ("", False)


def test_another_secret_key_makes_other_tokens(settings):
    first = replyto.token("2026-000123")
    settings.SECRET_KEY = "another-secret"
    assert replyto.token("2026-000123") != first


def test_without_an_intake_address_there_is_no_reply_to_but_still_a_message_id(settings):
    settings.MAIL_ADDRESS = ""
    headers = replyto.headers("2026-000123", 7)
    assert "Reply-To" not in headers
    assert headers["Message-ID"].startswith("<2026-000123.")


def test_only_the_cases_own_contacts_get_a_reply_address(settings, city, make_case):
    settings.MAIL_ADDRESS = "reports@city.example"
    NotificationChannel.objects.create(name="Roads desk", kind="email", target="roads@x.example",
                                       department=city.departments["roads_east"])
    case = make_case()
    ack = render(Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT))
    desk = render(Message.objects.get(case=case, kind=Kind.NEW_CASE))
    assert "Reply-To" in ack.headers
    assert desk.headers == {}  # a department's reply is no citizen's update
