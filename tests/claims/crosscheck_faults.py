"""Scripted CrossCheck behaviour for the fault tests, loaded into REAL Celery workers with
``celery worker --include tests.claims.crosscheck_faults`` (production workers never load it).

In those workers it replaces the corroboration runner by one whose behaviour the claim's
text chooses, so that a test can make a check slow or failing without touching the database, the
queue or the worker:

* "[slow]": SLOW_STEPS progress steps of STEP_SECONDS each (time to kill the worker midway);
* "[fail]": a transient error at every attempt (a remote end that stays down);
* "[silent]": SILENT_SECONDS without a progress report (one long fetch);
* anything else: done at once.

Every stored finding adds one ClaimChange with action EFFECT: the tests count them, and one per
check means that no check ran twice in effect, whatever the queue delivered.
"""

from __future__ import annotations

import os
import time

from django.db import connection

from claims.models import ClaimChange, CrossCheck, CrossCheckKind
from claims.services.crosscheck_runs import RUNNERS
from claims.services.progress import Finding, Progress

EFFECT = "fault test effect"
SCRIPTED = "FACTCHECK_SCRIPTED_CROSSCHECKS"  # set to 1 in the environment of the workers
SLOW_STEPS = 15
STEP_SECONDS = 0.2
SILENT_SECONDS = 3


def scripted_check(*, check: CrossCheck, progress: Progress) -> Finding:
    assert check.claim is not None
    claim = check.claim
    if "[fail]" in claim.text:
        raise ConnectionRefusedError("scripted fault: the remote end is down")
    if "[silent]" in claim.text:
        time.sleep(SILENT_SECONDS)
    steps = SLOW_STEPS if "[slow]" in claim.text else 1
    progress.start(steps)
    for _ in range(steps):
        time.sleep(STEP_SECONDS if steps > 1 else 0)
        progress.step()

    def store() -> None:
        ClaimChange.objects.create(claim=claim, action=EFFECT)

    with connection.cursor() as cursor:  # how the worker's bookkeeping commits
        cursor.execute("SHOW synchronous_commit")
        (synchronous_commit,) = cursor.fetchone()
    result = {"steps": steps, "worker_pid": os.getpid(), "synchronous_commit": synchronous_commit}
    return Finding(result, store)


# Only in the worker processes the fault tests start; the tests themselves import EFFECT.
if os.environ.get(SCRIPTED) == "1":
    RUNNERS[CrossCheckKind.CORROBORATION] = scripted_check
