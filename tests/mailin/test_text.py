"""A mail's own words: quotes, forwarded originals and signatures cut off; HTML read as text."""

from __future__ import annotations

import pytest

from cityloop.mailin.text import html_to_text, own_words


@pytest.mark.parametrize("tail", [
    "On Mon, 7 Dec 2026 at 09:12, CityLoop <noreply@city.example> wrote:\n> Thank you",
    "On Mon, 7 Dec 2026 at 09:12, CityLoop\n<noreply@city.example> wrote:\n> Thank you",
    "在 2026年12月7日 周一 09:12，CityLoop <noreply@city.example> 写道：\n> 感谢您的报告",
    "-----Original Message-----\nFrom: CityLoop\nThank you",
    "------------------ 原始邮件 ------------------\n发件人: \"CityLoop\"\n发送时间: 2026年12月7日",
    "From: CityLoop <noreply@city.example>\nSent: Monday, 7 December 2026 09:12\nTo: Mei",
    "发件人: CityLoop <noreply@city.example>\n发送时间: 2026年12月7日 9:12\n收件人: 梅",
    "-- \nMei Chen\n138 0000 0000",
    "Sent from my iPhone",
    "发自我的iPhone",
])
def test_it_keeps_only_what_the_citizen_wrote(tail):
    assert own_words(f"The hole is bigger now.\n\n{tail}\nmore old text") == (
        "The hole is bigger now.")


def test_it_drops_quoted_lines_in_the_middle_and_keeps_the_rest():
    text = "> We received your report\n> 2026-000123\nIt is still there.\n\n\n\nThanks"
    assert own_words(text) == "It is still there.\n\nThanks"


def test_a_line_that_merely_starts_with_from_is_kept():
    assert own_words("From: the school gate, going north.\nThe light is out.") == (
        "From: the school gate, going north.\nThe light is out.")


def test_html_is_read_as_the_text_a_reader_sees():
    html = ("<html><head><title>t</title><style>p{}</style></head><body>"
            "<script>steal()</script><p>Tree&nbsp;down</p><div>on the <b>road</b><br>now"
            "</div><blockquote>quoted</blockquote><ul><li>one</li><li>two</li></ul>")
    assert html_to_text(html) == "Tree\xa0down\n\non the road\nnow\n\none\n\ntwo"
