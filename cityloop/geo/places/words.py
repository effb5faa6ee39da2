"""The search text of a name: how names and queries are cut into words.

A name is matched word by word. Latin letters and digits make words split
at spaces and punctuation ("12 Hetang Rd." -> 12, hetang, road); Chinese has
no spaces, so a run of Chinese characters gives each character and each
pair of neighbouring characters (荷塘路 -> 荷, 塘, 路, 荷塘, 塘路), and a
query in Chinese matches when all its pairs are in the name. No dictionary
of Chinese words is needed, and 荷塘 finds 荷塘路 as 塘路 finds it too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Street words written short in English addresses, read as the full word so
# that "Hetang Rd" and "Hetang Road" are the same name.
ABBREVIATIONS = {
    "rd": "road", "st": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard",
    "ln": "lane", "dr": "drive", "hwy": "highway", "sq": "square",
}
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")


@dataclass(frozen=True)
class Words:
    """A text cut into words: ``latin`` (letters and digits) and ``chinese`` (characters
    and pairs); ``length`` counts the Latin words and the Chinese characters, for how much
    of a name a query covers (so "5 Binjiang Road" and "123 Binjiang Road" are alike)."""

    latin: tuple[str, ...]
    chinese: tuple[str, ...]
    length: int

    @property
    def all(self) -> tuple[str, ...]:
        return self.latin + self.chinese


def fold(text: str) -> str:
    """Lower case, full-width letters made plain, accents dropped (Hétang -> hetang)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def cut(text: str, *, pairs_only: bool = False) -> Words:
    """The words of ``text``. A query (``pairs_only``) asks for the pairs of a Chinese run
    of two or more characters, not each character, so every pair must be present."""
    latin: list[str] = []
    chinese: list[str] = []
    length = 0
    for piece in _PIECES.findall(fold(text)):
        if _IS_CJK.match(piece):
            length += len(piece)
            pairs = [piece[i:i + 2] for i in range(len(piece) - 1)]
            if pairs_only and pairs:
                chinese.extend(pairs)
            else:
                chinese.extend([*piece, *pairs])
            continue
        # Latin letters and digits written together ("12b", "no5") stay one word,
        # but digits glued to Chinese ("荷塘路12号") were split off by the pattern.
        word = ABBREVIATIONS.get(piece, piece)
        latin.append(word)
        length += 1
    return Words(tuple(dict.fromkeys(latin)), tuple(dict.fromkeys(chinese)), length)


def search_key(*names: str) -> str:
    """Every name's words, spaced, as stored in ``Place.search_key`` (for the admin's search
    and for a reader of the table; the index cuts the names again itself)."""
    words: dict[str, None] = {}
    for name in names:
        if name:
            words.update(dict.fromkeys(cut(name).latin))
            words.update(dict.fromkeys(re.findall(rf"[{_CJK}]+", fold(name))))
    return " ".join(words)[:500]


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one letter added, dropped, changed, or two
    neighbours swapped (optimal string alignment distance <= 1): "hetnag" ~ "hetang"."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def deletions(word: str) -> set[str]:
    """``word`` and each way of dropping one letter: two words within one edit share one."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}
