"""/healthz and /readyz: what a load balancer asks, and what it is told when something is wrong."""

from __future__ import annotations

import pytest
from django.test import Client

from factcheck import health
from tests.processes import free_port


@pytest.fixture(autouse=True)
def _migrations_checked_afresh(monkeypatch) -> None:
    monkeypatch.setattr(health, "_migrated", set())


def test_healthz_answers_without_the_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_answers_and_every_migration_is_applied(
    settings,
) -> None:
    settings.REDIS_URL = ""
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "redis": "ok"},
    }


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_and_says_so_when_the_database_is_down(request) -> None:
    request.getfixturevalue("database_down")
    response = Client(raise_request_exception=False).get("/readyz")
    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    checks = response.json()["checks"]
    assert checks["database"].startswith("the database does not answer: OperationalError")
    assert checks["migrations"] == "not checked: no database"


@pytest.mark.django_db
def test_readyz_is_503_when_a_migration_is_not_applied(monkeypatch) -> None:
    from django.db.migrations.executor import MigrationExecutor

    real_plan = MigrationExecutor.migration_plan

    def one_missing(self, targets, clean_start=False):
        plan = real_plan(self, [("claims", "0001_squashed_0014")], clean_start=True)
        return plan[-1:]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", one_missing)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert (
        "1 migration(s) not applied: claims.0001_squashed_0014"
        in response.json()["checks"]["migrations"]
    )


@pytest.mark.django_db
def test_readyz_reports_redis_down_as_degraded_not_unavailable(settings) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"].startswith("Redis does not answer")
