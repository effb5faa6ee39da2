from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.geo.importer import ImportFailed, import_areas
from cityloop.geo.models import AreaLevel
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Import areas (the city, its districts or its streets) from a GeoJSON "
        "FeatureCollection of Polygons and MultiPolygons in longitude/latitude. Import "
        "from the top down: each district finds the city it lies in, each street its "
        "district. Features with invalid geometry are listed by index and skipped; "
        "areas with the same code are updated."
    )
    example = (
        "cityloop import-areas districts.geojson --level district --name-field NAME "
        "--code-field CODE --translation zh-hans=NAME_ZH"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="GeoJSON FeatureCollection")
        parser.add_argument("--level", required=True, choices=AreaLevel.values)
        parser.add_argument("--name-field", required=True, help="Property holding the name")
        parser.add_argument("--code-field", help="Property holding a stable code (default: "
                            "derived from the name)")
        parser.add_argument("--parent-field", help="Property naming the parent area by code "
                            "or name (default: the area above that contains the feature)")
        parser.add_argument(
            "--translation", action="append", default=[], metavar="LANG=FIELD",
            help="Property holding the name in another language, e.g. zh-hans=NAME_ZH",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translations = {}
        for item in options["translation"]:
            lang, sep, field = item.partition("=")
            if not sep or not lang or not field:
                raise CommandError(f"--translation takes LANG=FIELD, not {item!r}")
            translations[lang.lower()] = field
        try:
            report = import_areas(
                options["file"],
                level=options["level"],
                name_field=options["name_field"],
                code_field=options["code_field"],
                parent_field=options["parent_field"],
                translations=translations,
            )
        except ImportFailed as exc:
            raise CommandError(f"nothing imported: {exc}") from None
        for line in report.skipped:
            self.stderr.write(f"skipped {line}")
        self.stdout.write(
            f"{report.created} areas created, {report.updated} updated, "
            f"{len(report.skipped)} skipped."
        )
