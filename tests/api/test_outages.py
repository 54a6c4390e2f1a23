"""Degrade, do not fail: a dependency's outage is a passing fault, answered as one.

PostgreSQL down: the connection is pointed at a port where nothing listens, so every request
meets the driver's real "connection refused" (on SQLite, whose test database lives in memory
and cannot be closed, the cursor raises the driver's OperationalError instead). Redis down: a
private redis-server of the test's own, stopped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.roles import EDITOR, VIEWER
from claims.models import CrossCheck, CrossCheckStatus
from factcheck.celery import app
from tests.api.conftest import client_for
from tests.factories import ClaimFactory, UserFactory
from tests.processes import RedisServer, use_broker

TEXT = "Bridges\nThe mayor said that 4 bridges closed on Monday."


def _without_raising(client: Client) -> Client:
    client.raise_request_exception = False  # as a real server: the handler answers
    return client


def _assert_unavailable_json(response) -> None:
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "type": "service_unavailable",
        "detail": "A service the workbench depends on is not answering; try again shortly.",
        "errors": {},
    }
    assert int(response["Retry-After"]) >= 1


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_the_api_answers_503_with_retry_after_and_its_json_error(
    database_down: None,
) -> None:
    anonymous = _without_raising(APIClient())
    _assert_unavailable_json(anonymous.get("/api/v1/fact-checks/"))
    _assert_unavailable_json(anonymous.get("/api/v1/claims/", HTTP_AUTHORIZATION="Bearer x"))


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_a_token_read_and_write_answer_503(request) -> None:
    editor = _without_raising(client_for(EDITOR))
    claim = ClaimFactory()
    request.getfixturevalue("database_down")
    _assert_unavailable_json(editor.get(f"/api/v1/claims/{claim.pk}/"))
    _assert_unavailable_json(editor.post("/api/v1/articles/", {"text": TEXT}, format="json"))


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_pages_answer_503_with_a_page_that_retries(request) -> None:
    browser = _without_raising(Client())
    browser.force_login(UserFactory(roles=[VIEWER]))
    request.getfixturevalue("database_down")
    response = browser.get("/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) >= 1
    assert b"Unavailable for a moment" in response.content


@pytest.mark.django_db
def test_a_bug_in_the_api_answers_500_with_the_json_error_body(monkeypatch) -> None:
    from api import views

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr(views.ClaimViewSet, "list", broken)
    viewer = _without_raising(client_for(VIEWER))
    response = viewer.get("/api/v1/claims/")
    assert response.status_code == 500
    assert response.json()["type"] == "server_error"
    assert "Retry-After" not in response


@pytest.fixture
def redis_down(tmp_path: Path) -> Iterator[RedisServer]:
    """The throttle's cache and the broker on a private Redis, stopped before the test runs."""
    if shutil.which("redis-server") is None:
        pytest.skip("starts its own redis-server, which is not installed")
    server = RedisServer(tmp_path)
    server.start()
    previous = app.conf.broker_url
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    try:
        with override_settings(CACHES=caches):
            use_broker(server.url, eager=False)
            server.stop()
            yield server
    finally:
        server.stop()
        use_broker(previous, eager=True)


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_reads_the_feed_and_writes_still_answer(redis_down: RedisServer) -> None:
    viewer, editor = client_for(VIEWER), client_for(EDITOR)
    assert viewer.get("/api/v1/claims/").status_code == 200
    assert APIClient().get("/api/v1/fact-checks/").status_code == 200
    response = editor.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 201, response.content
    # The checks ingest queues are recorded, never dispatched: the sweeper sends them later.
    checks = CrossCheck.objects.all()
    assert checks.exists()
    for check in checks:
        assert (check.status, check.dispatched_at) == (CrossCheckStatus.QUEUED, None)


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
@override_settings(FACTCHECK_API_RATE="3/min")
def test_with_redis_down_each_process_still_throttles_at_the_rate(
    redis_down: RedisServer,
) -> None:
    viewer = client_for(VIEWER)
    for _ in range(3):
        assert viewer.get("/api/v1/claims/").status_code == 200
    response = viewer.get("/api/v1/claims/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
