"""Documentation that must not fall behind the code (the datasette habit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cityloop import registry

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DOC = (ROOT / "docs" / "settings.md").read_text()
EXTENDING_DOC = (ROOT / "docs" / "extending.md").read_text()


def _variables_read_by_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "cityloop").rglob("*.py"):
        found |= set(re.findall(r"""["'](CITYLOOP_[A-Z0-9_]+|DATABASE_URL)["']""",
                                path.read_text()))
    return found


@pytest.mark.parametrize("name", sorted(_variables_read_by_code()))
def test_it_documents_every_setting(name):
    assert f"`{name}`" in SETTINGS_DOC, f"{name} is read by the code but not in docs/settings.md"


@pytest.mark.parametrize("reg", registry.ALL, ids=lambda r: r.name)
def test_it_documents_every_registry_and_entry(reg, db):
    assert f"## `{reg.name}`" in EXTENDING_DOC
    section = EXTENDING_DOC.split(f"## `{reg.name}`", 1)[1].split("\n## ", 1)[0]
    for entry in reg:
        assert f"- `{entry.key}`:" in section, f"{reg.name}: {entry.key} is not documented"
