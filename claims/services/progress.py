"""What a CrossCheck runner gets and gives back: its progress reporter and its finding.

A runner reads what it needs, does its slow work (fetching, searching) outside any transaction,
reports progress as it goes and returns a Finding. The Finding's `store` makes the runner's
writes; it is called in the transaction that marks the check succeeded, and only if this attempt
still holds the check, so a check cancelled, or taken over after its worker was presumed lost,
leaves no effect behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from claims.models import CrossCheck, held


class CrossCheckStopped(Exception):
    """The attempt no longer holds its check (cancelled or taken over): stop without writing."""


@dataclass(frozen=True)
class Finding:
    result: dict[str, Any]
    store: Callable[[], None] | None = None  # None: nothing to write beside the result


class Progress:
    """Progress of one attempt; each report is also its heartbeat and its check for cancellation.

    Reports are written at most once per FACTCHECK_CROSSCHECK_PROGRESS_SECONDS: a check that
    takes a few milliseconds (most related-claims checks) would otherwise spend more statements
    on its progress than on its work, and the heartbeat only needs to beat well within the time
    after which the sweeper presumes a worker lost. The success records the final count.
    """

    def __init__(self, check: CrossCheck) -> None:
        self.check = check
        self.done = 0
        self.total = 0
        self.reported_at = time.monotonic()  # taking the check wrote the first heartbeat

    def start(self, total: int) -> None:
        """Announce how many steps the check has (3 URLs: 3)."""
        self.total = total
        self._report()

    def step(self, steps: int = 1) -> None:
        self.done += steps
        self._report()

    def _report(self) -> None:
        now = time.monotonic()
        if now - self.reported_at < settings.FACTCHECK_CROSSCHECK_PROGRESS_SECONDS:
            return
        self.reported_at = now
        holds = CrossCheck.objects.filter(
            held(pk=self.check.pk, attempt=self.check.attempts)
        ).update(
            progress_done=min(self.done, self.total) if self.total else 0,
            progress_total=self.total,
            heartbeat_at=timezone.now(),
        )
        if not holds:
            raise CrossCheckStopped(f"CrossCheck {self.check.pk} is no longer this attempt's.")


class Runner(Protocol):
    def __call__(self, *, check: CrossCheck, progress: Progress) -> Finding: ...
