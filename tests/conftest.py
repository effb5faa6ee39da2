"""Shared fixtures: a small city, its catalogue, and staff personas whose
names say what they may do (the healthchecks habit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import translation

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import ApiClient, Case
from cityloop.cases.services import Report, submit
from cityloop.catalogue.models import Department
from cityloop.geo.models import Area
from tests import citydata


@dataclass
class City:
    areas: dict[str, Area]
    departments: dict[str, Department]


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """A request in Chinese must not leave Chinese active for the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def city(db: None) -> City:
    """The test city (tests/citydata.py) with the default catalogue loaded."""
    areas = citydata.build_city()
    return City(areas, citydata.build_departments(areas))


def _staff(username: str, role: str, departments: list[Department] = (),  # type: ignore[assignment]
           supervise: bool = False) -> User:
    user = User.objects.create_user(
        username, f"{username}@city.example", "correct horse battery", is_staff=True,
        first_name=username.split("_")[0].title(),
    )
    if role == "admin":
        user.is_superuser = True
        user.save()
    else:
        user.groups.add(Group.objects.get(name=role))
    for dept in departments:
        dept.members.add(user)
        if supervise:
            dept.supervisors.add(user)
    return user


@pytest.fixture
def roads_officer(city: City) -> User:
    """An officer of the roads bureau (department A)."""
    return _staff("alice_roads", "officer", [city.departments["roads"]])


@pytest.fixture
def water_officer(city: City) -> User:
    """An officer of the water bureau (department B): must not touch roads cases."""
    return _staff("bob_water", "officer", [city.departments["water"]])


@pytest.fixture
def roads_supervisor(city: City) -> User:
    """Supervisor of the roads bureau and, through it, its district offices."""
    return _staff("carol_roads", "supervisor", [city.departments["roads"]], supervise=True)


@pytest.fixture
def operator(city: City) -> User:
    """A call-centre operator: files cases for callers, sees all, closes none."""
    return _staff("dave_operator", "operator")


@pytest.fixture
def city_admin(city: City) -> User:
    return _staff("erin_admin", "admin")


@pytest.fixture
def api_client_key(db: None) -> tuple[ApiClient, str]:
    return ApiClient.create("Test App", "dev@example.org")


@pytest.fixture
def make_case(city: City) -> Callable[..., Case]:
    """Submit a valid report; keyword arguments override the defaults."""

    def make(**overrides: Any) -> Case:
        now = overrides.pop("now", None)
        lat, lon = citydata.INSIDE_EAST_S
        fields: dict[str, Any] = {
            "channel": "web",
            "service_code": "pothole",
            "description": "Deep pothole in the bus lane",
            "lat": lat,
            "lon": lon,
            "contact": ContactInfo(name="Mei", email="mei@example.org", language="en"),
        }
        fields.update(overrides)
        return submit(Report(**fields), now=now)

    return make


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
