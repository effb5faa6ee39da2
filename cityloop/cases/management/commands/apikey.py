from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import IntegrityError, transaction

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from cityloop.cases.models.client import DEFAULT_SCOPES, SCOPES, STA_WRITE, clean_scopes
from cityloop.catalogue.models import Department
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Manage the API keys of client applications (Open311 apps, sensor gateways). "
        "'create NAME' prints the new key alone on its last line; it is shown only once. "
        f"A key does only what its scopes allow: {', '.join(SCOPES)} "
        f"(default: {', '.join(DEFAULT_SCOPES)}; docs/api-keys.md)."
    )
    example = (
        "cityloop apikey create \"Neighbourhood app\" --email dev@example.org\n"
        "  cityloop apikey create \"River gauges\" --scope sta:read --scope sta:write "
        "--department water"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a client and print its key")
        create.add_argument("name", help="The application's name")
        create.add_argument("--email", default="", help="Who to contact about this client")
        create.add_argument(
            "--scope", action="append", dest="scopes", metavar="SCOPE",
            help=f"What the key may do, once per scope: {', '.join(SCOPES)} "
                 f"(default: {', '.join(DEFAULT_SCOPES)})",
        )
        create.add_argument(
            "--department", action="append", dest="departments", metavar="CODE", default=[],
            help="With --scope sta:write: write only the Things of this department (and its "
                 "units), whose properties.department is its code; once per department",
        )
        create.add_argument(
            "--rate-limit", type=int, metavar="N", default=None,
            help="Requests a minute the key may make (0: no limit; default: that of its "
                 "scopes, CITYLOOP_API_RATE_*)",
        )
        sub.add_parser("list", help="List clients and their scopes (keys are never shown again)")
        revoke = sub.add_parser("revoke", help="Refuse a client's key from now on")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            for client in ApiClient.objects.prefetch_related("departments"):
                self.stdout.write("\t".join(_row(client)))
        else:
            count = ApiClient.objects.filter(name=options["name"]).update(active=False)
            apiclients.touch()
            if not count:
                raise CommandError(f"no client named {options['name']!r}")
            self.stdout.write(f"Revoked {options['name']!r}.")

    def _create(self, options: dict[str, Any]) -> None:
        try:
            scopes = clean_scopes(options["scopes"] or DEFAULT_SCOPES)
        except ValidationError:
            unknown = [s for s in options["scopes"] if s not in SCOPES]
            raise CommandError(
                f"unknown scope {', '.join(map(repr, unknown))}; "
                f"the scopes are: {', '.join(SCOPES)}"
            ) from None
        codes = list(dict.fromkeys(options["departments"]))
        if codes and STA_WRITE not in scopes:
            raise CommandError("--department limits what sta:write may write; "
                               "add --scope sta:write")
        departments = list(Department.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {d.code for d in departments})
        if missing:
            raise CommandError(f"no department {', '.join(map(repr, missing))} "
                               "(`cityloop load-catalogue` loads them; codes are in the admin)")
        rate_limit = options["rate_limit"]
        if rate_limit is not None and rate_limit < 0:
            raise CommandError("--rate-limit is a number of requests a minute, 0 or more")
        try:
            with transaction.atomic():
                client, key = ApiClient.create(options["name"], options["email"],
                                               scopes=scopes, rate_limit=rate_limit)
                client.departments.set(departments)
        except IntegrityError:
            raise CommandError(f"a client named {options['name']!r} exists already") from None
        self.stdout.write(f"Created API client {client.name!r} with the scopes "
                          f"{', '.join(scopes) or '-'}. Keep this key secret:")
        self.stdout.write(key)


def _row(client: ApiClient) -> list[str]:
    state = "active" if client.active else "revoked"
    used = client.last_used_at.isoformat() if client.last_used_at else "never"
    codes = sorted(d.code for d in client.departments.all())
    limit = client.requests_per_minute()
    return [
        client.name,
        f"{client.key_hint}…",
        state,
        f"scopes {','.join(client.scopes) or '-'}",
        f"departments {','.join(codes) or '-'}",
        f"{limit}/min" if limit else "no rate limit",
        f"last used {used}",
    ]
