"""``cityloop participation-export``: the participation open data, as files in a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from cityloop.management import CityloopCommand
from cityloop.participation import export

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Command(CityloopCommand):
    help = (
        "Write the participation open data into a directory, without personal data: "
        "processes.csv, proposals.csv (title and text, never the author), "
        "budget_results.csv (published results only), survey_results.csv (counts per "
        "question and choice, no free text) and survey_points.geojson (map answers to "
        "about 100 m, no comment). UTF-8 CSV with a header row; files of an earlier "
        "export are replaced once all five are written (docs/api.md)."
    )
    example = "cityloop participation-export --output /srv/opendata/participation"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, metavar="DIR",
                            help="The directory to write into (made if missing).")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, choices=LANGUAGES,
                            help="The language of titles and labels (default: the city's).")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["output"])
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"--output {directory} is a file, not a directory")
        try:
            written = export.export(directory, options["language"])
        except OSError as exc:
            raise CommandError(f"cannot write into {directory}: {exc.strerror or exc}") from None
        for name, rows in written.items():
            unit = "points" if name.endswith(".geojson") else "rows"
            self.stdout.write(f"{directory / name}: {rows} {unit}")
