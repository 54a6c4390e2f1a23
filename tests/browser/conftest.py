"""Browser tests in a real Chromium: Debian's `chromium` (installed by .ci/run with apt), driven
by Playwright for Python through `executable_path`; no browser is ever downloaded.

Every page a test looks at (`tabs.look(page, name)`) is screenshotted, checked by axe-core
(node_modules/axe-core, installed by `make install` from package-lock.json) and must show no
violation of impact serious or critical; every tab fails its test on any Content-Security-Policy
violation. The axe counts of each page, all impacts, go to SCREENSHOTS/axe.json and are summed up
at the end of the run.

Without Chromium, Playwright or axe-core they are skipped, saying so in one line; CI sets
FACTCHECK_REQUIRE_BROWSER=1, and there a missing one fails them instead. Screenshots of each
step go to FACTCHECK_SCREENSHOTS (default: screenshots/ at the repository root, ignored by git)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = Path(os.environ.get("FACTCHECK_SCREENSHOTS", REPO / "screenshots"))
REQUIRE_BROWSER = os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1"
CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM") or shutil.which("chromium") or ""
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Impacts that fail a page; moderate and minor ones are counted in axe.json, not failed.
AXE_FAILING = ("serious", "critical")
AXE_IMPACTS = ("critical", "serious", "moderate", "minor")
# Each page looked at in this run: its path and its axe violations per impact.
AXE_COUNTS: dict[str, dict[str, Any]] = {}
# A CSP violation event, or Chromium's own console line for one, turns into this console error.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  console.error(`CSP violation: ${event.violatedDirective} blocked ${blocked}`);
});"""


def _missing() -> str:
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -r requirements.txt)"
    if not CHROMIUM:
        return "no chromium on PATH (apt-get install chromium, as .ci/run does)"
    if not AXE.is_file():
        return f"no {AXE.relative_to(REPO)} (make install runs npm ci)"
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = _missing()
    for item in items:
        if item.get_closest_marker("browser") is None:
            continue
        if missing and REQUIRE_BROWSER:
            raise pytest.UsageError(f"browser tests must run in CI: {missing}")
        if missing:
            item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {missing}"))


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A Chromium of its own for each test, stopped after it: Playwright's sync API keeps an
    event loop in this thread, which Django's ORM takes for async code unless told otherwise,
    for this test alone (a leftover setting fails `check --deploy` in later tests)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def live_server_closes_its_connections(settings: Any) -> Iterator[None]:
    """The live server's request threads close their connections at the end of each request, so
    that the test database can be dropped at the end of the run."""
    from django.db import connections

    saved = connections["default"].settings_dict["CONN_MAX_AGE"]
    connections["default"].settings_dict["CONN_MAX_AGE"] = 0
    yield
    connections["default"].settings_dict["CONN_MAX_AGE"] = saved


class Tabs:
    """Opens browser tabs that record every Content-Security-Policy violation, and looks at
    pages: a screenshot, axe-core's violations counted and the serious ones refused."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.csp_errors: list[str] = []

    def new(self, **context: Any) -> Any:
        """A tab in a new browser context (its own cookies); `context` as Playwright takes it."""
        opened = self.browser.new_context(**context)
        # Init scripts run through the DevTools protocol, before the page's own, and the policy
        # does not apply to them.
        opened.add_init_script(CSP_LISTENER)
        opened.on("console", self._console)
        return opened.new_page()

    def _console(self, message: Any) -> None:
        if message.type == "error" and (
            "Content Security Policy" in message.text or message.text.startswith("CSP violation")
        ):
            self.csp_errors.append(f"{message.location.get('url', '')}: {message.text}")

    def look(self, page: Any, name: str) -> Path:
        """Saves the page, whole, as SCREENSHOTS/name.png, and runs axe-core on it: its counts go
        to axe.json, and a violation of impact serious or critical fails the test."""
        page.wait_for_load_state("load")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        # page.evaluate runs through the DevTools protocol, so the policy (script-src 'self')
        # does not block it as it would a <script> the test added.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        counts = dict.fromkeys(AXE_IMPACTS, 0)
        for violation in violations:
            counts[violation["impact"]] += len(violation["nodes"])
        AXE_COUNTS[name] = {
            "path": "/" + page.url.split("/", 3)[-1],
            "violations": counts,
            "rules": sorted({violation["id"] for violation in violations}),
        }
        failing = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in AXE_FAILING
        ]
        assert not failing, f"axe-core on {page.url}:\n" + "\n".join(failing)
        assert not self.csp_errors, "\n".join(self.csp_errors)
        return path


@pytest.fixture
def tabs(browser: Any) -> Iterator[Tabs]:
    """Tabs for this test; it fails at the end if any of them met a CSP violation, looked at or
    not."""
    opened = Tabs(browser)
    yield opened
    assert not opened.csp_errors, "\n".join(opened.csp_errors)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if AXE_COUNTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "axe.json").write_text(json.dumps(AXE_COUNTS, indent=2) + "\n")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per page looked at: its axe-core violations by impact (critical, serious,
    moderate, minor), so that a run's figures can be quoted."""
    if not AXE_COUNTS:
        return
    terminalreporter.section("axe-core violations per page (critical/serious/moderate/minor)")
    for name, page in sorted(AXE_COUNTS.items()):
        counts = "/".join(str(page["violations"][impact]) for impact in AXE_IMPACTS)
        rules = ", ".join(page["rules"])
        terminalreporter.write_line(f"{name:40} {page['path']:32} {counts}  {rules}".rstrip())
    terminalreporter.write_line(f"written to {SCREENSHOTS / 'axe.json'}")
