"""The Celery application; configuration comes from Django settings (the CELERY_ namespace)."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task
from celery.signals import celeryd_init, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.dev")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
    """A worker's connections commit without waiting for the disk (claims/services/commits.py).
    celeryd_init comes before the pool forks, and only in a `celery worker`, never in a process
    that merely starts a worker thread (the tests' celery_worker_on_redis)."""
    from claims.services.commits import commit_asynchronously

    commit_asynchronously()
