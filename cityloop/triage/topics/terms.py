"""Readable terms of report texts, and labels of a group of texts, in English and Chinese.

Character n-grams cluster well in any language but make unreadable labels,
so topics use word-ish terms:

- English (and other Latin-script text): lower-case words of three letters
  or more minus stop words, plurals folded onto a singular seen in the same
  texts, and pairs of adjacent content words ("night market");
- Chinese: character bigrams, trigrams and 4-grams of each run of Han characters,
  minus those starting or ending with a particle ("的", "了", "在"…), since
  there is no word segmenter to ask;
- any other script: its words, used for clustering but not for labels.

A group's label is its few terms most frequent in the group relative to
the whole week (``p_group · log(p_group / p_week)``), without overlapping
terms ("积水" and "积水很" → one of them). E-mail addresses, links and long
numbers are removed first, so a phone number can never become a label.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_TEXT_CHARS = 2000
LABEL_TERMS = 3

_PRIVATE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\d[\d\s\-]{4,}\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{_HAN_CHARS}]+")
_HAN_SPLIT = re.compile(f"([{_HAN_CHARS}]+)")

# Content words that scikit-learn counts as stop words, and the fillers of reports.
_KEEP = {"fire", "back", "front", "side", "top", "bottom", "empty", "full", "thick", "bill"}
_FILLERS_EN = {
    "please", "pls", "plz", "thanks", "thank", "just", "really", "like", "got", "get",
    "getting", "gets", "also", "ago", "lot", "lots", "someone", "anyone", "can", "could",
    "would", "will", "need", "needs", "dont", "doesnt", "didnt", "cant", "wont", "isnt",
    "its", "thats", "theres", "ive", "im", "youre", "theyre", "hasnt", "havent", "yes",
    "today", "yesterday", "now", "still", "again", "days", "day", "week", "weeks", "time",
    "times", "since", "near", "outside", "city", "report", "reported", "reporting", "hi",
    "hello", "help", "know", "think", "going", "come", "came", "make", "want", "way",
}


@functools.cache
def stop_en() -> frozenset[str]:
    """English stop words: scikit-learn's, less ``_KEEP``, plus the fillers of reports.

    Built on first use: importing scikit-learn takes seconds, and every cityloop
    process loads this module (the hot-topics job registers at start-up).
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset((set(ENGLISH_STOP_WORDS) - _KEEP) | _FILLERS_EN)


# Han characters that never start or end a term, or never appear in one.
EDGE_ZH = set("是在有我你他她它就都也很还又被把和个这那一不么着过们给让到说要会能没好太真从对")
INSIDE_ZH = set("的了吗呢吧啊呀哦嘛啦")
STOP_ZH = {
    "已经", "现在", "今天", "昨天", "一直", "这里", "那里", "我们", "你们", "他们", "什么",
    "怎么", "可以", "还是", "一下", "非常", "真的", "好几", "几天", "每天", "麻烦", "希望",
    "请问", "谢谢", "反映", "处理", "尽快", "问题", "情况", "有关", "部门", "相关", "看看",
    "赶紧", "时候", "天了", "多天", "附近", "旁边", "那边", "这边", "严重", "市民",
}


@dataclass
class Terms:
    """The terms of one text."""

    en: list[str] = field(default_factory=list)
    zh: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[str]:
        return self.en + self.zh + self.other


def clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", (text or "")[:MAX_TEXT_CHARS]).casefold()
    return _PRIVATE.sub(" ", text)


def extract(text: str) -> Terms:
    """Word-ish terms of ``text``; empty for emoji, numbers or punctuation only."""
    cleaned = clean(text).replace("'", "").replace("’", "")
    terms = Terms()
    latin: list[str] = []  # "" stands for a stop word, so pairs never straddle one
    stop = stop_en()
    for token in _LETTERS.findall(cleaned):
        for run in _HAN_SPLIT.split(token):
            if not run:
                continue
            if _HAN.fullmatch(run):
                latin.append("")
                terms.zh += [g for n in (2, 3, 4) for g in _grams(run, n) if _good_zh(g)]
            elif all(ord(ch) < 0x250 for ch in run):  # Latin script
                latin.append(run if len(run) >= 3 and run not in stop else "")
            elif len(run) >= 2:
                latin.append("")
                terms.other.append(run)
    terms.en = [w for w in latin if w]
    terms.en += [f"{a} {b}" for a, b in itertools.pairwise(latin) if a and b]
    return terms


def _grams(run: str, n: int) -> list[str]:
    return [run[i:i + n] for i in range(len(run) - n + 1)]


def _good_zh(gram: str) -> bool:
    if gram in STOP_ZH or gram[0] in EDGE_ZH or gram[-1] in EDGE_ZH:
        return False
    return not any(ch in INSIDE_ZH for ch in gram)


def fold_plurals(docs: Sequence[Terms]) -> None:
    """Count "drains" as "drain" wherever "drain" occurs too (in place)."""
    vocabulary = {t for d in docs for t in d.en if " " not in t}

    def fold(term: str) -> str:
        words = term.split(" ")
        return " ".join(w[:-1] if w.endswith("s") and not w.endswith("ss")
                        and w[:-1] in vocabulary else w for w in words)

    for d in docs:
        d.en = [fold(t) for t in d.en]


def document_frequency(docs: Iterable[Iterable[str]]) -> Counter[str]:
    df: Counter[str] = Counter()
    for terms in docs:
        df.update(set(terms))
    return df


def distinctive(group: Sequence[Sequence[str]], background: Counter[str], total: int,
                limit: int = LABEL_TERMS) -> list[tuple[str, float]]:
    """The ``limit`` terms most typical of ``group`` against ``background`` (document
    frequencies over ``total`` texts), without overlapping terms."""
    if not group or not total:
        return []
    df = document_frequency(group)
    # A term of one report only is never a label: it says nothing about a
    # topic, and it could be something personal.
    support = max(2, math.ceil(0.1 * len(group)))
    scored = []
    for term, count in df.items():
        if count < support:
            continue
        p_group = count / len(group)
        p_week = (background.get(term, 0) + 1) / (total + 2)
        if p_group > p_week:
            # Longer terms read better: a small nudge towards them on a tie.
            scored.append((p_group * math.log(p_group / p_week) * (1 + 0.05 * len(term)), term))
    scored.sort(key=lambda x: (-x[0], x[1]))
    chosen: list[tuple[str, float]] = []
    for value, term in scored:
        if any(_overlaps(term, other) for other, _v in chosen):
            continue
        chosen.append((term, round(value, 4)))
        if len(chosen) == limit:
            break
    return chosen


def _overlaps(a: str, b: str) -> bool:
    if a.isascii() and b.isascii():
        return bool(set(a.split(" ")) & set(b.split(" ")))  # "drain" / "blocked drain"
    if a.isascii() or b.isascii():
        return False
    # Han: sharing two characters ("通道积" / "地下通道"), or meeting at one
    # ("通道积" / "积水"): pieces of one phrase, not two things.
    if any(a[i:i + 2] in b for i in range(len(a) - 1)):
        return True
    return a[-1] == b[0] or b[-1] == a[0]
