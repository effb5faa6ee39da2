"""The participation open data as files: ``cityloop participation-export --output DIR``.

Five files, from the same records as the JSON API (``opendata``), so the
same rules hold: no resident, no ballot by itself, no free text of a survey,
map points to about 100 m. CSV is UTF-8 without a byte-order mark, a header
row first, one row per line (RFC 4180, CRLF). Rows are read with
``iterator()`` and written as they come, so a city's hundred thousand map
answers never sit in memory at once. Each file is written beside its final
name and moved into place when all five are done: a failed export leaves the
previous one whole.

A text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``:
proposals are written by anyone, and opening open data must not run them.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from django.utils import timezone, translation

from cityloop.participation import opendata
from cityloop.participation.models import CHOICE_KINDS, MAP_KINDS, QuestionKind

PROCESS_COLUMNS = ("id", "slug", "kind", "title", "summary", "area_code", "area_name",
                   "phase", "phases", "proposals", "supports", "responses", "ballots", "url")
PROPOSAL_COLUMNS = ("id", "process_id", "title", "body", "language", "status", "supports",
                    "threshold", "answer", "answered_at", "answer_due_at", "service_code",
                    "area_code", "lat", "lon", "case", "merged_into", "created_at")
BUDGET_COLUMNS = ("budget_id", "process_id", "budget_title", "amount", "ballots", "total",
                  "project_id", "project_title", "cost", "votes", "selected", "status", "case")
SURVEY_COLUMNS = ("survey_id", "process_id", "survey_title", "responses", "question_id",
                  "position", "kind", "question", "answered", "choice", "label", "count",
                  "mean", "entries")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Row = dict[str, Any]


def export(directory: Path, language: str, now: datetime | None = None) -> dict[str, int]:
    """Write the five files into ``directory``; how many rows (or points) each has."""
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[TextIO], int]] = {
        "processes.csv": lambda out: _csv(out, PROCESS_COLUMNS, _processes(language, now)),
        "proposals.csv": lambda out: _csv(out, PROPOSAL_COLUMNS, _proposals()),
        "budget_results.csv": lambda out: _csv(out, BUDGET_COLUMNS, _budget_results(language)),
        "survey_results.csv": lambda out: _csv(out, SURVEY_COLUMNS, _survey_results(language)),
        "survey_points.geojson": _points,
    }
    written: dict[str, int] = {}
    parts = {name: directory / f".{name}.part" for name in writers}
    try:
        with translation.override(language):
            for name, write in writers.items():
                with open(parts[name], "w", encoding="utf-8", newline="") as out:
                    written[name] = write(out)
    except BaseException:
        for part in parts.values():
            part.unlink(missing_ok=True)
        raise
    for name, part in parts.items():
        os.replace(part, directory / name)
    return written


def _csv(out: TextIO, columns: tuple[str, ...], rows: Iterable[Row]) -> int:
    writer = csv.DictWriter(out, columns, extrasaction="raise")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
        count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _processes(language: str, now: datetime) -> Iterator[Row]:
    processes = list(opendata.published_processes())  # a city has tens, not thousands
    figures = opendata.counts(p.pk for p in processes)
    for process in processes:
        record = opendata.process_record(process, language, figures[process.pk], now)
        scope = record["scope"] or {}
        yield {
            **{key: record[key] for key in ("id", "slug", "kind", "title", "summary", "url")},
            **record["counts"],
            "area_code": scope.get("code"), "area_name": scope.get("name"),
            "phase": record["phase"]["kind"] if record["phase"] else None,
            # ISO 8601 intervals: information 2026-01-01T00:00:00+08:00/2026-02-01T...
            "phases": "; ".join(f"{p['kind']} {p['starts_at']}/{p['ends_at']}"
                                for p in record["phases"]),
        }


def _proposals() -> Iterator[Row]:
    rows = opendata.proposal_rows(opendata.visible_proposals().order_by("process_id", "id"))
    for row in rows.iterator(chunk_size=1000):
        record = opendata.proposal_record(row)
        point = record.pop("point") or (None, None)
        yield {
            **{key: record[key] for key in PROPOSAL_COLUMNS if key in record},
            "process_id": record["process"], "service_code": record["category"],
            "area_code": record["area"], "lon": point[0], "lat": point[1],
        }


def _budget_results(language: str) -> Iterator[Row]:
    for budget in opendata.public_budgets().filter(results_published_at__isnull=False):
        results = opendata.budget_results(budget, language)
        assert results is not None  # published: filtered above
        for project in results["projects"]:
            yield {"budget_id": budget.pk, "process_id": budget.process_id,
                   "budget_title": budget.title_text(language), "amount": results["amount"],
                   "ballots": results["ballots"], "total": results["total"],
                   "project_id": project["id"], "project_title": project["title"],
                   "cost": project["cost"], "votes": project["votes"],
                   "selected": project["selected"], "status": project["status"],
                   "case": project["case"]}


def _survey_results(language: str) -> Iterator[Row]:
    for survey in opendata.public_surveys():
        results = opendata.survey_results(survey, language)
        base = {"survey_id": survey.pk, "process_id": survey.process_id,
                "survey_title": survey.title_text(language), "responses": results["responses"]}
        for question in results["questions"]:
            row = {**base, "question_id": question["id"], "position": question["position"],
                   "kind": question["kind"], "question": question["text"],
                   "answered": question["answered"]}
            yield from _question_rows(row, question)


def _question_rows(row: Row, question: Row) -> Iterator[Row]:
    """One row per choice or scale value; one for a text (how many answered) or map question."""
    if question["kind"] in CHOICE_KINDS:
        for choice in question["choices"]:
            yield {**row, "choice": choice["key"], "label": choice["label"],
                   "count": choice["count"]}
    elif question["kind"] == QuestionKind.SCALE:
        for value in question["scale"]["counts"]:
            yield {**row, "choice": value["value"], "label": value["value"],
                   "count": value["count"], "mean": question["scale"]["mean"]}
    else:
        yield {**row, "entries": question["entries"] if question["kind"] in MAP_KINDS else None}


def _points(out: TextIO) -> int:
    """A FeatureCollection written feature by feature (json.dump would want the whole list)."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for feature in opendata.survey_points(opendata.published_surveys()):
        out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count
