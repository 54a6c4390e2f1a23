"""Benchmark of CrossChecks on PostgreSQL and Redis, with 2 real Celery worker processes.

    .venv/bin/python bench/crosschecks.py                 # everything below
    .venv/bin/python bench/crosschecks.py --setup         # only (re)build the 1M-claim bench DB
    .venv/bin/python bench/crosschecks.py --noop          # no-op CrossChecks vs bare Celery
    .venv/bin/python bench/crosschecks.py --lookup        # related-claims lookup latency, 1M
    .venv/bin/python bench/crosschecks.py --related       # related-claims checks, 100k claims

It uses its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
fc_crosschecks_bench), its own redis-server on a free port, and starts its own workers; the
synthetic claims are generated from templates with a fixed seed and loaded with COPY.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fc_crosschecks_bench"
)
os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.dev")

SEED = 20261125
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


def setup(count: int) -> None:
    """Create the bench database, migrate it and load `count` synthetic claims with COPY."""
    import psycopg

    name = BENCH_DATABASE_URL.rsplit("/", 1)[1]
    server = BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    import django
    from django.core.management import call_command

    django.setup()
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
    with psycopg.connect(BENCH_DATABASE_URL) as conn:
        with (
            conn.cursor() as cursor,
            cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy,
        ):
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        conn.execute("ANALYZE claims_claim")
    print(f"setup: {count:,} claims loaded and indexed in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.setup:
        setup(args.claims)


if __name__ == "__main__":
    main()
