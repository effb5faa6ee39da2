from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.management import CityloopCommand
from cityloop.sensing.loading import LoadError
from cityloop.sensing.rules.loader import load_file


class Command(CityloopCommand):
    help = (
        "Load sensor rules from a YAML file: what each rule watches (a datastream, or every "
        "datastream of an observed property), its kind (threshold, window, rate, silence, "
        "anomaly), warning thresholds (blue, yellow, orange, red) with hysteresis, and the "
        "category, department and notification channels of the cases its alerts open. "
        "Rules with the same codes are updated; a file with any mistake changes nothing."
    )
    example = "cityloop load-rules river-rules.yaml"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="YAML file with a list of rules")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            count = load_file(path)
        except LoadError as exc:
            raise CommandError(f"{path}: nothing loaded.\n" + "\n".join(exc.problems)) from None
        self.stdout.write(f"Loaded {count} rules from {path}.")
