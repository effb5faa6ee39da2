"""The dependency rules of docs/architecture.md ("The direction of the imports"), checked.

Every module under ``cityloop/`` is parsed, not imported (parsing is fast, and
a module that fails to import must not hide its imports), and each of its
imports of a ``cityloop`` module is held against three rules:

- the domain (``cases``, ``catalogue``, ``geo``) imports no adapter and no
  feature app: those call the domain, never the other way round;
- nothing imports ``cityloop.demo`` but the demo itself and the command line;
- imports inside functions, which hide cycles from a reader, stay under a
  ceiling that may only go down, and each says why it cannot be at the top
  (a comment on its line or on the line above).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import cityloop

ROOT = Path(cityloop.__file__).parent

DOMAIN = frozenset({"cases", "catalogue", "geo"})
# Adapters (the doors) and feature apps: each may import the domain, the
# domain none of them.
NOT_FOR_THE_DOMAIN = frozenset({
    "open311", "web", "api", "sensing", "notify", "triage", "analytics", "worker", "demo",
    "mailin",
})
MAY_IMPORT_THE_DEMO = ("cityloop/cli.py", "cityloop/demo/")

# Imports of cityloop modules inside functions, outside apps.py, management
# commands and migrations (where importing late is how Django works), one per
# statement. The goal ("house in order") was 10 at most, each with a
# comment saying why: lower this number whenever one goes, never raise it.
IN_FUNCTION_IMPORTS_CEILING = 4


@dataclass(frozen=True)
class Import:
    path: PurePosixPath  # e.g. cityloop/cases/lifecycle.py
    line: int
    module: str  # the imported cityloop module, e.g. "cityloop.notify.outbox"
    in_function: bool

    @property
    def importer_app(self) -> str:
        """The package under cityloop/ that imports ("" for a top-level module)."""
        parts = self.path.parts
        return parts[1] if len(parts) > 2 else ""

    @property
    def imported_app(self) -> str:
        parts = self.module.split(".")
        return parts[1] if len(parts) > 1 else ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


class _Collector(ast.NodeVisitor):
    def __init__(self, path: PurePosixPath):
        self.path = path
        self.depth = 0  # how many functions enclose the node visited
        self.found: list[Import] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif node.level:
            raise AssertionError(
                f"{self.path}:{node.lineno}: a relative import; CityLoop spells imports in "
                "full, and this test could not tell where it points"
            )
        elif node.module == "cityloop":
            # ``from cityloop import demo`` imports the module cityloop.demo.
            modules = [f"cityloop.{alias.name}" for alias in node.names]
        else:
            modules = [node.module or ""]
        for module in modules:
            if module == "cityloop" or module.startswith("cityloop."):
                self.found.append(Import(self.path, node.lineno, module, self.depth > 0))

    visit_Import = visit_ImportFrom = _import


def collect(source: str, path: PurePosixPath) -> list[Import]:
    """The imports of cityloop modules in ``source``, the text of ``path``."""
    collector = _Collector(path)
    collector.visit(ast.parse(source, str(path)))
    return collector.found


def every_import() -> list[Import]:
    """Every import of a cityloop module, in every module under cityloop/."""
    found = []
    for file in sorted(ROOT.rglob("*.py")):
        path = PurePosixPath(file.relative_to(ROOT.parent).as_posix())
        found += collect(file.read_text(encoding="utf-8"), path)
    return found


def wrong_way(imports: list[Import]) -> list[str]:
    return [
        f"{i}: the domain ({i.importer_app}) must not import {i.imported_app}; adapters "
        "and feature apps call the domain, not the other way round"
        for i in imports
        if i.importer_app in DOMAIN and i.imported_app in NOT_FOR_THE_DOMAIN
    ]


def demo_importers(imports: list[Import]) -> list[str]:
    return [
        f"{i}: only cityloop/demo/ and cityloop/cli.py may import cityloop.demo"
        for i in imports
        if i.imported_app == "demo" and not str(i.path).startswith(MAY_IMPORT_THE_DEMO)
    ]


def late(imports: list[Import]) -> list[Import]:
    """Imports inside functions, outside the files where Django wants them late."""
    def exempt(path: PurePosixPath) -> bool:
        return path.name == "apps.py" or "migrations" in path.parts or (
            "management" in path.parts and "commands" in path.parts
        )

    found = [i for i in imports if i.in_function and not exempt(i.path)]
    # One statement importing two modules is one late import.
    return list({(i.path, i.line): i for i in found}.values())


def unexplained(found: list[Import], source_of: Callable[[PurePosixPath], str]) -> list[Import]:
    """The late imports with no comment on their line or on the line above."""
    problems = []
    for i in found:
        lines = source_of(i.path).splitlines()
        above = lines[i.line - 2] if i.line > 1 else ""
        if "#" not in lines[i.line - 1] and not above.lstrip().startswith("#"):
            problems.append(i)
    return problems


def source(path: PurePosixPath) -> str:
    return (ROOT.parent / path).read_text(encoding="utf-8")


def test_the_domain_imports_no_adapter_and_no_feature_app() -> None:
    problems = wrong_way(every_import())
    assert not problems, "\n".join(problems)


def test_nothing_but_the_command_line_imports_the_demo() -> None:
    problems = demo_importers(every_import())
    assert not problems, "\n".join(problems)


def test_imports_inside_functions_stay_under_the_ceiling() -> None:
    found = late(every_import())
    assert len(found) <= IN_FUNCTION_IMPORTS_CEILING, (
        f"{len(found)} imports of cityloop modules inside functions, above the ceiling of "
        f"{IN_FUNCTION_IMPORTS_CEILING} (IN_FUNCTION_IMPORTS_CEILING): import at the top of "
        "the module, or break the cycle that needs the late import. They are:\n"
        + "\n".join(f"{i}: inside a function" for i in found)
    )


def test_each_import_inside_a_function_says_why() -> None:
    problems = unexplained(late(every_import()), source)
    assert not problems, (
        "imports of cityloop modules inside functions without a comment saying why they "
        "cannot be at the top (on the import's line or the line above):\n"
        + "\n".join(str(i) for i in problems)
    )


def test_it_walks_every_module() -> None:
    # A walk that found nothing would let every rule pass.
    imports = every_import()
    paths = {str(i.path) for i in imports}
    assert {"cityloop/cases/lifecycle.py", "cityloop/notify/apps.py", "cityloop/cli.py"} <= paths
    assert len(imports) > 500


WRONG_WAY = '''
from cityloop.cases.models import Case
from cityloop.notify import outbox
import cityloop.web.ratelimit
from cityloop import demo


def later():
    from cityloop.worker.jobs import run_due_jobs
'''


def test_it_catches_each_kind_of_wrong_import() -> None:
    imports = collect(WRONG_WAY, PurePosixPath("cityloop/cases/lifecycle.py"))
    assert [problem.split(": the domain")[0] for problem in wrong_way(imports)] == [
        "cityloop/cases/lifecycle.py:3 imports cityloop.notify",
        "cityloop/cases/lifecycle.py:4 imports cityloop.web.ratelimit",
        "cityloop/cases/lifecycle.py:5 imports cityloop.demo",
        "cityloop/cases/lifecycle.py:9 imports cityloop.worker.jobs",
    ]
    assert len(demo_importers(imports)) == 1
    assert [i.line for i in late(imports)] == [9]
    # The same lines are fine in an adapter, but for the demo; and late imports are
    # how apps.py, management commands and migrations work.
    web = collect(WRONG_WAY, PurePosixPath("cityloop/web/views.py"))
    assert wrong_way(web) == [] and len(demo_importers(web)) == 1
    assert demo_importers(collect(WRONG_WAY, PurePosixPath("cityloop/cli.py"))) == []
    for exempt in ("cityloop/cases/apps.py", "cityloop/cases/management/commands/x.py",
                   "cityloop/cases/migrations/0001_initial.py"):
        assert late(collect(WRONG_WAY, PurePosixPath(exempt))) == []


def test_it_asks_each_late_import_why() -> None:
    path = PurePosixPath("cityloop/web/views.py")

    def unexplained_lines(text: str) -> list[int]:
        return [i.line for i in unexplained(late(collect(text, path)), lambda _: text)]

    assert unexplained_lines(WRONG_WAY) == [9]
    # The why on the line above, or on the import's own line.
    assert unexplained_lines(WRONG_WAY.replace(
        "    from cityloop.worker", "    # a cycle: x imports y\n    from cityloop.worker")) == []
    assert unexplained_lines(WRONG_WAY.replace("run_due_jobs", "run_due_jobs  # a cycle")) == []
