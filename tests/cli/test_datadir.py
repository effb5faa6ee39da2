"""Reading the settings writes nothing; the commands that set up a city make its data directory."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cityloop.conf.datadir import prepare, read_secret_key

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CITYLOOP_", "DATABASE_", "DJANGO_"))}
    return {**env, **extra}


def python(code: str, data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env=clean_env(CITYLOOP_DATA_DIR=str(data_dir), **extra), timeout=120)


def cityloop(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cityloop", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, capture_output=True, text=True, env=clean_env(), timeout=300)


def test_importing_the_settings_creates_nothing(tmp_path):
    data_dir = tmp_path / "not-yet"
    done = python("import cityloop.settings as s; print(repr(s.SECRET_KEY))", data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "''"
    assert list(tmp_path.iterdir()) == []


def test_the_settings_read_the_key_of_the_data_directory(tmp_path):
    (tmp_path / "secret.key").write_text("kept-beside-the-database\n")
    code = "import cityloop.settings as s; print(s.SECRET_KEY)"
    assert python(code, tmp_path).stdout.strip() == "kept-beside-the-database"
    chosen = python(code, tmp_path, CITYLOOP_SECRET_KEY="chosen-by-the-operator")
    assert chosen.stdout.strip() == "chosen-by-the-operator"


def test_migrate_makes_the_directory_a_private_key_and_the_database(tmp_path):
    data_dir = tmp_path / "city"
    done = cityloop("migrate", "--verbosity", "0", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    key_file = data_dir / "secret.key"
    assert len(key_file.read_text()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert (data_dir / "static").is_dir()
    assert (data_dir / "cityloop.sqlite3").is_file()
    key = key_file.read_text()
    # Run again: the key (and with it every session) is kept.
    assert cityloop("migrate", "--verbosity", "0", data_dir=data_dir).returncode == 0
    assert key_file.read_text() == key


def test_a_command_on_a_missing_data_directory_says_how_to_make_one(tmp_path):
    data_dir = tmp_path / "typo"
    done = cityloop("createstaff", "ana", "--role", "operator", data_dir=data_dir)
    assert done.returncode != 0
    assert f"there is no data directory at {data_dir}" in done.stderr
    assert "migrate" in done.stderr and "Traceback" not in done.stderr
    assert not data_dir.exists()


def test_help_creates_nothing(tmp_path):
    data_dir = tmp_path / "city"
    assert cityloop("migrate", "--help", data_dir=data_dir).returncode == 0
    assert cityloop("serve", "--help", data_dir=data_dir).returncode == 0
    assert not data_dir.exists()


def test_a_wsgi_server_without_a_key_stops_and_says_how_to_get_one(tmp_path):
    done = python("import cityloop.wsgi", tmp_path)
    assert done.returncode != 0
    assert "CityLoop has no secret key" in done.stderr
    assert f"cityloop --data-dir {tmp_path} migrate" in done.stderr
    assert "CITYLOOP_SECRET_KEY" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_wsgi_server_with_a_configured_key_starts(tmp_path):
    done = python("import cityloop.wsgi; print('loaded')", tmp_path,
                  CITYLOOP_SECRET_KEY="shared-by-every-web-process")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded"


def test_processes_starting_together_agree_on_one_key(tmp_path, monkeypatch):
    monkeypatch.delenv("CITYLOOP_SECRET_KEY", raising=False)

    def start(_: int) -> str:
        prepare(tmp_path)
        return read_secret_key(tmp_path)

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(start, range(16)))
    assert len(keys) == 1 and "" not in keys
    # The audit key is made the same way, beside it; no temporary file is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.key", "secret.key", "static"]


def test_a_configured_key_writes_no_key_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CITYLOOP_SECRET_KEY", "from-the-environment")
    prepare(tmp_path)
    assert not (tmp_path / "secret.key").exists()
    assert read_secret_key(tmp_path) == "from-the-environment"
