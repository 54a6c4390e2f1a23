"""Production: secrets have no default, HTTPS everywhere."""

from __future__ import annotations

from factcheck.env import env_bool, env_int, env_list, env_str
from factcheck.logs import logging_config
from factcheck.settings import base
from factcheck.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
# No placeholder newsroom in public markup: `check --deploy` fails while either is empty
# (claims/checks.py).
FACTCHECK_NEWSROOM_NAME = env_str("FACTCHECK_NEWSROOM_NAME", "")
FACTCHECK_NEWSROOM_URL = env_str("FACTCHECK_NEWSROOM_URL", "")

# One JSON object a line on stdout, for the log collector (LOG_JSON=false for readable lines).
LOGGING = logging_config(json_lines=env_bool("LOG_JSON", default=True), level=LOG_LEVEL)  # noqa: F405
# /metrics is off (404) until the scraper's bearer token is set (factcheck/metrics.py).
FACTCHECK_METRICS_TOKEN = env_str("FACTCHECK_METRICS_TOKEN", "")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
# Probes from the load balancer and the metrics scraper come over plain HTTP on the private
# network (/metrics wants its bearer token all the same).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# The proxy in front sets X-Forwarded-Proto (and overwrites any a client sent): requests it
# received over HTTPS are then known to be secure.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The https://host origins a form may be posted from (the public name behind the proxy).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Static files (admin, Swagger UI and ReDoc from their installed packages) are served by
# WhiteNoise from STATIC_ROOT: run `manage.py collectstatic` when deploying.
_after_security = base.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *base.MIDDLEWARE[:_after_security],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *base.MIDDLEWARE[_after_security:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
