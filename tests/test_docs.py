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


# --- links --------------------------------------------------------------------

MARKDOWN = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md",
                   *(ROOT / "docs").rglob("*.md")])
# [text](target "title"), and [label]: target reference definitions.
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def _without_blocks(text: str) -> str:
    return re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.MULTILINE | re.DOTALL)


def _without_code(text: str) -> str:
    """The text with fenced blocks and inline code left out: they show, not link."""
    return re.sub(r"`[^`\n]*`", "", _without_blocks(text))


def _links(path: Path) -> list[str]:
    text = _without_code(path.read_text())
    return INLINE_LINK.findall(text) + REFERENCE.findall(text) + AUTOLINK.findall(text)


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings."""
    anchors = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", _without_blocks(path.read_text()),
                              flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_the_readme_links_only_to_files_in_the_repository():
    leaving = [target for target in _links(ROOT / "README.md") if SCHEME.match(target)]
    assert leaving == [], "README.md links outside the repository"
    outside = [target for target in _links(ROOT / "README.md")
               if not (ROOT / target.split("#")[0]).resolve().is_relative_to(ROOT)]
    assert outside == [], "README.md links outside the repository"


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_within_the_repository_resolves(page):
    broken = []
    for target in _links(page):
        if SCHEME.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        missing_anchor = anchor and linked.suffix == ".md" and anchor not in _anchors(linked)
        if not linked.exists() or missing_anchor:
            broken.append(target)
    assert broken == [], f"{page.relative_to(ROOT)} links to what is not there: {broken}"
