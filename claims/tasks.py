from __future__ import annotations

from celery import shared_task

from claims.services.crosschecks import crosscheck_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_crosscheck(crosscheck_id: int) -> None:
    crosscheck_run(crosscheck_id=crosscheck_id)
