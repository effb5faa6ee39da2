"""docs/deploy.md and its sample files name only real settings, commands and options."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from cityloop.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
SAMPLES = sorted((ROOT / "docs" / "deploy").iterdir())
SETTINGS_DOC = (ROOT / "docs" / "settings.md").read_text()
TEXTS = {path.name: path.read_text() for path in [GUIDE, *SAMPLES]}
# `cityloop <command> [options]` on one line; a comment ends the options.
COMMAND_LINE = re.compile(r"cityloop ([a-z][a-z-]*)((?: [^#`\n]*)?)")


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of ``parser`` and of its sub-commands (``apikey create --email``)."""
    found = set(parser._option_string_actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _options(sub)
    return found


def _command_options(name: str) -> set[str]:
    django_name = name.replace("-", "_")
    command = load_command_class(get_commands()[django_name], django_name)
    return _options(command.create_parser("cityloop", django_name)) | {"--data-dir"}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_names_only_settings_that_exist(name):
    for setting in set(re.findall(r"\bCITYLOOP_[A-Z0-9_]+\b", TEXTS[name])):
        assert f"`{setting}`" in SETTINGS_DOC, f"{name}: {setting} is no CityLoop setting"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_it_runs_only_commands_and_options_that_exist(name):
    for command, rest in COMMAND_LINE.findall(TEXTS[name]):
        if command not in COMMANDS:
            continue  # prose such as "cityloop is", not a command line
        options = _command_options(command)
        for option in re.findall(r"(?<!\S)(--[a-z][a-z-]*)", rest):
            assert option in options, f"{name}: cityloop {command} has no {option}"


def test_it_links_only_to_files_that_exist():
    for target in re.findall(r"\]\(([^)#]+)\)", TEXTS["deploy.md"]):
        if not target.startswith("http"):
            assert (GUIDE.parent / target).exists(), f"docs/deploy.md links to missing {target}"


def test_the_units_start_the_documented_commands():
    units = {name: text for name, text in TEXTS.items() if name.endswith(".service")}
    assert set(units) == {"cityloop-web.service", "cityloop-worker@.service",
                          "cityloop-mqtt-ingest@.service", "cityloop-mail-ingest.service"}
    for name, text in units.items():
        [start] = re.findall(r"^ExecStart=(.*)$", text, re.MULTILINE)
        assert start.split()[1] in COMMANDS, f"{name} starts {start}"
        assert "EnvironmentFile=/etc/cityloop/cityloop.env" in text
