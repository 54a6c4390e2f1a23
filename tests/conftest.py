from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from accounts.roles import EDITOR, VIEWER
from claims.models import CrossCheck, CrossCheckStatus
from tests.factories import UserFactory
from tests.pages import Pages, serve_pages
from tests.processes import free_port

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED_DIR", REPO.parent / "shared"))
# CI sets this: a test that needs the corpora then fails instead of being skipped.
REQUIRE_SHARED = os.environ.get("FACTCHECK_REQUIRE_SHARED") == "1"


def needs_redis() -> pytest.MarkDecorator:
    """Skip, saying why, when no REDIS_URL is set; CI sets it, so nothing is skipped there."""
    return pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs a real Redis: set REDIS_URL (CI does) to run it through a real worker",
    )


def needs_postgresql(why: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason=f"{why}: set DATABASE_URL to PostgreSQL (CI does)",
    )


def needs_shared_data() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not REQUIRE_SHARED and not (SHARED / "data").is_dir(),
        reason=f"needs the shared corpora in {SHARED / 'data'} (set FACTCHECK_SHARED_DIR)",
    )


@pytest.fixture
def pages() -> Iterator[Pages]:
    """A local HTTP server; tests set `pages.routes[path] = Page(...)`."""
    with serve_pages() as served:
        yield served


@pytest.fixture
def seeds_dir() -> Path:
    return REPO / "seeds"


class WorkerOnRedis:
    """A real Celery worker consuming from the real Redis in REDIS_URL."""

    def wait_for(self, check: CrossCheck, timeout: float = 30) -> CrossCheck:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            check.refresh_from_db()
            if check.status not in {CrossCheckStatus.QUEUED, CrossCheckStatus.RUNNING}:
                return check
            time.sleep(0.05)
        raise AssertionError(f"CrossCheck {check.pk} still {check.status} after {timeout}s")


@pytest.fixture
def celery_worker_on_redis() -> Iterator[WorkerOnRedis]:
    """Tasks go through Redis to a worker thread, as in production (not eagerly)."""
    from celery.contrib.testing.worker import start_worker

    from factcheck.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield WorkerOnRedis()
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PostgreSQL down: the connection points at a port where nothing listens, so every query
    meets the driver's real "connection refused". On SQLite, whose test database lives in memory
    and cannot be closed, the cursor raises the driver's OperationalError instead."""
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        port = settings_dict["PORT"]
        connection.close()
        settings_dict["PORT"] = str(free_port())
        try:
            yield
        finally:
            connection.close()
            settings_dict["PORT"] = port
    else:

        def refuse(*args: object, **kwargs: object) -> None:
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(connection, "create_cursor", refuse)
        yield


def page_client(*roles: str) -> Client:
    """A browser session of a user with these roles, for the editorial pages."""
    client = Client()
    client.force_login(UserFactory(roles=list(roles)))
    return client


@pytest.fixture
def viewer_client(db: None) -> Client:
    return page_client(VIEWER)


@pytest.fixture
def editor_client(db: None) -> Client:
    return page_client(EDITOR)
