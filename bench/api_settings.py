"""Settings of the API benchmark: production's, with what a loopback benchmark needs."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "bench-only-key")

from factcheck.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "api_app"
# Throttling stays on (its cache lookup is part of the cost), with a rate the bench never hits.
FACTCHECK_API_RATE = "100000000/min"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
