"""The ``model`` provider: the shape of its answer, and sensible answers to odd text."""

from __future__ import annotations

import logging

import pytest

from cityloop.cases import suggest
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from cityloop.registry import triage_providers
from cityloop.triage.classifier import provider

BAD_INPUTS = {
    "empty": "",
    "blank": "   \n\t ",
    "one letter": "a",
    "one Chinese character": "坑",
    "emoji only": "😡😡😡🚧",
    "punctuation": "?!?!...",
    "one letter 10,000 times": "a" * 10_000,
    "keyboard noise": "qwzx vbnm kjhg asdf " * 500,
    "Thai": "ถนนหน้าบ้านมีหลุมใหญ่มาก รถตกหลุมทุกวัน",
    "Arabic": "يوجد حفرة كبيرة في الشارع أمام المدرسة",
    "Russian": "на улице не работает фонарь уже неделю",
    "mixed scripts": "路灯 не работает ถนน 😡",
    "control characters": "\x00\x01\x02\u200b\ufeff",
}


def check_shape(answer: suggest.Suggestion) -> None:
    assert len(answer.top3) == 3
    probabilities = [p for _, p in answer.top3]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) <= 1 + 1e-9
    assert all(0 <= p <= 1 for p in probabilities)
    assert len({code for code, _ in answer.top3}) == 3
    assert (answer.category, answer.confidence) == answer.top3[0]
    assert answer.priority in ("low", "normal", "high", "urgent")


def test_it_is_registered_as_the_model_provider():
    assert triage_providers.get("model") is provider.model_suggestion


def test_it_answers_with_a_category_a_confidence_a_top3_and_a_priority(active_model):
    answer = suggest.suggest("The street light outside the school has been out for a week")
    assert answer is not None
    check_shape(answer)
    assert answer.category == "streetlight" and answer.confidence > 0.6
    assert answer.provider == f"model:{active_model.version}"
    top3 = answer.as_json()["top3"]
    assert isinstance(top3, list) and top3[0] == ["streetlight", round(answer.confidence, 4)]


def test_it_understands_chinese_and_mixed_reports(active_model):
    for text, category in [("小区门口的垃圾桶三天没人收了，臭死了", "missed_collection"),
                           ("路口的红绿灯坏了 traffic light not working", "traffic_signal")]:
        answer = provider.model_suggestion(text, "zh-hans")
        assert answer is not None and answer.category == category, text


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_it_answers_other_with_low_confidence_to_text_it_cannot_read(name, active_model):
    answer = provider.model_suggestion(BAD_INPUTS[name], "")
    assert answer is not None
    check_shape(answer)
    assert answer.category == "other"
    assert answer.confidence < 0.2  # far below any sensible CITYLOOP_TRIAGE_CONFIDENCE


def test_it_cuts_a_very_long_report_and_still_reads_it(active_model):
    answer = provider.model_suggestion("The pothole on Elm Street is getting deeper. " * 250, "")
    assert answer is not None
    check_shape(answer)
    assert answer.category == "pothole"


def test_it_answers_a_batch_as_it_answers_one_by_one(active_model):
    texts = ["pothole", "", "路灯坏了", "🙂", "dead fish floating in the pond"]
    batch = provider.predict_many(active_model, texts)
    assert batch == [provider.model_suggestion(t, "") for t in texts]


def test_it_never_suggests_a_category_the_city_switched_off(active_model):
    ServiceCategory.objects.filter(service_code="streetlight").update(active=False)
    snapshot.touch()
    answer = provider.model_suggestion("street light out", "")
    assert answer is not None
    assert "streetlight" not in [code for code, _ in answer.top3]
    check_shape(answer)


def test_it_suggests_with_keywords_until_a_model_is_trained(city, settings, caplog,
                                                            monkeypatch):
    settings.TRIAGE_PROVIDER = "model"
    monkeypatch.setattr(provider, "_said_no_model", False)
    with caplog.at_level(logging.INFO, logger="cityloop.triage.classifier.provider"):
        first = suggest.suggest("There is a big pothole in the road")
        second = suggest.suggest("路灯不亮")
    assert first is not None and first.provider == "keywords"
    assert first.category == "pothole"
    assert second is not None and second.provider == "keywords"
    said = [r for r in caplog.records if "no triage model" in r.getMessage()]
    assert len(said) == 1  # once per process, not once per report


def test_it_falls_back_to_keywords_when_the_model_fails(active_model, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(provider, "predict_many", broken)
    with caplog.at_level(logging.ERROR, logger="cityloop.triage.classifier.provider"):
        answer = provider.model_suggestion("big pothole", "")
    assert answer is not None and answer.provider == "keywords"
    assert "failed" in caplog.text
