"""How CrossCheck writes reach the disk: a worker's bookkeeping without waiting, recording durably.

A durable commit waits for the disk (0.1 to 2 ms more here, by the disk's other work), as much
as a no-op check's whole bookkeeping. In a worker process every PostgreSQL connection commits
with `synchronous_commit off`: a database crash may then lose its last fraction of a second of
commits, which only takes a check back to queued or running, where the sweeper finds it again,
and a finding's writes, committed with the check's success, are lost or kept with it. The one
write that must survive is the record of a check asked for: `recording()` makes its transaction
wait for the disk, in a worker (the schedule queues checks there) as anywhere else. Webhook
deliveries run in the same workers: a lost "delivered" mark means one more delivery, which
their receivers already expect (at least once, each with its delivery id).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

# Aliases of this process's connections whose sessions commit without waiting for the disk.
_ASYNCHRONOUS: set[str] = set()


def _commit_without_waiting(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        _ASYNCHRONOUS.add(connection.alias)


def commit_asynchronously() -> None:
    """From now on, this process's connections commit without waiting for the disk, set once per
    connection. Called in a worker process before it connects."""
    connection_created.connect(_commit_without_waiting, dispatch_uid=__name__)


@contextmanager
def recording() -> Iterator[None]:
    """A transaction that records checks; its commit waits for the disk, even in a worker."""
    with transaction.atomic():
        if connection.alias in _ASYNCHRONOUS:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO on")
        yield
