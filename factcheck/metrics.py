"""/metrics: what an operator scrapes, in Prometheus' text format.

Two kinds of figures. Requests and latency by view are counted by django-prometheus' middleware
in each web process (summed over a machine's gunicorn workers when PROMETHEUS_MULTIPROC_DIR is
set, as gunicorn.conf.py does); scrape every web machine. The state of the work (CrossChecks,
the queue, the sweepers, webhook deliveries) is read from the database at each scrape by the
collectors the apps register here, so every machine answers the same, whatever process did the
work. /metrics answers only with `Authorization: Bearer <FACTCHECK_METRICS_TOKEN>`, and not at
all (404) while that is not set.
"""

from __future__ import annotations

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

# The collectors that read the database; apps register theirs when they are ready.
_records = CollectorRegistry(auto_describe=False)


def metrics_collector_register(collector: Collector) -> None:
    _records.register(collector)


def _process_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.FACTCHECK_METRICS_TOKEN
    if not token:
        raise Http404("Metrics are off: set FACTCHECK_METRICS_TOKEN.")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("Send the metrics token as a bearer token.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body = generate_latest(_process_registry()) + generate_latest(_records)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
