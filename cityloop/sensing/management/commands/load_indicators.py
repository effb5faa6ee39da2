from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.management import CityloopCommand
from cityloop.sensing.indicators.loader import load_file
from cityloop.sensing.loading import LoadError


class Command(CityloopCommand):
    help = (
        "Load the city's vital-sign indicators from a YAML file: name in each language, "
        "unit, source (an aggregate of sensor data, a statistic of cases, or manual values), "
        "target band (green, amber) and direction, SDG 11 / ISO 37120 tags and schedule. "
        "Indicators with the same codes are updated; a file with any mistake changes nothing."
    )
    example = "cityloop load-indicators vital-signs.yaml"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="YAML file with a list of indicators")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            count = load_file(path)
        except LoadError as exc:
            raise CommandError(f"{path}: nothing loaded.\n" + "\n".join(exc.problems)) from None
        self.stdout.write(f"Loaded {count} indicators from {path}.")
