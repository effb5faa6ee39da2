"""`cityloop --help` lists the commands; every CityLoop command's --help shows an example."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cityloop import cli

ROOT = Path(__file__).resolve().parents[2]
OWN_COMMANDS = [name for name in cli.COMMANDS if name != "migrate"]  # migrate is Django's


def cityloop(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CITYLOOP_DATA_DIR", "DJANGO_SETTINGS_MODULE")}
    return subprocess.Popen(
        [sys.executable, "-m", "cityloop", "--data-dir", str(data_dir), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture(scope="module")
def helps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    """Every command's --help, run side by side in fresh processes and a fresh data dir."""
    data_dir = tmp_path_factory.mktemp("data")
    running = {name: cityloop(name, "--help", data_dir=data_dir) for name in OWN_COMMANDS}
    running[""] = cityloop("--help", data_dir=data_dir)
    done = {}
    for name, process in running.items():
        out, err = process.communicate(timeout=120)
        done[name] = (process.returncode, out, err)
    return done


def test_it_lists_every_command(helps, capsys):
    code, out, _ = helps[""]
    assert code == 0
    assert out.startswith("usage: cityloop [--data-dir DIR] COMMAND [options]")
    for name, text in cli.COMMANDS.items():
        assert f"  {name}" in out and text in out
    cli.main(["--help"])
    assert capsys.readouterr().out.strip() == out.strip()


@pytest.mark.parametrize("name", OWN_COMMANDS)
def test_it_shows_an_example_in_each_commands_help(name, helps):
    code, out, err = helps[name]
    assert code == 0, err
    assert out.startswith(f"usage: cityloop {name}")
    example = out.split("Example:\n", 1)
    assert len(example) == 2, f"cityloop {name} --help shows no example"
    first_line = example[1].strip().splitlines()[0]
    assert first_line.startswith("cityloop ") and name in first_line.split()


def test_it_refuses_a_data_dir_option_without_a_directory():
    done = subprocess.run([sys.executable, "-m", "cityloop", "--data-dir"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "--data-dir needs a directory" in done.stderr
