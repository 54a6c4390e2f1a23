"""Celery tasks: each takes primary keys (or nothing) and calls one service."""

from __future__ import annotations

from dataclasses import asdict

from celery import Task, shared_task

from claims.services.crosscheck_runs import crosscheck_run_each
from claims.services.crosschecks import crosscheck_sweep
from claims.services.scheduled import crosscheck_queue_stale, crosscheck_queue_track_records


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def run_crosschecks(self: Task, crosscheck_ids: list[int]) -> None:
    crosscheck_run_each(crosscheck_ids=crosscheck_ids, worker=self.request.hostname or "")


@shared_task
def sweep_crosschecks() -> dict[str, int]:
    return asdict(crosscheck_sweep())


@shared_task
def queue_stale_crosschecks() -> int:
    return len(crosscheck_queue_stale())


@shared_task
def queue_track_records() -> int:
    return len(crosscheck_queue_track_records())
