"""Celery tasks of the API: each takes primary keys (or nothing) and calls one service."""

from __future__ import annotations

from dataclasses import asdict

from celery import Task, shared_task

from api.deliveries import webhook_deliver, webhook_sweep, webhook_task_register
from claims.tasks import SCHEDULED_RETRIES
from factcheck.celery import retried_when_the_database_fails


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_webhook(self: Task, delivery_id: int) -> None:
    """One attempt at a delivery; the service records it and queues the retry a transient
    failure earns (the row, not Celery, counts attempts and backs off)."""
    with retried_when_the_database_fails(self):
        webhook_deliver(delivery_id=delivery_id)


webhook_task_register(deliver_webhook)


@shared_task(bind=True, acks_late=True, max_retries=SCHEDULED_RETRIES)
def sweep_webhook_deliveries(self: Task) -> dict[str, int]:
    with retried_when_the_database_fails(self):
        return asdict(webhook_sweep())
