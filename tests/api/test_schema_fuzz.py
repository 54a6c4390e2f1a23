"""Schemathesis against the live schema: generated requests, valid and not, to every operation
as an admin (every permission); no 500, and every answer as the schema says (status, headers,
body). Part of `make test`, so `.ci/run` runs it: there it is derandomised (the same examples
every run), so that a green run means green; `make fuzz` runs the long random search."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from accounts.roles import ADMIN
from factcheck.wsgi import application
from tests.api.conftest import client_for
from tests.factories import AttributionFactory, CrossCheckFactory

# Loaded from the running application's own /api/schema/ endpoint, as a client generator would.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


# Every check but "schema-valid request accepted": a request can be schema-valid and still name
# a record that does not exist or break a domain rule, which is a documented 400 or 404.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
    checks.missing_required_header,
    checks.unsupported_method,
    checks.ignored_auth,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI app directly, whose request signals would close the
    connection holding the test's transaction; Django's test client unhooks them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(db: None) -> str:
    # A few records, so that generated ids sometimes find one.
    for _ in range(3):
        CrossCheckFactory(claim=AttributionFactory().claim)
    client = client_for(ADMIN)
    return client._credentials["HTTP_AUTHORIZATION"]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    # Enough to have found every 500 and mismatch seen while building the API; `make fuzz`
    # searches longer and at random (FACTCHECK_FUZZ_EXAMPLES, FACTCHECK_FUZZ_RANDOM).
    max_examples=int(os.environ.get("FACTCHECK_FUZZ_EXAMPLES", "50")),
    derandomize=os.environ.get("FACTCHECK_FUZZ_RANDOM") != "1",
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, admin_token: str) -> None:
    case.call_and_validate(headers={"Authorization": admin_token}, checks=CHECKS)
