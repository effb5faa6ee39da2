"""`cityloop apikey` gives keys scopes, departments and rate limits; the upgrade keeps what
existing keys could do (issue 9, item 2; docs/api-keys.md)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from cityloop.catalogue.models import Department


def apikey(*args: str) -> str:
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


def created(*args: str) -> tuple[ApiClient, str]:
    key = apikey("create", *args).strip().splitlines()[-1]
    client = apiclients.authenticate(key)
    assert client is not None
    return client, key


@pytest.fixture
def water(db) -> Department:
    water, _ = Department.objects.get_or_create(code="water", defaults={"name": "Water"})
    return water


def test_a_new_key_gets_the_open311_scope_alone(db):
    client, _key = created("Neighbourhood app")
    assert client.scopes == ["open311"]
    assert not client.departments.exists() and client.rate_limit is None


def test_it_gives_the_scopes_asked_for_once_each_in_their_usual_order(db):
    client, _key = created("Gateway", "--scope", "sta:write", "--scope", "sta:read",
                           "--scope", "sta:write")
    assert client.scopes == ["sta:read", "sta:write"]


def test_an_unknown_scope_is_a_clear_error_listing_the_scopes(db):
    with pytest.raises(CommandError) as refusal:
        apikey("create", "Gateway", "--scope", "open311", "--scope", "sta:delete")
    message = str(refusal.value)
    assert "'sta:delete'" in message
    for scope in ("open311", "sta:read", "sta:write", "warnings:publish", "api:read", "admin"):
        assert scope in message
    assert not ApiClient.objects.exists()


def test_it_limits_sta_write_to_departments(water):
    client, _key = created("River gauges", "--scope", "sta:write", "--department", "water")
    assert list(client.departments.all()) == [water]
    assert client.department_codes() == frozenset({"water"})


def test_a_department_needs_sta_write_and_must_exist(water):
    with pytest.raises(CommandError, match="sta:write"):
        apikey("create", "App", "--department", "water")
    with pytest.raises(CommandError, match="no department 'sewers'"):
        apikey("create", "App", "--scope", "sta:write", "--department", "sewers")
    assert not ApiClient.objects.exists()


def test_it_sets_a_rate_limit(db):
    client, _key = created("Bulk importer", "--scope", "sta:write", "--rate-limit", "0")
    assert client.rate_limit == 0 and client.requests_per_minute() == 0
    with pytest.raises(CommandError, match="rate-limit"):
        apikey("create", "Other", "--rate-limit", "-1")


def test_the_list_shows_scopes_departments_and_limits(water):
    apikey("create", "Neighbourhood app")
    apikey("create", "River gauges", "--scope", "sta:read", "--scope", "sta:write",
           "--department", "water", "--rate-limit", "120")
    rows = {line.split("\t")[0]: line for line in apikey("list").splitlines()}
    assert "scopes open311\t" in rows["Neighbourhood app"]
    assert "60/min" in rows["Neighbourhood app"]
    assert "scopes sta:read,sta:write" in rows["River gauges"]
    assert "departments water" in rows["River gauges"] and "120/min" in rows["River gauges"]


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_gives_existing_keys_the_scopes_they_had():
    before, after = [("cases", "0003_audit_signing")], [("cases", "0004_apiclient_scopes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_apps.get_model("cases", "ApiClient").objects.create(
        name="Integrator of 2025", key_hash="a" * 64, key_hint="cl_old")
    executor = MigrationExecutor(connection)  # a fresh graph, as `cityloop migrate` has
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    upgraded = ApiClient.objects.get(name="Integrator of 2025")
    assert upgraded.scopes == ["open311", "sta:read", "sta:write"]
    assert upgraded.requests_per_minute() == 600
    assert ApiClient.create("App of 2027")[0].scopes == ["open311"]
