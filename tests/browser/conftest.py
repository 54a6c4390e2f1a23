"""Browser tests in a real Chromium: Debian's `chromium` (installed by .ci/run with apt), driven
by Playwright for Python through `executable_path`; no browser is ever downloaded.

Without Chromium or Playwright they are skipped, saying so in one line; CI sets
FACTCHECK_REQUIRE_BROWSER=1, and there a missing browser fails them instead. Screenshots of each
step go to FACTCHECK_SCREENSHOTS (default: screenshots/ at the repository root, ignored by git)."""

from __future__ import annotations

import importlib.util
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


def _missing() -> str:
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -r requirements.txt)"
    if not CHROMIUM:
        return "no chromium on PATH (apt-get install chromium, as .ci/run does)"
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


@pytest.fixture
def screenshot() -> Any:
    """`screenshot(page, "name")` saves the page, whole, as SCREENSHOTS/name.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
