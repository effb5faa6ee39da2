"""A plain ``pip install .`` carries every file CityLoop reads at run time."""

from __future__ import annotations

import ast
import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cityloop"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# Notes for people reading the source tree, not read by the code.
NOT_SHIPPED = {"README.md"}
DEV_ONLY = {"pytest", "hypothesis", "playwright", "schemathesis", "frost_sta_client",
            "georeport", "polib", "django_stubs_ext", "mypy", "ruff"}


def test_every_data_file_is_in_the_package_data():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["*"]
    left_out = [
        str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and path.name not in NOT_SHIPPED
        and "__pycache__" not in path.parts
        and not any(fnmatch(path.name, pattern) for pattern in patterns)
    ]
    assert left_out == [], f"add their pattern to [tool.setuptools.package-data]: {left_out}"


def _imports_run_time(path: Path) -> set[str]:
    """Top-level modules a file imports, leaving out ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text())
    checking_only = {
        id(node) for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_package_imports_no_development_tool():
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in PACKAGE.rglob("*.py")
        for name in _imports_run_time(path) & DEV_ONLY
    }
    assert offenders == set(), "the runtime package imports development-only packages"


def test_the_licence_is_an_spdx_expression_with_its_text():
    project = PYPROJECT["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "Version 3, 19 November 2007" in text and "END OF TERMS AND CONDITIONS" in text
