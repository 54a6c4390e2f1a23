from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from api.services import DeliveryFailed, webhook_deliver
from factcheck.celery import retried_when_the_database_fails


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_webhook(self: Any, delivery_id: int) -> None:
    """One attempt; a transient failure is retried with exponential backoff (the row counts
    attempts and gives up after FACTCHECK_WEBHOOK_MAX_ATTEMPTS)."""
    try:
        with retried_when_the_database_fails(self):
            webhook_deliver(delivery_id=delivery_id)
    except DeliveryFailed as exc:
        countdown = settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS * 2**self.request.retries
        raise self.retry(exc=exc, countdown=countdown) from exc
