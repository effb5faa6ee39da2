"""English and Simplified Chinese ship complete: every string the code marks
for translation has a Chinese translation, and the compiled catalogue matches."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "cityloop" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_it_translates_every_entry_into_chinese():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"untranslated: {missing[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_it_ships_a_compiled_catalogue_matching_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
              for e in po.translated_entries()}
    assert compiled == source, "run `make messages` (or scripts/compile_messages.py)"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_it_has_every_marked_string_in_the_catalogue(tmp_path):
    copy = tmp_path / "cityloop"
    shutil.copytree(ROOT / "cityloop", copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete",
         "--settings=cityloop.settings"],
        cwd=copy, check=True, capture_output=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin",
             "CITYLOOP_DATA_DIR": str(tmp_path / "var")},
    )
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    new = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in ours)
    assert not new, f"strings missing from django.po (run `make messages`): {new[:10]}"
