"""Two requests at once on PostgreSQL: the test holds a transaction open while another request,
in a thread with its own connection, runs until it waits for one of the test's locks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import connection

from tests.processes import wait_until

T = TypeVar("T")


def waiting_for_a_lock() -> bool:
    """pg_locks, not pg_stat_activity: that one is read once per transaction, this one live."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return bool(cursor.fetchone()[0])


class Blocked(Generic[T]):
    """`call` started in another thread, returned once it waits for a lock the test holds."""

    def __init__(self, call: Callable[[], T]) -> None:
        self.outcome: list[T] = []
        self.error: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, args=(call,))
        self.thread.start()
        wait_until(
            lambda: waiting_for_a_lock() or not self.thread.is_alive(),
            timeout=30,
            what="the other request to wait for a lock",
        )

    def _run(self, call: Callable[[], T]) -> None:
        try:
            self.outcome.append(call())
        except BaseException as exc:
            self.error.append(exc)
        finally:
            connection.close()

    def result(self) -> T:
        """What `call` returned, once the test's transaction has ended; its exception if any."""
        self.thread.join(timeout=30)
        if self.error:
            raise self.error[0]
        return self.outcome[0]
