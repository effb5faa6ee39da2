"""The classifier itself: training on a small corpus, calibration, files, normalisation."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cityloop.triage.classifier import category as classifier
from cityloop.triage.classifier import store
from cityloop.triage.classifier.category import Classifier
from cityloop.triage.classifier.text import MAX_CHARS, normalise
from tests.triage.classifier.fixtures import SMALL

OBVIOUS = {
    "streetlight": ["the street light outside number 12 has been out for a week", "路灯不亮了"],
    "pothole": ["massive pothole in the bus lane", "马路上有个大坑"],
    "graffiti": ["someone sprayed graffiti all over the bus shelter wall", "电线杆上贴满了小广告"],
    "noise": ["construction noise at 2am every night", "楼下广场舞太吵了"],
}


def test_it_learns_categories_in_both_languages_from_a_small_corpus(small_trained):
    model = small_trained.classifier
    for category, texts in OBVIOUS.items():
        assert model.predict(texts) == [category] * len(texts)
    assert len(model.classes) == 23


def test_it_reports_cross_validated_metrics_and_calibrates_its_confidence(small_trained):
    cv = small_trained.cv
    assert cv.n == len(small_trained.examples)  # every report scored once, out of fold
    assert 0.7 < cv.macro_f1 <= 1
    assert {"en", "zh-hans", "mixed"} <= set(cv.per_language)
    # Calibrated: the confidence says how often the answer is right.
    assert cv.calibration["ece"] < 0.06
    assert cv.calibration["above_threshold_accuracy"] > 0.85
    assert 0 < small_trained.classifier.temperature < 1  # SVM scores are too timid raw


def test_it_gives_probabilities_that_sum_to_one(small_trained):
    proba = small_trained.classifier.proba(["pothole", "路灯坏了", ""])
    assert proba.shape == (3, 23)
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_its_fast_vector_is_the_vectoriser_s(small_trained, small_corpus):
    model = small_trained.classifier
    texts = [e.text for e in small_corpus[:200]] + ["", "🙂", "x" * 5000, "路灯 broken 不亮"]
    expected = model.features([normalise(t) for t in texts]).toarray()
    for text, row in zip(texts, expected, strict=True):
        vec = model.vector(normalise(text))
        got = np.zeros(row.shape, dtype=np.float32)
        got[vec.indices] = vec.values
        assert np.allclose(got, row, atol=1e-5), text
        assert np.allclose(model.vector_scores(vec), model.scores(model.as_row(vec))[0], atol=1e-4)


def test_it_reads_back_exactly_what_it_wrote_without_unpickling(small_trained, tmp_path):
    model = small_trained.classifier
    described = model.save(tmp_path)
    loaded, extra = Classifier.load(tmp_path, described)
    texts = ["water gushing from a burst main", "垃圾桶满了没人收", "🙂"]
    assert np.allclose(loaded.proba(texts), model.proba(texts), atol=1e-6)
    assert extra == {}
    assert json.loads((tmp_path / classifier.VOCABULARY_FILE).read_text())[0] is not None
    with np.load(tmp_path / classifier.WEIGHTS_FILE, allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


def test_it_normalises_text_the_same_way_for_training_and_prediction():
    assert normalise("  ＰＯＴＨＯＬＥ   on\tMain St  ") == "pothole on main st"
    assert normalise("see https://example.org/x?y=1 and www.foo.cn now") == "see and now"
    assert normalise("call 12345 or mail a.b@example.org, 3rd time") == "call 0 or mail 0rd time"
    assert normalise("sooooooo baaaaad!!!!!!!") == "sooo baaad!!!"
    assert len(normalise("路灯坏了" * 2_500)) == MAX_CHARS
    text = "Flooding 水浸 https://x.y 2024"
    assert normalise(normalise(text)) == normalise(text)


def test_it_scores_every_example_out_of_fold(small_corpus):
    texts = [e.text for e in small_corpus]
    labels = [e.category for e in small_corpus]
    scores, classes = classifier.out_of_fold_scores(texts, labels, [1.0] * len(texts), SMALL)
    assert scores.shape == (len(texts), 23) and classes == sorted(set(labels))
    right = np.mean([classes[i] == label for i, label in zip(scores.argmax(1), labels,
                                                              strict=True)])
    assert right > 0.7
    temperature = classifier.fit_temperature(scores, np.array([classes.index(c) for c in labels]))
    assert 0.01 < temperature < 1


def test_it_refuses_version_names_that_could_point_elsewhere():
    for bad in ("../../etc", "20260101T000000Z-abcdef/../x", "latest", "", "/tmp"):
        with pytest.raises(store.ModelFilesError):
            store.version_dir(bad)
    assert store.version_dir("20260101T000000Z-abcdef").name == "20260101T000000Z-abcdef"
