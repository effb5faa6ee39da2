from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.geo.places.importer import ImportFailed, import_places, kinds_summary
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Import named places for search and for naming a pin: GeoJSON with OpenStreetMap "
        "tags (roads as lines with name, name:zh, name:en; landmarks as points; addresses "
        "with addr:housenumber and addr:street) and OpenAddresses CSV (LON, LAT, NUMBER, "
        "STREET, UNIT...). All files go in one transaction. Importing again updates the "
        "places and adds none twice; rows that cannot be read are listed with their line "
        "or feature number and skipped. Districts and streets are found without importing."
    )
    example = "cityloop import-places roads.geojson landmarks.geojson addresses.csv"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path,
                            help="GeoJSON FeatureCollections (.geojson, .json) or "
                                 "OpenAddresses CSV files (.csv)")
        parser.add_argument("--replace", action="store_true",
                            help="Remove the places that are not in these files")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_places(options["files"], replace=options["replace"])
        except ImportFailed as exc:
            raise CommandError(f"nothing imported: {exc}") from None
        for problem in report.problems:
            self.stderr.write(f"skipped {problem}")
        kinds = ", ".join(kinds_summary(report)) or "none"
        line = (f"{report.created} places created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.problems)} skipped ({kinds})")
        if options["replace"]:
            line += f"; {report.removed} removed"
        self.stdout.write(line + ".")
