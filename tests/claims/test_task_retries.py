"""Workers survive their dependencies: a task whose database connection died (PostgreSQL
restarted) closes it, reconnects and is retried, and acknowledges no work it did not do.

The connection is really killed: PostgreSQL terminates the test's own backend
(`pg_terminate_backend`), as a restart does to every worker's kept connection.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from claims.models import CrossCheckStatus
from claims.tasks import run_crosschecks, sweep_crosschecks
from tests.conftest import needs_postgresql
from tests.factories import CrossCheckFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_postgresql("terminates its own PostgreSQL connection"),
]


def _kill_this_connection() -> None:
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_task_meeting_a_dead_connection_reconnects_and_does_its_work_once() -> None:
    check = CrossCheckFactory()  # queued, not dispatched
    _kill_this_connection()
    result = run_crosschecks.apply(args=[[check.pk]])
    assert result.successful(), result.traceback
    check.refresh_from_db()
    assert (check.status, check.attempts) == (CrossCheckStatus.SUCCEEDED, 1)
    assert check.attempt_log.count() == 1


def test_the_sweeper_meeting_a_dead_connection_is_retried() -> None:
    _kill_this_connection()
    result = sweep_crosschecks.apply()
    assert result.successful(), result.traceback
    assert result.result == {"requeued": 0, "failed": 0, "dispatched": 0}


def test_in_process_a_database_that_stays_down_ends_the_retries(request) -> None:
    # Without a broker a retry runs at once: a few, then the failure (the rows wait for the
    # sweeper), never a retry loop as deep as the stack.
    check = CrossCheckFactory()
    request.getfixturevalue("database_down")
    result = run_crosschecks.apply(args=[[check.pk]])
    assert result.failed()
    assert "OperationalError" in result.traceback
