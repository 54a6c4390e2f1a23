"""Tests: fast password hashing, a fixed key; the database and Redis come from the environment."""

from __future__ import annotations

from factcheck.env import env_bool
from factcheck.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests run tasks eagerly unless a test starts a real worker (tests/conftest.py); the worker
# processes that the fault tests start turn it off, so that their retries go through the queue.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=True)

# Tests serve pages from a local HTTP server; only the test settings let the fetcher reach it.
FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
FETCH_READ_TIMEOUT = 1.0
FETCH_TOTAL_TIMEOUT = 3.0

# Retries come back within a fraction of a second, so that tests of them stay fast.
FACTCHECK_CROSSCHECK_RETRY_BASE_SECONDS = 0.05
FACTCHECK_CROSSCHECK_RETRY_MAX_SECONDS = 0.2
# Throttling counters live in memory so that no run sees another's; tests clear them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Webhook retries are immediate in tests.
FACTCHECK_WEBHOOK_BACKOFF_SECONDS = 0
