"""Benchmark of the REST API against the floor of this stack, in PostgreSQL under gunicorn.

    .venv/bin/python bench/api.py               # in BENCH_DATABASE_URL (default: fc_api_bench)
    .venv/bin/python bench/api.py --seconds 5 --rounds 1       # quicker, noisier

Loads 100k claims, 300k attributions (two originators and a relay per claim), 2k sources and
200k CrossChecks (two per claim) into its own database, emptied first (by SQL, in seconds; kept
for the next run), serves bench/api_app.py with gunicorn (2 sync workers) on loopback, and
measures, round after round in the same run, requests/s and p50/p99 latency of

- GET /api/v1/claims/?page_size=50 against /bare/claims/?page_size=50, and
- GET /api/v1/claims/<id>/ against /bare/claims/<id>/,

the bare views returning the same rows from one hand-written SQL query each (checked first: the
same claims, attributions, sources, CrossChecks and history, with the same fields). It counts the
queries of one API list and one detail request, and times each target in this process alone
(Django's test client, no HTTP): the server's own cost, without the client's threads.

The client is this script: threads on new connections (gunicorn's sync workers close each
one), sharing the machine's cores with the server and PostgreSQL, so the figures are for
comparison within one run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
# Its own database, never DATABASE_URL's: loading the data empties the tables first.
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fc_api_bench"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "api_settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.roles import VIEWER  # noqa: E402
from api.services import token_create  # noqa: E402

GOAL_SHARE = 0.60
GOAL_QUERIES = 4

POPULATE = """
TRUNCATE sources_source, sources_sourcealias, claims_article, claims_claim, claims_attribution,
    claims_claimchange, claims_crosscheck RESTART IDENTITY CASCADE;
INSERT INTO sources_source (name, slug, key, kind, country, homepage, grade, grade_rationale,
    status, created_at, updated_at, reliability_explanation)
SELECT 'Source ' || i, 'source-' || i, 'source ' || i,
    (ARRAY['news_outlet','wire_agency','state_media','official','other'])[i % 5 + 1], 'UA', '',
    (ARRAY['A','B','C','D','E','F'])[i % 6 + 1], '', 'confirmed', now(), now(), ''
FROM generate_series(1, %(sources)s) i;
INSERT INTO claims_article (title, standfirst, body, published_at, content_hash, created_at,
    outlet_id)
SELECT 'Article ' || i, '', repeat('Words of the article. ', 200), DATE '2025-01-01' + i % 300,
    md5(i::text) || md5('b' || i), now() - make_interval(secs => i * 10), i %% %(sources)s + 1
FROM generate_series(1, %(articles)s) i;
INSERT INTO claims_claim (article_id, text, normalized, start, "end", quantities, status,
    verdict, verdict_rationale, published_at, probability, corroboration, value, created_at,
    updated_at)
SELECT (i - 1) / 10 + 1, 'Claim ' || i || ': eight people were injured overnight.',
    'claim ' || i || ': eight people were injured overnight', (i %% 10) * 100,
    (i %% 10) * 100 + 50, '[]',
    (ARRAY['new','new','rated','published'])[i %% 4 + 1],
    CASE WHEN i %% 4 >= 2 THEN 'mostly_true' ELSE '' END,
    CASE WHEN i %% 4 >= 2 THEN 'Hospital figures agree.' ELSE '' END,
    CASE WHEN i %% 4 = 3 THEN now() END, 0.7, '{"explanation": ["Two sources agree."]}', '',
    now() - make_interval(secs => i), now()
FROM generate_series(1, %(claims)s) i;
INSERT INTO claims_attribution (claim_id, source_id, role, stance, source_text, cue,
    direct_quote, created_at)
SELECT c, (c * 7 + k * 13) %% %(sources)s + 1,
    CASE WHEN k = 2 THEN 'relay' ELSE 'originator' END, 'supports', '', 'said', false, now()
FROM generate_series(1, %(claims)s) c, generate_series(0, 2) k;
INSERT INTO claims_claimchange (claim_id, action, changes, changed_at)
SELECT i, 'extracted', '{}', now() FROM generate_series(1, %(claims)s) i;
INSERT INTO claims_crosscheck (claim_id, kind, status, attempts, max_attempts, progress_done,
    progress_total, result, error, created_at, started_at, finished_at)
SELECT c, k, 'succeeded', 1, 5, 1, 1, '{"probability": 0.7}', '', now() - interval '1 hour',
    now() - interval '1 hour', now() - interval '59 minutes'
FROM generate_series(1, %(claims)s) c, unnest(ARRAY['corroboration', 'related_claims']) k;
ANALYZE;
"""


def populate(claims: int, sources: int) -> None:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        present = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM sources_source")
        present_sources = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM claims_crosscheck")
        present_checks = cursor.fetchone()[0]
    if (present, present_sources, present_checks) == (claims, sources, 2 * claims):
        print(f"data: {claims:,} claims, {3 * claims:,} attributions, {sources:,} sources (kept)")
        return
    started = time.monotonic()
    statements = POPULATE.replace("%(sources)s", str(sources))
    statements = statements.replace("%(claims)s", str(claims))
    statements = statements.replace("%(articles)s", str(claims // 10))
    with connection.cursor() as cursor:
        for statement in statements.split(";\n"):
            if statement.strip():
                cursor.execute(statement.replace("%%", "%"))
    print(
        f"data: {claims:,} claims, {3 * claims:,} attributions, {sources:,} sources "
        f"(loaded in {time.monotonic() - started:.0f} s)"
    )


def bench_token() -> str:
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="bench-viewer")
    user.groups.set([Group.objects.get(name=VIEWER)])
    user.api_tokens.all().delete()
    return token_create(user=user, name="bench").secret


def outline(value: Any) -> Any:
    """The keys of every object and the value of every `id`, all else left out: what must be the
    same in the API's and the bare view's answers (the formats of values may differ)."""
    if isinstance(value, dict):
        return {key: item if key == "id" else outline(item) for key, item in value.items()}
    if isinstance(value, list):
        return [outline(item) for item in value]
    return None


def check_same_content(api_path: str, bare_path: str, token: str) -> None:
    """The comparison is fair only if the bare view answers with what the API does."""
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}").get(api_path)
    bare = Client(HTTP_HOST="127.0.0.1").get(bare_path)
    assert api.status_code == bare.status_code == 200, (api.status_code, bare.status_code)
    if outline(api.json()) != outline(bare.json()):
        raise SystemExit(f"bench/api.py: {bare_path} does not answer what {api_path} does")


def count_queries(path: str, token: str) -> int:
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get(path)  # records the token's last use (written at most once a minute)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


def in_process_ms(path: str, token: str | None) -> float:
    """Milliseconds per request through Django in this process, no HTTP and no other client
    threads: the server's own cost (median of 5 batches of 40)."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    client = Client(HTTP_HOST="127.0.0.1", **headers)
    client.get(path)
    batches = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(40):
            client.get(path)
        batches.append((time.perf_counter() - started) / 40 * 1000)
    return statistics.median(batches)


class Load:
    """`concurrency` threads, each GETting `paths` in turn on a new connection, for `seconds`."""

    def __init__(self, port: int, paths: list[str], headers: dict[str, str]) -> None:
        self.port, self.paths, self.headers = port, paths, headers

    def run(self, seconds: float, concurrency: int) -> tuple[float, list[float]]:
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def worker(offset: int) -> None:
            mine, i = [], offset
            while time.monotonic() < deadline:
                path = self.paths[i % len(self.paths)]
                i += concurrency
                started = time.perf_counter()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", path, headers=self.headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    errors.append(f"{path}: {response.status}")
                mine.append(time.perf_counter() - started)
            with lock:
                latencies.extend(mine)

        started = time.monotonic()
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise SystemExit(f"bench/api.py: {len(errors)} failed requests, e.g. {errors[0]}")
        return len(latencies) / (time.monotonic() - started), latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "api_app:application",
            "--pythonpath",
            f"{ROOT / 'bench'},{ROOT}",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "api_settings"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bare/claims/?page_size=1")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("bench/api.py: gunicorn did not start within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=2_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    populate(args.claims, args.sources)
    token = bench_token()
    detail_ids = [1 + (i * 7919) % args.claims for i in range(200)]
    check_same_content("/api/v1/claims/?page_size=50", "/bare/claims/?page_size=50", token)
    for pk in detail_ids[:20]:
        check_same_content(f"/api/v1/claims/{pk}/", f"/bare/claims/{pk}/", token)
    list_queries = count_queries("/api/v1/claims/?page_size=50", token)
    detail_queries = count_queries(f"/api/v1/claims/{detail_ids[0]}/", token)
    in_process = {
        "API list": in_process_ms("/api/v1/claims/?page_size=50", token),
        "bare list": in_process_ms("/bare/claims/?page_size=50", None),
        "API detail": in_process_ms(f"/api/v1/claims/{detail_ids[0]}/", token),
        "bare detail": in_process_ms(f"/bare/claims/{detail_ids[0]}/", None),
    }
    connection.close()

    auth = {"Authorization": f"Bearer {token}"}
    targets = {
        "API list": Load(args.port, ["/api/v1/claims/?page_size=50"], auth),
        "bare list": Load(args.port, ["/bare/claims/?page_size=50"], {}),
        "API detail": Load(args.port, [f"/api/v1/claims/{i}/" for i in detail_ids], auth),
        "bare detail": Load(args.port, [f"/bare/claims/{i}/" for i in detail_ids], {}),
    }
    server = serve(args.port)
    try:
        for load in targets.values():  # warm both workers' connections and caches
            load.run(1.0, args.concurrency)
        rates: dict[str, list[float]] = {name: [] for name in targets}
        latencies: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(args.rounds):  # interleaved, so that drift hits every target alike
            for name, load in targets.items():
                rate, times = load.run(args.seconds, args.concurrency)
                rates[name].append(rate)
                latencies[name].extend(times)
    finally:
        server.terminate()
        server.wait()

    print(
        f"gunicorn 2 sync workers on loopback; {args.concurrency} client threads, "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s per target; "
        f"{os.cpu_count()} CPUs shared by client, server and PostgreSQL"
    )
    print(f"{'target':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'in-process ms':>14}")
    for name in targets:
        rate = statistics.median(rates[name])
        p50 = percentile(latencies[name], 0.50) * 1000
        p99 = percentile(latencies[name], 0.99) * 1000
        print(f"{name:<12} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {in_process[name]:>14.2f}")
    for kind, queries in (("list", list_queries), ("detail", detail_queries)):
        share = statistics.median(rates[f"API {kind}"]) / statistics.median(rates[f"bare {kind}"])
        verdict = "meets" if share >= GOAL_SHARE else "misses"
        alone = in_process[f"bare {kind}"] / in_process[f"API {kind}"]
        print(
            f"API {kind}: {share:.0%} of the bare view's throughput ({verdict} the "
            f"{GOAL_SHARE:.0%} goal; {alone:.0%} in process); {queries} queries per request"
            + (f" (goal ≤ {GOAL_QUERIES})" if kind == "list" else "")
        )


if __name__ == "__main__":
    main()
