from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.cases.audit import verify_all
from cityloop.cases.models import Case
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Check the tamper-evident history of every case: recompute each event's "
        "SHA-256 hash and its link to the event before, and name every case whose "
        "history was edited, cut or reordered. Exits with status 1 when any is found."
    )
    example = "cityloop audit verify"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify every case's chain of events")

    def handle(self, *args: Any, **options: Any) -> None:
        tampered: dict[str, list[str]] = {}
        for problem in verify_all():
            where = f"event {problem.seq}" if problem.seq is not None else "case"
            tampered.setdefault(problem.reference, []).append(f"{where}: {problem.message}")
        total = Case.objects.count()
        for reference, lines in tampered.items():
            self.stdout.write(f"TAMPERED {reference}")
            for line in lines:
                self.stdout.write(f"  {line}")
        if tampered:
            raise CommandError(f"{len(tampered)} of {total} cases have a broken history")
        self.stdout.write(f"OK: the history of all {total} cases is intact.")
