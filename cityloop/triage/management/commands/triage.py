from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from cityloop.cases.suggest import Suggestion
from cityloop.management import CityloopCommand
from cityloop.triage.classifier import corpus, evaluation, provider, report, store, training
from cityloop.triage.classifier.corpus import BadLine, Example, parse_line
from cityloop.triage.classifier.store import LoadedModel

BATCH = 256

EXAMPLES = """\
  cityloop triage train
  cityloop triage train --no-history --no-activate
  echo '{"text": "路灯不亮了"}' | cityloop triage predict
  cityloop triage predict < reports.jsonl > predictions.jsonl
  cityloop triage evaluate --html evaluation.html
  cityloop triage evaluate --data benchmarks/data/triage_heldout.jsonl
  cityloop triage versions
  cityloop triage activate 20261121T190354Z-30e684"""


class Command(CityloopCommand):
    help = (
        "The category and priority classifier. train: retrain from the seed corpus, the "
        "catalogue and the city's own cases (final categories; staff corrections count "
        "more), store the new version under the data directory and make it active; web and "
        "worker pick it up without a restart. predict: read JSON lines {\"text\": ...} on "
        "standard input and write one JSON line per input with category, confidence, top3 "
        "and priority. evaluate: accuracy, macro-F1, per-category precision/recall/F1 and "
        "the confusion matrix, on a held-out split or a labelled JSON-lines file, as text "
        "and (--html) as an HTML report. versions / activate: list versions, switch back."
    )
    example = EXAMPLES.strip()
    stealth_options = ("stdin",)  # a binary stream instead of standard input (tests)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser(
            "train", help="Train a new version from the seed corpus and the city's cases.",
            epilog="Example:\n  cityloop triage train --no-history",
            formatter_class=argparse.RawDescriptionHelpFormatter)
        train.add_argument("--no-history", dest="history", action="store_false",
                           help="Learn from the seed corpus and the catalogue only.")
        train.add_argument("--activate", action=argparse.BooleanOptionalAction, default=True,
                           help="Make the new version the one in use (default: yes).")
        predict = sub.add_parser(
            "predict", help="JSON lines {\"text\": ...} in, one JSON prediction per line out.",
            epilog="Example:\n  echo '{\"text\": \"streetlight out\"}' | cityloop triage predict",
            formatter_class=argparse.RawDescriptionHelpFormatter)
        predict.add_argument("--version", help="A stored version instead of the active one.")
        evaluate = sub.add_parser(
            "evaluate", help="Scores on a held-out split, or on a labelled JSON-lines file.",
            epilog="Example:\n  cityloop triage evaluate --data labelled.jsonl --html out.html",
            formatter_class=argparse.RawDescriptionHelpFormatter)
        evaluate.add_argument("--data", type=Path, metavar="FILE",
                              help='JSON lines {"text", "category", "lang"?}: evaluate the '
                                   "active model (or --version) on them.")
        evaluate.add_argument("--version", help="A stored version instead of the active one.")
        evaluate.add_argument("--html", type=Path, metavar="OUT.html",
                              help="Also write a self-contained HTML report.")
        evaluate.add_argument("--no-history", dest="history", action="store_false",
                              help="Held-out split of the seed corpus only.")
        evaluate.add_argument("--test-share", type=float, default=0.2,
                              help="Share held out for testing (default %(default)s).")
        evaluate.add_argument("--seed", type=int, default=0,
                              help="Seed of the stratified split (default %(default)s).")
        sub.add_parser("versions", help="List the stored versions and their scores.")
        activate = sub.add_parser("activate", help="Make a stored version the one in use.")
        activate.add_argument("version")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    # -- train -------------------------------------------------------------

    def _train(self, options: dict[str, Any]) -> None:
        row, trained = training.train(history=options["history"],
                                      activate=options["activate"], progress=self._say)
        counts = {source: sum(c.values())
                  for source, c in corpus.counts(trained.examples).items()}
        self._say(f"Trained {row.version} on {len(trained.examples)} examples "
                  f"({', '.join(f'{k} {v}' for k, v in counts.items())}).")
        self._say(evaluation.as_text(trained.cv, f"Cross-validated ({trained.cv.source}):")
                  .split("\n\n")[0])
        weak = sorted(trained.cv.per_class.items(), key=lambda kv: kv[1].f1)[:3]
        self._say("weakest: " + ", ".join(f"{k} {v.f1:.3f}" for k, v in weak))
        if trained.priority is not None:
            self._say(f"priority model: {trained.priority_labels} staff-set priorities")
        else:
            self._say(f"priority: cue rules only ({trained.priority_labels} staff-set "
                      f"priorities; a model needs 50)")
        if options["activate"]:
            self._say(f"Active: {row.version}")
        else:
            self._say(f"Not activated; to use it: cityloop triage activate {row.version}")

    # -- predict -----------------------------------------------------------

    def _predict(self, options: dict[str, Any]) -> None:
        loaded = self._model(options.get("version"), required=False)
        if loaded is None:
            self.stderr.write("No trained model yet: answers come from the keywords provider "
                              "(cityloop triage train).")
        for batch in _batches(options.get("stdin") or sys.stdin.buffer):
            texts = [record["text"] for _, record, error in batch if error is None]
            answers = iter(provider.predict_many(loaded, texts) if loaded is not None
                           else provider.suggest_many(texts))
            for number, record, error in batch:
                out = ({"line": number, "error": error} if error is not None
                       else _answer(record, next(answers)))
                self.stdout.write(json.dumps(out, ensure_ascii=False))
            self.stdout.flush()

    # -- evaluate ----------------------------------------------------------

    def _evaluate(self, options: dict[str, Any]) -> None:
        if options["data"] is not None:
            test = self._read_labelled(options["data"])
            loaded = self._model(options.get("version"), required=True)
            assert loaded is not None
            model_name, data_name = loaded.version, str(options["data"])
        else:
            if not 0 < options["test_share"] < 1:
                raise CommandError("--test-share must be between 0 and 1")
            train_part, test = training.split(training.gather(options["history"]),
                                              options["test_share"], options["seed"])
            self._say(f"Training on {len(train_part)} examples, testing on {len(test)} "
                      f"(stratified, seed {options['seed']})")
            trained = training.fit_examples(train_part, progress=self._say)
            loaded = LoadedModel("held-out split", trained.classifier, None)
            model_name = f"A model trained on the other {1 - options['test_share']:.0%}"
            data_name = (f"held-out split: {options['test_share']:.0%} of "
                         f"{'seed corpus and history' if options['history'] else 'seed corpus'}"
                         f", seed {options['seed']}")
        answers = provider.predict_many(loaded, [e.text for e in test])
        result = evaluation.evaluate(
            [e.category for e in test], [a.category or "" for a in answers],
            [a.confidence for a in answers], [e.lang for e in test],
            threshold=settings.TRIAGE_CONFIDENCE, source=data_name,
        )
        title = model_name if options["data"] is None else f"Model {model_name}"
        self._say(evaluation.as_text(result, f"{title}, evaluated on {data_name}:"))
        if options["html"] is not None:
            options["html"].write_text(report.render(result, model_name, data_name),
                                       encoding="utf-8")
            self._say(f"HTML report: {options['html']}")

    def _read_labelled(self, path: Path) -> list[Example]:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        examples = corpus.read_labelled(path, "data")
        if not examples:
            raise CommandError(f'{path}: no lines with "text" and "category"')
        return examples

    # -- versions ----------------------------------------------------------

    def _versions(self, options: dict[str, Any]) -> None:
        rows = store.versions()
        if not rows:
            self._say("No trained model yet (cityloop triage train).")
        for row in rows:
            f1 = row.metrics.get("macro_f1")
            self._say(f"{'*' if row.active else ' '} {row.version}  {row.examples:>7} examples"
                      f"  CV macro-F1 {f1 if f1 is not None else '?'}")

    def _activate(self, options: dict[str, Any]) -> None:
        version = options["version"]
        self._model(version, required=True)  # refuse a version whose files are unreadable
        store.activate(version)
        self._say(f"Active: {version}")

    # -- helpers -----------------------------------------------------------

    def _model(self, version: str | None, required: bool) -> LoadedModel | None:
        if version:
            if not store.TriageModel.objects.filter(version=version).exists():
                raise CommandError(f"no stored version {version!r} (cityloop triage versions)")
            try:
                return store.load(version)
            except store.ModelFilesError as exc:
                raise CommandError(str(exc)) from None
        loaded = store.active()
        if loaded is None and required:
            raise CommandError("No trained model yet: run cityloop triage train")
        return loaded

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()


Numbered = tuple[int, dict[str, Any], str | None]


def _batches(stream: BinaryIO) -> Iterator[list[Numbered]]:
    """Numbered records of the non-blank lines, in batches; a bad line carries its error."""
    batch: list[Numbered] = []
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            batch.append((number, {}, "not UTF-8"))
            line = ""
        else:
            if not line.strip():
                continue
            try:
                batch.append((number, parse_line(line), None))
            except BadLine as exc:
                batch.append((number, {}, str(exc)))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _answer(record: dict[str, Any], answer: Suggestion) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record["id"]} if "id" in record else {}
    out.update(category=answer.category, confidence=round(answer.confidence, 4),
               top3=[[code, round(p, 4)] for code, p in answer.top3],
               priority=answer.priority, model=answer.provider)
    return out
