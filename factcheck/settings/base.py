"""Settings shared by every environment; each value that varies comes from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

from factcheck.env import env_bool, env_float, env_int, env_list, env_str
from factcheck.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prometheus",
    "django_structlog",
    "accounts",
    "claims",
    "sources",
    "api",
]

MIDDLEWARE = [
    # Requests and latency by view for /metrics: first and last, to time all the others too.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A request id for every log line of the request and of the tasks it queues (factcheck/logs.py).
    "factcheck.logs.RequestIdMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "api.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication (the ingest page is an editor's), before any view reads the body.
    "claims.middleware.OversizedPasteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# With no DATABASE_URL the workbench runs on a SQLite file in the project folder.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A kept connection is checked (one SELECT 1) before each request or task reuses it, so
        # that the first one after a database restart does not fail on a dead connection.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", default=True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every login form (the workbench's and the admin's) goes through the lockout: after LIMIT wrong
# passwords for one account from one address within MINUTES, that account refuses every
# password from that address until they have passed (accounts/services.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutModelBackend"]
FACTCHECK_LOGIN_FAILURE_LIMIT = env_int("FACTCHECK_LOGIN_FAILURE_LIMIT", 5)
FACTCHECK_LOGIN_LOCKOUT_MINUTES = env_int("FACTCHECK_LOGIN_LOCKOUT_MINUTES", 15)
# The apps whose records only the admin role manages (users; the API's tokens and webhooks):
# accounts/roles.py reads this list rather than knowing the apps above it.
FACTCHECK_ADMIN_APPS = ["auth", "api"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The workbench's own stylesheet and scripts (static/), beside the apps' static files.
STATICFILES_DIRS = [BASE_DIR / "static"]

# Content-Security-Policy (django-csp): the pages load only this site's own files. No inline
# script or style runs, so an injected <script> or style= in a claim's text would be inert even
# if escaping ever failed; the ClaimReview JSON-LD is a data block, which no browser executes.
# SVG pictures (claims/pictures.py) style themselves with presentation attributes and classes;
# `data:` images are the admin's and the API docs' icons. frame-ancestors repeats X-Frame-Options
# (DENY) for browsers that read only the policy. A third-party page that needs more says so beside
# its view (api/urls.py: ReDoc).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Celery. With no REDIS_URL, tasks run eagerly in the web process so that a new user needs no
# services; tasks are still queued on commit, so the behaviour matches a real worker.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 150)
# A task not acknowledged within this many seconds is delivered again (Redis visibility timeout);
# it must exceed the hard time limit so that a slow task is not run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A web request that queues work must not hang when the broker is down: the CrossCheck row is
# already recorded, and the sweeper queues it again later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
# Celery's Django fixup closes the database connection around every task unless this is set;
# reconnecting cost more than a CrossCheck's own work (bench/README.md). Connections are kept
# for this many tasks, and broken ones dropped before each task (factcheck/celery.py).
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
# Workers log through Django's LOGGING (JSON in production, with each task's request_id) rather
# than Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Ingest refuses articles larger than this many bytes of UTF-8 text.
FACTCHECK_MAX_ARTICLE_BYTES = env_int("FACTCHECK_MAX_ARTICLE_BYTES", 1_000_000)
# The newsroom that publishes the verdicts (schema.org ClaimReview author). Its public address,
# when not set, is the one the publishing request came to (claims.claimreview.newsroom_url):
# `make run` on any HOST publishes links to that host and port. Production requires both
# (claims/checks.py fails `check --deploy` without them).
FACTCHECK_NEWSROOM_NAME = env_str("FACTCHECK_NEWSROOM_NAME", "Fact-checking workbench")
FACTCHECK_NEWSROOM_URL = env_str("FACTCHECK_NEWSROOM_URL", "")

# /metrics (factcheck/metrics.py) answers only with `Authorization: Bearer <this>`; empty: 404.
FACTCHECK_METRICS_TOKEN = env_str("FACTCHECK_METRICS_TOKEN", "")

# Logs go to stdout, one JSON object a line with LOG_JSON (the default in production), else
# readable lines; each line of a request, and of the tasks it queued, carries its request_id.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = logging_config(json_lines=env_bool("LOG_JSON", default=False), level=LOG_LEVEL)
# The request id is the X-Request-ID the proxy sent, checked by factcheck.logs.RequestIdMiddleware.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
# Tasks carry the context of the request that queued them (request_id) into their log lines.
DJANGO_STRUCTLOG_CELERY_ENABLED = True

# Outbound HTTP (factcheck/fetch.py): the only way the workbench reaches the network.
FETCH_CONNECT_TIMEOUT = float(env_int("FETCH_CONNECT_TIMEOUT", 5))
FETCH_READ_TIMEOUT = float(env_int("FETCH_READ_TIMEOUT", 10))
FETCH_TOTAL_TIMEOUT = float(env_int("FETCH_TOTAL_TIMEOUT", 30))
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5_000_000)
# Networks the fetcher may reach although they are not public (CIDRs); empty in production.
FETCH_ALLOWED_NETWORKS = env_list("FETCH_ALLOWED_NETWORKS", [])
FETCH_USER_AGENT = env_str(
    "FETCH_USER_AGENT", "FactcheckWorkbench/0.1 (+https://github.com/factcheck-workbench)"
)

# CrossChecks (claims/services/crosscheck_*.py): attempts, retries, sweeps.
FACTCHECK_CROSSCHECK_MAX_ATTEMPTS = env_int("FACTCHECK_CROSSCHECK_MAX_ATTEMPTS", 5)
# A transient failure is retried after base * 2^(attempt - 1) seconds (at most max), half jitter.
FACTCHECK_CROSSCHECK_RETRY_BASE_SECONDS = env_float("FACTCHECK_CROSSCHECK_RETRY_BASE_SECONDS", 5)
FACTCHECK_CROSSCHECK_RETRY_MAX_SECONDS = env_float("FACTCHECK_CROSSCHECK_RETRY_MAX_SECONDS", 600)
# A running attempt beats (writes heartbeat_at) this often from a thread beside its runner
# (claims/services/heartbeat.py); one silent for STUCK seconds has lost its worker, and the
# sweeper, run every FACTCHECK_SWEEP_SECONDS, takes it back: a killed worker's check is running
# again within STUCK + SWEEP seconds (a minute by default). STUCK must leave room for a few
# missed beats (a busy database).
FACTCHECK_CROSSCHECK_HEARTBEAT_SECONDS = env_float("FACTCHECK_CROSSCHECK_HEARTBEAT_SECONDS", 10)
FACTCHECK_CROSSCHECK_STUCK_SECONDS = env_int("FACTCHECK_CROSSCHECK_STUCK_SECONDS", 45)
FACTCHECK_SWEEP_SECONDS = env_float("FACTCHECK_SWEEP_SECONDS", 15)
# A queued check (or webhook delivery) handed to the broker this long ago and never started was
# lost by it (Redis restarted without its data, or a killed worker's message): the sweepers send
# it again. Longer than STUCK, since work may wait its turn in a long queue, and a duplicate
# message, though harmless, costs a worker.
FACTCHECK_REDISPATCH_SECONDS = env_int("FACTCHECK_REDISPATCH_SECONDS", CELERY_TASK_TIME_LIMIT + 60)
FACTCHECK_CROSSCHECK_SWEEP_BATCH = env_int("FACTCHECK_CROSSCHECK_SWEEP_BATCH", 1000)
# A running check writes its progress (its heartbeat) at most once per this many seconds.
FACTCHECK_CROSSCHECK_PROGRESS_SECONDS = env_float("FACTCHECK_CROSSCHECK_PROGRESS_SECONDS", 1)
# Checks recorded together go to the queue this many to a message; a worker runs a message's
# checks one after another, and hands the rest back as a new message after this many seconds
# (well below CELERY_TASK_SOFT_TIME_LIMIT). Smaller chunks spread an article over more workers.
FACTCHECK_CROSSCHECK_CHUNK_SIZE = env_int("FACTCHECK_CROSSCHECK_CHUNK_SIZE", 10)
FACTCHECK_CROSSCHECK_CHUNK_SECONDS = env_float("FACTCHECK_CROSSCHECK_CHUNK_SECONDS", 30)
# The REST API (api/): /api/v1/, its schema at /api/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that an anonymous request is answered 401 with WWW-Authenticate: Bearer.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.RolePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.UserRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "PAGE_SIZE": 20,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-checking workbench API",
    "DESCRIPTION": (
        "Sources, articles, claims, attributions, CrossChecks and published fact-checks "
        "(schema.org ClaimReview). Authenticate with `Authorization: Bearer <token>`; every 4xx "
        'answer has the body `{"type", "detail", "errors": {field: [messages]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "VerdictEnum": "claims.models.Verdict",
        "CredibilityEnum": "claims.models.Credibility",
        "RoleEnum": "claims.models.Role",
        "StanceEnum": "claims.models.Stance",
        "CrossCheckStatusEnum": "claims.models.CrossCheckStatus",
        "CrossCheckKindEnum": "claims.models.CrossCheckKind",
        "GradeEnum": "sources.models.Grade",
        "SourceKindEnum": "sources.models.SourceKind",
        "SourceStatusEnum": "sources.models.SourceStatus",
        "PublicationStatusEnum": "claims.models.PublicationStatus",
        "DeliveryStatusEnum": "api.models.DeliveryStatus",
        "DeliveryAttemptOutcomeEnum": "api.models.DeliveryAttemptOutcome",
    },
}
# Requests per token (per user for the browser session, per address for anonymous readers).
FACTCHECK_API_RATE = env_str("FACTCHECK_API_RATE", "1200/min")
FACTCHECK_API_ANONYMOUS_RATE = env_str("FACTCHECK_API_ANONYMOUS_RATE", "60/min")
# Largest request body; above it the API answers 413 without reading it.
FACTCHECK_API_MAX_BODY_BYTES = env_int("FACTCHECK_API_MAX_BODY_BYTES", 2_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_API_MAX_BODY_BYTES
# Largest page a list answers, whatever page_size asks for.
FACTCHECK_API_MAX_PAGE_SIZE = env_int("FACTCHECK_API_MAX_PAGE_SIZE", 100)
# Most reports one POST /api/v1/reports/ takes; larger sets go in several requests.
FACTCHECK_API_MAX_REPORTS = env_int("FACTCHECK_API_MAX_REPORTS", 5000)
# Anyone may read published fact-checks (ClaimReview) without a token when this is true.
FACTCHECK_API_PUBLIC_FACT_CHECKS = env_bool("FACTCHECK_API_PUBLIC_FACT_CHECKS", default=True)
# Where each fact-check is read by the public: the ClaimReview `url`; {id} is the claim's id.
# Empty: the workbench's own public page, <newsroom url>fact-checks/{id}/.
FACTCHECK_FACT_CHECK_URL = env_str("FACTCHECK_FACT_CHECK_URL", "")
# An Idempotency-Key is remembered this many hours; a retry within them gets the first answer.
FACTCHECK_API_IDEMPOTENCY_HOURS = env_int("FACTCHECK_API_IDEMPOTENCY_HOURS", 24)
# Webhook deliveries (api/deliveries.py): attempts before giving up, and the first backoff in
# seconds (doubling, half of it random).
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 6)
FACTCHECK_WEBHOOK_BACKOFF_SECONDS = env_float("FACTCHECK_WEBHOOK_BACKOFF_SECONDS", 30)
# An attempt lasts at most FETCH_TOTAL_TIMEOUT; a delivery still sending well after that lost its
# worker, and the sweeper retries it.
FACTCHECK_WEBHOOK_SENDING_SECONDS = env_int(
    "FACTCHECK_WEBHOOK_SENDING_SECONDS", int(FETCH_TOTAL_TIMEOUT) * 2
)
# Throttling counts in this cache: Redis when REDIS_URL is set, so that every worker shares it.
# With Redis down, each web process counts on its own (api/throttling.py): short timeouts, so
# that a Redis host that does not answer costs a request at most a second.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# A request that meets a dependency's outage (database, Redis, broker) answers 503 with this
# Retry-After, in seconds.
FACTCHECK_RETRY_AFTER_SECONDS = env_int("FACTCHECK_RETRY_AFTER_SECONDS", 5)
# The related-claims CrossCheck reads this many candidates (the claims of other articles most
# alike in their words) with claims.matching and proposes at most LIMIT of the same fact.
FACTCHECK_RELATED_CLAIMS_LIMIT = env_int("FACTCHECK_RELATED_CLAIMS_LIMIT", 20)
FACTCHECK_RELATED_CLAIMS_CANDIDATES = env_int("FACTCHECK_RELATED_CLAIMS_CANDIDATES", 100)
# Scheduled checks. Published claims whose last check of a kind is older than this many days
# get a new one, at most FACTCHECK_STALE_BATCH claims per kind per run.
FACTCHECK_STALE_AFTER_DAYS = env_int("FACTCHECK_STALE_AFTER_DAYS", 7)
FACTCHECK_STALE_BATCH = env_int("FACTCHECK_STALE_BATCH", 200)
FACTCHECK_STALE_KINDS = env_list("FACTCHECK_STALE_KINDS", ["corroboration", "appearance"])
# Celery beat (`make beat`): the sweepers every FACTCHECK_SWEEP_SECONDS, stale claims hourly,
# every source's track record nightly.
CELERY_BEAT_SCHEDULE = {
    "sweep-crosschecks": {
        "task": "claims.tasks.sweep_crosschecks",
        "schedule": FACTCHECK_SWEEP_SECONDS,
    },
    "sweep-webhook-deliveries": {
        "task": "api.tasks.sweep_webhook_deliveries",
        "schedule": FACTCHECK_SWEEP_SECONDS,
    },
    "queue-stale-crosschecks": {
        "task": "claims.tasks.queue_stale_crosschecks",
        "schedule": crontab(minute=15),
    },
    "queue-track-records": {
        "task": "claims.tasks.queue_track_records",
        "schedule": crontab(hour=3, minute=30),
    },
}
