"""Priority: the category's default, moved by urgency cues in English and Chinese, and
by a small model when staff have set enough priorities by hand."""

from __future__ import annotations

import pytest
from scipy import sparse

from cityloop.triage.classifier import priority, provider
from cityloop.triage.classifier.priority import by_rules
from cityloop.triage.classifier.text import normalise


def rules(text: str, default: str = "normal") -> str:
    return by_rules(normalise(text), default).priority


@pytest.mark.parametrize("text", [
    "the bins behind the shop are on fire", "smell of gas on the corner, very strong",
    "live wire hanging down and sparking", "the old wall has collapsed onto the pavement",
    "a man is trapped in the lift", "垃圾堆着火了", "电线掉下来了还在打火花", "围墙倒塌了",
    "有人被困",
])
def test_it_makes_danger_to_life_urgent(text):
    assert rules(text, "low") == "urgent"


@pytest.mark.parametrize(("text", "default", "expected"), [
    ("hole in the road outside the school", "normal", "high"),
    ("门口有个坑，小孩上学天天经过", "normal", "high"),
    ("Dangerous pothole, kids nearly fell in", "normal", "urgent"),  # two kinds of cue
    ("water gushing out of the pavement", "high", "urgent"),
    ("路口堵死了，车都过不去", "normal", "high"),
    ("紧急！马路上有个大坑", "normal", "high"),
    ("太危险了", "low", "normal"),
    ("bench in the park is broken", "low", "low"),  # no cue: the category's default
    ("no rush, but the bench in the park is wobbly", "normal", "low"),
    ("不急，有空来修一下公园的椅子", "normal", "low"),
    ("not urgent: a little graffiti on the wall", "normal", "low"),  # "not urgent" is calm
    ("fire hydrant leaking onto the road", "high", "high"),  # a hydrant is not a fire
    ("墙上有人喷漆乱画", "low", "low"),  # spray paint is not gushing water
])
def test_it_moves_the_default_by_urgency_cues(text, default, expected):
    assert rules(text, default) == expected


def test_it_says_which_cues_it_found():
    answer = by_rules(normalise("Dangerous pothole by the kindergarten, traffic jam"), "normal")
    assert answer.cues == ("danger", "vulnerable", "blocked")


def test_the_provider_starts_from_the_predicted_category_s_default(active_model):
    graffiti = provider.model_suggestion("graffiti sprayed on the wall of the library", "")
    flooding = provider.model_suggestion("the underpass is flooded after the storm", "")
    fire = provider.model_suggestion("the rubbish pile behind the market is on fire", "")
    assert graffiti is not None and graffiti.priority == "low"  # graffiti's default
    assert flooding is not None and flooding.priority == "urgent"  # flooding's default
    assert fire is not None and fire.priority == "urgent"  # cue: danger to life


def test_it_learns_priorities_staff_set_once_there_are_enough(small_trained):
    model = small_trained.classifier
    texts = [f"bench broken in park number {i}" for i in range(30)] + \
            [f"pothole in lane {i} of the ring road" for i in range(30)]
    labels = ["high"] * 30 + ["low"] * 30  # this city's own habits, against the cues
    features = model.features(texts)
    assert priority.train_model(features[:40], ["normal"] * 40, ["normal"] * 40,
                                labels[:40]) is None  # fewer than MIN_LABELS (50)
    learnt = priority.train_model(features, ["normal"] * 60, ["normal"] * 60, labels)
    assert learnt is not None
    rule = by_rules(normalise("bench broken in the park"), "low")
    row = model.features(["bench broken in the park"])
    level, source = priority.decide(rule, learnt, row, "low")
    assert (level, source) == ("high", "model")
    unsure, source = priority.decide(rule, None, row, "low")
    assert (unsure, source) == ("low", "rules")


def test_it_keeps_to_the_rules_with_too_few_labels(small_trained):
    features = small_trained.classifier.features(["a", "b"])
    assert priority.train_model(features, ["normal"] * 2, ["normal"] * 2, ["high", "low"]) is None
    assert priority.train_model(sparse.vstack([features] * 30), ["normal"] * 60,
                                ["normal"] * 60, ["high"] * 60) is None  # one level only
