"""Celery tasks: each takes primary keys and calls one service."""

from __future__ import annotations

from celery import Task, shared_task

from claims.services.crosschecks import crosscheck_run


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def run_crosscheck(self: Task, crosscheck_id: int) -> None:
    crosscheck_run(crosscheck_id=crosscheck_id, worker=self.request.hostname or "")
