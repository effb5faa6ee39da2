"""The demo city's staff accounts, its Open311 client, and the logins file.

Every install gets its own random password (one for all demo accounts, so a
visitor can try each role) and its own API key; both are kept in
``DATA_DIR/demo-logins.txt``, readable by its owner only, and read back on
the next run so that running ``cityloop demo`` again never locks anyone out.
"""

from __future__ import annotations

import os
import secrets
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

from cityloop.cases.models import ApiClient
from cityloop.cases.models.client import KEY_PREFIX, OPEN311, hash_key
from cityloop.cases.roles import ADMIN
from cityloop.catalogue.models import Department
from cityloop.demo.city import MAIL_DOMAIN

LOGINS_FILE = "demo-logins.txt"
CLIENT_NAME = "Jiangcheng demo app"
# Bureaux shown with a full team: a supervisor, two officers at the bureau,
# and an officer in every district office (who also works its street units).
FULL_TEAMS = ("roads", "sanitation", "water")
# Synthetic staff names (pinyin surname, given name); no real person.
NAMES = [
    ("Gao", "Jing"), ("Lin", "Yue"), ("Zhou", "Hang"), ("Xu", "Ming"), ("He", "Ping"),
    ("Tang", "Lei"), ("Luo", "Qian"), ("Song", "Tao"), ("Han", "Bo"), ("Feng", "Yan"),
    ("Deng", "Kai"), ("Cao", "Rui"), ("Peng", "Hui"), ("Xie", "Jun"), ("Zeng", "Li"),
    ("Lu", "Fang"), ("Su", "Wen"), ("Jiang", "Hao"), ("Cai", "Xin"), ("Yuan", "Ning"),
]


@dataclass(frozen=True)
class StaffSpec:
    username: str
    role: str
    departments: tuple[str, ...] = ()
    supervises: tuple[str, ...] = ()


@dataclass
class Logins:
    password: str
    api_key: str
    accounts: list[StaffSpec] = field(default_factory=list)
    path: Path | None = None


def staff_specs() -> list[StaffSpec]:
    """Who works in the demo city, and where."""
    specs = [StaffSpec("admin", ADMIN), StaffSpec("operator1", "operator"),
             StaffSpec("operator2", "operator")]
    for bureau in Department.objects.filter(parent=None).order_by("code"):
        offices = list(bureau.units.order_by("code"))
        if bureau.code in FULL_TEAMS:
            code = bureau.code
            specs.append(StaffSpec(f"{code}.supervisor", "supervisor", (code,), (code,)))
            specs += [StaffSpec(f"{code}.officer{n}", "officer", (code,)) for n in (1, 2)]
            for office in offices:
                district = office.code.removeprefix(f"{code}_")
                street_units = tuple(office.units.values_list("code", flat=True))
                specs.append(StaffSpec(f"{code}.{district}", "officer",
                                       (office.code, *street_units)))
        else:
            every = (bureau.code, *(o.code for o in offices))
            specs.append(StaffSpec(f"{bureau.code.replace('_', '')}.officer", "officer", every))
    return specs


def ensure_staff(data_dir: Path) -> Logins:
    """Create or update the demo accounts and the API client; the logins to show."""
    path = data_dir / LOGINS_FILE
    previous = read_logins(path)
    specs = staff_specs()
    with transaction.atomic():
        created = _accounts(specs)
        if previous is None:
            # A new install, or the file was lost: a fresh password for all.
            password = secrets.token_urlsafe(12)
            _set_password([s.username for s in specs], password)
        else:
            password = previous.password
            _set_password(created, password)
        api_key = _client(previous.api_key if previous else "")
    logins = Logins(password, api_key, specs, path)
    write_logins(logins)
    return logins


def _accounts(specs: list[StaffSpec]) -> list[str]:
    """Create missing accounts and set their roles; the usernames created."""
    User = get_user_model()
    groups = {g.name: g for g in Group.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    created_names = []
    for n, spec in enumerate(specs):
        surname, given = NAMES[n % len(NAMES)]
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"first_name": given, "last_name": surname,
                      "email": f"{spec.username}@{MAIL_DOMAIN}", "is_staff": True},
        )
        if created:
            created_names.append(spec.username)
        _set_role(user, spec, groups)
        for code in spec.departments:
            departments[code].members.add(user)
        for code in spec.supervises:
            departments[code].supervisors.add(user)
    return created_names


def _set_role(user: AbstractUser, spec: StaffSpec, groups: dict[str, Group]) -> None:
    user.is_staff = user.is_active = True
    user.is_superuser = spec.role == ADMIN
    user.save()
    if spec.role != ADMIN:
        user.groups.add(groups[spec.role])


def _set_password(usernames: list[str], password: str) -> None:
    if not usernames:
        return
    # One PBKDF2 hash shared by the accounts: hashing forty times would take
    # most of the demo's start-up, and they share the password anyway.
    hashed = make_password(password)
    get_user_model().objects.filter(username__in=usernames).update(password=hashed)


def _client(known_key: str) -> str:
    """The demo app's key: the known one if it still works, else a new one.

    It is a citizen app's key: Open311 and nothing else (the sensors are
    simulated in-process or over MQTT, with no key). A demo made before keys
    had scopes got the old ones at upgrade (cases/0004); they are narrowed here.
    """
    client = ApiClient.objects.filter(name=CLIENT_NAME).first()
    if client is None:
        client, key = ApiClient.create(CLIENT_NAME, f"apps@{MAIL_DOMAIN}", scopes=[OPEN311])
        return key
    if list(client.scopes) != [OPEN311] or client.departments.exists():
        client.scopes = [OPEN311]
        client.departments.clear()
        client.save()
    if known_key and client.key_hash == hash_key(known_key) and client.active:
        return known_key
    # The key was lost with the logins file: cases point at the client, so
    # it is given a new key rather than replaced.
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    client.key_hash, client.key_hint, client.active = hash_key(key), key[:10], True
    client.save()
    return key


def demo_client() -> ApiClient:
    return ApiClient.objects.get(name=CLIENT_NAME)


def read_logins(path: Path) -> Logins | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    values = dict(line.split(":", 1) for line in lines if ":" in line and not line.startswith("#"))
    password = values.get("password", "").strip()
    if not password:
        return None
    return Logins(password, values.get("api_key", "").strip(), [], path)


def write_logins(logins: Logins) -> None:
    assert logins.path is not None
    text = "\n".join([
        "# CityLoop demo city Jiangcheng: staff logins. Keep this file private.",
        "# Every demo account has the same password.",
        f"password: {logins.password}",
        f"# Open311 API key of the client {CLIENT_NAME!r} (the api_key of POST requests;",
        "# scope open311 only: it cannot write sensor data)",
        f"api_key: {logins.api_key}",
        "#",
        "# username  role  departments",
        *(f"#   {s.username}  {s.role}  {' '.join(s.departments) or '-'}"
          for s in logins.accounts),
        "",
    ])
    # Created with mode 0600 from the start, so the password is never
    # readable by others, not even for a moment.
    fd = os.open(logins.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    logins.path.chmod(0o600)


def summary(logins: Logins, base_url: str) -> list[str]:
    """The lines printed at the end of every run."""
    by_role: dict[str, list[str]] = {}
    for spec in logins.accounts:
        by_role.setdefault(spec.role, []).append(spec.username)
    lines = [
        "Demo city Jiangcheng (江城) is ready.",
        f"  Citizen site      {base_url}/",
        f"  Staff console     {base_url}/staff/",
        f"  Operations        {base_url}/ops/",
        f"  Admin             {base_url}/admin/",
        f"  Open311 API       {base_url}/open311/v2/discovery.json",
        "",
        f"Staff logins (password for all: {logins.password}):",
    ]
    for role in ("admin", "operator", "supervisor", "officer"):
        if by_role.get(role):
            lines += textwrap.wrap(", ".join(by_role[role]), width=96,
                                   initial_indent=f"  {role + ':':12}",
                                   subsequent_indent=" " * 14, break_on_hyphens=False)
    lines += [
        f"Open311 API key ({CLIENT_NAME}): {logins.api_key}",
        f"These logins are kept in {logins.path} (readable by you only).",
    ]
    return lines
