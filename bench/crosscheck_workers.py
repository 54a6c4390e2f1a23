"""Loaded into the benchmark's Celery workers (`--include bench.crosscheck_workers`), never in
production: a bare no-op Celery task, and with BENCH_NOOP_CROSSCHECKS=1 a corroboration runner
that does nothing, so that a no-op CrossCheck costs exactly our bookkeeping."""

from __future__ import annotations

import os

from celery import shared_task

from claims.models import CrossCheck, CrossCheckKind
from claims.services.crosscheck_runs import RUNNERS
from claims.services.progress import Finding, Progress


@shared_task(name="bench.noop", acks_late=True)
def noop() -> None:
    return None


def noop_check(*, check: CrossCheck, progress: Progress) -> Finding:
    return Finding({})


if os.environ.get("BENCH_NOOP_CROSSCHECKS") == "1":
    RUNNERS[CrossCheckKind.CORROBORATION] = noop_check
