"""Browser tests: Playwright driving Debian's Chromium against a live server.

Nothing leaves the machine: every request to another host is answered
locally (map tiles with a blank tile, anything else refused), so a test
fails if a page tries to load a script from the internet. Console errors
are collected and fail the test that caused them. ``axe`` runs axe-core
(from npm, node_modules/axe-core) on the current page.

Helpers for the tests: ``login`` (a signed-in staff page without the form),
``sign_in`` (through /staff/login/), ``drop_pin`` (a real click on a Leaflet
map at a latitude and longitude), ``wait_for_areas`` (the city's areas are
drawn: the map's own fetches have finished), ``jpeg_with_gps`` (a photo with
EXIF GPS tags). Maps are found through a Leaflet init hook installed before
any page script runs; pages are not changed for the tests.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM
# calls the tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("CITYLOOP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII="
)

pytestmark = pytest.mark.browser

# Chromium reports every 4xx/5xx response as a console error. A test that
# provokes one on purpose (a form with errors answers 400) says which status
# it expects; any other stays an error.
FAILED_RESOURCE = re.compile(
    r"Failed to load resource: the server responded with a status of (\d{3})")

# Runs before any page script: remembers each Leaflet map so that tests can
# click at a latitude/longitude and see what a map has drawn.
MAP_HOOK = """
(() => {
  let leaflet;
  Object.defineProperty(window, "L", {
    configurable: true, enumerable: true,
    get() { return leaflet; },
    set(value) {
      leaflet = value;
      if (value && value.Map && !value.__testHooked) {
        value.__testHooked = true;
        value.Map.addInitHook(function () {
          (window.__testMaps = window.__testMaps || []).push(this);
        });
      }
    },
  });
})();
"""

# In the page: the Leaflet map whose container matches a selector.
FIND_MAP = """(sel) => {
  const el = document.querySelector(sel);
  return el && (window.__testMaps || []).find((m) => m.getContainer() === el);
}"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-gpu", "--disable-quic"],
        )
        yield browser
        browser.close()


class PageProblems:
    def __init__(self, own_host: str) -> None:
        self.own_host = own_host
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []
        self.expected_statuses: set[int] = set()
        self.tiles_fail = False

    def expect_status(self, *statuses: int) -> None:
        """Responses with these statuses are deliberate (a 400 form); not console errors."""
        self.expected_statuses.update(statuses)

    def on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        failed = FAILED_RESOURCE.search(message.text)
        if failed and int(failed.group(1)) in self.expected_statuses \
                and urlparse(url).netloc == self.own_host:
            return
        if self.tiles_fail and "tile" in urlparse(url).netloc:
            return  # the offline test refuses the tiles on purpose
        self.console_errors.append(f"{message.text} ({url})" if url else message.text)

    def clear(self) -> None:
        self.console_errors.clear()
        self.outside_requests.clear()

    def assert_clean(self) -> None:
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.outside_requests, f"requests to the internet: {self.outside_requests}"


def _new_page(browser: Any, live_server: Any, viewport: dict[str, int],
              locale: str = "en-GB", tiles: str = "blank") -> tuple[Any, PageProblems]:
    context = browser.new_context(viewport=viewport, locale=locale,
                                  geolocation={"latitude": 29.54, "longitude": 106.58},
                                  permissions=["geolocation"])
    own = urlparse(live_server.url).netloc
    problems = PageProblems(own)
    problems.tiles_fail = tiles == "fail"

    def route(route: Any) -> None:
        url = route.request.url
        host = urlparse(url).netloc
        if host == own or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        elif "tile" in host and problems.tiles_fail:  # no tile server reachable
            route.abort("internetdisconnected")
        elif "tile" in host:  # map tiles: a blank tile, as a city's tile server would
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        else:
            problems.outside_requests.append(url)
            route.abort()

    context.route("**/*", route)
    context.add_init_script(MAP_HOOK)
    page = context.new_page()
    page.on("console", problems.on_console)
    page.on("pageerror", lambda e: problems.console_errors.append(str(e)))
    page.set_default_timeout(15_000)
    return page, problems


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """``open_page(viewport=PHONE, locale="zh-CN")``: a fresh page and its problems."""
    made: list[Any] = []

    def make(viewport: dict[str, int] = DESKTOP, locale: str = "en-GB",
             tiles: str = "blank") -> tuple[Any, Any]:
        page, problems = _new_page(browser, live_server, viewport, locale, tiles)
        made.append(page)
        return page, problems

    yield make
    for page in made:
        page.context.close()


@pytest.fixture
def axe() -> Any:
    """``axe(page)``: axe-core's violations of the page, serious and critical only."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    source = AXE.read_text()

    def run(page: Any, exclude: list[str] | None = None) -> list[dict[str, Any]]:
        # Evaluated, not a <script> tag: the site's CSP refuses inline scripts.
        page.evaluate(source)
        options = {"resultTypes": ["violations"]}
        context = {"exclude": [[sel] for sel in exclude or []]} if exclude else None
        result = page.evaluate("([ctx, opts]) => axe.run(ctx || document, opts)",
                               [context, options])
        return [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]

    return run


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — "
                     f"{[n['target'] for n in v['nodes']][:3]}" for v in violations)


# --- signing in -------------------------------------------------------------

PASSWORD = "correct horse battery"  # tests/conftest.py's personas


@pytest.fixture
def login(live_server: Any) -> Any:
    """``login(page, user)``: the page's browser is signed in as ``user`` (no form)."""
    from django.conf import settings
    from django.test import Client

    def sign_in(page: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                   "value": cookie.value, "url": live_server.url}])

    return sign_in


def sign_in_with_form(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through /staff/login/, as a person would; lands on the queue."""
    page.goto(base_url + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/staff/(\?.*)?$"))


# --- maps -------------------------------------------------------------------

def wait_for_map(page: Any, selector: str) -> None:
    page.wait_for_function(f"(sel) => !!({FIND_MAP})(sel)", arg=selector)


def area_count(page: Any, selector: str) -> int:
    """How many of the city's areas the map has drawn (polygons from /areas.geojson)."""
    return int(page.evaluate(f"""(sel) => {{
      const map = ({FIND_MAP})(sel);
      let n = 0;
      if (map) map.eachLayer((l) => {{
        const geometry = l.feature && l.feature.geometry;
        if (geometry && /Polygon/.test(geometry.type) && l._path) n++;
      }});
      return n;
    }}""", selector))


def wait_for_areas(page: Any, selector: str) -> None:
    """Wait until the map at ``selector`` has drawn the city's areas: its fetches are done."""
    wait_for_map(page, selector)
    page.wait_for_function(f"""(sel) => {{
      const map = ({FIND_MAP})(sel);
      let n = 0;
      map.eachLayer((l) => {{ if (l.feature && l._path) n++; }});
      return n > 0;
    }}""", arg=selector)


def drop_pin(page: Any, selector: str, lat: float, lon: float) -> None:
    """Click the map at ``selector`` where (lat, lon) is, as a person taps it."""
    wait_for_map(page, selector)
    page.locator(selector).scroll_into_view_if_needed()
    point = page.evaluate(f"""([sel, lat, lon]) => {{
      const map = ({FIND_MAP})(sel);
      const p = map.latLngToContainerPoint([lat, lon]);
      const size = map.getSize();
      return {{x: p.x, y: p.y, w: size.x, h: size.y}};
    }}""", [selector, lat, lon])
    # Clear of the zoom buttons (top left) and the attribution (bottom right).
    assert 60 < point["x"] < point["w"] - 20 and 80 < point["y"] < point["h"] - 30, point
    page.locator(selector).click(position={"x": point["x"], "y": point["y"]})


# --- photos -----------------------------------------------------------------

def jpeg_with_gps(path: Path, colour: tuple[int, int, int] = (200, 80, 40)) -> Path:
    """A small JPEG carrying a camera model and EXIF GPS tags (what a phone writes)."""
    from PIL import Image

    image = Image.new("RGB", (320, 240), colour)
    exif = Image.Exif()
    exif[0x0110] = "TestPhone"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (29.0, 32.0, 24.0), 3: "E", 4: (106.0, 34.0, 48.0)})
    image.save(path, "JPEG", exif=exif)
    assert Image.open(path).getexif().get_ifd(0x8825), "the test photo should carry GPS"
    return path


def has_exif(data: bytes) -> bool:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    return bool(dict(exif)) or bool(exif.get_ifd(0x8825)) or "exif" in image.info


# --- the cockpit's stream ----------------------------------------------------

@pytest.fixture(autouse=True)
def _ops_stream_ends_with_the_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The cockpit's event stream: a message a second, and none after the test.

    The live server runs in this process and serves each request on a thread
    of its own, so a cockpit's stream would go on reading the database after
    its test ended (the browser is gone, but the server only notices when it
    next writes). Here the stream's pause between messages is a wait that the
    end of the test interrupts, and the test's teardown waits for every
    stream to finish before the database is emptied. The stream's own code
    (payload, message, ``MAX_SECONDS``) is unchanged.
    """
    from cityloop.web.ops import stream

    original = stream.events
    stop = threading.Event()
    changed = threading.Condition()
    running = [0]

    def events(language: str, level: str = "bureau", *scope: Any) -> Iterator[bytes]:
        with changed:
            running[0] += 1
        try:
            for message in original(language, level, *scope, sleep=lambda seconds: None):
                yield message
                if stop.wait(stream.INTERVAL_SECONDS):
                    return
        finally:
            with changed:
                running[0] -= 1
                changed.notify_all()

    monkeypatch.setattr(stream, "INTERVAL_SECONDS", 1.0)
    monkeypatch.setattr(stream, "MAX_SECONDS", 30.0)
    monkeypatch.setattr(stream, "events", events)
    yield
    stop.set()
    with changed:
        ended = changed.wait_for(lambda: running[0] == 0, timeout=10)
    assert ended, "a cockpit stream did not end with its test"
