"""A mail's own words: HTML turned into text, quoted replies and signatures cut off.

What a citizen wrote is usually followed by what they replied to (our own
acknowledgement, quoted) and by a signature; neither belongs in a case's
description or update. Mail clients mark them in a few well-known ways,
in English and in Chinese.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# The line that introduces a quoted message: everything from it on is dropped.
_QUOTE_HEADS = [
    re.compile(r"^On\b.{0,300}\bwrote:\s*$", re.IGNORECASE),  # Gmail, Apple Mail, Thunderbird
    re.compile(r"^在.{0,300}写道[:：]\s*$"),  # the same in Chinese clients
    re.compile(r"^-{2,}\s*(Original Message|Forwarded message)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^-{2,}\s*(原始邮件|原始郵件|转发的邮件|轉發的郵件)\s*-{2,}"),
]
# Outlook's and Foxmail's/QQ Mail's block: "From: …" then "Sent: …" / "发送时间：…".
_HEADER_BLOCK_START = re.compile(r"^\*?(From|发件人|發件人)\s*\*?[:：]", re.IGNORECASE)
_HEADER_BLOCK_NEXT = re.compile(
    r"^\*?(Sent|Date|To|Subject|发送时间|發送時間|日期|时间|收件人|主题|主題)\s*\*?[:：]",
    re.IGNORECASE)
# A signature: RFC 3676's "-- " line, and phones' one-line signatures.
_SIGNATURE = [
    re.compile(r"^--\s?$"),
    re.compile(r"^(Sent from my|Get Outlook for|发自我的|發自我的|来自我的)", re.IGNORECASE),
]
_BLANK_RUNS = re.compile(r"\n{3,}")


def own_words(text: str) -> str:
    """``text`` without quoted replies, forwarded originals and the signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if _ends_here(stripped, lines, number):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip()


def _ends_here(line: str, lines: list[str], number: int) -> bool:
    if any(head.match(line) for head in _QUOTE_HEADS + _SIGNATURE):
        return True
    # Gmail wraps a long "On <date>, <name> <address> wrote:" over two lines.
    if number + 1 < len(lines) and line.lower().startswith("on "):
        joined = f"{line} {lines[number + 1].strip()}"
        if _QUOTE_HEADS[0].match(joined):
            return True
    if _HEADER_BLOCK_START.match(line):
        following = [later.strip() for later in lines[number + 1:number + 5]]
        return any(_HEADER_BLOCK_NEXT.match(later) for later in following)
    return False


class _TextOf(HTMLParser):
    """The visible text of an HTML body: no script, style or quoted reply."""

    SKIPPED = frozenset({"script", "style", "head", "title", "blockquote", "template"})
    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                        "table", "ul", "ol", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """The text a reader sees in ``html``; scripts, styles and quotes are dropped."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
