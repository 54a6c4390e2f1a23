"""The Celery application; configuration comes from Django settings (the CELERY_ namespace)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery, Task
from celery.signals import celeryd_init, task_prerun
from django.db import InterfaceError, connection
from django.db import OperationalError as DatabaseOperationalError
from django_structlog.celery.steps import DjangoStructLogInitStep

from factcheck.backoff import backoff_seconds

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.dev")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each task's log lines carry the context of the request that queued it (its request_id).
app.steps["worker"].add(DjangoStructLogInitStep)


@task_prerun.connect
def _drop_broken_database_connections(task: Task, **kwargs: Any) -> None:
    """Workers keep their database connection between tasks (CELERY_DB_REUSE_MAX): connecting
    costs more than a small task. One that broke (the database restarted) or outlived
    CONN_MAX_AGE is closed here, as Django does between requests. Not for eager tasks, which
    run inside the caller's transaction."""
    if not task.request.is_eager:
        from django.db import close_old_connections

        close_old_connections()


@celeryd_init.connect
def _commit_bookkeeping_asynchronously(**kwargs: Any) -> None:
    """A worker's connections commit without waiting for the disk (factcheck/commits.py).
    celeryd_init comes before the pool forks, and only in a `celery worker`, never in a process
    that merely starts a worker thread (the tests' celery_worker_on_redis)."""
    from factcheck.commits import commit_asynchronously

    commit_asynchronously()


# Without a broker (tasks run in the web process) a retry runs at once, without its countdown.
EAGER_RETRIES = 3


@contextmanager
def retried_when_the_database_fails(
    task: Task, *, max_retries: int | None = None
) -> Iterator[None]:
    """Run a task's body; if the database is down or the connection died (a restart), close
    the connection and have Celery run the task again later, with backoff, instead of
    acknowledging work that was not done. The retry is sent before this delivery is
    acknowledged (acks_late); `max_retries` None retries until the database is back."""
    try:
        yield
    except (DatabaseOperationalError, InterfaceError) as exc:
        if not connection.in_atomic_block:
            connection.close()  # the next attempt connects afresh
        if task.request.is_eager and task.request.retries >= EAGER_RETRIES:
            raise  # in-process (no REDIS_URL) a retry runs at once: the rows wait for the sweeper
        countdown = backoff_seconds(attempt=task.request.retries + 1, base=1.0, ceiling=60.0)
        raise task.retry(exc=exc, countdown=countdown) from exc
