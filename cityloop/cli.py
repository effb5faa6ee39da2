"""The ``cityloop`` command: CityLoop's own commands, and Django's underneath.

``--data-dir DIR`` (anywhere on the line) selects the data directory before
Django starts, else ``$CITYLOOP_DATA_DIR``, else ``./var``.
"""

from __future__ import annotations

import os
import sys

from cityloop.conf.datadir import prepare
from cityloop.conf.env import data_dir
from cityloop.demo.envfile import ensure_demo_settings

COMMANDS = {
    "demo": "Set up the demo city with history and serve it (web and worker in one process).",
    "serve": "Serve the web application (and, with --with-worker, the worker).",
    "worker": "Send notifications and run periodic jobs (SLA, closing, sensor rules, hotspots).",
    "migrate": "Create or update the database tables.",
    "import-areas": "Import city, district or street areas from a GeoJSON file.",
    "import-places": "Import roads, addresses and landmarks for place search.",
    "load-catalogue": "Load departments and service categories from a YAML file.",
    "apikey": "Create, list or revoke API keys of client applications.",
    "createstaff": "Create a staff account with a role (operator, officer, supervisor, admin).",
    "audit": "Verify every case's signed history, or write a signed checkpoint of it.",
    "mqtt-ingest": "Store the observations sensors publish over MQTT (CITYLOOP_MQTT_URL).",
    "mail-ingest": "Receive citizens' reports by email (SMTP server or IMAP mailbox).",
    "load-rules": "Load sensor rules (thresholds, windows, silences...) from a YAML file.",
    "load-indicators": "Load the city's vital-sign indicators from a YAML file.",
    "triage": "Train, evaluate or run the model that suggests a report's category.",
    "triage-topics": "Compute the hot topics of a week's reports.",
    "chat-telegram": "Point the city's Telegram bot at its webhook (reports by chat).",
    "warnings": "Subscribe people or community systems to the public warnings of areas.",
    "participation-export": "Write the participation open data (no personal data) as files.",
    "opendata-export": "Write the cases as de-identified open data (CSV, GeoJSON, Parquet, DCAT).",
}
ALIASES = {name: name.replace("-", "_") for name in COMMANDS}
# The commands that set up or run a city create the data directory and its
# secret key when they are missing; the others expect them to be there.
PREPARES_DATA_DIR = {"demo", "serve", "worker", "migrate", "mqtt_ingest", "mail_ingest"}


def _take_data_dir(argv: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir":
            if i + 1 >= len(argv):
                sys.exit("cityloop: --data-dir needs a directory")
            os.environ["CITYLOOP_DATA_DIR"] = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--data-dir="):
            os.environ["CITYLOOP_DATA_DIR"] = arg.split("=", 1)[1]
        else:
            out.append(arg)
        i += 1
    return out


def _ready_data_dir(command: str) -> None:
    """Make or check the data directory before Django reads the settings."""
    directory = data_dir()
    if command in PREPARES_DATA_DIR:
        prepare(directory)
        if command == "demo":
            ensure_demo_settings(directory)
        return
    on_sqlite_here = not os.environ.get("DATABASE_URL")
    if command in ALIASES.values() and on_sqlite_here and not directory.is_dir():
        # Without this, SQLite's "unable to open database file" is all one sees.
        sys.exit(f"cityloop: there is no data directory at {directory}; create it with "
                 f"`cityloop --data-dir {directory} migrate` (or `demo`), or give "
                 "--data-dir the right one")


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: cityloop [--data-dir DIR] COMMAND [options]",
        "",
        "CityLoop: citizen reports, sensors and cases in one loop.",
        "",
        "Commands:",
        *(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()),
        "",
        "Every command takes --help. The data directory is --data-dir DIR, else",
        "$CITYLOOP_DATA_DIR, else ./var; DATABASE_URL selects PostgreSQL.",
        "Django's own management commands are available too (cityloop help --all).",
        "",
        "Example:",
        "  cityloop --data-dir /srv/cityloop demo --size small",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = _take_data_dir(list(sys.argv[1:] if argv is None else argv))
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        print(usage())
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    args[0] = ALIASES.get(args[0], args[0])
    if not ({"-h", "--help"} & set(args)):
        _ready_data_dir(args[0])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityloop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cityloop", *args])


if __name__ == "__main__":
    main()
