"""Text normalisation shared by training and prediction, and a readability check.

The classifier reads character n-grams, so it needs no word segmenter and
works for Chinese as for English. What it sees is made uniform first: the
same function runs inside the vectoriser when training and when predicting,
so the two can never drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A report's first 600 characters say what it is about; a 10,000-character
# paste would only make prediction slow. Raw text is cut before the regular
# expressions run, normalised text again before it is vectorised.
MAX_RAW_CHARS = 3000
MAX_CHARS = 600

_URL = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL = re.compile(r"[^\s@]{1,64}@[^\s@]{1,255}")
_DIGITS = re.compile(r"\d+")
# "sooooo", "!!!!!!", "啊啊啊啊啊": three in a row carry all the meaning.
_REPEATS = re.compile(r"(.)\1{3,}")


def normalise(text: str) -> str:
    """NFKC, lower case, links and e-mail addresses dropped, digit runs as one
    token, long repeats shortened, whitespace collapsed, at most ``MAX_CHARS``."""
    text = unicodedata.normalize("NFKC", str(text)[:MAX_RAW_CHARS]).lower()
    text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    # A house number, a date or a phone number says nothing about the
    # category; that there was a number may ("3rd time", "12345").
    text = _DIGITS.sub("0", text)
    text = _REPEATS.sub(r"\1\1\1", text)
    return " ".join(text.split())[:MAX_CHARS]


@dataclass(frozen=True)
class Readability:
    letters: int  # letters in the normalised text (any script)
    known: int  # of which the model saw during training
    distinct: int  # different letters among the known ones
    coverage: float = 1.0  # share of the text's longer n-grams the model knows

    @property
    def known_share(self) -> float:
        return self.known / self.letters if self.letters else 0.0

    @property
    def readable(self) -> bool:
        """Enough letters the model knows to say anything about the text.

        Emoji, punctuation, a single character, or a script the model never
        saw (Thai, Arabic… for a model trained on English and Chinese) are
        not, nor is one letter repeated ("aaaa…") or keyboard noise whose
        n-grams the model has almost never seen: the answer is then
        ``other`` with low confidence.
        """
        return (self.distinct >= MIN_KNOWN_LETTERS and self.known_share >= MIN_KNOWN_SHARE
                and self.coverage >= MIN_COVERAGE)


MIN_KNOWN_LETTERS = 2
MIN_KNOWN_SHARE = 0.5
# Real reports in the held-out set have 15 % or more of their longer
# n-grams in the vocabulary (1st percentile); random letters have 0–5 %.
MIN_COVERAGE = 0.06


def readability(normalised: str, alphabet: frozenset[str], coverage: float = 1.0) -> Readability:
    letters = [ch for ch in normalised if unicodedata.category(ch).startswith("L")]
    known = [ch for ch in letters if ch in alphabet]
    return Readability(len(letters), len(known), len(set(known)), coverage)
