"""``cityloop triage train | predict | evaluate | versions | activate``."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cityloop.triage.classifier import provider, training
from tests.triage.classifier.fixtures import active_version

ROOT = Path(__file__).resolve().parents[3]
HELDOUT = ROOT / "benchmarks" / "data" / "triage_heldout.jsonl"


def run(*args: str, stdin: bytes | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": io.BytesIO(stdin)} if stdin is not None else {}
    call_command("triage", *args, stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def found(pattern: str, text: str) -> str:
    """The first group of ``pattern`` in ``text``; the test fails when it is absent."""
    match = re.search(pattern, text)
    assert match is not None, text
    return match.group(1)


def test_it_trains_on_the_full_corpus_and_meets_the_quality_target(city, tmp_path):
    """The one test that trains on the whole seed corpus (about ten seconds)."""
    out, _ = run("train", "--no-history")
    version = re.search(r"Trained (\S+) on (\d+) examples", out)
    assert version is not None and int(version.group(2)) > 5000
    cv = float(found(r"macro-F1 ([0-9.]+)", out))
    assert cv >= 0.85, out
    assert f"Active: {version.group(1)}" in out
    assert active_version() == version.group(1)

    html = tmp_path / "report.html"
    out, _ = run("evaluate", "--data", str(HELDOUT), "--html", str(html))
    # Reports written independently of the seed corpus (never trained on).
    heldout = float(found(r"macro-F1 ([0-9.]+)", out))
    assert heldout >= 0.85, out
    for language in ("en", "zh-hans", "mixed"):
        assert re.search(rf"^  {language} ", out, re.M)
    assert "confusion matrix" in out and "pothole" in out
    page = html.read_text()
    assert page.startswith("<!doctype html>") and "Confusion matrix" in page
    assert "Macro-F1" in page and "road_obstruction" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # self-contained
    assert "<script" not in page and "<link" not in page


def test_it_predicts_json_lines_and_answers_each_bad_line_with_an_error(active_model):
    lines = b"\n".join([
        json.dumps({"text": "路灯不亮了", "id": 1}, ensure_ascii=False).encode(),
        b"this is not json",
        b'{"txt": "no text field"}',
        b"",
        b'{"text": 42}',
        b"[1, 2]",
        b"\xff\xfe not utf-8",
        json.dumps({"text": "", "lang": "en"}).encode(),
        json.dumps({"text": "🙂"}).encode(),
        json.dumps({"text": "pothole " * 2000, "lang": "en"}).encode(),
    ])
    out, _ = run("predict", stdin=lines)
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == 9  # one per non-blank line
    assert answers[0]["id"] == 1 and answers[0]["category"] == "streetlight"
    assert set(answers[0]) == {"id", "category", "confidence", "top3", "priority", "model"}
    assert answers[0]["model"] == f"model:{active_model.version}"
    errors = {a["line"]: a["error"] for a in answers if "error" in a}
    assert sorted(errors) == [2, 3, 5, 6, 7]
    assert errors[7] == "not UTF-8" and errors[2].startswith("not JSON")
    assert [a["category"] for a in answers[-3:]] == ["other", "other", "pothole"]
    for answer in (a for a in answers if "error" not in a):
        assert len(answer["top3"]) == 3 and answer["confidence"] == answer["top3"][0][1]


def test_it_predicts_with_keywords_before_any_model_is_trained(city, monkeypatch):
    monkeypatch.setattr(provider, "_said_no_model", False)
    out, err = run("predict", stdin=b'{"text": "There is a big pothole in the road"}\n')
    assert "No trained model yet" in err
    assert json.loads(out)["category"] == "pothole"
    assert json.loads(out)["model"] == "keywords"


def test_it_evaluates_on_a_stratified_held_out_split(city, small_corpus, monkeypatch,
                                                     tmp_path):
    monkeypatch.setattr(training, "gather", lambda history: list(small_corpus))
    out, _ = run("evaluate", "--seed", "3", "--html", str(tmp_path / "split.html"))
    assert re.search(r"testing on 25\d \(stratified, seed 3\)", out)  # a fifth
    assert float(found(r"macro-F1 ([0-9.]+)", out.split("held-out split")[-1])) > 0.6
    assert (tmp_path / "split.html").read_text().count("<tr>") > 23


def test_it_says_what_is_wrong_with_an_evaluation_request(city, tmp_path):
    with pytest.raises(CommandError, match="No trained model"):
        run("evaluate", "--data", str(HELDOUT))
    with pytest.raises(CommandError, match="no such file"):
        run("evaluate", "--data", str(tmp_path / "missing.jsonl"))
    with pytest.raises(CommandError, match="no stored version"):
        run("evaluate", "--data", str(HELDOUT), "--version", "20260101T000000Z-abcdef")
    with pytest.raises(CommandError, match="between 0 and 1"):
        run("evaluate", "--test-share", "1.5")


def test_it_lists_versions_and_switches_back_to_an_older_one(active_model, small_trained):
    from tests.triage.classifier.fixtures import store_and_activate

    newer = store_and_activate(small_trained)
    out, _ = run("versions")
    assert f"* {newer.version}" in out and f"  {active_model.version}" in out
    out, _ = run("activate", active_model.version)
    assert active_version() == active_model.version
    with pytest.raises(CommandError, match="no stored version"):
        run("activate", "20990101T000000Z-000000")
    with pytest.raises(CommandError):
        run("activate", "../../etc/passwd")


def test_its_help_shows_examples(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CITYLOOP_DATA_DIR", "DJANGO_SETTINGS_MODULE")}
    for args, example in [(["triage", "--help"], "Example:\n  cityloop triage train"),
                          (["triage", "predict", "--help"], "cityloop triage predict"),
                          (["triage", "evaluate", "--help"], "--data labelled.jsonl")]:
        done = subprocess.run([sys.executable, "-m", "cityloop", "--data-dir", str(tmp_path),
                               *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert example in done.stdout


def test_it_answers_other_with_low_confidence_to_each_bad_input_on_the_command_line(
        active_model):
    from tests.triage.classifier.test_provider import BAD_INPUTS

    texts = {**BAD_INPUTS, "10,000 characters, mixed scripts": ("ถนน 😡 дорога ؟ " * 800)[:10_000]}
    lines = b"\n".join(json.dumps({"text": text, "id": name}, ensure_ascii=False).encode()
                       for name, text in texts.items())
    out, _ = run("predict", stdin=lines)
    answers = {a["id"]: a for a in map(json.loads, out.splitlines())}
    assert set(answers) == set(texts)  # one answer per line, none an error
    for name, answer in answers.items():
        assert answer["category"] == "other", name
        assert answer["confidence"] < 0.2, name
        assert len(answer["top3"]) == 3 and answer["top3"][0] == ["other", answer["confidence"]]


def labelled_sample(path: Path, every: int = 20) -> list[dict[str, str]]:
    """Every ``every``-th report of the held-out file (all categories, all languages)."""
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()[::every]
    path.write_text("\n".join([*lines, "not json", '{"text": "no category"}']) + "\n",
                    encoding="utf-8")
    return [json.loads(line) for line in lines]


def test_it_evaluates_a_labelled_file_as_text_and_html(active_model, tmp_path, settings):
    settings.TRIAGE_CONFIDENCE = 0.8
    data, html = tmp_path / "labelled.jsonl", tmp_path / "evaluation.html"
    sample = labelled_sample(data)
    out, _ = run("evaluate", "--data", str(data), "--html", str(html))

    first = out.splitlines()[0]
    assert first == f"Model {active_model.version}, evaluated on {data}:"
    overall = re.search(r"^reports (\d+) +accuracy ([0-9.]+) +macro-F1 ([0-9.]+)$", out, re.M)
    assert overall is not None and int(overall.group(1)) == len(sample)  # bad lines skipped
    assert 0.5 < float(overall.group(3)) <= 1
    assert "confidence >= 0.8:" in out  # the city's threshold, not a default
    categories = sorted({r["category"] for r in sample})
    table = out.split("category ", 1)[1].split("\n\n")[0].splitlines()[1:]
    assert [row.split()[0] for row in table] == categories
    for row in table:  # precision, recall, F1 in 0..1, then the support
        *scores, support = row.split()[1:]
        assert all(0 <= float(s) <= 1 for s in scores) and int(support) >= 1
    matrix = out.split("confusion matrix (rows: true, columns: predicted")[1]
    rows = [line.split() for line in matrix.split("\n\n")[0].splitlines()[1:]]
    assert [r[0] for r in rows] == categories
    assert sum(int(n) for r in rows for n in r[1:]) == len(sample)

    page = html.read_text(encoding="utf-8")
    assert "Triage model evaluation · 智能分拣模型评估" in page
    assert active_model.version in page and str(data) in page
    assert f"<dd>{float(overall.group(3)):.3f}</dd>" in page
    assert "confidence ≥ 0.8" in page
    assert page.count('<th scope="row">') == len(categories)  # confusion matrix rows
