from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.cases import audit_checkpoints, audit_key
from cityloop.cases.models import Case
from cityloop.management import CityloopCommand

CITY_WIDE = "checkpoints and reference counters"  # the heading of findings about no one case


class Command(CityloopCommand):
    help = (
        "Check the tamper-evident history of every case: recompute each event's "
        "SHA-256 hash, its link to the event before and its signature with the audit "
        "key, compare every case with the newest signed checkpoint, and name every "
        "case whose history was edited, cut, reordered or deleted. Exits with status 1 "
        "when any is found. `checkpoint` signs and stores the current heads."
    )
    example = "cityloop audit verify --against /srv/archive/checkpoint-42.json"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify every case's chain of events")
        verify.add_argument(
            "--against", metavar="FILE",
            help="a checkpoint kept outside the database (from `checkpoint --output`)",
        )
        checkpoint = sub.add_parser(
            "checkpoint", help="Verify, then sign and store the heads of every case's history"
        )
        checkpoint.add_argument(
            "--output", metavar="FILE",
            help="also write the signed checkpoint with its heads to FILE, to keep elsewhere",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not audit_key.has_key():
            raise CommandError(audit_key.NO_KEY)
        if options["action"] == "checkpoint":
            self._checkpoint(options.get("output"))
        else:
            self._verify(options.get("against"))

    def _checkpoint(self, output: str | None) -> None:
        try:
            checkpoint = audit_checkpoints.write_checkpoint()
        except audit_checkpoints.CheckpointRefused as exc:
            raise CommandError(f"No checkpoint written: {exc}") from exc
        body = audit_checkpoints.published(checkpoint, with_heads=True)
        if output:
            Path(output).write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(
            f"Checkpoint {checkpoint.number}: {checkpoint.case_count} cases, "
            f"{checkpoint.event_count} events, signature {checkpoint.signature}"
        )

    def _verify(self, against_file: str | None) -> None:
        against = _load(against_file) if against_file else None
        tampered: dict[str, list[str]] = {}
        for problem in audit_checkpoints.verify(against):
            where = f"event {problem.seq}" if problem.seq is not None else "case"
            if problem.reference == audit_checkpoints.CITY:
                tampered.setdefault(CITY_WIDE, []).append(problem.message)
            else:
                tampered.setdefault(problem.reference, []).append(f"{where}: {problem.message}")
        present = set(Case.objects.filter(reference__in=tampered).values_list(
            "reference", flat=True))
        # A deleted case still counts: it is one of the cases whose history broke.
        total = Case.objects.count() + len(tampered.keys() - present - {CITY_WIDE})
        for reference, lines in tampered.items():
            self.stdout.write(f"TAMPERED {reference}")
            for line in lines:
                self.stdout.write(f"  {line}")
        if tampered:
            cases = len(tampered) - (CITY_WIDE in tampered)
            also = f"; the {CITY_WIDE} were tampered with" if CITY_WIDE in tampered else ""
            raise CommandError(f"{cases} of {total} cases have a broken history{also}")
        self.stdout.write(f"OK: the history of all {total} cases is intact.")


def _load(path: str) -> Any:
    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
        return audit_checkpoints.from_published(body)
    except (OSError, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise CommandError(f"Cannot read the checkpoint {path}: {exc}") from exc
