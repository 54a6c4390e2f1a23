"""Celery tasks: each takes primary keys (or nothing) and calls one service."""

from __future__ import annotations

from dataclasses import asdict

from celery import Task, shared_task

from claims.services.crosscheck_dispatch import crosscheck_task_register
from claims.services.crosscheck_runs import crosscheck_run_each
from claims.services.crosscheck_sweep import crosscheck_sweep
from claims.services.scheduled import crosscheck_queue_stale, crosscheck_queue_track_records
from factcheck.celery import retried_when_the_database_fails

# A scheduled task whose database is down is retried a few times; beat sends the next one anyway.
SCHEDULED_RETRIES = 5


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_crosschecks(self: Task, crosscheck_ids: list[int]) -> None:
    with retried_when_the_database_fails(self):
        crosscheck_run_each(crosscheck_ids=crosscheck_ids, worker=self.request.hostname or "")


crosscheck_task_register(run_crosschecks)


@shared_task(bind=True, acks_late=True, max_retries=SCHEDULED_RETRIES)
def sweep_crosschecks(self: Task) -> dict[str, int]:
    with retried_when_the_database_fails(self):
        return asdict(crosscheck_sweep())


@shared_task(bind=True, acks_late=True, max_retries=SCHEDULED_RETRIES)
def queue_stale_crosschecks(self: Task) -> int:
    with retried_when_the_database_fails(self):
        return len(crosscheck_queue_stale())


@shared_task(bind=True, acks_late=True, max_retries=SCHEDULED_RETRIES)
def queue_track_records(self: Task) -> int:
    with retried_when_the_database_fails(self):
        return len(crosscheck_queue_track_records())
