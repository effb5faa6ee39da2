"""Shared fixtures: a small city, its catalogue, and staff personas whose
names say what they may do (the healthchecks habit)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import ApiClient, Case
from cityloop.cases.services import Report, submit
from cityloop.catalogue.models import (
    CatalogueRevision,
    Department,
    ServiceAttribute,
    ServiceCategory,
    ServiceGroup,
)
from cityloop.geo.models import Area, AreaRevision
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Build the test city once per test database (each xdist worker has its own),
    committed, so that each test only opens and rolls back a transaction around it.
    Building it per test cost about 0.15 s, times some 1,500 tests."""
    with django_db_blocker.unblock():
        _ensure_city()


def _ensure_city() -> None:
    if not Area.objects.filter(code="testcity").exists():
        citydata.build_departments(citydata.build_city())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """A test with ``transactional_db`` (or ``live_server``) empties every table when
    it ends; build the city again for the tests that follow on this worker."""
    yield
    if not _is_transactional(item) or nextitem is None:
        return
    blocker = item.session.config.stash.get(blocking_manager_key, None)
    if blocker is None:
        return
    with blocker.unblock():
        _ensure_city()


def _is_transactional(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))


@pytest.fixture(autouse=True)
def _city_only_when_asked(request: pytest.FixtureRequest) -> None:
    """A test that does not ask for the city starts, as it always did, without one:
    it is removed inside the test's transaction (and rolled back with it), and the
    caches of areas and catalogue are told so."""
    names = request.fixturenames
    if "city" in names or not (
        "_django_db_helper" in names or request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("_django_db_helper")
    for model in CITY_MODELS:
        # One DELETE per table, no cascade collection: nothing else refers to these rows.
        model._base_manager.all()._raw_delete(connection.alias)
    for revision in (AreaRevision, CatalogueRevision):
        revision.objects.update_or_create(id=1, defaults={"token": uuid.uuid4()})


# What citydata builds, children before parents (foreign keys are checked at the
# end of the test, so the order matters only for readers).
CITY_MODELS = (ServiceAttribute, ServiceCategory, ServiceGroup, Department, Area)


@pytest.fixture
def city(db: None) -> City:
    """The test city (tests/citydata.py) with the default catalogue loaded: built once
    (django_db_setup above), read afresh for each test so no test shares instances."""
    areas = {a.code: a for a in Area.objects.filter(code__in=citydata.AREA_CODES)}
    return City(areas, {d.code: d for d in Department.objects.all()})


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
