"""CrossChecks survive faults of the real infrastructure: a worker SIGKILLed midway, Redis down
while checks are queued, the same task delivered twice, a check that never succeeds.

Each test starts its own redis-server on a free port and real `celery worker` processes on the
test's PostgreSQL database, and stops them all afterwards. The workers load
tests/claims/crosscheck_faults.py, whose runner the claim's text makes slow or failing, and
which counts every stored finding, so that "run twice in effect" is visible.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection

from accounts.roles import EDITOR
from claims.models import (
    AttemptOutcome,
    Claim,
    ClaimChange,
    CrossCheck,
    CrossCheckKind,
    CrossCheckStatus,
)
from claims.services.crosscheck_queue import (
    crosscheck_queue,
    crosscheck_queue_article,
    crosscheck_queue_many,
)
from claims.services.crosscheck_runs import crosscheck_run_each
from claims.services.crosscheck_sweep import crosscheck_sweep
from claims.services.ingest import ingest_article
from claims.tasks import run_crosschecks
from factcheck.celery import app
from tests.api.conftest import client_for
from tests.claims.crosscheck_faults import EFFECT, SCRIPTED
from tests.factories import ClaimFactory
from tests.processes import CeleryWorker, RedisServer, use_broker, wait_until

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="worker processes must see the test's data: set DATABASE_URL to PostgreSQL "
        "(.ci/run does)",
    ),
    pytest.mark.skipif(
        shutil.which("redis-server") is None,
        reason="the fault tests start their own redis-server, which is not installed",
    ),
]

CORROBORATION = CrossCheckKind.CORROBORATION
# The sweeper's patience in these tests: the defaults (heartbeat 10 s, stuck after 45 s) scaled
# down 45 times, so that a lost worker is noticed in a second.
STUCK_SECONDS = 1
FINISHED = {CrossCheckStatus.SUCCEEDED, CrossCheckStatus.FAILED, CrossCheckStatus.CANCELLED}


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.redis = RedisServer(folder)
        self.workers: list[CeleryWorker] = []
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/"
            f"{db['NAME']}",
            "REDIS_URL": self.redis.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # The workers beat ten times within the STUCK_SECONDS the tests' sweeper allows.
            "FACTCHECK_CROSSCHECK_HEARTBEAT_SECONDS": str(STUCK_SECONDS / 10),
            SCRIPTED: "1",
        }

    def start_workers(self, *names: str) -> list[CeleryWorker]:
        started = [
            CeleryWorker(
                name,
                env=self.env,
                folder=self.folder,
                include="tests.claims.crosscheck_faults",
            )
            for name in names
        ]
        self.workers += started
        for worker in started:
            worker.wait_ready()
        return started

    def wait_for(self, *checks: CrossCheck, timeout: float = 30) -> None:
        def finished() -> bool:
            statuses = CrossCheck.objects.filter(pk__in=[c.pk for c in checks]).values_list(
                "status", flat=True
            )
            return set(statuses) <= FINISHED

        try:
            wait_until(finished, timeout=timeout, what="the checks to finish")
        except AssertionError as exc:
            logs = "\n".join(f"--- {w.name}\n{w.log_tail()}" for w in self.workers)
            raise AssertionError(f"{exc}\n{logs}") from exc
        for check in checks:
            check.refresh_from_db()

    def queued_messages(self) -> list[list[int]]:
        """The check ids of each message waiting in Redis (Celery's JSON, base64 bodies)."""
        raw = redis.Redis.from_url(self.redis.url).lrange("celery", 0, -1)
        bodies = [json.loads(base64.b64decode(json.loads(message)["body"])) for message in raw]
        return [args[0] for args, kwargs, embed in bodies]

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.redis.stop()


@pytest.fixture
def cluster(tmp_path: Path, settings) -> Iterator[Cluster]:
    settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS = STUCK_SECONDS
    # The checks after a killed one in its message are sent again once REDISPATCH_SECONDS (210
    # by default) have passed since they were dispatched: scaled down with the rest.
    settings.FACTCHECK_REDISPATCH_SECONDS = STUCK_SECONDS
    cluster = Cluster(tmp_path)
    previous = app.conf.broker_url
    try:
        cluster.redis.start()
        use_broker(cluster.redis.url, eager=False)
        yield cluster
    finally:
        cluster.stop()
        use_broker(previous, eager=True)


def effects(claim: Claim | None) -> int:
    return ClaimChange.objects.filter(claim=claim, action=EFFECT).count()


def test_a_check_whose_worker_is_killed_midway_is_completed_by_a_new_worker_exactly_once(
    cluster: Cluster,
) -> None:
    (first,) = cluster.start_workers("first")
    check = crosscheck_queue(claim=ClaimFactory(text="[slow] Kyiv was hit."), kind=CORROBORATION)
    wait_until(
        lambda: CrossCheck.objects.get(pk=check.pk).progress_done >= 2,
        timeout=20,
        what="the check to be midway",
    )
    first.kill()
    cluster.start_workers("second")
    # The killed worker's heartbeat stops; the sweeper (beat runs it every FACTCHECK_SWEEP_SECONDS)
    # hands the check out again once it has been silent for longer than STUCK_SECONDS.
    wait_until(
        lambda: crosscheck_sweep().requeued == 1,
        timeout=10,
        what="the sweeper to find the lost check",
    )
    cluster.wait_for(check)
    assert (check.status, check.attempts) == (CrossCheckStatus.SUCCEEDED, 2)
    assert list(check.attempt_log.values_list("outcome", flat=True)) == [
        AttemptOutcome.LOST,
        AttemptOutcome.SUCCEEDED,
    ]
    assert effects(check.claim) == 1


def test_a_check_silent_between_progress_reports_keeps_its_worker_while_it_beats(
    cluster: Cluster,
) -> None:
    cluster.start_workers("only")
    check = crosscheck_queue(claim=ClaimFactory(text="[silent] Dam burst."), kind=CORROBORATION)
    wait_until(
        lambda: CrossCheck.objects.get(pk=check.pk).status == CrossCheckStatus.RUNNING,
        timeout=20,
        what="the check to start",
    )
    # The runner reports nothing for SILENT_SECONDS, longer than STUCK_SECONDS: the heartbeat
    # thread alone keeps the sweeper from taking it back.
    while CrossCheck.objects.get(pk=check.pk).status == CrossCheckStatus.RUNNING:
        assert crosscheck_sweep().requeued == 0
        time.sleep(0.1)
    cluster.wait_for(check)
    assert (check.status, check.attempts) == (CrossCheckStatus.SUCCEEDED, 1)
    assert effects(check.claim) == 1


def test_checks_queued_while_redis_is_down_wait_and_the_sweeper_dispatches_them_once(
    cluster: Cluster,
) -> None:
    cluster.start_workers("steady")
    cluster.redis.stop()
    for n in range(3):
        # What an editor's request does: store an article with its claims (which queues their
        # corroboration and related claims), and queue a check on one (that pending one).
        article = ingest_article(text=f"Bridges {n}\nThe mayor said that {n + 2} bridges closed.")
        for claim in article.article.claims.all():
            crosscheck_queue(claim=claim, kind=CORROBORATION)
    # What `crosscheck --article` does: checks recorded in one transaction, sent in one message.
    ports = ingest_article(text="Ports\nThe governor said that 4 ports closed on Monday.")
    crosscheck_queue_article(article=ports.article, kind=CORROBORATION)
    # And a newsroom's integration, through the API: its request succeeds all the same.
    response = client_for(EDITOR).post(
        "/api/v1/crosschecks/",
        {"article": ports.article.pk, "kind": CrossCheckKind.RELATED_CLAIMS},
        format="json",
    )
    assert response.status_code == 201, response.content
    checks = list(CrossCheck.objects.all())
    assert len(checks) == 8  # corroboration and related claims on each of the 4 claims
    for check in checks:
        assert (check.status, check.dispatched_at) == (CrossCheckStatus.QUEUED, None)
    cluster.redis.start()
    assert crosscheck_sweep().dispatched == len(checks)
    cluster.wait_for(*checks)
    assert crosscheck_sweep().dispatched == 0  # nothing left to send again
    for check in checks:
        assert (check.status, check.attempts) == (CrossCheckStatus.SUCCEEDED, 1)
        assert effects(check.claim) == 1  # its one corroboration, run once


def test_the_same_task_delivered_twice_gives_one_result(cluster: Cluster) -> None:
    cluster.start_workers("one", "two")
    check = crosscheck_queue(claim=ClaimFactory(text="[slow] Ports closed."), kind=CORROBORATION)
    run_crosschecks.delay([check.pk])  # delivered again while the first delivery runs
    cluster.wait_for(check)
    run_crosschecks.delay([check.pk])  # and again once it is done
    later = crosscheck_queue(claim=ClaimFactory(text="A later check."), kind=CORROBORATION)
    cluster.wait_for(later)
    check.refresh_from_db()
    assert (check.status, check.attempts) == (CrossCheckStatus.SUCCEEDED, 1)
    assert check.attempt_log.count() == 1
    assert effects(check.claim) == 1
    assert check.result["synchronous_commit"] == "off"  # a worker's commits do not wait for disk


def test_a_check_that_keeps_failing_ends_failed_after_its_attempts_and_blocks_no_other(
    cluster: Cluster, settings
) -> None:
    settings.FACTCHECK_CROSSCHECK_MAX_ATTEMPTS = 3
    cluster.start_workers("only")  # one worker, one process: the others must get past it
    failing = crosscheck_queue(claim=ClaimFactory(text="[fail] Dam burst."), kind=CORROBORATION)
    others = [
        crosscheck_queue(claim=ClaimFactory(text=f"Claim {n}."), kind=CORROBORATION)
        for n in range(3)
    ]
    cluster.wait_for(failing, *others)
    assert (failing.status, failing.attempts) == (CrossCheckStatus.FAILED, 3)
    assert failing.error == (
        "ConnectionRefusedError: scripted fault: the remote end is down (gave up after 3 attempts)"
    )
    assert list(failing.attempt_log.values_list("outcome", flat=True)) == [
        AttemptOutcome.RETRY,
        AttemptOutcome.RETRY,
        AttemptOutcome.FAILED,
    ]
    assert effects(failing.claim) == 0
    assert [(c.status, effects(c.claim)) for c in others] == [(CrossCheckStatus.SUCCEEDED, 1)] * 3


def test_checks_recorded_together_share_messages_and_each_runs_once(
    cluster: Cluster, settings
) -> None:
    settings.FACTCHECK_CROSSCHECK_CHUNK_SIZE = 10
    checks = crosscheck_queue_many(kind=CORROBORATION, claims=ClaimFactory.create_batch(25))
    messages = cluster.queued_messages()
    assert sorted(len(ids) for ids in messages) == [5, 10, 10]
    assert sorted(pk for ids in messages for pk in ids) == sorted(c.pk for c in checks)
    cluster.start_workers("one", "two")
    cluster.wait_for(*checks)
    assert {(c.status, c.attempts) for c in checks} == {(CrossCheckStatus.SUCCEEDED, 1)}
    assert [effects(c.claim) for c in checks] == [1] * 25


def test_the_checks_after_one_whose_worker_is_killed_are_not_lost_with_their_message(
    cluster: Cluster,
) -> None:
    (first,) = cluster.start_workers("first")
    slow = ClaimFactory(text="[slow] Kyiv was hit.")
    checks = crosscheck_queue_many(kind=CORROBORATION, claims=[slow, *ClaimFactory.create_batch(2)])
    wait_until(
        lambda: CrossCheck.objects.get(pk=checks[0].pk).progress_done >= 2,
        timeout=20,
        what="the slow check to be midway",
    )
    first.kill()  # its message, unacknowledged, waits for the broker's visibility timeout
    cluster.start_workers("second")
    wait_until(
        lambda: crosscheck_sweep().requeued == 1,
        timeout=10,
        what="the sweeper to find the lost check",
    )
    cluster.wait_for(*checks)
    assert [(c.status, c.attempts) for c in checks] == [
        (CrossCheckStatus.SUCCEEDED, 2),
        (CrossCheckStatus.SUCCEEDED, 1),
        (CrossCheckStatus.SUCCEEDED, 1),
    ]
    assert [effects(c.claim) for c in checks] == [1, 1, 1]


def test_a_message_past_its_time_hands_the_rest_back_to_the_queue(
    cluster: Cluster, settings
) -> None:
    settings.FACTCHECK_CROSSCHECK_CHUNK_SECONDS = 0
    checks = crosscheck_queue_many(kind=CORROBORATION, claims=ClaimFactory.create_batch(3))
    (message,) = cluster.queued_messages()
    crosscheck_run_each(crosscheck_ids=message, worker="test")  # as a worker would, in process
    statuses = dict(CrossCheck.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in checks] == [
        CrossCheckStatus.SUCCEEDED,
        CrossCheckStatus.QUEUED,
        CrossCheckStatus.QUEUED,
    ]
    assert [c.pk for c in checks[1:]] in cluster.queued_messages()
