"""``cityloop opendata-export --output DIR``, and a failed export leaving the last one whole."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cityloop.analytics import opendata_export
from cityloop.analytics.opendata_export import rules, writers


def test_the_command_writes_the_files_and_says_what_it_left_out(scenario, tmp_path, settings):
    settings.OPENDATA_K = 5
    out = io.StringIO()
    call_command("opendata_export", "--output", str(tmp_path / "open"), stdout=out)
    assert sorted(p.name for p in (tmp_path / "open").iterdir()) == sorted(opendata_export.FILES)
    assert "23 cases published, 3 left out" in out.getvalue()
    assert "k=5" in out.getvalue()


def test_the_command_refuses_a_k_below_two_and_a_file_as_output(city, tmp_path):
    with pytest.raises(CommandError, match="at least 2"):
        call_command("opendata_export", "--output", str(tmp_path), "--k", "1")
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        call_command("opendata_export", "--output", str(tmp_path / "a-file"))


def test_a_failed_export_leaves_the_previous_one_whole(scenario, tmp_path, monkeypatch):
    opendata_export.export(tmp_path, k=5)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(self, published):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.Files, "write", broken)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("opendata_export", "--output", str(tmp_path), "--k", "5")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no part left


def test_a_file_breaking_k_is_never_published(scenario, tmp_path, monkeypatch):
    opendata_export.export(tmp_path, k=5)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    # As if a case had moved between the count and the rows: every row by its day.
    monkeypatch.setattr(rules.Precision, "level", lambda self, keys: (rules.DAY, keys[0]))
    with pytest.raises(RuntimeError, match="fewer than k=5: nothing was published"):
        opendata_export.export(tmp_path, k=5)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_both_passes_read_one_snapshot(city, make_case, tmp_path):
    for _i in range(5):
        make_case()
    assert opendata_export.export(tmp_path, k=5) == {"published": 5, "suppressed": 0}
