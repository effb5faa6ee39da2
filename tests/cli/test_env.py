"""Settings from the environment fail fast, naming the variable that is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cityloop.conf.env import (
    database_from_url,
    envbool,
    envchoice,
    envfloat,
    envint,
    envlist,
)

ROOT = Path(__file__).resolve().parents[2]
SQLITE = Path("/srv/cityloop/cityloop.sqlite3")


@pytest.mark.parametrize(("raw", "value"), [
    ("1", True), ("yes", True), (" TRUE ", True), ("on", True),
    ("0", False), ("no", False), ("False", False), ("off", False), ("", False),
])
def test_it_reads_yes_and_no(raw, value, monkeypatch):
    monkeypatch.setenv("CITYLOOP_DEBUG", raw)
    assert envbool("CITYLOOP_DEBUG", not value) is value


def test_it_uses_the_default_when_a_variable_is_unset(monkeypatch):
    for name in ("CITYLOOP_X_BOOL", "CITYLOOP_X_INT", "CITYLOOP_X_CHOICE", "CITYLOOP_X_LIST"):
        monkeypatch.delenv(name, raising=False)
    assert envbool("CITYLOOP_X_BOOL", True) is True
    assert envint("CITYLOOP_X_INT", 7, minimum=1) == 7
    assert envchoice("CITYLOOP_X_CHOICE", "en", ("en", "zh-hans")) == "en"
    assert envlist("CITYLOOP_X_LIST", ["a"]) == ["a"]


@pytest.mark.parametrize(("reader", "raw", "says"), [
    (lambda: envbool("CITYLOOP_DEBUG", False), "maybe", "CITYLOOP_DEBUG must be one of yes/no"),
    (lambda: envint("CITYLOOP_DEBUG", 7), "seven", "CITYLOOP_DEBUG must be a whole number"),
    (lambda: envint("CITYLOOP_DEBUG", 7), "2.5", "CITYLOOP_DEBUG must be a whole number"),
    (lambda: envint("CITYLOOP_DEBUG", 7, minimum=1), "0", "CITYLOOP_DEBUG must be at least 1"),
    (lambda: envfloat("CITYLOOP_DEBUG", 0.6, low=0, high=1), "high",
     "CITYLOOP_DEBUG must be a number"),
    (lambda: envfloat("CITYLOOP_DEBUG", 0.6, low=0, high=1), "1.5",
     "CITYLOOP_DEBUG must be between 0 and 1"),
    (lambda: envchoice("CITYLOOP_DEBUG", "en", ("en", "zh-hans")), "fr",
     "CITYLOOP_DEBUG must be one of en, zh-hans; got 'fr'"),
])
def test_it_refuses_a_bad_value_naming_the_variable(reader, raw, says, monkeypatch):
    monkeypatch.setenv("CITYLOOP_DEBUG", raw)
    with pytest.raises(ImproperlyConfigured) as refusal:
        reader()
    assert says in str(refusal.value)


def test_it_reads_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("CITYLOOP_ALLOWED_HOSTS", " city.example, ,www.city.example ")
    assert envlist("CITYLOOP_ALLOWED_HOSTS", []) == ["city.example", "www.city.example"]


def test_it_reads_a_postgres_database_url():
    db = database_from_url("postgres://city%40ops:p%2Fss@db.city.example:5433/loop",
                           sqlite_path=SQLITE)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "loop", "city@ops", "p/ss", "db.city.example", "5433")


def test_it_keeps_sqlite_under_the_data_dir_unless_told_otherwise():
    assert database_from_url("", sqlite_path=SQLITE)["NAME"] == str(SQLITE)
    assert database_from_url("sqlite:////var/lib/loop.db", sqlite_path=SQLITE)["NAME"] == (
        "/var/lib/loop.db")
    embedded = database_from_url("", sqlite_path=SQLITE)
    assert embedded["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in embedded["OPTIONS"]["init_command"]


def test_it_refuses_a_database_url_it_does_not_speak():
    with pytest.raises(ImproperlyConfigured) as refusal:
        database_from_url("mysql://root@localhost/loop", sqlite_path=SQLITE)
    assert "DATABASE_URL must start with postgres:// or sqlite://" in str(refusal.value)
    assert "'mysql'" in str(refusal.value)


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("DATABASE_URL", "postgres://db.city.example:port/loop", "DATABASE_URL is not a valid"),
    ("CITYLOOP_FEEDBACK_DAYS", "a week", "CITYLOOP_FEEDBACK_DAYS must be a whole number"),
    ("CITYLOOP_LANGUAGE", "fr", "CITYLOOP_LANGUAGE must be one of en, zh-hans"),
])
def test_it_stops_at_start_up_on_a_bad_setting(variable, value, says, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITYLOOP_", "DATABASE_"))}
    env.update({variable: value, "CITYLOOP_DATA_DIR": str(tmp_path)})
    done = subprocess.run([sys.executable, "-c", "import cityloop.settings"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and says in done.stderr
