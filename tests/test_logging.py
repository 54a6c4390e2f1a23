"""Logs: JSON lines in production, and a request's id in its response, its log lines and the log
lines of the tasks it queued."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from api.models import DeliveryStatus, WebhookDelivery
from api.services import webhook_create
from factcheck.logs import formatter
from tests.api.conftest import client_for
from tests.conftest import needs_redis
from tests.pages import Page, Pages
from tests.processes import wait_until

pytestmark = pytest.mark.django_db


class JsonLines:
    """What production writes to stdout: the root logger's records through the JSON formatter."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(formatter(json_lines=True))

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]


@pytest.fixture
def json_logs() -> Iterator[JsonLines]:
    logs = JsonLines()
    root = logging.getLogger()
    # The level LOGGING sets, which a worker started by an earlier test may have raised.
    level, root.level = root.level, logging.INFO
    root.addHandler(logs.handler)
    try:
        yield logs
    finally:
        root.removeHandler(logs.handler)
        root.setLevel(level)


def test_each_response_carries_a_new_request_id(client: Client) -> None:
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_request_id_from_the_proxy_is_kept(client: Client) -> None:
    given = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["", "two words", "x" * 129, "forged\nline", "-leading-dash"])
def test_a_request_id_that_is_not_one_is_replaced(client: Client, given: str) -> None:
    answered = client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert answered != given and len(answered) == 32


def test_a_requests_log_lines_are_json_with_its_id(client: Client, json_logs: JsonLines) -> None:
    client.get("/healthz", HTTP_X_REQUEST_ID="probe-1")
    finished = [line for line in json_logs.lines() if line["event"] == "request_finished"]
    assert [(line["request_id"], line["code"]) for line in finished] == [("probe-1", 200)]
    assert {"timestamp", "level", "logger"} <= finished[0].keys()


@needs_redis()
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_request_logs_with_the_requests_id(
    celery_worker_on_redis, pages: Pages, json_logs: JsonLines
) -> None:
    pages.routes["/hook"] = Page(b"ok")
    webhook = webhook_create(url=pages.url("/hook"), secret="s" * 20, created_by=None)
    response = client_for("admin").post(
        f"/api/v1/webhooks/{webhook.pk}/ping/", {}, format="json", HTTP_X_REQUEST_ID="ping-42"
    )
    assert response.status_code == 202, response.content
    wait_until(
        lambda: WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED,
        timeout=30,
        what="the worker to deliver the ping",
    )

    def delivery_lines() -> list[dict]:
        # Only this request's: the shared Redis may hold messages earlier tests left behind.
        return [
            line
            for line in json_logs.lines()
            if line["event"] == "task_started"
            and line["task"] == "api.tasks.deliver_webhook"
            and line.get("request_id") == "ping-42"
        ]

    wait_until(delivery_lines, timeout=10, what="the worker to log the delivery's task")
    [request] = [line for line in json_logs.lines() if line["event"] == "request_finished"]
    assert request["request_id"] == "ping-42"
    # The worker's lines, bound to the one task it ran, in another thread: the id came with the
    # task. (Each worker a test process starts adds django-structlog's receivers again, so a line
    # may be written more than once here.)
    assert len({line["task_id"] for line in delivery_lines()}) == 1
