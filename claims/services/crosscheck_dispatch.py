"""Handing recorded CrossChecks to the broker, several to a message.

The task that runs them (claims.tasks.run_crosschecks) is registered here by the task module when
Django loads the claims app (claims/apps.py): the task module imports the services, never the
reverse.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from claims.models import CrossCheck, CrossCheckStatus

logger = logging.getLogger(__name__)


class CrossCheckTask(Protocol):
    """The Celery task that runs a message's checks: it takes their ids."""

    def apply_async(self, args: tuple[list[int]], *, countdown: float | None) -> object: ...


_registered: dict[str, CrossCheckTask] = {}


def crosscheck_task_register(task: CrossCheckTask) -> None:
    """Make `task` the one crosscheck_dispatch hands checks to."""
    _registered["run"] = task


def _task() -> CrossCheckTask:
    try:
        return _registered["run"]
    except KeyError:
        raise ImproperlyConfigured(
            "No task runs CrossChecks: claims.tasks registers it when the claims app is ready."
        ) from None


def crosscheck_dispatch(*, crosscheck_ids: Sequence[int], countdown: float | None = None) -> int:
    """Hand recorded checks to the queue, FACTCHECK_CROSSCHECK_CHUNK_SIZE to a message: a
    message costs a worker more than a small check's own bookkeeping (bench/README.md). Returns
    how many were handed over. If the broker is down, the rest stay queued, marked as never
    dispatched, and the sweeper sends them when the broker is back."""
    run_crosschecks = _task()
    ids = list(crosscheck_ids)
    size = settings.FACTCHECK_CROSSCHECK_CHUNK_SIZE
    for start in range(0, len(ids), size):
        try:
            run_crosschecks.apply_async((ids[start : start + size],), countdown=countdown)
        except Exception as exc:  # the broker's errors vary by transport; the row is the record
            # One refusal is enough: trying each remaining message would keep a request waiting.
            logger.warning("CrossChecks %s recorded but not queued: %r", ids[start:], exc)
            CrossCheck.objects.filter(pk__in=ids[start:], status=CrossCheckStatus.QUEUED).update(
                dispatched_at=None
            )
            return start
    return len(ids)
