"""Model versions: stored under the data directory with a manifest, one active, and
picked up by every process without a restart."""

from __future__ import annotations

import json
import shutil

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cityloop.triage.classifier import provider, store, training
from cityloop.triage.classifier.models import TriageModel
from tests.triage.classifier.fixtures import SMALL, active_version, store_and_activate


def test_it_stores_each_version_with_its_manifest(city, small_corpus):
    row, trained = training.train(examples=small_corpus[:600], params=SMALL, history=False)
    directory = settings.DATA_DIR / "models" / "triage" / row.version
    assert sorted(p.name for p in directory.iterdir()) == [
        "manifest.json", "vocabulary.json", "weights.npz"]
    manifest = json.loads((directory / "manifest.json").read_text())
    assert manifest["version"] == row.version and manifest["format"] == store.FORMAT
    assert manifest["created"].startswith(str(timezone.now().year))
    assert sum(manifest["training_counts"]["seed"].values()) == len(trained.examples)
    assert manifest["metrics"]["macro_f1"] == trained.cv.macro_f1 == row.metrics["macro_f1"]
    assert {"scikit-learn", "numpy", "scipy", "python"} <= set(manifest["libraries"])
    assert manifest["classes"] == trained.classifier.classes
    assert row.active and active_version() == row.version


def test_it_keeps_one_version_active(city, small_trained):
    first = store_and_activate(small_trained)
    second = store_and_activate(small_trained)
    assert list(TriageModel.objects.filter(active=True).values_list("version", flat=True)) == [
        second.version]
    store.activate(first.version)  # switching back is a row update, not a retraining
    assert active_version() == first.version
    with pytest.raises(IntegrityError), transaction.atomic():
        TriageModel.objects.filter(version=second.version).update(active=True)


def test_a_running_process_picks_up_a_newly_trained_model_without_a_restart(
        city, small_corpus, settings):
    settings.TRIAGE_PROVIDER = "model"
    old, _ = training.train(examples=small_corpus[:700], params=SMALL, history=False)
    # Another process (a web worker) holds its own copy of the active model.
    other_process = store.active_cache()
    held = other_process.get().model
    assert held is not None and held.version == old.version
    assert other_process.get().model is held  # loaded once, not per prediction

    new, _ = training.train(examples=small_corpus, params=SMALL, history=False)

    picked = other_process.get().model
    assert picked is not None and picked.version == new.version != old.version
    answer = provider.model_suggestion("pothole in the road", "")
    assert answer is not None and answer.provider == f"model:{new.version}"


def test_training_without_activating_leaves_the_active_model_alone(city, active_model,
                                                                   small_corpus):
    row, _ = training.train(examples=small_corpus[:600], params=SMALL, history=False,
                            activate=False)
    assert not row.active
    assert active_version() == active_model.version


def test_it_suggests_with_keywords_when_the_active_model_s_files_are_gone(active_model,
                                                                         caplog):
    shutil.rmtree(store.version_dir(active_model.version))
    store.activate(active_model.version)  # as if another machine had just activated it
    answer = provider.model_suggestion("There is a big pothole in the road", "")
    assert answer is not None and answer.provider == "keywords"
    assert "could not be loaded" in caplog.text


def test_it_refuses_a_manifest_that_is_not_its_own(active_model):
    directory = store.version_dir(active_model.version)
    manifest = json.loads((directory / "manifest.json").read_text())
    (directory / "manifest.json").write_text(json.dumps({**manifest, "version": "other"}))
    with pytest.raises(store.ModelFilesError):
        store.load(active_model.version)


def test_ensure_model_trains_once_and_again_only_when_the_files_are_gone(
        city, small_corpus, monkeypatch):
    """What ``cityloop demo`` relies on: a model exists afterwards, trained at most once."""
    from cityloop.triage.classifier import corpus

    monkeypatch.setattr(corpus, "seed", lambda: small_corpus[::2])
    said: list[str] = []
    first = training.ensure_model(progress=said.append)
    assert active_version() == first and any("fitting" in line for line in said)
    assert training.ensure_model() == first
    assert TriageModel.objects.count() == 1  # not trained again

    shutil.rmtree(store.version_dir(first))
    store.activate(first)  # as another process would find it: active, files lost
    second = training.ensure_model()
    assert second != first and active_version() == second
