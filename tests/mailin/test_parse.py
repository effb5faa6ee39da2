"""Reading a received message: sender, words, photos, and whether a program sent it."""

from __future__ import annotations

from email.message import EmailMessage

from cityloop.mailin.parse import parse
from tests.fakes.mail import mail, photo, raw


def test_it_reads_sender_subject_words_and_photos():
    parsed = parse(raw(mail("Re: Fwd: Pothole", "A hole.", photos=[photo(), photo()])))
    assert (parsed.sender, parsed.sender_name) == ("mei@example.org", "Mei Chen")
    assert parsed.subject == "Pothole" and parsed.words == "A hole."
    assert [image.name for image in parsed.images] == ["IMG_0001.jpg", "IMG_0002.jpg"]
    assert parsed.automatic == "" and parsed.language == "en"


def test_an_inline_image_of_an_html_mail_is_a_photo_too():
    message = mail("Tree", None, html="<p>A tree fell.</p>")
    body = message.get_body()
    assert isinstance(body, EmailMessage)
    body.add_related(photo(), maintype="image", subtype="jpeg", cid="<tree>")
    parsed = parse(raw(message))
    assert parsed.words == "A tree fell." and len(parsed.images) == 1


def test_chinese_mail_is_answered_in_chinese():
    assert parse(raw(mail("路灯不亮", "荷塘路的路灯坏了。"))).language == "zh-hans"


def test_mail_from_a_program_says_so():
    assert "no-reply" in parse(raw(mail(sender="no-reply@shop.example"))).automatic
    assert parse(raw(mail(headers={"List-Id": "<news.shop.example>"}))).automatic
    assert parse(raw(mail()), envelope_sender="<>").automatic
    assert parse(raw(mail(headers={"Auto-Submitted": "no"}))).automatic == ""


def test_a_broken_message_is_read_as_far_as_it_goes():
    parsed = parse(b"Subject: =?bogus?Q?x?=\r\nFrom: <<<>>>\r\nContent-Type: text/plain; "
                   b"charset=no-such-charset\r\n\r\nHello \xff there")
    assert parsed.sender == ""
    assert "Hello" in parsed.words
