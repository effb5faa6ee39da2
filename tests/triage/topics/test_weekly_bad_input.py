"""Odd report texts never stop hot topics: they add no terms, and labels fall back."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cityloop.triage.topics import terms as topic_terms
from cityloop.triage.topics import weekly as topics

ODD_TEXTS = [
    "",
    "x",
    "坑",
    "pothole " * 1250,  # 10,000 characters
    "🕳️🚗💥😡" * 10,
    "路面有个大坑 huge pothole на дороге ถนนเป็นหลุม",
    "ᚠᛇᚻ᛫ᛒᛦᚦ ᚠᛇᚻ",  # a script nobody reports in
    "\u200b\u200d\ufeff",
    "!!!???...",
    "1234567890 0987654321",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_terms_of_odd_texts_never_raise(text):
    terms = topic_terms.extract(text)
    assert all(t.strip() for t in terms.all)
    assert not any(ch.isdigit() for t in terms.all for ch in t)


def test_emoji_and_punctuation_make_no_terms():
    assert topic_terms.extract("🕳️🚗💥😡 !!! ...").all == []


def test_a_week_of_odd_texts_still_gets_topics_labelled_by_category(make_case):
    for text in ODD_TEXTS:
        make_case(description=text[:4000])
    found = topics.compute(topics.week_of(timezone.now()))
    assert found
    assert sum(t.size for t in found) == len(ODD_TEXTS)
    for topic in found:
        assert topic.label_en and topic.label_zh
    # Too few Chinese words in common: the category names the topic in Chinese.
    assert any("Pothole" in t.label_en or "路面坑洼" in t.label_zh for t in found)


def test_a_week_of_only_emoji_gets_one_topic_named_after_its_category(make_case):
    for _ in range(topics.MIN_REPORTS):
        make_case(description="🕳️🚗💥")
    [topic] = topics.compute(topics.week_of(timezone.now()))
    assert (topic.label_en, topic.label_zh, topic.size) == ("Pothole", "路面坑洼",
                                                            topics.MIN_REPORTS)
    assert topic.terms == []


def test_distinctive_terms_of_nothing_are_none():
    assert topic_terms.distinctive([], topic_terms.document_frequency([]), 0) == []
    assert topic_terms.distinctive([[]], topic_terms.document_frequency([[]]), 1) == []
