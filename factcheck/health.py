"""Probes for a load balancer or orchestrator: /healthz (the process answers) and /readyz (it
can serve: the database answers, Redis answers when configured, every migration is applied).

Neither needs a login, reads a session or writes anything; /readyz says what is wrong."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis import Redis

from factcheck.outages import retry_after

# Migrations known to this process's code are applied: it stays true for the process's life.
_migrated: set[str] = set()


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return f"the database does not answer: {type(exc).__name__}: {exc}".strip()
    return None


def _migrations() -> str | None:
    if DEFAULT_DB_ALIAS in _migrated:
        return None
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return f"migrations could not be read: {type(exc).__name__}: {exc}"
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        return f"{len(plan)} migration(s) not applied: {names}; run manage.py migrate"
    _migrated.add(DEFAULT_DB_ALIAS)
    return None


def _redis() -> str | None:
    if not settings.REDIS_URL:
        return None  # tasks run in the web process: nothing to reach
    try:
        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
    except Exception as exc:
        return f"Redis does not answer: {type(exc).__name__}: {exc}"
    return None


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """503 with Retry-After when the database does not answer or a migration is not applied: this
    process cannot serve. Redis down is reported but answered 200, "degraded": the web still
    serves (throttling per process, queued checks left to the sweeper), and a load balancer
    that took every web server out for it would turn a degraded service into an outage."""
    database = _database()
    problems = {
        "database": database,
        "migrations": _migrations() if database is None else "not checked: no database",
    }
    redis = _redis()
    checks = {name: problem or "ok" for name, problem in {**problems, "redis": redis}.items()}
    if any(problems.values()):
        response = JsonResponse({"status": "unavailable", "checks": checks}, status=503)
        response["Retry-After"] = retry_after()
        return response
    return JsonResponse({"status": "degraded" if redis else "ready", "checks": checks})
