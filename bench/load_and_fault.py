"""The load-and-fault suite: the whole installation under load, with its services failing.

    .venv/bin/python bench/load_and_fault.py [--duration 90] [--clients 12]

One command, loopback only, everything private and removed at the end: a PostgreSQL cluster
(initdb in a temporary folder, a free port), a redis-server, gunicorn with gunicorn.conf.py and
2 workers, 2 Celery workers (one process each) and beat, all with the production settings. The
users, their roles and their tokens are made with manage.py. Then asyncio clients (httpx) load
the API for --duration seconds: editors ingest articles, rate their claims and publish one
(confirming its claimant first when it is proposed) with If-Match, and queue CrossChecks (with
Idempotency-Key); partners read the claims list, claims and the fact-checks feed. After a
warm-up and a steady phase, four faults are injected, each in a window of its own: a gunicorn
worker SIGKILLed; a Celery worker SIGKILLed while it runs a check (waiting for the page an
appearance check fetches), restarted 3 s later; Redis shut down (SIGTERM, no persistence: its
queue is lost) for 15 s; PostgreSQL stopped (`pg_ctl stop -m immediate`) for 10 s.

Afterwards it waits for the queue to drain and checks, in the database: every acknowledged write
is there (articles, claims, publications, confirmed sources, queued checks, each rate in the
claim's history and a claim's last rate in the claim), every CrossCheck has finished with exactly
one successful attempt (and an appearance check's snapshot written once), no request answered
500, and every error answer was a 503 with Retry-After during a fault (a connection the killed
gunicorn worker held may be reset: counted, allowed only in that window). It prints one report
and exits 1 when a check fails.

The timings of recovery are the production settings' with shorter limits (`BENCH_ENV`), so that
a lost worker's check is swept back within the run; the clients honour Retry-After.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import itertools
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pages import Page, Pages, serve_pages  # noqa: E402 (after the path is set)
from tests.processes import (  # noqa: E402
    CeleryWorker,
    RedisServer,
    free_port,
    start_process,
    stop_group,
    wait_until,
)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS_DOWN_SECONDS = 15
POSTGRES_DOWN_SECONDS = 10
CELERY_RESTART_AFTER_SECONDS = 3
# An appearance check fetches its article's page from the bench's own server, this slowly, so
# that a check is running when its worker is killed.
PAGE_DELAY = 0.25
PLAIN = "text/plain; charset=utf-8"
DRAIN_SECONDS = 150
CHECK_KINDS = ("appearance", "related_claims", "corroboration")
VERDICTS = ("true", "mostly_true", "mixed", "mostly_false", "false", "unverifiable")
TERMINAL = ("succeeded", "failed", "cancelled")
PLACES = "Patutu Kalomi Rosavi Dantyr Mirhor Lyvost Chkole Parizh Sotyvi Nekalo".split()

# Production settings with shorter limits: a task's time limits and the Redis visibility timeout
# keep their order (soft < hard < visibility) but fit in a run. The sweeper's own timings are
# production's defaults (a heartbeat every 10 s, stuck after 45 s, a sweep every 15 s).
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "factcheck.settings.production",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "FACTCHECK_NEWSROOM_NAME": "Bench newsroom",
    "FACTCHECK_NEWSROOM_URL": "https://newsroom.example/",
    # The clients are few users: throttling would shape the load instead of the faults.
    "FACTCHECK_API_RATE": "1000000/min",
    "FACTCHECK_RETRY_AFTER_SECONDS": "1",
    "CELERY_TASK_SOFT_TIME_LIMIT": "20",
    "CELERY_TASK_TIME_LIMIT": "30",
    "CELERY_VISIBILITY_TIMEOUT": "40",
    "FACTCHECK_CROSSCHECK_CHUNK_SECONDS": "10",
    "FETCH_ALLOWED_NETWORKS": "127.0.0.1/32",
    "GUNICORN_WORKERS": "2",
}

USERS_SCRIPT = """
from django.contrib.auth.models import Group, User
for name, roles in [("bench-editor", ["editor", "reviewer"]), ("bench-partner", ["viewer"])]:
    User.objects.create_user(name).groups.set(Group.objects.filter(name__in=roles))
"""


def run(command: list[str], *, env: dict[str, str] | None = None) -> str:
    """A setup command; its output is shown only when it fails."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


class Postgres:
    """A PostgreSQL cluster of our own (initdb), run as the postgres user when we are root."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder / "pg"
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/factcheck"
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.running = False

    def _pg(self, *args: str) -> None:
        run([*self.as_owner, str(PG_BIN / args[0]), *args[1:]])

    def create(self) -> None:
        self.folder.mkdir()
        if self.as_owner:
            shutil.chown(self.folder, "postgres", "postgres")
            self.folder.parent.chmod(0o711)  # postgres reaches its folder, reads nothing else
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE factcheck")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "postgres.log")
        self._pg("pg_ctl", "start", "-D", str(self.data), "-l", log, "-w", "-o", options)
        self.running = True

    def stop(self) -> None:
        """Immediate: every server process quits at once, as in a crash (recovery on start)."""
        self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        self.running = False


class Gunicorn:
    """gunicorn as the Procfile runs it, on a free port."""

    def __init__(self, *, env: dict[str, str], folder: Path) -> None:
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        command = [sys.executable, "-m", "gunicorn", "factcheck.wsgi"]
        command += ["--config", "gunicorn.conf.py"]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.process = start_process(command, env=env, log=self.log)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def wait_ready(self) -> None:
        def answers() -> bool:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log.read_text(errors='replace')}")
            try:
                return httpx.get(f"http://127.0.0.1:{self.port}/healthz").status_code == 200
            except httpx.TransportError:
                return False

        wait_until(answers, timeout=60, what="gunicorn to answer /healthz")
        wait_until(lambda: len(self.workers()) == 2, timeout=30, what="2 gunicorn workers")

    def stop(self) -> None:
        stop_group(self.process)


@dataclass
class Window:
    name: str
    start: float
    end: float


@dataclass
class Sample:
    at: float
    phase: str  # where the request ended: a request cut by a fault counts in the fault's window
    kind: str
    status: int  # 0: no answer (the connection failed or was reset)
    seconds: float
    retry_after: bool
    error: str = ""  # the transport error when there was no answer


@dataclass
class Fault:
    name: str
    started: float
    ended: float = 0.0  # the service is back (the instant of the kill for gunicorn)
    detail: str = ""
    killed_checks: list[int] = field(default_factory=list)
    killed_at: datetime.datetime | None = None


@dataclass
class Ledger:
    """Every write the server acknowledged, and the last rate tried on each claim."""

    articles: set[int] = field(default_factory=set)
    claims: set[int] = field(default_factory=set)
    rates: dict[str, int] = field(default_factory=dict)  # rationale -> claim
    last_rate: dict[int, tuple[str, str, bool]] = field(default_factory=dict)
    checks: set[int] = field(default_factory=set)
    published: set[int] = field(default_factory=set)  # claims
    confirmed: set[int] = field(default_factory=set)  # sources


def schedule(duration: float) -> list[Window]:
    """Warm-up, steady, then one window per fault: the fault itself and time to recover."""
    warmup, steady = 0.1 * duration, 0.15 * duration
    recovery = (duration - warmup - steady - REDIS_DOWN_SECONDS - POSTGRES_DOWN_SECONDS) / 4
    lengths = [
        ("warm-up", warmup),
        ("steady", steady),
        ("gunicorn worker killed", recovery),
        ("celery worker killed", recovery),
        ("redis stopped", REDIS_DOWN_SECONDS + recovery),
        ("postgres stopped", POSTGRES_DOWN_SECONDS + recovery),
    ]
    windows, start = [], 0.0
    for name, length in lengths:
        windows.append(Window(name, start, start + length))
        start += length
    return windows


class Load:
    """The clients: each request is recorded; 503 and 429 are retried after Retry-After, a
    failed connection after a moment, a write with the same Idempotency-Key."""

    def __init__(self, *, base_url: str, windows: list[Window], pages: Pages) -> None:
        self.base_url = base_url
        self.windows = windows
        self.pages = pages
        self.samples: list[Sample] = []
        self.ledger = Ledger()
        self.started = time.monotonic()
        self.end = self.started + windows[-1].end
        self.counter = itertools.count(1)

    def now(self) -> float:
        return time.monotonic() - self.started

    def phase(self, at: float) -> str:
        return next((w.name for w in self.windows if w.start <= at < w.end), self.windows[-1].name)

    async def call(
        self, client: httpx.AsyncClient, method: str, path: str, kind: str, **kwargs: Any
    ) -> httpx.Response | None:
        while time.monotonic() < self.end:
            at = self.now()
            try:
                response = await client.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                done = self.now()
                failed = Sample(at, self.phase(done), kind, 0, done - at, False)
                failed.error = type(exc).__name__
                self.samples.append(failed)
                await asyncio.sleep(0.2)
                continue
            retry_after, done = "Retry-After" in response.headers, self.now()
            sample = Sample(
                at, self.phase(done), kind, response.status_code, done - at, retry_after
            )
            self.samples.append(sample)
            if response.status_code in (429, 503):
                await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            return response
        return None

    async def editor(self, client: httpx.AsyncClient) -> None:
        while time.monotonic() < self.end:
            number = next(self.counter)
            place = f"{random.choice(PLACES)}-{number}"
            text = (
                f"Strike on {place}, report {uuid.uuid4().hex[:8]}\n\n"
                f"{random.randint(2, 400)} people were injured in {place} overnight, the "
                f"governor said. According to the mayor, {random.randint(2, 90)} homes were "
                f"damaged in {place}. The emergency service said {random.randint(2, 60)} people "
                f"were evacuated on Monday.\n"
            )
            path = f"/articles/{number}"
            self.pages.routes[path] = Page(text.encode(), content_type=PLAIN, delay=PAGE_DELAY)
            url = self.pages.url(path)
            headers = {"Idempotency-Key": str(uuid.uuid4())}
            body = {"text": text, "url": url}
            ingested = await self.call(
                client, "POST", "/api/v1/articles/", "ingest", json=body, headers=headers
            )
            if ingested is None or ingested.status_code not in (200, 201):
                continue
            article = ingested.json()
            self.ledger.articles.add(article["id"])
            claims = [claim["id"] for claim in article["claims"]]
            self.ledger.claims.update(claims)
            for number, claim in enumerate(claims[:2]):
                rated = await self.rate(client, claim)
                if rated is not None and number == 0:
                    await self.publish(client, claim, rated)
            if claims:
                await self.queue_check(client, claims[0])

    async def rate(self, client: httpx.AsyncClient, claim: int) -> httpx.Response | None:
        """The claim as rated (its ETag and attributions), if the rate was acknowledged."""
        path = f"/api/v1/claims/{claim}/"
        detail = await self.call(client, "GET", path, "claim detail")
        if detail is None or detail.status_code != 200:
            return None
        verdict, rationale = random.choice(VERDICTS), f"bench rate {uuid.uuid4().hex}"
        self.ledger.last_rate[claim] = (verdict, rationale, False)
        headers = {"If-Match": detail.headers["ETag"]}
        body = {"verdict": verdict, "rationale": rationale}
        rated = await self.call(client, "POST", path + "rate/", "rate", json=body, headers=headers)
        if rated is None or rated.status_code != 200:
            return None
        self.ledger.rates[rationale] = claim
        self.ledger.last_rate[claim] = (verdict, rationale, True)
        return rated

    async def publish(self, client: httpx.AsyncClient, claim: int, rated: httpx.Response) -> None:
        """Publish the rated claim; when its claimant is still proposed, confirm its originators
        (each source with its own If-Match) and publish again."""
        path, etag = f"/api/v1/claims/{claim}/", rated.headers["ETag"]
        headers = {"If-Match": etag}
        published = await self.call(client, "POST", path + "publish/", "publish", headers=headers)
        if published is None or published.status_code != 409:
            if published is not None and published.status_code == 200:
                self.ledger.published.add(claim)
            return
        if published.json()["type"] != "claimant_unconfirmed":
            return
        for attribution in rated.json()["attributions"]:
            if attribution["role"] == "originator":
                await self.confirm(client, attribution["source"]["id"])
        detail = await self.call(client, "GET", path, "claim detail")
        if detail is not None and detail.status_code == 200:
            headers = {"If-Match": detail.headers["ETag"]}
            again = await self.call(client, "POST", path + "publish/", "publish", headers=headers)
            if again is not None and again.status_code == 200:
                self.ledger.published.add(claim)

    async def confirm(self, client: httpx.AsyncClient, source: int) -> None:
        path = f"/api/v1/sources/{source}/"
        detail = await self.call(client, "GET", path, "source detail")
        if detail is None or detail.status_code != 200 or detail.json()["status"] != "proposed":
            return
        headers, body = {"If-Match": detail.headers["ETag"]}, {"status": "confirmed"}
        confirmed = await self.call(
            client, "PATCH", path, "confirm source", json=body, headers=headers
        )
        if confirmed is not None and confirmed.status_code == 200:
            self.ledger.confirmed.add(source)

    async def queue_check(self, client: httpx.AsyncClient, claim: int) -> None:
        body = {"claim": claim, "kind": random.choice(CHECK_KINDS)}
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        queued = await self.call(
            client, "POST", "/api/v1/crosschecks/", "queue check", json=body, headers=headers
        )
        if queued is not None and queued.status_code == 201:
            self.ledger.checks.update(check["id"] for check in queued.json()["crosschecks"])

    async def partner(self, client: httpx.AsyncClient) -> None:
        cursor: str | None = None
        while time.monotonic() < self.end:
            choice = random.random()
            if choice < 0.35:
                await self.call(client, "GET", "/api/v1/claims/?page_size=50", "claims list")
            elif choice < 0.7:
                feed = await self.call(client, "GET", cursor or "/api/v1/fact-checks/", "feed")
                if feed is not None and feed.status_code == 200:
                    # An https:// link (the proxy's header): its path is what reaches gunicorn.
                    cursor = httpx.URL(feed.json()["next"]).raw_path.decode()
            elif self.ledger.claims:
                claim = random.choice(list(self.ledger.claims))
                await self.call(client, "GET", f"/api/v1/claims/{claim}/", "claim detail")
            else:
                await asyncio.sleep(0.1)

    async def clients(self, *, editors: int, partners: int, tokens: dict[str, str]) -> None:
        def client(token: str) -> httpx.AsyncClient:
            headers = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
            return httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=30)

        async with contextlib.AsyncExitStack() as stack:
            editor_clients = [
                await stack.enter_async_context(client(tokens["bench-editor"]))
                for _ in range(editors)
            ]
            partner_clients = [
                await stack.enter_async_context(client(tokens["bench-partner"]))
                for _ in range(partners)
            ]
            await asyncio.gather(
                *(self.editor(c) for c in editor_clients),
                *(self.partner(c) for c in partner_clients),
            )


class Installation:
    """Every process of the installation, on private services in one temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.postgres = Postgres(folder)
        self.redis = RedisServer(folder)
        self.env: dict[str, str] = {}
        self.gunicorn: Gunicorn | None = None
        self.workers: list[CeleryWorker] = []
        self.beat: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str) -> str:
        return run([sys.executable, "manage.py", *args], env=self.env)

    def start(self) -> dict[str, str]:
        """Start everything and return the editors' and partners' tokens."""
        self.postgres.create()
        self.redis.start()
        self.env = {
            **os.environ,
            **BENCH_ENV,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
        }
        self.manage("migrate", "--no-input")
        self.manage("load_seeds")
        self.manage("shell", "-c", USERS_SCRIPT)
        tokens = {
            "bench-editor": self.manage("create_token", "bench-editor").strip(),
            "bench-partner": self.manage("create_token", "bench-partner", "--read-only").strip(),
        }
        self.gunicorn = Gunicorn(env=self.env, folder=self.folder)
        self.workers = [self.worker("bench-w1"), self.worker("bench-w2")]
        beat = [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel=INFO"]
        beat += [f"--schedule={self.folder / 'celerybeat-schedule'}"]
        self.beat = start_process(beat, env=self.env, log=self.folder / "beat.log")
        self.gunicorn.wait_ready()
        for worker in self.workers:
            worker.wait_ready(timeout=60)
        return tokens

    def worker(self, name: str) -> CeleryWorker:
        return CeleryWorker(name, env=self.env, folder=self.folder, concurrency=1)

    def stop(self) -> None:
        """Stop whatever was started, each on its own: one failing does not keep the others."""
        stops: list[Callable[[], None]] = [w.stop for w in self.workers]
        if self.beat is not None:
            stops.append(partial(stop_group, self.beat))
        if self.gunicorn is not None:
            stops.append(self.gunicorn.stop)
        stops.append(self.redis.stop)
        if self.postgres.running:
            stops.append(self.postgres.stop)
        for stop in stops:
            with contextlib.suppress(Exception, SystemExit):
                stop()

    def database(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.postgres.url, autocommit=True, connect_timeout=2)


class Faults:
    """The four faults, each at the start of its window, run in a thread beside the load."""

    def __init__(self, installation: Installation, load: Load) -> None:
        self.installation = installation
        self.load = load
        self.done: list[Fault] = []

    def wait_for(self, window: str) -> None:
        start = next(w.start for w in self.load.windows if w.name == window)
        time.sleep(max(0.0, start - self.load.now()))

    def run(self) -> None:
        for window, inject in [
            ("gunicorn worker killed", self.kill_gunicorn_worker),
            ("celery worker killed", self.kill_celery_worker),
            ("redis stopped", self.stop_redis),
            ("postgres stopped", self.stop_postgres),
        ]:
            self.wait_for(window)
            fault = Fault(window, started=self.load.now())
            inject(fault)
            self.done.append(fault)

    def kill_gunicorn_worker(self, fault: Fault) -> None:
        gunicorn = self.installation.gunicorn
        assert gunicorn is not None
        before = gunicorn.workers()
        os.kill(before[0], signal.SIGKILL)
        fault.ended = self.load.now()
        wait_until(
            lambda: len(set(gunicorn.workers()) - set(before)) == 1,
            timeout=30,
            what="gunicorn to replace its worker",
        )
        fault.detail = (
            f"worker {before[0]} SIGKILLed, replaced in {self.load.now() - fault.ended:.1f} s"
        )

    def kill_celery_worker(self, fault: Fault) -> None:
        worker = self.installation.workers[0]
        running: list[int] = []
        deadline = time.monotonic() + 15
        # An appearance check that has just started is waiting for its page: killed mid-check.
        sql = (
            "SELECT a.crosscheck_id FROM claims_crosscheckattempt a"
            " JOIN claims_crosscheck c ON c.id = a.crosscheck_id"
            " WHERE a.outcome = 'running' AND a.worker LIKE %s AND c.kind = 'appearance'"
            " AND a.started_at > now() - interval '100 milliseconds'"
        )
        with self.installation.database() as db:
            while not running and time.monotonic() < deadline:
                rows = db.execute(sql, [f"{worker.name}@%"]).fetchall()
                running = [row[0] for row in rows]
                time.sleep(0.02)
        worker.kill()
        fault.killed_at = datetime.datetime.now(datetime.UTC)
        fault.killed_checks = running
        time.sleep(CELERY_RESTART_AFTER_SECONDS)
        restarted = self.installation.worker(f"{worker.name}-restarted")
        self.installation.workers[0] = restarted
        restarted.wait_ready(timeout=60)
        fault.ended = self.load.now()
        what = f"checks {running}" if running else "no check (none was running within 15 s)"
        fault.detail = f"{worker.name} SIGKILLed running {what}; restarted"

    def stop_redis(self, fault: Fault) -> None:
        self.installation.redis.stop()
        time.sleep(REDIS_DOWN_SECONDS)
        self.installation.redis.start()
        fault.ended = self.load.now()
        fault.detail = f"shut down (SIGTERM, nothing saved) for {REDIS_DOWN_SECONDS} s"

    def stop_postgres(self, fault: Fault) -> None:
        self.installation.postgres.stop()
        time.sleep(POSTGRES_DOWN_SECONDS)
        self.installation.postgres.start()
        fault.ended = self.load.now()
        fault.detail = f"pg_ctl stop -m immediate, started {POSTGRES_DOWN_SECONDS} s later"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


@dataclass
class Verdicts:
    """The checks' outcomes: a line each, and whether all passed."""

    lines: list[str] = field(default_factory=list)
    failed: bool = False

    def check(self, ok: bool, line: str) -> None:
        self.lines.append(f"  {'ok  ' if ok else 'FAIL'} {line}")
        self.failed |= not ok


def drain(installation: Installation) -> float:
    """Seconds until no CrossCheck is queued or running (at most DRAIN_SECONDS)."""
    started = time.monotonic()
    with installation.database() as db:

        def finished() -> bool:
            sql = "SELECT count(*) FROM claims_crosscheck WHERE status IN ('queued', 'running')"
            row = db.execute(sql).fetchone()
            return row is not None and row[0] == 0

        with contextlib.suppress(AssertionError):
            wait_until(finished, timeout=DRAIN_SECONDS, what="the CrossChecks to finish")
    return time.monotonic() - started


WRITES = ("ingest", "rate", "publish", "confirm source", "queue check")


def verify_writes(db: psycopg.Connection[Any], ledger: Ledger, verdicts: Verdicts) -> None:
    """Every acknowledged write is in the database; each claim keeps its last rate."""
    for table, ids, what in [
        ("claims_article", ledger.articles, "articles ingested"),
        ("claims_claim", ledger.claims, "claims found in them"),
        ("claims_crosscheck", ledger.checks, "CrossChecks queued"),
    ]:
        sql = f"SELECT id FROM {table} WHERE id = ANY(%s)"
        missing = ids - {row[0] for row in db.execute(sql, [list(ids)]).fetchall()}
        verdicts.check(not missing, f"{len(ids)} {what} acknowledged; missing: {sorted(missing)}")
    sql = "SELECT claim_id FROM claims_publication WHERE claim_id = ANY(%s) AND is_current"
    found = {row[0] for row in db.execute(sql, [list(ledger.published)]).fetchall()}
    missing = ledger.published - found
    verdicts.check(not missing, f"{len(ledger.published)} claims published; missing: {missing}")
    sql = "SELECT id FROM sources_source WHERE id = ANY(%s) AND status = 'confirmed'"
    found = {row[0] for row in db.execute(sql, [list(ledger.confirmed)]).fetchall()}
    missing = ledger.confirmed - found
    verdicts.check(not missing, f"{len(ledger.confirmed)} sources confirmed; not: {missing}")
    changes = db.execute(
        "SELECT changes::text FROM claims_claimchange WHERE claim_id = ANY(%s)",
        [list(set(ledger.rates.values()))],
    ).fetchall()
    history = "\n".join(row[0] for row in changes)
    lost = [rationale for rationale in ledger.rates if rationale not in history]
    verdicts.check(not lost, f"{len(ledger.rates)} rates acknowledged; not in history: {lost}")
    # A claim whose last rate was not acknowledged may hold it or the one before: not compared.
    acked = [claim for claim, (_, _, ok) in ledger.last_rate.items() if ok]
    rows = db.execute(
        "SELECT id, verdict, verdict_rationale FROM claims_claim WHERE id = ANY(%s)", [acked]
    ).fetchall()
    stale = [claim for claim, *rate in rows if ledger.last_rate[claim][:2] != tuple(rate)]
    verdicts.check(not stale, f"{len(rows)} claims hold their last rate; others: {stale}")


def verify_checks(db: psycopg.Connection[Any], verdicts: Verdicts, faults: list[Fault]) -> None:
    """Every CrossCheck finished, with exactly one successful attempt and none left running."""
    checks = db.execute(
        "SELECT c.id, c.status, c.error, count(a.id),"
        " count(a.id) FILTER (WHERE a.outcome = 'succeeded'),"
        " count(a.id) FILTER (WHERE a.outcome = 'running')"
        " FROM claims_crosscheck c"
        " LEFT JOIN claims_crosscheckattempt a ON a.crosscheck_id = c.id GROUP BY c.id"
    ).fetchall()
    unfinished = [(check, status) for check, status, *_ in checks if status not in TERMINAL]
    verdicts.check(not unfinished, f"{len(checks)} CrossChecks finished; not: {unfinished[:10]}")
    failed = [(check, status, error[:120]) for check, status, error, *_ in checks]
    failed = [row for row in failed if row[1] != "succeeded"]
    verdicts.check(not failed, f"every CrossCheck succeeded; not: {failed[:5]}")
    twice = [(check, n) for check, _, _, _, n, running in checks if n > 1 or running]
    retried = sum(1 for _, _, _, attempts, *_ in checks if attempts > 1)
    verdicts.check(
        not twice,
        f"each one successful attempt, none left running ({retried} needed more than one "
        f"attempt); others: {twice[:10]}",
    )
    # The effect: an appearance check's snapshot of each page, written once, by its success.
    snapshots = db.execute(
        "SELECT c.id, count(s.id), count(DISTINCT s.appearance_id) FROM claims_crosscheck c"
        " LEFT JOIN claims_appearancesnapshot s ON s.crosscheck_id = c.id"
        " WHERE c.kind = 'appearance' GROUP BY c.id"
    ).fetchall()
    wrong = [(check, n) for check, n, pages in snapshots if n == 0 or n != pages]
    verdicts.check(
        not wrong,
        f"{len(snapshots)} appearance checks wrote each page's snapshot once; others: {wrong[:10]}",
    )
    for fault in faults:
        sql = (
            "SELECT c.id, c.status, c.finished_at, string_agg(a.outcome, ', ' ORDER BY a.number)"
            " FROM claims_crosscheck c JOIN claims_crosscheckattempt a ON a.crosscheck_id = c.id"
            " WHERE c.id = ANY(%s) GROUP BY c.id"
        )
        for check, status, finished_at, outcomes in db.execute(sql, [fault.killed_checks]):
            fault.detail += f"; check {check} {status} (attempts: {outcomes})"
            if finished_at is not None and fault.killed_at is not None:
                fault.detail += f" {(finished_at - fault.killed_at).total_seconds():.0f} s later"


def verify_answers(load: Load, verdicts: Verdicts, faults: list[Fault]) -> None:
    """No 500; 503s with Retry-After, during the faults; no failed connection but the killed
    gunicorn worker's."""
    served = [s for s in load.samples if s.status]
    errors = Counter(s.status for s in served if s.status >= 500 and s.status != 503)
    verdicts.check(not errors, f"no 500s (nor any 5xx but 503): {dict(errors)}")
    fault_windows = {f.name for f in faults}
    stray = [s for s in served if s.status == 503 and s.phase not in fault_windows]
    verdicts.check(not stray, f"no 503 outside the fault windows: {len(stray)}")
    bare = [s for s in served if s.status == 503 and not s.retry_after]
    verdicts.check(not bare, f"every 503 carries Retry-After; not: {len(bare)}")
    failed = [s for s in load.samples if not s.status and s.phase != "gunicorn worker killed"]
    shown = [f"{s.kind} at {s.at:.1f} s ({s.phase}): {s.error}" for s in failed[:5]]
    verdicts.check(not failed, f"connections failed only with the killed gunicorn worker: {shown}")
    verdicts.check(bool(load.ledger.rates and load.ledger.checks), "the load wrote")


def verify(installation: Installation, load: Load, faults: list[Fault]) -> Verdicts:
    verdicts = Verdicts()
    with installation.database() as db:
        verify_writes(db, load.ledger, verdicts)
        verify_checks(db, verdicts, faults)
    verify_answers(load, verdicts, faults)
    verdicts.check(len(faults) == 4, f"{len(faults)} of 4 faults injected")
    return verdicts


def report(load: Load, faults: list[Fault], verdicts: Verdicts, *, drained: float) -> str:
    lines = ["", "phase                    secs   req/s   2xx/s   p50 ms   p99 ms  statuses"]
    for window in load.windows:
        samples = [s for s in load.samples if s.phase == window.name]
        seconds = [s.seconds * 1000 for s in samples if s.status]
        statuses = Counter(str(s.status or s.error) for s in samples)
        shown = " ".join(f"{status}:{count}" for status, count in sorted(statuses.items()))
        length = window.end - window.start
        p50, p99 = percentile(seconds, 0.5), percentile(seconds, 0.99)
        ok = sum(1 for s in samples if 200 <= s.status < 300)
        lines.append(
            f"{window.name:<24} {length:4.0f} {len(samples) / length:7.1f} {ok / length:7.1f}"
            f" {p50:8.0f} {p99:8.0f}  {shown}"
        )
    kinds = Counter(s.kind for s in load.samples if 200 <= s.status < 300)
    lines.append("2xx by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    lines += [
        "",
        "fault                    at s  last error  first write  (s after the fault ended)",
    ]
    for fault in faults:
        failures = [
            s.at + s.seconds
            for s in load.samples
            if s.phase == fault.name and (s.status == 0 or s.status >= 500)
        ]
        writes = [
            s.at + s.seconds
            for s in load.samples
            if s.kind in WRITES and 200 <= s.status < 300 and s.at + s.seconds >= fault.ended
        ]
        last_error = max(0.0, max(failures, default=fault.ended) - fault.ended)
        first_write = min(writes, default=float("nan")) - fault.ended
        lines.append(
            f"{fault.name:<24} {fault.started:4.0f} {last_error:11.1f} {first_write:12.1f}  "
            f"{fault.detail}"
        )
    lines += [f"queue drained {drained:.1f} s after the load ended", "", "checks:", *verdicts.lines]
    lines.append("FAILED" if verdicts.failed else "PASSED")
    return "\n".join(lines)


@contextlib.contextmanager
def stopped_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C, through the clean-up."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous: Callable[[int, FrameType | None], Any] | int | None = signal.signal(
        signal.SIGTERM, interrupt
    )
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=90, help="seconds of load (60-600)")
    parser.add_argument("--clients", type=int, default=12, help="half editors, half partners")
    args = parser.parse_args()
    if not 60 <= args.duration <= 600:
        parser.error("--duration must be between 60 and 600 seconds")
    if not 2 <= args.clients <= 200:
        parser.error("--clients must be between 2 and 200")
    folder = Path(tempfile.mkdtemp(prefix="load-and-fault-"))
    installation = Installation(folder)
    load_average = os.getloadavg()
    try:
        with stopped_on_sigterm(), serve_pages() as pages:
            tokens = installation.start()
            assert installation.gunicorn is not None
            windows = schedule(args.duration)
            load = Load(
                base_url=f"http://127.0.0.1:{installation.gunicorn.port}",
                windows=windows,
                pages=pages,
            )
            faults = Faults(installation, load)
            injector = threading.Thread(target=faults.run, daemon=True)
            injector.start()
            editors = args.clients // 2
            asyncio.run(
                load.clients(editors=editors, partners=args.clients - editors, tokens=tokens)
            )
            injector.join(timeout=60)
            drained = drain(installation)
            verdicts = verify(installation, load, faults.done)
            print(report(load, faults.done, verdicts, drained=drained))
            print(
                f"load average {' '.join(f'{v:.1f}' for v in load_average)} before, "
                f"{' '.join(f'{v:.1f}' for v in os.getloadavg())} after; "
                f"{args.clients} clients ({editors} editors), {args.duration:.0f} s"
            )
            return 1 if verdicts.failed else 0
    except KeyboardInterrupt:
        print("interrupted: everything stopped", file=sys.stderr)
        return 130
    finally:
        installation.stop()
        if os.environ.get("BENCH_KEEP_LOGS"):
            print(f"logs kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
