"""Every page keeps to the Content-Security-Policy: no inline script or style,
nothing loaded from elsewhere but the map tiles. Walked in Chromium as an
anonymous resident, an officer, a supervisor and an administrator (the admin
index and every list and "add" page it links to)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser import pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (Playwright's init scripts are not subject to
# the page's CSP), so no violation is missed, whichever element caused it.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
                    + ` at ${e.sourceFile || location.pathname}:${e.lineNumber}`);
});
"""


def visit(page: Any, base_url: str, spec: pages.Page, seen: list[str]) -> None:
    response = page.goto(base_url + spec.path)
    assert response is not None and response.status == 200, f"{spec.name}: {response}"
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), spec.name
    if spec.ready:
        pages.READY[spec.ready](page)
    page.wait_for_load_state("networkidle")
    seen.extend(f"{spec.name} ({spec.path}): {v}" for v in page.evaluate("window.__csp"))


def admin_pages(page: Any, base_url: str) -> list[pages.Page]:
    """The admin's lists and "add" forms, as its index links to them."""
    page.goto(base_url + "/admin/")
    links = page.eval_on_selector_all("#content-main a[href^='/admin/']",
                                      "els => els.map(e => e.getAttribute('href'))")
    paths = sorted({urlparse(href).path for href in links})
    return [pages.Page(f"admin {path}", path, signed_in="admin") for path in paths]


def walk(open_page: Any, login: Any, live_server: Any, user: Any,
         specs: list[pages.Page], share: tuple[int, int] = (0, 1)) -> tuple[list[str], int]:
    """``share`` (k, n): the k-th of n parts of the admin's pages, so that the
    longest walk (some seventy admin pages) runs on several test workers."""
    page, problems = open_page()
    page.context.add_init_script(WATCH)
    if user is not None:
        login(page, user)
    seen: list[str] = []
    if any(s.path == "/admin/" for s in specs):
        part, parts = share
        specs = specs + admin_pages(page, live_server.url)[part::parts]
    for spec in specs:
        visit(page, live_server.url, spec, seen)
    csp_console = [m for m in problems.console_errors if "Content Security Policy" in m]
    return seen + csp_console, len(specs)


ADMIN_PARTS = 3


@pytest.mark.parametrize("persona", ["anonymous", "officer", "supervisor",
                                     *(f"admin-{k}" for k in range(ADMIN_PARTS))])
def test_no_page_breaks_the_content_security_policy(
        persona, city, roads_officer, roads_supervisor, city_admin, make_case,
        open_page, login, live_server):
    values = pages.site_data(make_case, roads_officer)
    everything = pages.all_pages(values)
    who, _, part = persona.partition("-")
    user, wanted = {
        "anonymous": (None, ""),
        "officer": (roads_officer, "staff"),
        "supervisor": (roads_supervisor, "staff"),
        "admin": (city_admin, "admin"),
    }[who]
    specs = [s for s in everything if s.signed_in in ("", wanted)] if user is None \
        else [s for s in everything if s.signed_in == wanted]
    violations, visited = walk(open_page, login, live_server, user, specs,
                               (int(part), ADMIN_PARTS) if part else (0, 1))
    assert visited >= len(specs)
    print(persona, visited, "pages")
    assert not violations, "\n".join(violations)


def test_an_injected_inline_script_or_style_does_not_run(city, open_page, live_server):
    # What the policy is for: markup that slipped past escaping stays inert.
    page, _ = open_page()
    page.context.add_init_script(WATCH)
    page.goto(live_server.url + "/")
    page.evaluate("""() => {
      const s = document.createElement("script");
      s.textContent = "window.__ran = true";
      document.head.appendChild(s);
      document.body.insertAdjacentHTML("beforeend",
        '<p id="injected" style="color: rgb(255, 0, 0)">x</p>');
    }""")
    assert page.evaluate("window.__ran") is None
    assert page.eval_on_selector("#injected", "e => getComputedStyle(e).color") \
        != "rgb(255, 0, 0)"
    blocked = page.evaluate("window.__csp")
    assert any(v.startswith("script-src") for v in blocked), blocked
    assert any(v.startswith("style-src") for v in blocked), blocked
