"""Base class for CityLoop's commands: every ``--help`` says what it does, with an example."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class CityloopCommand(BaseCommand):
    example = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        name = subcommand.replace("_", "-")
        epilog = f"Example:\n  {self.example}" if self.example else None
        parser = super().create_parser(
            "cityloop", name, epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs
        )
        parser.prog = f"cityloop {name}"
        return parser
