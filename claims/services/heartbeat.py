"""A running attempt's heartbeat, beaten from a thread beside the runner.

Progress reports beat too, but a runner can be silent for a long step (a slow fetch, a large
question to corroborate): with only those, the sweeper would have to wait for the hard time
limit before presuming a worker lost. The thread beats every FACTCHECK_CROSSCHECK_HEARTBEAT_SECONDS
whatever the runner does, so only a dead worker (killed, or past the hard time limit, which kills
the process and the thread with it) stops beating, and the sweeper can take a check back within
FACTCHECK_CROSSCHECK_STUCK_SECONDS.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from claims.models import CrossCheck, held

logger = logging.getLogger(__name__)


class Heartbeat:
    """`with Heartbeat(check):` beats for the attempt that holds `check` until the block ends."""

    def __init__(self, check: CrossCheck) -> None:
        self.check = check
        self.interval = settings.FACTCHECK_CROSSCHECK_HEARTBEAT_SECONDS
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name=f"heartbeat-crosscheck-{check.pk}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        if self.interval > 0:
            self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()

    def _beat(self) -> None:
        # The thread's first beat comes after one interval (taking the check wrote the first), so
        # that a check done sooner never opens the thread's own database connection.
        try:
            while not self.stopped.wait(self.interval):
                try:
                    holds = CrossCheck.objects.filter(
                        held(pk=self.check.pk, attempt=self.check.attempts)
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError as exc:  # down for now: the runner meets it too
                    logger.warning("CrossCheck %s heartbeat failed: %r", self.check.pk, exc)
                    connection.close()
                    continue
                if not holds:
                    return  # cancelled or taken over: the runner's next report stops it
        finally:
            connection.close()  # the thread's own connection
