from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from cityloop.cases.roles import ADMIN, ALL_ROLES
from cityloop.catalogue.models import Department
from cityloop.management import CityloopCommand


class Command(CityloopCommand):
    help = (
        "Create a staff account with a role: operator (files cases for callers), officer "
        "(works the cases of a department), supervisor (oversees a department and its "
        "units) or admin (everything). Asks for the password unless --password is given."
    )
    example = (
        "cityloop createstaff li.wei --role officer --department roads --email li@city.example"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ALL_ROLES)
        parser.add_argument("--department", action="append", default=[], metavar="CODE",
                            help="Department code (repeat for several)")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="Full name shown in case histories")
        parser.add_argument("--password", help="Password (default: ask)")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"user {options['username']!r} exists already")
        departments = []
        for code in options["department"]:
            dept = Department.objects.filter(code=code).first()
            if dept is None:
                raise CommandError(f"no department with code {code!r}")
            departments.append(dept)
        if options["role"] in ("officer", "supervisor") and not departments:
            raise CommandError(f"an {options['role']} needs --department")
        password = options["password"] or getpass.getpass("Password: ")
        first, _, last = options["name"].partition(" ")
        user = User(username=options["username"], email=options["email"],
                    first_name=first, last_name=last, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.is_superuser = options["role"] == ADMIN
            user.save()
            if options["role"] != ADMIN:
                user.groups.add(Group.objects.get(name=options["role"]))
            for dept in departments:
                dept.members.add(user)
                if options["role"] == "supervisor":
                    dept.supervisors.add(user)
        self.stdout.write(f"Created {options['role']} {user.username}.")
