"""Benchmark of CrossChecks on PostgreSQL and Redis, with 2 real Celery worker processes.

    .venv/bin/python bench/crosschecks.py                 # everything below
    .venv/bin/python bench/crosschecks.py --setup         # first: build the 1M and 100k bench DBs
    .venv/bin/python bench/crosschecks.py --noop          # no-op CrossChecks vs bare Celery
    .venv/bin/python bench/crosschecks.py --lookup        # related-claims lookup latency, 1M
    .venv/bin/python bench/crosschecks.py --related       # related-claims checks, 100k claims

It uses its own databases (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
fc_crosschecks_bench, 1M claims, and the same name + "_100k"), its own redis-server on a free
port, and starts its own workers; the synthetic claims are generated from templates with a
fixed seed and loaded with COPY.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fc_crosschecks_bench"
)
# The related-claims checks run against 100k claims, in a database of their own.
BENCH_100K_DATABASE_URL = BENCH_DATABASE_URL + "_100k"
os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.dev")

SEED = 20261125
CONCURRENT_REQUESTS = 4
UNITS = [
    "missiles", "drones", "people", "homes", "tanks", "soldiers", "civilians", "schools",
    "hospitals", "bridges", "shells", "refugees", "children", "vehicles", "aircraft", "ships",
]  # fmt: skip
ACTIONS = [
    "were destroyed", "were damaged", "were killed", "were injured", "were launched",
    "were intercepted", "were evacuated", "were captured", "were fired", "were hit",
]  # fmt: skip
SPEAKERS = [
    "the governor", "the ministry of defence", "the mayor", "a military spokesman",
    "the emergency service", "the general staff", "local officials", "the police", "witnesses",
]  # fmt: skip
WHEN = [
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
    "on Sunday", "overnight", "last week", "this morning", "since January", "in the spring",
]  # fmt: skip
QUALIFIERS = ["", "", "", "over", "about", "at least", "up to", "nearly", "more than"]
SYLLABLES = "ka lo mi ne ro sa tu vi zh ch ko le pa ri so ty dan mir hor lyv ost"


def place_names(rng: random.Random, count: int) -> list[str]:
    syllables = SYLLABLES.split()
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title())
    return sorted(names)


def synthetic_claims(count: int, seed: int = SEED) -> list[tuple[str, list[dict[str, object]]]]:
    """(text, quantities) pairs: "Over 330 missiles were fired at Kyiv overnight, the governor
    said." with 2,000 places, 16 units, 10 actions, so that related claims exist but are few."""
    rng = random.Random(seed)
    places = place_names(rng, 2000)
    claims = []
    for _ in range(count):
        qualifier, value, unit = rng.choice(QUALIFIERS), rng.randint(2, 500), rng.choice(UNITS)
        number = f"{qualifier} {value}".strip()
        text = (
            f"{number.capitalize()} {unit} {rng.choice(ACTIONS)} in {rng.choice(places)} "
            f"{rng.choice(WHEN)}, {rng.choice(SPEAKERS)} said."
        )
        quantity = {
            "value": float(value),
            "unit": unit,
            "qualifier": qualifier,
            "direction": "",
            "text": f"{number} {unit}",
        }
        claims.append((text, [quantity]))
    return claims


def setup(database_url: str, count: int) -> None:
    """Create a bench database, migrate it and load `count` synthetic claims with COPY."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    # Django reads DATABASE_URL once: the second database of a --setup run is named here.
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    from claims.services.claims import normalize_claim_text

    started = time.perf_counter()
    buffer = io.StringIO()
    now = "2026-01-01 00:00:00+00"
    for text, quantities in synthetic_claims(count):
        fields = [
            text,
            normalize_claim_text(text),
            json.dumps(quantities),
            "new",
            "",
            "",
            "",
            "{}",
            now,
            now,
        ]
        buffer.write("\t".join(fields) + "\n")
    buffer.seek(0)
    columns = (
        "text, normalized, quantities, status, verdict, verdict_rationale, value, "
        "corroboration, created_at, updated_at"
    )
    copy_sql = f"COPY claims_claim ({columns}) FROM STDIN"
    with psycopg.connect(database_url) as conn:
        with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        conn.execute("ANALYZE claims_claim")
    print(f"setup: {count:,} claims loaded and indexed in {time.perf_counter() - started:.0f} s")


def _django(redis_url: str) -> None:
    os.environ["REDIS_URL"] = redis_url
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def _drained(client: object, timeout: float = 600) -> None:
    """Wait until the broker holds no message, waiting or delivered and not yet acknowledged."""
    deadline = time.monotonic() + timeout
    while client.llen("celery") or client.hlen("unacked"):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not drain the queue")
        time.sleep(0.01)


def bare_celery(client: object, count: int) -> float:
    """Tasks per second of a bare no-op Celery task (bench/crosscheck_workers.py), sent and
    drained."""
    from factcheck.celery import app

    started = time.perf_counter()
    for _ in range(count):
        app.send_task("bench.noop")
    _drained(client)
    return count / (time.perf_counter() - started)


# How the checks of a round are recorded and handed to the queue.
REQUESTS = "recorded one per transaction (a request), one per message"
CONCURRENT = f"the same from {CONCURRENT_REQUESTS} concurrent requests"
BATCHES = "recorded 100 per transaction (--article, the schedule), {chunk} per message"
WORKERS = "recorded beforehand (workers only), one per message"
WORKERS_CHUNKED = "recorded beforehand (workers only), {chunk} per message"


def _record_one_by_one(kind: str, claims: Sequence[Any]) -> None:
    from django.db import connection

    from claims.services.crosscheck_queue import crosscheck_queue

    try:
        for claim in claims:
            crosscheck_queue(kind=kind, claim=claim)
    finally:
        connection.close()  # each thread has its own connection


def crosschecks_per_second(kind: str, claim_ids: list[int], how: str) -> float:
    """CrossChecks per second, recorded and queued `how`, run by the workers, all succeeded."""
    from concurrent.futures import ThreadPoolExecutor

    from claims.models import PENDING, Claim, CrossCheck, CrossCheckStatus
    from claims.services.crosscheck_dispatch import crosscheck_dispatch
    from claims.services.crosscheck_queue import crosscheck_queue_many

    _clear()
    claims = list(Claim.objects.filter(pk__in=claim_ids))
    if how in (WORKERS, WORKERS_CHUNKED):
        recorded = CrossCheck.objects.bulk_create(CrossCheck(kind=kind, claim=c) for c in claims)
        ids = [check.pk for check in recorded]
    started = time.perf_counter()
    if how == REQUESTS:
        _record_one_by_one(kind, claims)
    elif how == CONCURRENT:
        share = len(claims) // CONCURRENT_REQUESTS + 1
        with ThreadPoolExecutor(CONCURRENT_REQUESTS) as pool:
            slices = [claims[n : n + share] for n in range(0, len(claims), share)]
            list(pool.map(partial(_record_one_by_one, kind), slices))
    elif how == BATCHES:
        for start in range(0, len(claims), 100):
            crosscheck_queue_many(kind=kind, claims=claims[start : start + 100])
    elif how == WORKERS:
        for pk in ids:
            crosscheck_dispatch(crosscheck_ids=[pk])
    else:
        crosscheck_dispatch(crosscheck_ids=ids)
    # Polled through the status index, as cheaply as bare_celery polls Redis: a scan of the
    # table 50 times a second would take CPU from the workers.
    pending = CrossCheck.objects.filter(status__in=PENDING)
    failed = CrossCheck.objects.filter(status=CrossCheckStatus.FAILED).values_list("error")
    while pending.exists():
        if errors := failed[:1]:
            raise SystemExit(errors[0][0])
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    _clear()
    return len(claims) / elapsed


def _clear() -> None:
    """Delete the round's checks and vacuum, so that no round pays for the one before."""
    from django.db import connection

    from claims.models import CrossCheck

    CrossCheck.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_crosscheck, claims_crosscheckattempt")


def throughput(database_url: str, kind: str, count: int, rounds: int) -> None:
    """Bare Celery no-op vs `kind` CrossChecks, alternating, with 2 worker processes."""
    import tempfile

    import redis

    from tests.processes import CeleryWorker, RedisServer

    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder))
        server.start()
        worker = None
        try:
            os.environ["DATABASE_URL"] = database_url
            _django(server.url)
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": server.url,
                "DEBUG": "0",
                "LOG_LEVEL": "WARNING",
                "BENCH_NOOP_CROSSCHECKS": "1" if kind == "corroboration" else "0",
            }
            worker = CeleryWorker(
                "bench",
                env=env,
                folder=Path(folder),
                concurrency=2,
                include="bench.crosscheck_workers",
            )
            worker.wait_ready(timeout=60)
            client = redis.Redis.from_url(server.url)
            from claims.models import Claim

            ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[:count])
            bare_celery(client, 200)  # warm-up: connections, imports
            crosschecks_per_second(kind, ids[:200], BATCHES)
            from django.conf import settings

            chunk = settings.FACTCHECK_CROSSCHECK_CHUNK_SIZE
            ways = [REQUESTS, CONCURRENT, BATCHES, WORKERS, WORKERS_CHUNKED]
            bare: list[float] = []
            rates: dict[str, list[float]] = {how: [] for how in ways}
            for _ in range(rounds):
                bare.append(bare_celery(client, count))
                for how in ways:
                    rates[how].append(crosschecks_per_second(kind, ids, how))
            label = "no-op CrossChecks" if kind == "corroboration" else f"{kind} CrossChecks"
            base = statistics.median(bare)
            print(f"{count} tasks per round, median of {rounds} rounds, 2 worker processes:")
            print(f"  bare Celery no-op task: {base:.0f}/s")
            for how, runs in rates.items():
                how = how.format(chunk=chunk)
                rate = statistics.median(runs)
                print(f"  {label}, {how}: {rate:.0f}/s = {rate / base:.0%} of bare Celery")
        finally:
            if worker is not None:
                worker.stop()
            server.stop()


def lookup(samples: int) -> None:
    """Median latency of one claim's related-claims proposals (the candidate search and claim
    matching of each candidate) among the bench DB's claims."""
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    _django("")
    from django.conf import settings

    from claims.models import Claim
    from claims.services.related import related_proposals

    total = Claim.objects.count()
    claims = list(Claim.objects.order_by("?")[: samples + 20])
    timings, found, candidates = [], [], []
    for n, claim in enumerate(claims):
        started = time.perf_counter()
        read, proposals = related_proposals(claim=claim)
        if n >= 20:  # the first 20 warm the cache
            timings.append((time.perf_counter() - started) * 1000)
            found.append(len(proposals))
            candidates.append(read)
    timings.sort()
    print(
        f"related-claims proposals among {total:,} claims: median"
        f" {statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95)]:.1f} ms,"
        f" max {timings[-1]:.1f} ms ({samples} random claims; on average"
        f" {statistics.mean(candidates):.1f} candidates read (at most"
        f" {settings.FACTCHECK_RELATED_CLAIMS_CANDIDATES}), {statistics.mean(found):.1f} proposed)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--noop", action="store_true")
    parser.add_argument("--lookup", action="store_true")
    parser.add_argument("--related", action="store_true")
    parser.add_argument("--count", type=int, default=2000, help="tasks per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    if args.setup:
        setup(BENCH_DATABASE_URL, 1_000_000)
        setup(BENCH_100K_DATABASE_URL, 100_000)
        return
    # Each part configures Django for its own database and broker: one part per run.
    if args.noop:
        throughput(BENCH_DATABASE_URL, "corroboration", args.count, args.rounds)
    elif args.related:
        throughput(BENCH_100K_DATABASE_URL, "related_claims", args.count, args.rounds)
    elif args.lookup:
        lookup(args.samples)
    else:
        for part in ["--noop", "--related", "--lookup"]:
            command = [sys.executable, __file__, part, f"--count={args.count}"]
            subprocess.run([*command, f"--rounds={args.rounds}"], check=True)


if __name__ == "__main__":
    main()
