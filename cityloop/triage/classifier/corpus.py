"""What the classifier learns from: the seed corpus, the catalogue, the city's own cases.

- **seed**: ``triage/classifier/data/seed_corpus.jsonl``, realistic reports in English,
  Chinese and both, for every service code of the default catalogue (the
  cold start of a fresh install).
- **catalogue**: each active category's names (every language) and keywords
  as short examples. Cross-validated on the seed corpus they lifted
  macro-F1 from 0.884 to 0.895, and they teach the model a category a city
  added that the seed corpus does not know.
- **history**: the city's cases, labelled with their *final* category.
  Left out: rejected-as-invalid reports, reports the system wrote itself
  (sensor alerts, hotspot incidents), and cases still ``new`` that no one
  has looked at (their category may be triage's own guess). A case whose
  category staff corrected (``case.triage["corrected_to"]``) weighs
  ``CORRECTION_WEIGHT`` times as much: it is where the model was wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cityloop.cases.models import Case, CaseEvent, Channel, RejectReason, Status
from cityloop.catalogue.models import ServiceCategory

SEED_CORPUS = Path(__file__).resolve().parent / "data" / "seed_corpus.jsonl"
CORRECTION_WEIGHT = 3.0
MAX_HISTORY = 50_000
MIN_EXAMPLES = 5  # a class needs this many to be learnt (and cross-validated)


@dataclass(frozen=True)
class Example:
    text: str
    category: str
    source: str  # seed, catalogue, history, correction
    lang: str = ""
    weight: float = 1.0


class BadLine(ValueError):
    pass


def parse_line(line: str) -> dict[str, Any]:
    """One JSON-lines record with a string ``text``; ``BadLine`` says what is wrong."""
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise BadLine(f"not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise BadLine("not a JSON object")
    if not isinstance(record.get("text"), str):
        raise BadLine('no "text" string')
    return record


def read_labelled(path: Path, source: str) -> list[Example]:
    """A JSON-lines file of ``{"text", "category", "lang"?}``; bad lines are skipped."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = parse_line(line)
            except BadLine:
                continue
            if isinstance(record.get("category"), str) and record["category"]:
                examples.append(Example(record["text"], record["category"], source,
                                        str(record.get("lang") or "")))
    return examples


def seed() -> list[Example]:
    return read_labelled(SEED_CORPUS, "seed")


def catalogue() -> list[Example]:
    examples = []
    for category in ServiceCategory.objects.filter(active=True).order_by("service_code"):
        names = [category.name, *(category.name_i18n or {}).values()]
        words = [w for w in category.keywords or [] if isinstance(w, str)]
        for text in dict.fromkeys(n for n in (*names, *words) if n and n.strip()):
            examples.append(Example(text, category.service_code, "catalogue"))
    return examples


def history(limit: int = MAX_HISTORY) -> list[Example]:
    cases = (
        Case.objects.exclude(description="")
        .exclude(channel__in=[Channel.SENSOR, Channel.HOTSPOT])
        .exclude(status=Status.REJECTED, reject_reason=RejectReason.INVALID)
        .filter(category__active=True)
        .order_by("-created_at")
        .values_list("description", "category__service_code", "language", "status", "triage")
    )
    examples = []
    for text, code, lang, status, triage in cases[:limit].iterator(chunk_size=2000):
        corrected = isinstance(triage, dict) and bool(triage.get("corrected_to"))
        if status == Status.NEW and not corrected:
            continue
        examples.append(Example(text, code, "correction" if corrected else "history", lang or "",
                                CORRECTION_WEIGHT if corrected else 1.0))
    return examples


def learnable(examples: Iterable[Example]) -> list[Example]:
    """Drop classes with fewer than ``MIN_EXAMPLES`` examples."""
    examples = list(examples)
    counts = Counter(e.category for e in examples)
    return [e for e in examples if counts[e.category] >= MIN_EXAMPLES]


def counts(examples: Iterable[Example]) -> dict[str, dict[str, int]]:
    """Training counts per source and class, for the manifest."""
    out: dict[str, Counter[str]] = {}
    for e in examples:
        out.setdefault(e.source, Counter())[e.category] += 1
    return {source: dict(sorted(c.items())) for source, c in sorted(out.items())}


@dataclass(frozen=True)
class PriorityLabel:
    text: str
    category: str
    priority: str


def priority_labels(limit: int = MAX_HISTORY) -> Iterator[PriorityLabel]:
    """The priorities staff set by hand: the last ``set_priority`` by staff on each case."""
    events = (
        CaseEvent.objects.filter(action="set_priority", actor_kind="staff")
        .exclude(case__description="")
        .order_by("-at")
        .values_list("case_id", "case__description", "case__category__service_code", "data")
    )
    seen: set[int] = set()
    for case_id, text, code, data in events[:limit].iterator(chunk_size=2000):
        if case_id in seen or not isinstance(data, dict) or not data.get("to_priority"):
            continue
        seen.add(case_id)
        yield PriorityLabel(text, code, str(data["to_priority"]))
