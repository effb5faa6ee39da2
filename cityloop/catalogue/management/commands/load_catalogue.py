from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.catalogue.loader import DEFAULT_CATALOGUE, CatalogueError, load_file
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Load departments, service groups and service categories (Open311 services with "
        "their questions) from a YAML file. Existing entries with the same codes are "
        "updated; a file with any mistake changes nothing. Without FILE, loads the "
        "default catalogue shipped with CityLoop."
    )
    example = "cityloop load-catalogue my-city-catalogue.yaml"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", type=Path, default=None,
            help=f"YAML file (default: {DEFAULT_CATALOGUE.name} shipped with CityLoop)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or DEFAULT_CATALOGUE
        try:
            result = load_file(path)
        except CatalogueError as exc:
            raise CommandError(f"{path}: nothing loaded.\n" + "\n".join(exc.problems)) from None
        self.stdout.write(
            f"Loaded {result.departments} departments, {result.groups} groups, "
            f"{result.services} services with {result.attributes} questions from {path}."
        )
