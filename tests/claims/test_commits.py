"""A worker's bookkeeping commits without waiting for the disk; recording a check always waits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.db.backends.signals import connection_created

from claims.models import CrossCheckKind
from claims.services.crosscheck_queue import crosscheck_queue
from factcheck import commits
from tests.conftest import needs_postgresql
from tests.factories import ClaimFactory

pytestmark = [
    needs_postgresql("reads PostgreSQL's synchronous_commit"),
    pytest.mark.django_db(transaction=True),
]


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.fixture
def worker_process() -> Iterator[None]:
    """This process set up as `celery worker` sets up its processes (factcheck/celery.py)."""
    connection.close()
    commits.commit_asynchronously()
    try:
        yield
    finally:
        connection_created.disconnect(dispatch_uid=commits.__name__)
        connection.close()
        commits._ASYNCHRONOUS.clear()


def test_a_worker_connection_commits_without_waiting_for_the_disk(worker_process) -> None:
    assert synchronous_commit() == "off"


def test_in_a_worker_the_transaction_that_records_a_check_waits_for_the_disk(
    worker_process,
) -> None:
    with transaction.atomic():
        crosscheck_queue(claim=ClaimFactory(), kind=CrossCheckKind.CORROBORATION)
        assert synchronous_commit() == "on"
    assert synchronous_commit() == "off"


def test_outside_workers_every_commit_waits_for_the_disk() -> None:
    assert synchronous_commit() == "on"
