"""Real services started by a test (or a benchmark) and always stopped: a private redis-server
on a free port, and Celery worker processes.

Each process runs in its own session so that it and its children (the prefork pool) can be
stopped or killed as a group; `atexit` stops whatever a crashed test run left behind.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis

REPO = Path(__file__).resolve().parent.parent
_RUNNING: set[subprocess.Popen[bytes]] = set()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def stop_group(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    _RUNNING.discard(process)


@atexit.register
def _stop_all() -> None:
    for process in list(_RUNNING):
        stop_group(process, signal.SIGKILL)


def start_process(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 (our own commands, no shell)
            command,
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _RUNNING.add(process)
    return process


class RedisServer:
    """A redis-server of our own, without persistence: a restart loses what it held."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = start_process(command, env=dict(os.environ), log=self.folder / "redis.log")
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_until(self._answers(client), timeout=10, what=f"redis-server on port {self.port}")

    @staticmethod
    def _answers(client: redis.Redis) -> Callable[[], bool]:
        def ping() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        return ping

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
            self.process = None


def use_broker(url: str, *, eager: bool) -> None:
    """Point this process's Celery app at `url`, dropping connections to the previous broker.

    kombu keeps its pools in a registry keyed by URL, and a later redis-server may get the port
    of an earlier one: the registry is emptied, not just the app's own pool."""
    from kombu import pools

    from factcheck.celery import app

    app.conf.broker_url = url
    app.conf.task_always_eager = eager
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class CeleryWorker:
    """`celery -A factcheck worker` in its own process group, logging to a file."""

    def __init__(
        self,
        name: str,
        *,
        env: dict[str, str],
        folder: Path,
        concurrency: int = 1,
        include: str = "",
    ) -> None:
        self.name = name
        self.log = folder / f"worker-{name}.log"
        command = [sys.executable, "-m", "celery", "-A", "factcheck", "worker"]
        command += ["--pool=prefork", f"--concurrency={concurrency}", "-n", f"{name}@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        command += ["--loglevel=INFO"]
        if include:
            command += ["--include", include]
        self.process = start_process(command, env=env, log=self.log)

    def wait_ready(self, timeout: float = 30) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"worker {self.name} exited:\n{self.log_tail()}")
            return self.log.exists() and " ready." in self.log.read_text(errors="replace")

        wait_until(ready, timeout=timeout, what=f"worker {self.name} to be ready")

    def kill(self) -> None:
        """SIGKILL the worker and its pool: no goodbye, no acknowledgement, no clean-up."""
        stop_group(self.process, signal.SIGKILL)

    def stop(self) -> None:
        stop_group(self.process)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
