"""gunicorn settings for the web process (`gunicorn factcheck.wsgi`, read from this folder).

Every value can be overridden from the environment (GUNICORN_*), or on the command line."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Synchronous workers: each request is short (no network fetch is made inside one except an
# ingest by URL, capped by FETCH_TOTAL_TIMEOUT), and Django's ORM is synchronous.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Longer than the slowest request (an ingest by URL: FETCH_TOTAL_TIMEOUT, 30 s, plus parsing).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# On SIGTERM (a deploy), workers finish the requests they hold for this long before exiting.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# Behind a proxy that keeps connections open to us.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# A worker is replaced after this many requests (jittered), so that no leak grows for years.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 200))
# The longest request line gunicorn reads (its maximum; the default is 4094). The API answers an
# address over api.middleware.MAX_URI_BYTES (8000) itself, with its JSON 414, so the line must
# fit here first: 8000 bytes of address plus the method and protocol stay under 8190.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", 8190))
# The proxies whose X-Forwarded-For/-Proto gunicorn believes (comma-separated addresses).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# Django's settings are read in each worker after the fork: connections are never shared.
preload_app = False

# Each worker process counts the requests it serves (django-prometheus); in this folder they
# share their counts, so that /metrics, whichever worker answers it, sums them all. Set before
# any worker imports prometheus_client; emptied when gunicorn starts, so counts start at zero.
os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", str(Path(tempfile.gettempdir()) / "factcheck-prometheus")
)


def on_starting(server: Any) -> None:
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def child_exit(server: Any, worker: Any) -> None:
    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
