"""Logging: JSON lines in production, readable lines in development, every line of a request
and of the tasks it queued carrying the request's id.

structlog renders both its own events (django-structlog's `request_finished`, `task_started`,
...) and the standard library's records (Django, Celery, the workbench's own loggers), adding
the context bound for the request or task (django_structlog's middleware and Celery receivers:
`request_id`, `user_id`, `task_id`).
"""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Callable
from typing import Any

import structlog
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy or client may choose as a request id: a UUID or a token of that kind; anything
# else (too long, spaces, line breaks) is replaced, so that no client can forge log lines.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

# What both structlog's events and standard records get before rendering.
_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def formatter(*, json_lines: bool) -> structlog.stdlib.ProcessorFormatter:
    """The logging formatter of every handler: one JSON object a line, or a readable line."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json_lines
        else structlog.dev.ConsoleRenderer(colors=sys.stdout.isatty())
    )
    processors: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if json_lines:
        processors.append(structlog.processors.dict_tracebacks)
    return structlog.stdlib.ProcessorFormatter(
        processors=[*processors, renderer], foreign_pre_chain=_SHARED
    )


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """Configure structlog and return Django's LOGGING: everything to stdout, rendered by
    `formatter`."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structlog": {"()": "factcheck.logs.formatter", "json_lines": json_lines},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "structlog",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
    }


class RequestIdMiddleware:
    """Give each request an id: the X-Request-ID a proxy sent when it looks like one, else a new
    one. It is answered in the X-Request-ID header, and django_structlog's RequestMiddleware,
    which must come next, binds it to the request's log lines and those of the tasks it queues."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.META["HTTP_X_REQUEST_ID"] = request_id
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response
