"""``cityloop opendata-export``: the cases' open data, de-identified, as files in a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from cityloop.analytics import opendata_export
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Write the cases as de-identified open data into a directory: cases.csv, "
        "cases.geojson (districts' centroids, never a case's point), cases.parquet and "
        "catalog.json (DCAT-AP JSON-LD). Public categories only, no free text, contact or "
        "person; every combination of the quasi-identifier columns occurs at least k times "
        "(CITYLOOP_OPENDATA_K), else the row is generalised or left out. Files of an "
        "earlier export are replaced once all four are written (docs/opendata.md)."
    )
    example = "cityloop opendata-export --output /srv/opendata"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, metavar="DIR",
                            help="The directory to write into (made if missing).")
        parser.add_argument("--k", type=int, default=None, metavar="K",
                            help="The smallest group size (default: CITYLOOP_OPENDATA_K, "
                                 f"now {settings.OPENDATA_K}); at least 2.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["output"])
        k = options["k"]
        if k is not None and k < 2:
            raise CommandError("--k must be at least 2: a group of one is a person")
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"--output {directory} is a file, not a directory")
        try:
            counts = opendata_export.export(directory, k=k)
        except OSError as exc:
            raise CommandError(f"cannot write into {directory}: {exc.strerror or exc}") from None
        self.stdout.write(f"{directory}: {counts['published']} cases published, "
                          f"{counts['suppressed']} left out to keep every combination "
                          f"at least k={k or settings.OPENDATA_K} times")
