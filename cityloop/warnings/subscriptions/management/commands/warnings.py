"""``cityloop warnings subscribe``: staff adding residents (community leaders) to warnings."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from cityloop.geo.models import Area
from cityloop.management import CityloopCommand
from cityloop.warnings.subscriptions import optin
from cityloop.warnings.subscriptions.models import Channel, Source

PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,}")
LANGUAGES = [code for code, _ in settings.LANGUAGES]


class Command(CityloopCommand):
    help = (
        "Subscribe people or community systems to the public warnings of areas. Without "
        "--confirmed each person is sent a confirmation (a link by email, a code by text "
        "message) and hears nothing until they confirm; --confirmed is for lists of people "
        "who agreed already. A webhook is always confirmed. --csv FILE reads columns email, "
        "phone, webhook, areas (codes separated by spaces) and language."
    )
    example = ("cityloop warnings subscribe leader@example.org --area riverside "
               "--area old-town --language zh-hans --confirmed\n"
               "  cityloop warnings subscribe --phone +8613800000000 --area riverside\n"
               "  cityloop warnings subscribe --csv leaders.csv --area riverside --confirmed")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("subscribe", help="Subscribe an email address, a phone number "
                                               "or a webhook to the warnings of areas")
        add.add_argument("email", nargs="?", default="", help="An email address")
        add.add_argument("--phone", default="", help="A phone number for text messages")
        add.add_argument("--webhook", default="", metavar="URL",
                         help="A community system's URL, sent each warning as signed JSON")
        add.add_argument("--secret", default="", help="With --webhook: the signing secret")
        add.add_argument("--area", action="append", dest="areas", metavar="CODE", default=[],
                         help="An area's code, once per area (a district includes its streets)")
        add.add_argument("--language", default=settings.LANGUAGE_CODE, choices=LANGUAGES)
        add.add_argument("--confirmed", action="store_true",
                         help="They agreed already: send no confirmation")
        add.add_argument("--csv", type=Path, metavar="FILE",
                         help="Subscribe every row of a CSV file (columns above)")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = (_read_csv(options["csv"]) if options["csv"] else [options])
        with transaction.atomic():  # a bad row adds nobody: fix the file, run it again
            for number, row in enumerate(rows, start=1):
                where = f"row {number}: " if options["csv"] else ""
                try:
                    self._subscribe(row, options)
                except CommandError as exc:
                    raise CommandError(f"{where}{exc}") from None

    def _subscribe(self, row: dict[str, Any], options: dict[str, Any]) -> None:
        codes = row.get("areas") or options["areas"]
        if isinstance(codes, str):
            codes = codes.replace(";", " ").split()
        areas = _areas(codes)
        language = row.get("language") or options["language"]
        if language not in LANGUAGES:
            raise CommandError(f"unknown language {language!r} (one of {', '.join(LANGUAGES)})")
        asks = list(_asks(row, options.get("secret", "")))
        if not asks:
            raise CommandError("give an email address, --phone or --webhook")
        for channel, address, secret in asks:
            subscription = optin.subscribe(
                optin.Ask(channel, address, tuple(areas), language, secret=secret,
                          source=Source.STAFF),
                confirmed=bool(options["confirmed"]))
            state = "confirmed" if subscription.confirmed else "confirmation sent"
            self.stdout.write(f"{channel} {subscription.address}: {state}; "
                              f"{optin.area_names(subscription.areas.all())}")


def _asks(row: dict[str, Any], secret: str) -> list[tuple[str, str, str]]:
    out = []
    email, phone, hook = (str(row.get(k) or "").strip() for k in ("email", "phone", "webhook"))
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address") from None
        out.append((Channel.EMAIL.value, email, ""))
    if phone:
        if not PHONE.fullmatch(phone):
            raise CommandError(f"{phone!r} is not a phone number (digits, + in front)")
        out.append((Channel.SMS.value, phone, ""))
    if hook:
        try:
            URLValidator(schemes=["http", "https"])(hook)
        except ValidationError:
            raise CommandError(f"{hook!r} is not an http(s) URL") from None
        out.append((Channel.WEBHOOK.value, hook, str(row.get("secret") or secret)))
    return out


def _areas(codes: list[str]) -> list[Area]:
    if not codes:
        raise CommandError("give at least one --area CODE")
    found = {area.code: area for area in Area.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise CommandError(f"no area {', '.join(map(repr, missing))}; the codes are in the "
                           "admin's Areas page")
    return [found[code] for code in codes]


def _read_csv(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = [{k.strip().lower(): v for k, v in row.items() if k} for row in
                    csv.DictReader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from None
    if not rows:
        raise CommandError(f"{path} has no rows (a header line, then one row per person)")
    return rows
