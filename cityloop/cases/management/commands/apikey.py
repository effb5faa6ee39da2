from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import IntegrityError

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Manage the API keys of client applications (Open311 POST requests need one). "
        "'create NAME' prints the new key alone on its last line; it is shown only once."
    )
    example = "cityloop apikey create \"Neighbourhood app\" --email dev@example.org"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a client and print its key")
        create.add_argument("name", help="The application's name")
        create.add_argument("--email", default="", help="Who to contact about this client")
        sub.add_parser("list", help="List clients (keys are never shown again)")
        revoke = sub.add_parser("revoke", help="Refuse a client's key from now on")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                client, key = ApiClient.create(options["name"], options["email"])
            except IntegrityError:
                raise CommandError(f"a client named {options['name']!r} exists already") from None
            self.stdout.write(f"Created API client {client.name!r}. Keep this key secret:")
            self.stdout.write(key)
        elif action == "list":
            for client in ApiClient.objects.all():
                state = "active" if client.active else "revoked"
                used = client.last_used_at.isoformat() if client.last_used_at else "never"
                self.stdout.write(f"{client.name}\t{client.key_hint}…\t{state}\tlast used {used}")
        else:
            count = ApiClient.objects.filter(name=options["name"]).update(active=False)
            apiclients.touch()
            if not count:
                raise CommandError(f"no client named {options['name']!r}")
            self.stdout.write(f"Revoked {options['name']!r}.")
