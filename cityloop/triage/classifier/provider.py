"""The ``model`` triage provider: the active trained model's category, confidence and priority.

Registered on ``registry.triage_providers`` as ``model`` (the default of
``CITYLOOP_TRIAGE``). Before any model was trained it answers with the
``keywords`` provider (and says so once in the log), so a fresh install
works. Odd text never raises:

- text the model cannot read — empty, one character, emoji only, or mostly
  in a script it never saw (Thai, Arabic… for an English and Chinese model)
  — gets ``other`` with a low confidence: the model's probabilities shrunk
  toward the uniform prior, ``other`` put first, the top 3 still given;
- very long text is cut to ``text.MAX_CHARS`` before it is vectorised;
- categories the city has switched off are never suggested.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from cityloop.cases.suggest import Suggestion, keyword_suggestion
from cityloop.catalogue import snapshot
from cityloop.registry import triage_providers
from cityloop.triage.classifier import priority, store
from cityloop.triage.classifier.store import LoadedModel
from cityloop.triage.classifier.text import normalise, readability

log = logging.getLogger(__name__)

OTHER = "other"
# How much of the model's opinion survives for text it cannot read: at most
# this share, scaled by the share of the text's letters it knows.
UNREADABLE_WEIGHT = 0.3

_said_no_model = False


def _note_no_model() -> None:
    global _said_no_model
    if not _said_no_model:
        _said_no_model = True
        log.info("no triage model has been trained yet: suggesting with keywords "
                 "(run `cityloop triage train`)")


@triage_providers.register(
    "model", "The trained classifier (cityloop triage train); keywords until one is trained."
)
def model_suggestion(text: str, language: str) -> Suggestion | None:
    try:
        loaded = store.active()
        if loaded is not None:
            return predict_many(loaded, [text])[0]
        _note_no_model()
    except Exception:  # a suggestion is optional: never fail a report for it
        log.exception("the triage model failed; suggesting with keywords")
    return keyword_suggestion(text, language)


def suggest_many(texts: Sequence[str]) -> list[Suggestion]:
    """Suggestions for many texts at once (batch use); keywords when no model exists."""
    loaded = store.active()
    if loaded is None:
        _note_no_model()
        return [keyword_suggestion(t, "") or Suggestion(None, 0.0, provider="keywords")
                for t in texts]
    return predict_many(loaded, texts)


def predict_many(loaded: LoadedModel, texts: Sequence[str]) -> list[Suggestion]:
    model = loaded.classifier
    categories = snapshot.current().categories
    usable = np.array([c in categories and categories[c].active for c in model.classes])
    out = []
    for raw in texts:
        text = normalise(raw if isinstance(raw, str) else "")
        vec = model.vector(text)
        scores = model.vector_scores(vec)
        p = np.exp((scores - scores.max()) / model.temperature)
        if usable.any():
            p = p * usable
        p = p / p.sum()
        seen = readability(text, model.alphabet, vec.coverage)
        if not seen.readable:
            # The model's opinion counts in proportion to what it could read.
            trust = seen.known_share * min(1.0, seen.known / 10) * min(1.0, seen.coverage * 5)
            p = _unreadable(p, trust, model.classes, usable)
        order = np.argsort(-p, kind="stable")[:3]
        top3 = [(model.classes[j], float(p[j])) for j in order]
        code = top3[0][0]
        default = str(categories[code].default_priority) if code in categories else "normal"
        rule = priority.by_rules(text, default)
        level = rule.priority
        if loaded.priority is not None:
            level, _ = priority.decide(rule, loaded.priority, model.as_row(vec), default)
        out.append(Suggestion(code, top3[0][1], top3, level, f"model:{loaded.version}"))
    return out


def _unreadable(p: np.ndarray, trust: float, classes: list[str],
                usable: np.ndarray) -> np.ndarray:
    """Shrink toward the uniform prior and put ``other`` first (when the model has it)."""
    k = int(usable.sum()) or len(classes)
    weight = UNREADABLE_WEIGHT * trust
    uniform = (usable if usable.any() else np.ones(len(classes))) / k
    q = (1 - weight) * uniform + weight * p
    if OTHER in classes and (not usable.any() or usable[classes.index(OTHER)]):
        j = classes.index(OTHER)
        q = q.copy()
        q[j] = q.max() + 1e-6  # first, and by the smallest margin
        q = q / q.sum()
    return q
